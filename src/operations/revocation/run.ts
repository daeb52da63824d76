/**
 * A whole revocation or restore: plan (with `cascade`, the descendants too), refuse one that would
 * leave a consumer on a revoked AMI with nowhere to go (unless `force`), then, unless `dryRun`, make
 * the changes. The command prints what this returns.
 */
import type { Fleet, Image, Team } from '../../model/fleet/fleet.js';
import { makeChanges, type ChangeOutcome, type RevocationClients } from './changes.js';
import { planRevocation } from './cascade.js';
import { versionSelector, type ImagePlan, type RevocationRequest } from './plan.js';

/** How to run it. */
export interface RevocationOptions {
  cascade: boolean;
  dryRun: boolean;
  force: boolean;
}

/** What came of it: the plan, why nothing was changed (if so), and the outcome of each change made. */
export interface RevocationResult {
  plans: ImagePlan[];
  refused?: string;
  outcomes: ChangeOutcome[];
  /** 0: everything planned was done (or a dry run could read everything); 1: otherwise. */
  exitCode: 0 | 1;
}

/** Plans and (unless a dry run or refused) makes the revocation or restore of `root`'s `version`. */
export async function runRevocation(
  fleet: Fleet,
  root: { team: Team; image: Image },
  version: string,
  request: RevocationRequest,
  clients: RevocationClients,
  options: RevocationOptions,
): Promise<RevocationResult> {
  const plans = await planRevocation(fleet, root, versionSelector(version), request, clients, options.cascade);
  const unread = plans.some((plan) => plan.problems.length);
  const name = `${root.team.name}/${root.image.name} ${version}`;
  if (!plans[0]!.versions.length)
    return { plans, refused: `${name} ${unread ? 'could not be read' : 'was not found'} (see above)`, outcomes: [], exitCode: 1 };
  const blocked = plans.flatMap((plan) => plan.blocked).length;
  if (blocked && request.mode === 'revoke' && !options.force)
    return {
      plans,
      refused: `${blocked} consumer(s) above have no earlier build that is not revoked to go back to. Build a fixed version first (npm run rebuild), or rerun with --force to revoke anyway: they then stay on the revoked AMI and fleet-status reports them as urgent`,
      outcomes: [],
      exitCode: 1,
    };
  if (options.dryRun) return { plans, outcomes: [], exitCode: unread ? 1 : 0 };
  const outcomes = await makeChanges(
    plans.flatMap((plan) => plan.changes),
    clients,
  );
  return { plans, outcomes, exitCode: unread || outcomes.some((outcome) => outcome.outcome !== 'made') ? 1 : 0 };
}

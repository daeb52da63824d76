/**
 * `npm run revoke -- <team>/<image> --version <v> --reason "<why>" [--dry-run] [--restore] [--cascade] [--force]`:
 * takes a bad image back in every account and region that received it (src/operations/revocation),
 * as each account's releaser role. The whole plan is printed first; `--dry-run` stops there.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { reportProblems } from '../core/output.js';
import { awsClients } from '../operations/aws/clients.js';
import { awsText } from '../operations/aws/response-text.js';
import { findRebuildTarget, reasonProblem } from '../operations/builds/rebuild.js';
import { requester } from '../operations/builds/start-pipeline.js';
import type { RevocationClients } from '../operations/revocation/changes.js';
import type { RevocationRequest } from '../operations/revocation/plan.js';
import { runRevocation } from '../operations/revocation/run.js';
import { outcomeLines, planLines } from '../operations/revocation/render.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { commandOf, usageError, type CommandSpec } from './command.js';
import { openRoleAccess, roleOption, type AcceptedRoles } from './role-option.js';

/** Revoke works through the releaser role of every account; --role current for credentials already set up. */
const ROLES = ['release', 'current'] as const satisfies AcceptedRoles;

const options = {
  version: { type: 'string', value: '<v>', description: 'the build version (1.2.0/3), or a recipe version (1.2.0) for all its builds' },
  reason: { type: 'string', value: '"<why>"', description: 'why, one line (recorded on the image and its AMIs)' },
  'dry-run': { type: 'boolean', description: 'print every change and make none' },
  restore: {
    type: 'boolean',
    description: 'undo a revocation: remove the revoked tags and put back the deprecation time (moves no channel forward)',
  },
  cascade: { type: 'boolean', description: 'revoke (or restore) every descendant built on these AMIs too, recursively' },
  force: { type: 'boolean', description: 'revoke even when a consumer has no earlier build to go back to (it stays on the revoked AMI)' },
  role: roleOption(ROLES),
} as const;

const command: CommandSpec<typeof options> = {
  name: 'revoke',
  summary: 'Take a bad image back: tag it revoked, move channels and launch templates back, deprecate its AMIs.',
  synopsis: '<team>/<image> --version <v> --reason "<why>" [--dry-run] [--restore] [--cascade] [--force] [--role <release|current>]',
  options,
  positionals: [{ name: '<team>/<image>', description: 'the image, e.g. platform/base-al2023', required: true }],
  details: [
    'In every account and region the build reached (Image Builder GetImage outputResources): tags the image and its AMIs golden-ami:revoked=true with the reason, who and when; moves every channel parameter, team.yaml ssmParameter and launch template on a revoked AMI back to the newest build that is neither revoked nor newer; deprecates the AMIs.',
    'A consumer with no earlier build to go back to refuses the whole revocation (nothing is changed) unless --force; it then stays on the revoked AMI and fleet-status reports it as urgent.',
    '--restore removes the revoked tags (recording who restored, when and why) and puts back the deprecation time each AMI had; channels stay where they are: npm run promote moves them forward.',
    'Each change is checked against AWS just before, so a re-run makes only what is left. An account that denies access is reported and the rest completes; the exit code is then 1.',
  ],
  examples: [
    'npm run revoke -- platform/base-al2023 --version 1.4.0/2 --reason "kernel regression, INC-1234" --cascade --dry-run',
    'npm run revoke -- platform/base-al2023 --version 1.4.0/2 --reason "kernel regression, INC-1234" --cascade',
    'npm run revoke -- platform/base-al2023 --version 1.4.0/2 --reason "false alarm, INC-1234" --restore',
  ],
  async run(values, positionals, io) {
    const target = positionals[0]!;
    if (!/^[^/]+\/[^/]+$/.test(target)) return usageError(command, `${JSON.stringify(target)} is not <team>/<image>`, io);
    if (!values.version) return usageError(command, '--version is needed: the build version to revoke, e.g. 1.2.0/3', io);
    if (!values.reason?.trim()) return usageError(command, '--reason is needed: it is recorded on the image and its AMIs', io);
    const refused = reasonProblem(values.reason);
    if (refused) return usageError(command, `${refused}: nothing was changed`, io);
    const { fleet, problems } = loadVersionedFleet(io.cwd);
    if (reportProblems(problems, io) || !fleet) {
      io.err('Nothing was changed: fix the problems above first (the image is found from the team files).');
      return 1;
    }
    const found = findRebuildTarget(fleet, target);
    if (typeof found === 'string') {
      io.err(found);
      return 1;
    }
    const { team } = found;
    const access = await openRoleAccess(
      command,
      values.role,
      ROLES,
      fleet.platform,
      [team.account.id],
      { sessionName: `golden-ami-revoke-${team.name}` },
      io,
    );
    if (typeof access === 'number') return access;
    const clientFor = awsClients(access);
    const clients: RevocationClients = {
      imagebuilder: (region, accountId) => clientFor(ImagebuilderClient, region, accountId),
      ec2: (region, accountId) => clientFor(EC2Client, region, accountId),
      ssm: (region, accountId) => clientFor(SSMClient, region, accountId),
    };
    const request: RevocationRequest = {
      mode: values.restore ? 'restore' : 'revoke',
      reason: values.reason.trim(),
      by: await whoAsks(io.env, new STSClient({ region: fleet.platform.stateRegion })),
      now: new Date(),
    };
    const result = await runRevocation(fleet, found, values.version, request, clients, {
      cascade: values.cascade === true,
      dryRun: values['dry-run'] === true,
      force: values.force === true,
    });
    for (const line of planLines(result.plans, request)) io.out(line);
    if (result.refused) {
      io.err(`Nothing was changed: ${result.refused}.`);
      return result.exitCode;
    }
    if (request.mode === 'restore')
      io.out('Channels and launch templates stay where the revocation moved them: npm run promote moves them forward again.');
    if (values['dry-run']) io.out('Dry run: nothing was changed.');
    else {
      const failed = result.outcomes.some((outcome) => outcome.outcome !== 'made');
      for (const line of outcomeLines(result.outcomes)) (failed ? io.err : io.out)(line);
    }
    if (result.exitCode && !values['dry-run'])
      io.err('Not everything was done: fix the access named above and run the same command again; it makes only what is left.');
    return result.exitCode;
  },
};

/**
 * Who revokes, for the tags: the GitHub user and run in CI, else the identity ARN of the environment's
 * credentials (the person's permission set session, not the releaser role), else the local user.
 */
async function whoAsks(env: NodeJS.ProcessEnv, sts: STSClient): Promise<string> {
  if (env.GITHUB_ACTOR) return requester(env);
  try {
    const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
    if (Arn) return awsText(Arn);
  } catch {
    // The local user is still a name; the revocation itself does not depend on it.
  }
  return requester(env);
}

/** `npm run revoke`. */
export const revoke = commandOf(command);

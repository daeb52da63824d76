/** A revocation's plan and outcome as lines for a person: every change with its account and region. */
import { problemLine } from '../fleet-status/render-shared.js';
import type { ChangeOutcome } from './changes.js';
import type { ImagePlan, RevocationRequest } from './plan.js';

/** The whole plan, image by image, parents first. */
export function planLines(plans: ImagePlan[], request: Pick<RevocationRequest, 'mode'>): string[] {
  const verb = request.mode === 'revoke' ? 'Revoke' : 'Restore';
  const lines: string[] = [];
  for (const plan of plans) {
    const versions = plan.versions.length ? plan.versions.join(', ') : 'no build';
    lines.push(`${verb} ${plan.team}/${plan.image} ${versions}${plan.parent ? ` (built on ${plan.parent})` : ''}:`);
    for (const change of plan.changes) lines.push(`  ${change.accountId} ${change.region} ${change.description}`);
    if (!plan.changes.length) lines.push('  nothing to change');
    for (const blocked of plan.blocked)
      lines.push(
        `  ${blocked.accountId} ${blocked.region} ${blocked.what} stays on ${blocked.imageId}: no earlier build that is not revoked`,
      );
    for (const note of plan.notes) lines.push(`  note: ${note}`);
    for (const problem of plan.problems) lines.push(`  not checked: ${problemLine(problem)}`);
  }
  return lines;
}

/** The changes that failed or were skipped, and a count of those made. */
export function outcomeLines(outcomes: ChangeOutcome[]): string[] {
  const made = outcomes.filter((outcome) => outcome.outcome === 'made').length;
  const lines = [`${made} of ${outcomes.length} changes made.`];
  for (const outcome of outcomes) {
    const { change } = outcome;
    if (outcome.outcome === 'failed')
      lines.push(`  failed: ${change.accountId} ${change.region} ${change.description}: ${problemLine(outcome.problem!)}`);
    if (outcome.outcome === 'skipped')
      lines.push(`  skipped (an earlier change of it failed): ${change.accountId} ${change.region} ${change.description}`);
  }
  return lines;
}

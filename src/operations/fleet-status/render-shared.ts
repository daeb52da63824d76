/** Wording every fleet-status format shares. */
import { RUNNING_IMAGE_STATES } from '../../model/fleet/image-states.js';
import type { AccountProblem, Build, Finding, ImageStatus } from './status.js';

const RUNNING = new Set<string>(RUNNING_IMAGE_STATES);

/** A build's outcome in a word: ok, FAILED, cancel, running. */
export function buildOutcome(build: Build): string {
  if (build.status === 'FAILED') return 'FAILED';
  if (build.status === 'CANCELLED') return 'cancel';
  if (RUNNING.has(build.status)) return 'running';
  return 'ok';
}

/** Whole days, or `unknown` when AWS gave no date to count from (the image's `undated` finding says why). */
export function daysText(days: number | undefined, unit = '', unknown = 'unknown'): string {
  return days === undefined ? unknown : `${days}${unit}`;
}

/** `healthy`, or the findings separated by commas. */
export function findingsText(findings: Finding[]): string {
  return findings.length ? findings.join(', ') : 'healthy';
}

/** The problems of every image, once per account, region, action and message. */
export function accountProblems(images: ImageStatus[]): AccountProblem[] {
  const seen = new Map<string, AccountProblem>();
  for (const problem of images.flatMap((image) => image.problems))
    seen.set(`${problem.accountId}/${problem.region}/${problem.action}/${problem.message}`, problem);
  return [...seen.values()].sort(
    (a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.action.localeCompare(b.action),
  );
}

/** `123456789012 eu-west-2 ec2:DescribeInstances: access denied (UnauthorizedOperation: …)`. */
export function problemLine(problem: AccountProblem): string {
  return `${problem.accountId} ${problem.region} ${problem.action}: ${problem.kind} (${problem.message})`;
}

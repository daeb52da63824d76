/**
 * Deploys in commit order, always ending at the newest. A deploy job of commit C asks, inside its
 * stack's concurrency group and right before deploying, whether a newer commit on main affects
 * the stack (by the rules of src/workflows/affected-stacks.ts for team stacks, src/workflows/affected-foundation.ts for
 * foundation stacks, comparing C with main's head):
 * - no: C builds the same stack as main's head, and the job deploys C;
 * - yes: deploying C would undo newer work, and stepping aside is not safe either, since GitHub
 *   keeps one pending job per concurrency group and cancels it when another queues (a re-run of
 *   an old run can cancel the newer commit's pending job). So the job deploys main's head
 *   instead ("rolls forward"). Whichever job of a stack runs last has deployed main's head as of
 *   its own check, so the newest commit always ends deployed, whatever was cancelled or re-run.
 */
import { affectedFoundationStacks } from './affected-foundation.js';
import { affectedStacks, SHARED_LOCK_FILE, type SharedLockTexts } from './affected-stacks.js';
import { changedBetween, fileAtCommit, GitError, isAncestor, resolveCommit, type ChangedPath } from '../core/git.js';
import type { TeamUsage } from '../model/stack-sources.js';

/** What a deploy job deploys, and why, in one line. */
export interface DeployDecision {
  /** The commit whose stack the job deploys: its own, or main's head when a newer commit affects the stack. */
  commit: string;
  /** True when `commit` is main's head and not the job's own: the job checks it out first. */
  rollForward: boolean;
  reason: string;
}

/** Why the changes from the job's commit to main's head affect a stack (one line each), or undefined when they do not. */
export type StackChanges = (changes: readonly ChangedPath[], sharedLock: SharedLockTexts) => string[] | undefined;

/** A team stack's rule: the affected-stack rules for that team. */
export function teamChanges(team: TeamUsage): StackChanges {
  return (changes, sharedLock) => affectedStacks(changes, [team], sharedLock).reasons[team.name];
}

/** A foundation stack's rule: the foundation's affected-stack rules. */
export function foundationChanges(stack: string): StackChanges {
  return (changes) => affectedFoundationStacks(changes, [stack]).reasons[stack];
}

/**
 * Decides what the job that checked out HEAD deploys for `stack`, given `main`, a ref to the
 * current head of main (fetched just before). Throws a GitError when HEAD is not in main's
 * history (a branch not merged, or main rewritten) or git cannot answer.
 */
export function deployDecision(root: string, stack: string, affects: StackChanges, main: string): DeployDecision {
  const head = resolveCommit(root, 'HEAD');
  const tip = resolveCommit(root, main);
  if (head === tip) return { commit: head, rollForward: false, reason: `${short(head)} is the head of ${main}` };
  if (!isAncestor(root, head, tip)) throw new GitError(notOnMain(root, head, tip, main));
  const changes = changedBetween(root, head, tip);
  const sharedLock = changes.some((change) => change.path === SHARED_LOCK_FILE)
    ? { before: fileAtCommit(root, head, SHARED_LOCK_FILE), after: fileAtCommit(root, tip, SHARED_LOCK_FILE) }
    : {};
  const reasons = affects(changes, sharedLock);
  const moved = `${main} moved from ${short(head)} to ${short(tip)}`;
  if (!reasons) return { commit: head, rollForward: false, reason: `${moved}, but no newer commit affects ${stack}` };
  return {
    commit: tip,
    rollForward: true,
    reason: `${moved} and newer commits affect ${stack} (${reasons.join('; ')}): deploying ${short(tip)}, the head of ${main}, so the newest commit ends deployed`,
  };
}

/** Why HEAD is not on main, as far as git can tell: ahead of it (not merged yet), or on another line of history. */
function notOnMain(root: string, head: string, tip: string, main: string): string {
  if (isAncestor(root, tip, head))
    return `${head} is not on ${main} yet (it is ahead of ${short(tip)}, e.g. a branch not merged): deploys run from ${main} only.`;
  return `${head} is not in the history of ${main} (${short(tip)}): it is on a branch not merged into ${main}, or ${main} was rewritten since it was pushed; deploy from the head of ${main} with the manual workflow.`;
}

function short(commit: string): string {
  return commit.slice(0, 12);
}

/**
 * Deploys in commit order: a deploy of commit C goes ahead for a stack only while no newer commit
 * on main affects that stack (by the rules of src/ci/affected.ts, comparing C with main's head).
 * When one does, that commit's own Deploy run selects the stack too (some push between C and the
 * head changed what the stack is made from), so the older run steps aside instead of deploying
 * after it, or instead of undoing it. Deploy jobs ask this inside their per-stack concurrency
 * group, so no deploy of the stack can start between the question and `cdktf deploy`.
 */
import { affectedStacks, SHARED_LOCK_FILE, type TeamUsage } from './affected.js';
import { changedBetween, fileAtCommit, GitError, isAncestor, resolveCommit } from './git.js';

/** Whether to deploy HEAD for a stack, and why, in one line. */
export interface DeployDecision {
  deploy: boolean;
  reason: string;
}

/**
 * Decides for the team's stack whether HEAD (the commit a deploy job checked out) may deploy,
 * given `main`, a ref to the current head of main (fetched just before). Throws a GitError when
 * HEAD is not in main's history (main rewritten) or git cannot answer.
 */
export function deployDecision(root: string, team: TeamUsage, main: string): DeployDecision {
  const head = resolveCommit(root, 'HEAD');
  const tip = resolveCommit(root, main);
  if (head === tip) return { deploy: true, reason: `${short(head)} is the head of ${main}` };
  if (!isAncestor(root, head, tip)) {
    throw new GitError(`${head} is not in the history of ${main} (${short(tip)}): main was rewritten; deploy from its head with the manual workflow.`);
  }
  const changes = changedBetween(root, head, tip);
  const sharedLock = changes.some((change) => change.path === SHARED_LOCK_FILE)
    ? { before: fileAtCommit(root, head, SHARED_LOCK_FILE), after: fileAtCommit(root, tip, SHARED_LOCK_FILE) }
    : {};
  const reasons = affectedStacks(changes, [team], sharedLock).reasons[team.name];
  const moved = `${main} moved from ${short(head)} to ${short(tip)}`;
  if (!reasons) return { deploy: true, reason: `${moved}, but no newer commit affects ${team.name}` };
  return { deploy: false, reason: `${moved} and newer commits affect ${team.name} (${reasons.join('; ')}): the newer run deploys it` };
}

function short(commit: string): string {
  return commit.slice(0, 12);
}

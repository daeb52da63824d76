/** The affected stacks of a repository: its git history since a base ref, run through the rules. */
import type { LoadedTeam } from '../config/teams.js';
import { affectedStacks, SHARED_LOCK_FILE, type AffectedStacks } from './affected-stacks.js';
import { changedSince, fileAtCommit, resolveCommit } from '../core/git.js';

/**
 * The stacks the commits from the merge base of `base` and HEAD up to HEAD affect, given the
 * teams at HEAD, and the merge base (where removed teams last existed). Throws a GitError when
 * git cannot answer (unknown ref, not a repository, history not fetched).
 */
export function affectedSince(root: string, base: string, teams: readonly LoadedTeam[]): AffectedStacks & { mergeBase: string } {
  const { mergeBase, changes } = changedSince(root, resolveCommit(root, base));
  const sharedLock = changes.some((change) => change.path === SHARED_LOCK_FILE)
    ? { before: fileAtCommit(root, mergeBase, SHARED_LOCK_FILE), after: fileAtCommit(root, 'HEAD', SHARED_LOCK_FILE) }
    : {};
  return { ...affectedStacks(changes, teams, sharedLock), mergeBase };
}

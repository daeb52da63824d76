/**
 * What a forced bump counts from. `--bump <id>=<kind>` asks for at least that bump since the
 * entry's version in the base branch's lock, so running it twice, or again after committing on a
 * feature branch, bumps once. The base is the merge base of HEAD and the base branch: `--base
 * <ref>` when given, otherwise `origin/main`, else `main`.
 */
import { fileAtCommit, GitError, isShallowRepository, mergeBase, resolveCommit } from '../ci/git.js';
import { salvage } from './lock-salvage.js';
import type { Lock } from './lock-schema.js';

/** The base branches tried, in order, when none is named. */
export const DEFAULT_BASE_REFS = ['origin/main', 'main'] as const;

/** The locks a forced bump counts from. */
export interface BumpBase {
  /** How the base is named in messages, e.g. `origin/main (merge base 1a2b3c4d5e6f)`. */
  label: string;
  /** The lock file (relative to the root) at the base; undefined when the base has none. */
  lock(file: string): Lock | undefined;
}

/**
 * The merge base of HEAD and `ref` (or the first of DEFAULT_BASE_REFS that exists). Throws a
 * GitError when there is no repository, no such branch or no common ancestor.
 */
export function findBumpBase(root: string, ref?: string): BumpBase {
  isShallowRepository(root); // a GitError naming the problem when root is in no repository
  const name = ref ?? DEFAULT_BASE_REFS.find((candidate) => exists(root, candidate));
  if (!name) {
    throw new GitError(`--bump counts from the base branch, but neither ${DEFAULT_BASE_REFS.join(' nor ')} exists here: name it with --base <ref>.`);
  }
  const commit = mergeBase(root, resolveCommit(root, name), 'HEAD');
  const locks = new Map<string, Lock | undefined>();
  return {
    label: `${name} (merge base ${commit.slice(0, 12)})`,
    lock(file) {
      if (!locks.has(file)) {
        const text = fileAtCommit(root, commit, file);
        locks.set(file, text === undefined ? undefined : salvage(text));
      }
      return locks.get(file);
    },
  };
}

function exists(root: string, ref: string): boolean {
  try {
    resolveCommit(root, ref);
    return true;
  } catch (error) {
    if (error instanceof GitError) return false;
    throw error;
  }
}

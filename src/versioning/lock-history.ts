/**
 * What the base branch's history says about versions: every version each AWS resource had on a
 * commit reachable from the base branch (main), and the locks at the merge base of HEAD and it.
 * Only main deploys, and components keep their old versions in AWS (`skip_destroy`): a version
 * main's history holds may exist in AWS, so it is a floor and it names one content. A branch's own
 * commits deployed nothing, so a branch computes its versions against the merge base, once.
 *
 * The base is `--base <ref>` when given, otherwise `origin/main`, else `main`. When HEAD is on the
 * base branch (its tip or an older commit of it), HEAD's own history is the history and HEAD the
 * merge base: what HEAD holds is deployed, or about to be.
 */
import { GitError, isShallowRepository, mergeBase, resolveCommit } from '../core/git.js';
import { SHARED_COMPONENTS_FOLDER } from '../core/paths.js';
import { listTeamFolders, TEAMS_FOLDER } from '../config/teams.js';
import { blobTexts, fileVersions, treeFiles } from './git-blobs.js';
import { LOCK_FILE_NAME } from './lock-file.js';
import { salvage } from './lock-salvage.js';
import { scopeOfLockFile, VersionIndex } from './version-index.js';

/** The base branches tried, in order, when none is named. */
export const DEFAULT_BASE_REFS = ['origin/main', 'main'] as const;

/** What the base branch's history says, read from git. */
export interface LockHistory {
  /** Every version main's history holds, by AWS name; undefined without git (the lock files stand for it). */
  main?: VersionIndex;
  /** The locks at the merge base of HEAD and main; undefined without git. */
  base?: VersionIndex;
  /** The base branch used, when there is one. */
  baseRef?: string;
  /** Whether HEAD is on the base branch: HEAD is then the merge base, and its history main's. */
  onBase: boolean;
  /** How the base is named in messages, e.g. `main (merge base 1a2b3c4d5e6f)`. */
  label: string;
  /** Whether this is a shallow clone: versions committed before its oldest commit are not seen. */
  shallow: boolean;
  /** Why the history is missing or incomplete; said once by the commands. */
  warning?: string;
}

const LOCK_PATHSPECS = [`${SHARED_COMPONENTS_FOLDER}/${LOCK_FILE_NAME}`, `:(glob)${TEAMS_FOLDER}/*/${LOCK_FILE_NAME}`];

/**
 * Reads the locks' history against the base branch with five or six git commands, never one per
 * lock or entry. A base named by `baseRef` that git cannot find is a GitError; any other failure
 * gives a history without git and a warning.
 */
export function readLockHistory(root: string, baseRef?: string): LockHistory {
  let shallow = false;
  try {
    shallow = isShallowRepository(root);
    const head = resolveCommit(root, 'HEAD');
    const [named, tip = head] = baseRef !== undefined ? [baseRef, resolveCommit(root, baseRef)] : firstCommit(root, DEFAULT_BASE_REFS);
    const fork = mergeBase(root, tip, head);
    const onBase = fork === head;
    const history = fileVersions(root, LOCK_PATHSPECS, onBase ? head : tip);
    const atFork = treeFiles(root, fork, [LOCK_PATHSPECS[0]!, TEAMS_FOLDER]).filter((file) => scopeOfLockFile(file.path));
    const texts = blobTexts(root, [...new Set([...history, ...atFork].map((file) => file.blob))]);
    const locks = new Map([...texts].map(([blob, text]) => [blob, salvage(text)]));
    const teams = new Set([...listTeamFolders(root), ...[...history, ...atFork].map((file) => scopeOfLockFile(file.path)!)]);
    const main = new VersionIndex(teams);
    const base = new VersionIndex(teams);
    for (const { commit, path, blob } of history) {
      const lock = locks.get(blob);
      if (lock) main.add(scopeOfLockFile(path)!, lock, commit);
    }
    for (const { path, blob } of atFork) base.add(scopeOfLockFile(path)!, locks.get(blob)!, fork);
    const label = `${named ?? 'HEAD'} (merge base ${fork.slice(0, 12)})`;
    const warnings = [
      shallow ? `this is a shallow clone: versions committed before its oldest commit are not seen; ${FETCH_HISTORY}` : undefined,
      named
        ? undefined
        : `neither ${DEFAULT_BASE_REFS.join(' nor ')} exists here: versions are computed against HEAD's own history, so each commit of a branch bumps again; name the base branch with \`npm run versions -- --base <ref>\``,
    ].filter((warning) => warning !== undefined);
    return {
      main,
      base,
      ...(named ? { baseRef: named } : {}),
      onBase,
      label,
      shallow,
      ...(warnings.length ? { warning: warnings.join('\n') } : {}),
    };
  } catch (error) {
    if (baseRef !== undefined && error instanceof GitError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return {
      onBase: true,
      label: 'the lock files',
      shallow,
      warning: `the version locks' git history cannot be read (${reason}): versions are checked against the lock files alone, so a lock that was deleted or lowered by hand, or a version another branch gave other content, goes unnoticed`,
    };
  }
}

/**
 * Everything `readLockHistory` reads from git, as text: whether the clone is shallow, HEAD and the
 * base branch's commit (the history below a commit never changes), or why git cannot be read.
 * Equal texts mean equal histories, so a cache may key on it instead of reading the history.
 */
export function lockHistoryIdentity(root: string, baseRef?: string): string {
  try {
    const shallow = isShallowRepository(root);
    const head = resolveCommit(root, 'HEAD');
    const [named, tip] = baseRef !== undefined ? [baseRef, resolveCommit(root, baseRef)] : firstCommit(root, DEFAULT_BASE_REFS);
    return JSON.stringify({ shallow, head, base: named ?? null, tip: tip ?? null });
  } catch (error) {
    return JSON.stringify({ unreadable: error instanceof Error ? error.message : String(error) });
  }
}

/** How to get the history the checks need. */
export const FETCH_HISTORY =
  'fetch the whole history (`git fetch --unshallow origin main`; in GitHub Actions: actions/checkout with fetch-depth: 0)';

/** The first of `refs` that names a commit here, with that commit; none when no ref does. */
function firstCommit(root: string, refs: readonly string[]): [ref?: string, commit?: string] {
  for (const ref of refs) {
    try {
      return [ref, resolveCommit(root, ref)];
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
    }
  }
  return [];
}

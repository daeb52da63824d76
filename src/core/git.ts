/**
 * The few git questions CI asks, answered by the local git (offline). Paths are relative to
 * `cwd`, the project root, even when the project sits in a subfolder of its repository.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** One line of `git diff --name-status`: the status letter (A, M, D, T, ...) and the path. */
export interface ChangedPath {
  status: string;
  path: string;
}

/** A git command failed; the message says what to do about it. */
export class GitError extends Error {
  override name = 'GitError';
}

/** The commit a ref names, as a full SHA; throws a GitError when there is no such commit. */
export function resolveCommit(cwd: string, ref: string): string {
  const unknown = `"${ref}" is not a commit in this repository. Fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0).`;
  return git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], unknown).trim();
}

/** The paths changed from the merge base of `base` and HEAD to HEAD, as `git diff base...HEAD` lists them. */
export function changedSince(cwd: string, baseCommit: string): { mergeBase: string; changes: ChangedPath[] } {
  const unrelated = `${baseCommit} and HEAD have no common ancestor here; fetch the whole history (fetch-depth: 0).`;
  const mergeBase = git(cwd, ['merge-base', baseCommit, 'HEAD'], unrelated).trim();
  return { mergeBase, changes: changedBetween(cwd, mergeBase, 'HEAD') };
}

/** The best common ancestor of two commits; throws a GitError when they have none here. */
export function mergeBase(cwd: string, a: string, b: string): string {
  return git(cwd, ['merge-base', a, b], `${a} and ${b} have no common ancestor here; fetch the whole history (fetch-depth: 0).`).trim();
}

/** The paths changed from commit `from` to commit `to`, as `git diff from to` lists them. */
export function changedBetween(cwd: string, from: string, to: string): ChangedPath[] {
  return parseNameStatus(git(cwd, ['diff', '--name-status', '--no-renames', '--relative', '-z', from, to]));
}

/** Whether commit `ancestor` is in the history of commit `descendant` (a commit is its own ancestor). */
export function isAncestor(cwd: string, ancestor: string, descendant: string): boolean {
  try {
    execFileSync('git', ['merge-base', '--is-ancestor', ancestor, descendant], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 1) return false;
    throw gitFailure(error, cwd, `git cannot compare ${ancestor} and ${descendant}; fetch the whole history (fetch-depth: 0).`);
  }
}

/** A file's text at a commit, or undefined when the commit has no such file. */
export function fileAtCommit(cwd: string, commit: string, path: string): string | undefined {
  const listed = git(cwd, ['ls-tree', '--name-only', commit, '--', path]);
  return listed.trim() ? git(cwd, ['show', `${commit}:./${path}`]) : undefined;
}

/** Whether the repository is a shallow clone; throws a GitError when `cwd` is in no repository. */
export function isShallowRepository(cwd: string): boolean {
  return git(cwd, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
}

/** The newest commit touching a path, and whether the history here shows its parents. */
export interface LastCommit {
  commit: string;
  /** False for a root commit, and for the oldest commit of a shallow clone (history cut off). */
  hasParents: boolean;
}

/**
 * The newest commit of HEAD's history that changed any of `paths` (literal pathspecs), as
 * `git log -1 -- <paths>` finds it: it walks back from HEAD, and at a merge that leaves the paths
 * as one parent had them, it follows that parent only. Undefined when no commit touched them.
 * Throws a GitError when git cannot answer (no git, not a repository, no commit yet).
 */
export async function lastCommitTouching(cwd: string, paths: readonly string[]): Promise<LastCommit | undefined> {
  const args = ['--literal-pathspecs', 'log', '-1', '--format=%H %P', 'HEAD', '--', ...paths];
  const [commit, ...parents] = (await gitAsync(cwd, args, 'git log cannot read the history of HEAD (nothing committed yet?)'))
    .trim()
    .split(' ');
  return commit ? { commit, hasParents: parents.length > 0 } : undefined;
}

/** Parses `git diff --name-status -z` output (no renames): status and path, NUL-separated. */
function parseNameStatus(output: string): ChangedPath[] {
  const fields = output.split('\0').filter(Boolean);
  const changes: ChangedPath[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) changes.push({ status: fields[i]!, path: fields[i + 1]! });
  return changes;
}

/**
 * Runs git and returns its standard output. A missing git, "not a repository" and, when given,
 * any other failure (as `whenFailing`) become a GitError; other failures are rethrown as they are.
 */
function git(cwd: string, args: string[], whenFailing?: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw gitFailure(error, cwd, whenFailing);
  }
}

/** `git` without blocking the thread, so that several can run at once. */
async function gitAsync(cwd: string, args: string[], whenFailing?: string): Promise<string> {
  try {
    return (await execFileAsync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    throw gitFailure(error, cwd, whenFailing);
  }
}

/** What a failed git run is rethrown as (see `git`). */
function gitFailure(error: unknown, cwd: string, whenFailing?: string): unknown {
  const { code, stderr } = error as { code?: string | number; stderr?: string };
  if (code === 'ENOENT') return new GitError('git is not installed or not on the PATH.');
  if (/not a git repository/i.test(stderr ?? ''))
    return new GitError(`${cwd} is not inside a git repository; run from the project's clone.`);
  if (whenFailing) return new GitError(whenFailing);
  return error;
}

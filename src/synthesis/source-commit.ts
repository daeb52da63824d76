/**
 * The commit each team's AMIs record in `golden-ami:source-commit`: the newest commit that changed
 * anything the team's stack is made from, not the commit checked out. Decided with git before
 * synthesis; the constructs only receive the result (FleetBuildInfo in src/model/fleet/build-info.ts).
 *
 * Why Deploy and Drift synthesise the same tag. For a team T and a commit C, let P be
 * `teamSourcePaths(T)` (src/model/stack-sources.ts: T's folder, the documents of the shared components
 * T's team.yaml uses, the platform files and folders) and R(C) = `git log -1 C -- P`: git walks
 * back from C past the commits that leave P as their parent had it and, at a merge that leaves P
 * as one of its parents had it, follows only that parent; R(C) is the first commit it meets that
 * changes P.
 * Suppose `npm run affected -- --base B` at H does not select T, M being the merge base of B and
 * H. Its rules watch every path of P (and the shared lock besides, which can only select more
 * teams), so `git diff M H` touches no path of P. In particular T's team.yaml is the same at both
 * ends: T uses the same shared components, and P is the same list at M and at H. If the walk from
 * H reaches M past commits that leave P alone, R(H) = R(M). So a stack deployed at M (a push
 * selected T) is synthesised again, byte for byte, at every later commit H that no selecting push
 * lies between: Drift at the head of main sees no change. That holds for a push of commits that
 * leave P alone, of a squash merge, and of a merge commit whose branch leaves P as the base
 * branch had it (the walk skips the whole branch). It fails for a push whose own commits change P
 * and change it back in a straight line (a change and its revert pushed together): `affected`
 * compares only the two ends and skips T, while the walk stops at the revert. Drift then shows
 * T's source-commit tag alone (an in-place update) until T is next deployed.
 *
 * Cost: one `git log` per team, a few at a time. Almost all of it is starting git (about 12 ms
 * from a Node process on a busy 2-core machine): the walk stops at the newest change of P, and P
 * holds `src/` and `package-lock.json`, which change often.
 * A shallow clone cuts the history off: its oldest commit seems to add every file, so an answer
 * without parents in a shallow clone is not trusted. CI checks out the whole history
 * (`fetch-depth: 0`); wherever git cannot answer, the team records the commit checked out
 * (GITHUB_SHA), as before, and a warning says so.
 */
import { availableParallelism } from 'node:os';
import type { BuildInfo, FleetBuildInfo } from '../model/fleet/build-info.js';
import { teamSourcePaths, type TeamUsage } from '../model/stack-sources.js';
import { GitError, isShallowRepository, lastCommitTouching, type LastCommit } from '../core/git.js';

/** The commit recorded for each team, and why some teams fell back to the commit checked out. */
export interface SourceCommits {
  /** Team name → commit, for every team. */
  commits: Record<string, string>;
  /** One line per reason some teams record the commit checked out instead. */
  warnings: string[];
}

/**
 * The source commit of every team of the repository at `root` (its HEAD), or `checkedOut` for
 * the teams git cannot answer for. Never throws for git's sake.
 */
export async function sourceCommits(
  root: string,
  teams: readonly TeamUsage[],
  checkedOut: string,
  concurrency = availableParallelism(),
): Promise<SourceCommits> {
  const fellBack = new Map<string, string[]>();
  const fallBack = (team: string, reason: string) => fellBack.set(reason, [...(fellBack.get(reason) ?? []), team]);
  const found = new Map<string, string>();

  let shallow: boolean | undefined;
  try {
    shallow = isShallowRepository(root);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    for (const team of teams) fallBack(team.name, error.message);
  }
  if (shallow !== undefined) {
    const answers = await mapConcurrently(teams, concurrency, (team) => answer(root, team));
    teams.forEach((team, i) => {
      const result = answers[i];
      if (result instanceof GitError) fallBack(team.name, result.message);
      else if (!result) fallBack(team.name, 'no commit in the history here touches what its stack is made from');
      else if (shallow && !result.hasParents)
        fallBack(
          team.name,
          'the clone is shallow and its history ends before the commit that last changed what the stack is made from; check out with fetch-depth: 0',
        );
      else found.set(team.name, result.commit);
    });
  }

  const commits = Object.fromEntries(teams.map((team) => [team.name, found.get(team.name) ?? checkedOut]));
  const warnings = [...fellBack].map(
    ([reason, names]) => `golden-ami:source-commit of ${names.sort().join(', ')} is the commit checked out (${checkedOut}): ${reason}`,
  );
  return { commits, warnings };
}

/**
 * The build info for a synthesis: the repository, and per team its source commit when CI names
 * a commit (`build.commit`, GITHUB_SHA). Without one (outside CI) git is not asked and no commit
 * is recorded. Prints a warning for every team that records the commit checked out.
 */
export async function fleetBuildInfo(
  root: string,
  build: BuildInfo | undefined,
  teams: readonly TeamUsage[],
  warn: (message: string) => void = (message) => console.warn(`Warning: ${message}`),
): Promise<FleetBuildInfo> {
  const repository = build?.repository ? { repository: build.repository } : {};
  if (!build?.commit) return repository;
  const { commits, warnings } = await sourceCommits(root, teams, build.commit);
  for (const warning of warnings) warn(warning);
  return { ...repository, commits };
}

/** One team's newest commit, or the GitError that stopped git from saying. */
async function answer(root: string, team: TeamUsage): Promise<LastCommit | undefined | GitError> {
  try {
    return await lastCommitTouching(root, teamSourcePaths(team));
  } catch (error) {
    if (error instanceof GitError) return error;
    throw error;
  }
}

/** `work` on every item, at most `limit` at a time; the results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Where the configuration being deployed came from, when CI knows it. */

/** For one stack: the repository, and the commit recorded as the team's source. */
export interface BuildInfo {
  /** e.g. https://github.com/museum/golden-amis */
  repository?: string;
  commit?: string;
}

/**
 * For every stack of a synthesis: the repository, and per team the commit its stack records
 * (src/synthesis/source-commit.ts decides them before synthesis). Plain data: synthesis posts it to its
 * worker threads.
 */
export interface FleetBuildInfo {
  repository?: string;
  /** Team name → commit; absent when no commit is recorded (outside CI). */
  commits?: Readonly<Record<string, string>>;
}

/**
 * Reads GitHub Actions' variables; empty outside CI. `commit` is the commit checked out
 * (GITHUB_SHA): synthesis records, per team, the newest commit its stack is made from instead.
 */
export function buildInfoFromEnvironment(env: NodeJS.ProcessEnv): BuildInfo {
  const repository = env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}` : undefined;
  return { ...(repository ? { repository } : {}), ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {}) };
}

/** One team's build info out of the fleet's; a commit map without the team is a bug, not a fallback. */
export function teamBuildInfo(fleet: FleetBuildInfo, team: string): BuildInfo {
  // Own keys only: `constructor` is a valid team name.
  const commit = fleet.commits && Object.hasOwn(fleet.commits, team) ? fleet.commits[team] : undefined;
  if (fleet.commits && commit === undefined) throw new Error(`no source commit was decided for team ${team}`);
  return { ...(fleet.repository ? { repository: fleet.repository } : {}), ...(commit ? { commit } : {}) };
}

/** Where the configuration being deployed came from, when CI knows it. */

export interface BuildInfo {
  /** e.g. https://github.com/museum/golden-amis */
  repository?: string;
  commit?: string;
}

/** Reads GitHub Actions' variables; empty outside CI. */
export function buildInfoFromEnvironment(env: NodeJS.ProcessEnv): BuildInfo {
  const repository = env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}` : undefined;
  return { ...(repository ? { repository } : {}), ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {}) };
}

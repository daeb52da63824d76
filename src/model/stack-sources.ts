/**
 * What the stacks are made from, as repository paths: the platform files and folders every stack
 * is built from, and for each team its folder and the documents of the shared components it uses.
 * The affected-stack rules (src/workflows/affected-stacks.ts, affected-foundation.ts) match changed
 * paths against these, and a team's source commit (src/synthesis/source-commit.ts) is the newest
 * commit touching its paths: a change here changes both.
 */
import { SHARED_COMPONENTS_FOLDER } from '../core/paths.js';
import { TEAM_FILE, TEAMS_FOLDER, type LoadedTeam } from '../config/teams.js';
import { isGoldenParent } from '../config/golden-parent.js';

/** What the rules need to know of a team. */
export type TeamUsage = Pick<LoadedTeam, 'name' | 'config'>;

/** The app's own files: its entry, its dependencies (exact versions in the lock) and how it is compiled. */
export const APP_CODE_FILES: readonly string[] = ['main.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];
/** The app's own folders: the launcher and the code. */
export const APP_CODE_FOLDERS: readonly string[] = ['bin/', 'src/'];
/** Files every stack is built from: platform settings and the app's own files. */
const PLATFORM_FILES: ReadonlySet<string> = new Set(['cdktf.json', ...APP_CODE_FILES]);
/** Folders every stack is built from: the app's own folders and CI. */
const PLATFORM_FOLDERS: readonly string[] = [...APP_CODE_FOLDERS, '.github/workflows/'];
/** Extensions of shared component documents. */
const SHARED_DOCUMENT_EXTENSIONS = ['yaml', 'yml'];
const SHARED_DOCUMENT = new RegExp(`^${SHARED_COMPONENTS_FOLDER}/([^/]+)\\.(?:${SHARED_DOCUMENT_EXTENSIONS.join('|')})$`);

/** True for files every stack is built from: platform settings, the app's code, its dependencies, CI. */
export function isPlatformPath(path: string): boolean {
  return PLATFORM_FILES.has(path) || PLATFORM_FOLDERS.some((folder) => path.startsWith(folder));
}

/** The shared component whose document is at `path` (`components-yaml/<name>.yaml` or `.yml`), if it is one. */
export function sharedDocumentName(path: string): string | undefined {
  return SHARED_DOCUMENT.exec(path)?.[1];
}

/** The shared components a team's images and tests use, by document name. */
export function sharedComponentsOf(team: TeamUsage): Set<string> {
  const refs = team.config.images.flatMap((image) => [...image.components, ...image.tests]);
  return new Set(refs.flatMap((ref) => (ref.shared === undefined ? [] : [ref.shared])));
}

/**
 * The teams whose images `team`'s images build on (`parentImage: { golden: <team>/<image> }`), other
 * than itself: their team.yaml decides the parameter the child's recipe names and whether it reaches it.
 */
export function goldenParentTeamsOf(team: TeamUsage): Set<string> {
  const parents = team.config.images.flatMap((image) =>
    isGoldenParent(image.parentImage) ? [image.parentImage.golden.split('/')[0]!] : [],
  );
  return new Set(parents.filter((name) => name !== team.name));
}

/**
 * The paths whose changes affect `team` by the affected-stack rules, as literal git pathspecs
 * relative to the project root: its folder, the team.yaml of each team it builds on, the documents of the shared components it uses, and
 * the platform files and folders. Not the shared lock (`components-yaml/versions.lock.json`):
 * every team would then move with any lock change, and a change of an entry the team uses changes
 * its components' versions, a real difference that its rule deploys anyway.
 */
export function teamSourcePaths(team: TeamUsage): string[] {
  const documents = [...sharedComponentsOf(team)]
    .sort()
    .flatMap((name) => SHARED_DOCUMENT_EXTENSIONS.map((extension) => `${SHARED_COMPONENTS_FOLDER}/${name}.${extension}`));
  const parentFiles = [...goldenParentTeamsOf(team)].sort().map((parent) => `${TEAMS_FOLDER}/${parent}/${TEAM_FILE}`);
  return [`${TEAMS_FOLDER}/${team.name}/`, ...parentFiles, ...documents, ...PLATFORM_FILES, ...PLATFORM_FOLDERS];
}

/**
 * Which team stacks a change touches: the paths changed between a base commit and HEAD, matched
 * against what each team uses. Pure: the caller reads git and the fleet.
 *
 * Rules, in the order they are tried for each changed path:
 * - `teams/<team>/...` affects that team; `teams/<team>/team.yaml` also affects every team with an
 *   image built on one of its images (`parentImage: { golden }`: the parameter its recipe names). Deleting `teams/<team>/team.yaml` of a team that no
 *   longer exists reports the team as removed (never as affected: its stack is destroyed by hand).
 * - `components-yaml/<name>.yaml` (or `.yml`) affects the teams whose images or tests use
 *   `shared: <name>`.
 * - `components-yaml/versions.lock.json` affects the teams using a shared component whose lock
 *   entry changed; when either side of the lock cannot be read as JSON, every team using any
 *   shared component.
 * - Platform files (`cdktf.json`, `main.ts`, `package.json`, `package-lock.json`, `tsconfig.json`,
 *   `bin/`, `src/`, `.github/workflows/`) affect every team.
 * - Anything else (README, docs, tests, schema/) affects none.
 *
 * The paths these rules watch, the platform's and each team's, are in src/model/stack-sources.ts
 * (`teamSourcePaths` lists a team's); the commit recorded in its AMIs' `golden-ami:source-commit`
 * tag is the newest one touching them (src/synthesis/source-commit.ts). A change to the rules
 * changes both.
 */
import canonicalize from 'canonicalize';
import type { ChangedPath } from '../core/git.js';
import { TEAM_FILE, TEAMS_FOLDER } from '../config/teams.js';
import { goldenParentTeamsOf, isPlatformPath, sharedComponentsOf, sharedDocumentName, type TeamUsage } from '../model/stack-sources.js';
import { lockFileOf, SHARED_SCOPE } from '../versioning/planner.js';

/** The shared components lock at the base commit and at HEAD; undefined where there is no file. */
export interface SharedLockTexts {
  before?: string;
  after?: string;
}

/** The stacks a change affects, and the teams whose folders it removed. */
export interface AffectedStacks {
  /** Teams whose stacks must be planned or deployed, sorted. */
  teams: string[];
  /** Teams whose team.yaml was deleted: their stacks are left alone until destroyed on purpose. */
  removedTeams: string[];
  /** Why each affected team is affected: one line per changed path (platform changes as one line). */
  reasons: Record<string, string[]>;
}

/** The shared components' lock file, `components-yaml/versions.lock.json`. */
export const SHARED_LOCK_FILE = lockFileOf(SHARED_SCOPE);
const TEAM_PATH = new RegExp(`^${TEAMS_FOLDER}/([^/]+)/(.+)$`);
const LOCK_ENTRY_PREFIX = 'component:';
const PLATFORM_CHANGES_SHOWN = 3;

/** Works out the affected and removed teams for the changed paths, given the teams at HEAD. */
export function affectedStacks(
  changes: readonly ChangedPath[],
  teams: readonly TeamUsage[],
  sharedLock: SharedLockTexts = {},
): AffectedStacks {
  const usage = new Map(teams.map((team) => [team.name, sharedComponentsOf(team)]));
  const childrenOf = new Map<string, string[]>();
  for (const team of teams)
    for (const parent of goldenParentTeamsOf(team)) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), team.name]);
  const reasons = new Map<string, string[]>();
  const removed = new Set<string>();
  const platformChanges: string[] = [];
  const affect = (names: Iterable<string>, reason: string) => {
    for (const name of names) reasons.set(name, [...(reasons.get(name) ?? []), reason]);
  };
  const usersOf = (components: (name: string) => boolean) =>
    [...usage].filter(([, used]) => [...used].some(components)).map(([team]) => team);

  for (const change of changes) {
    const changed = `${change.path} ${statusWord(change.status)}`;
    const team = TEAM_PATH.exec(change.path);
    const document = sharedDocumentName(change.path);
    if (team) {
      const name = team[1]!;
      if (usage.has(name)) affect([name], changed);
      else if (team[2] === TEAM_FILE && change.status === 'D') removed.add(name);
      if (team[2] === TEAM_FILE) affect(childrenOf.get(name) ?? [], `${changed} (team ${name} has images they build on)`);
    } else if (change.path === SHARED_LOCK_FILE) {
      const entries = changedLockEntries(sharedLock);
      if (entries === 'unreadable')
        affect(
          usersOf(() => true),
          `${changed} (unreadable on one side: every shared component counts)`,
        );
      else
        for (const name of entries)
          affect(
            usersOf((used) => used === name),
            `${changed} (entry ${LOCK_ENTRY_PREFIX}${name})`,
          );
    } else if (document !== undefined) {
      affect(
        usersOf((used) => used === document),
        `${changed} (shared component ${document})`,
      );
    } else if (isPlatformPath(change.path)) {
      platformChanges.push(changed);
    }
  }
  if (platformChanges.length) affect(usage.keys(), summarisePlatformChanges(platformChanges));

  const sorted = [...reasons.keys()].sort();
  return {
    teams: sorted,
    removedTeams: [...removed].sort(),
    reasons: Object.fromEntries(sorted.map((name) => [name, reasons.get(name)!])),
  };
}

/** Names of the shared components whose lock entries differ between the two texts. */
function changedLockEntries(lock: SharedLockTexts): Set<string> | 'unreadable' {
  const before = lockEntries(lock.before);
  const after = lockEntries(lock.after);
  if (!before || !after) return 'unreadable';
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...keys].filter((key) => canonicalize(before[key]) !== canonicalize(after[key]));
  return new Set(changed.filter((key) => key.startsWith(LOCK_ENTRY_PREFIX)).map((key) => key.slice(LOCK_ENTRY_PREFIX.length)));
}

/** A lock's `entries` object; an absent file has none; undefined when the text is not a lock. */
function lockEntries(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return {};
  try {
    const entries = (JSON.parse(text) as { entries?: unknown }).entries;
    return typeof entries === 'object' && entries !== null ? (entries as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** One reason for all platform changes, naming the first few: `platform (every team): a modified, ... and 3 more`. */
function summarisePlatformChanges(changes: readonly string[]): string {
  const shown = changes.slice(0, PLATFORM_CHANGES_SHOWN).join(', ');
  const more = changes.length > PLATFORM_CHANGES_SHOWN ? ` and ${changes.length - PLATFORM_CHANGES_SHOWN} more` : '';
  return `platform (every team): ${shown}${more}`;
}

/** `M` → `modified`, and so on for the letters `git diff --name-status` prints. */
function statusWord(status: string): string {
  return ({ A: 'added', D: 'deleted', M: 'modified', T: 'changed type' } as Record<string, string>)[status[0] ?? ''] ?? 'changed';
}

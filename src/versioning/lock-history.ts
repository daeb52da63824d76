/**
 * The highest version each lock entry ever had on a commit reachable from HEAD: a floor that no
 * version may go below. Components keep their old versions in AWS (`skip_destroy`), so a version
 * that goes back to one already deployed collides with it at the next apply.
 */
import semver from 'semver';
import { isShallowRepository } from '../ci/git.js';
import { SHARED_COMPONENTS_FOLDER } from '../config/paths.js';
import { TEAMS_FOLDER } from '../config/teams.js';
import { blobTexts, fileVersions } from './git-blobs.js';
import { LOCK_FILE_NAME } from './lock-file.js';
import { salvage } from './lock-salvage.js';
import type { Lock, LockEntry } from './lock-schema.js';

/** The highest version an entry had, and where. */
export interface Sighting {
  version: string;
  /** The oldest commit whose lock held this version. */
  commit: string;
  /** The entry at that version in the newest commit that had it; absent when the version was only retired or earlier. */
  entry?: LockEntry;
}

/** What the locks' history says, by lock file (relative to the root) and entry key. */
export interface LockHistory {
  seen: ReadonlyMap<string, ReadonlyMap<string, Sighting>>;
  /** Why the history is missing or incomplete; said once by the commands. */
  warning?: string;
}

const LOCK_PATHSPECS = [`${SHARED_COMPONENTS_FOLDER}/${LOCK_FILE_NAME}`, `:(glob)${TEAMS_FOLDER}/*/${LOCK_FILE_NAME}`];

/** Reads the history of every lock file under `root` (three git commands); never throws. */
export function readLockHistory(root: string): LockHistory {
  let shallow: boolean;
  let seen: Map<string, Map<string, Sighting>>;
  try {
    shallow = isShallowRepository(root);
    const versions = fileVersions(root, LOCK_PATHSPECS);
    const texts = blobTexts(root, [...new Set(versions.map((v) => v.blob))]);
    const locks = new Map([...texts].map(([blob, text]) => [blob, salvage(text)]));
    seen = new Map();
    for (const { commit, path, blob } of versions) {
      const lock = locks.get(blob);
      if (!lock) continue;
      if (!seen.has(path)) seen.set(path, new Map());
      recordLock(seen.get(path)!, lock, commit);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      seen: new Map(),
      warning: `the version locks' git history cannot be read (${reason}): versions are checked against the lock files alone, so a lock that was deleted or lowered by hand goes unnoticed`,
    };
  }
  const warning = shallow
    ? "this is a shallow clone: versions committed before its oldest commit are not checked; fetch the whole history (in GitHub Actions: actions/checkout with fetch-depth: 0)"
    : undefined;
  return { seen, ...(warning ? { warning } : {}) };
}

/** Records every version a committed lock holds (entries, their earlier versions, retired ones). */
function recordLock(seen: Map<string, Sighting>, lock: Lock, commit: string): void {
  for (const [key, entry] of Object.entries(lock.entries)) {
    record(seen, key, { version: entry.version, commit, entry });
    for (const version of entry.earlier ?? []) record(seen, key, { version, commit });
  }
  for (const [key, version] of Object.entries(lock.retired)) record(seen, key, { version, commit });
}

/**
 * Keeps the highest version. At the same version, the entry of the newer commit (they come
 * newest first: a fingerprint may change without a bump when the fingerprint's definition does)
 * and the older commit, where the version first appeared.
 */
function record(seen: Map<string, Sighting>, key: string, sighting: Sighting): void {
  const current = seen.get(key);
  if (!current || semver.gt(sighting.version, current.version)) {
    seen.set(key, sighting);
    return;
  }
  if (semver.lt(sighting.version, current.version)) return;
  const entry = current.entry ?? sighting.entry;
  seen.set(key, { version: current.version, commit: sighting.commit, ...(entry ? { entry } : {}) });
}

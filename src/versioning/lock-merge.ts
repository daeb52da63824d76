/**
 * The git merge driver's rules for version locks (`npm run setup-merge-driver` registers it): the
 * two sides merge entry by entry, the highest version wins, and a version both sides took for
 * different content is bumped, so that it names neither. The merged content is not known here:
 * such an entry carries UNKNOWN_FINGERPRINT until `npm run versions` (which CI insists on) records
 * what it holds, bumping again if main's history already has the bumped version.
 */
import { nextVersion } from './bump.js';
import { mergeSides } from './lock-salvage.js';
import { UNKNOWN_FINGERPRINT, type Lock } from '../config/lock-schema.js';

/** The merged lock, and the entries both sides gave one version with different content. */
export interface LockMerge {
  lock: Lock;
  /** `<key> <version> -> <bumped>` for each entry bumped. */
  bumped: string[];
}

/** Merges "ours" and "theirs" of a lock file (either may be damaged: what is readable counts). */
export function mergeLockTexts(ours: string, theirs: string): LockMerge {
  const sides = [ours, theirs].map((text) => mergeSides([text]));
  const lock = mergeSides([ours, theirs]);
  const bumped: string[] = [];
  for (const [key, entry] of Object.entries(lock.entries)) {
    const bothHeldIt = sides.every((side) => side.entries[key]?.version === entry.version);
    if (entry.fingerprint !== UNKNOWN_FINGERPRINT || !bothHeldIt) continue;
    const version = nextVersion(entry.version, 'patch');
    bumped.push(`${key} ${entry.version} -> ${version}`);
    lock.entries[key] = { ...entry, version };
  }
  return { lock, bumped };
}

/** The merge driver's name in git config (`merge.<name>.driver`). */
export const LOCK_MERGE_DRIVER = 'versions-lock';

/** The .gitattributes line that routes every lock file to the driver. */
export const LOCK_MERGE_ATTRIBUTE = `versions.lock.json merge=${LOCK_MERGE_DRIVER}`;

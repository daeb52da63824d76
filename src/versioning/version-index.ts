/**
 * Lock entries indexed by what AWS sees. Every Image Builder resource is named `<team>-<name>`
 * (teamResourceName): a team's entry `component:<name>` is component `<team>-<name>`,
 * `recipe:<image>` is recipe `<team>-<image>`, and a shared entry `component:<name>` is component
 * `<team>-<name>` in every team. So an entry that moves between a team's lock and the shared one,
 * or to another team where its AWS name stays the same, finds the versions it had.
 */
import { teamResourceName } from '../config/aws-names.js';
import { SHARED_COMPONENTS_FOLDER } from '../core/paths.js';
import { TEAMS_FOLDER } from '../config/teams.js';
import { highestVersion } from './bump.js';
import { LOCK_FILE_NAME } from './lock-file.js';
import { UNKNOWN_FINGERPRINT, type Lock, type LockEntry } from '../config/lock-schema.js';

/** The lock scope of shared components; team locks use the team name. */
export const SHARED_SCOPE = 'shared';

/** Where a scope's lock file lives. */
export function lockFileOf(scope: string): string {
  return scope === SHARED_SCOPE ? `${SHARED_COMPONENTS_FOLDER}/${LOCK_FILE_NAME}` : `${TEAMS_FOLDER}/${scope}/${LOCK_FILE_NAME}`;
}

/** The scope of a lock file (relative to the root), or undefined when it is no lock file of the fleet. */
export function scopeOfLockFile(file: string): string | undefined {
  if (file === lockFileOf(SHARED_SCOPE)) return SHARED_SCOPE;
  const team = new RegExp(`^${TEAMS_FOLDER}/([^/]+)/${LOCK_FILE_NAME.replace('.', '\\.')}$`).exec(file);
  return team?.[1];
}

/** One version of one AWS resource, as the locks recorded it. */
export interface VersionRecord {
  version: string;
  /** The oldest commit that held this version ('' for a lock read from disk). */
  commit: string;
  /** The newest entry at this version; absent when it was only retired or listed as earlier. */
  entry?: LockEntry;
}

/** Versions by version string. */
export type VersionRecords = ReadonlyMap<string, VersionRecord>;

export class VersionIndex {
  /** `<kind>:<team>-<name>` → records, from team locks. */
  private readonly teamRecords = new Map<string, Map<string, VersionRecord>>();
  /** `component:<name>` → records, from the shared lock. */
  private readonly sharedRecords = new Map<string, Map<string, VersionRecord>>();

  /** Each team's position in `teams`: records are merged in that order. */
  private readonly teamOrder: ReadonlyMap<string, number>;

  /** `teams`: every team name a shared entry may be deployed in. */
  constructor(private readonly teams: ReadonlySet<string>) {
    this.teamOrder = new Map([...teams].map((team, i) => [team, i]));
  }

  /** Adds what a lock held at a commit; add the newest commit first. */
  add(scope: string, lock: Lock, commit: string): void {
    const records = (key: string) =>
      recordsOf(scope === SHARED_SCOPE ? this.sharedRecords : this.teamRecords, scope === SHARED_SCOPE ? key : awsKey(scope, key));
    for (const [key, entry] of Object.entries(lock.entries)) {
      record(records(key), { version: entry.version, commit, entry });
      for (const version of entry.earlier ?? []) record(records(key), { version, commit });
    }
    for (const [key, version] of Object.entries(lock.retired)) record(records(key), { version, commit });
  }

  /** Every version the AWS resources of a lock entry had, whichever lock recorded them. */
  versionsOf(scope: string, key: string): VersionRecords {
    const merged = new Map<string, VersionRecord>();
    const from = (records: ReadonlyMap<string, VersionRecord> | undefined) => {
      for (const found of records?.values() ?? []) record(merged, found);
    };
    const names = scope === SHARED_SCOPE ? [...this.teams].map((team) => awsKey(team, key)) : [awsKey(scope, key)];
    for (const name of names) {
      from(this.teamRecords.get(name));
      const [kind, resource] = splitKey(name);
      if (kind !== 'component') continue;
      for (const team of this.teamsPrefixing(resource)) from(this.sharedRecords.get(`${kind}:${resource.slice(team.length + 1)}`));
    }
    return merged;
  }

  /**
   * The teams whose `<team>-` starts `resource`, in the order of `teams`: found by trying the text
   * before each hyphen, so the cost grows with the name's hyphens, not with the fleet.
   */
  private teamsPrefixing(resource: string): string[] {
    const teams: string[] = [];
    for (let hyphen = resource.indexOf('-'); hyphen >= 0; hyphen = resource.indexOf('-', hyphen + 1)) {
      const team = resource.slice(0, hyphen);
      if (this.teamOrder.has(team)) teams.push(team);
    }
    return teams.sort((a, b) => this.teamOrder.get(a)! - this.teamOrder.get(b)!);
  }

  /** The entry at the highest version the AWS resources of a lock entry had. */
  latest(scope: string, key: string): VersionRecord | undefined {
    const records = this.versionsOf(scope, key);
    const version = highestVersion(records.keys());
    return version ? records.get(version) : undefined;
  }
}

/** `<kind>:<team>-<name>` for a team's entry `<kind>:<name>`. */
function awsKey(team: string, key: string): string {
  const [kind, name] = splitKey(key);
  return `${kind}:${teamResourceName(team, name)}`;
}

function splitKey(key: string): [kind: string, name: string] {
  const colon = key.indexOf(':');
  return [key.slice(0, colon), key.slice(colon + 1)];
}

function recordsOf(index: Map<string, Map<string, VersionRecord>>, key: string): Map<string, VersionRecord> {
  let records = index.get(key);
  if (!records) index.set(key, (records = new Map<string, VersionRecord>()));
  return records;
}

/**
 * Records a version. Records come newest first: the first entry seen at a version is the newest
 * (what main last held under it), the last commit seen is the oldest. A salvaged entry whose
 * content is unknown never stands for what a version held.
 */
function record(records: Map<string, VersionRecord>, found: VersionRecord): void {
  const known = found.entry && found.entry.fingerprint !== UNKNOWN_FINGERPRINT ? found.entry : undefined;
  const current = records.get(found.version);
  const entry = current?.entry ?? known;
  records.set(found.version, { version: found.version, commit: found.commit || current?.commit || '', ...(entry ? { entry } : {}) });
}

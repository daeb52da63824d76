/**
 * Decides every version from the committed locks and the current content, and works out the
 * locks that should be committed next. Plugged into fleet resolution as its VersionResolver.
 */
import semver from 'semver';
import type { ComponentDocument } from '../components/document.js';
import type { Problem } from '../config/problems.js';
import { SHARED_COMPONENTS_FOLDER } from '../config/paths.js';
import { TEAMS_FOLDER } from '../config/teams.js';
import type { FleetSources } from '../fleet/resolve.js';
import type { ComponentVersionRequest, RecipeVersionRequest, RecipeVersions, VersionResolver } from '../fleet/versions.js';
import { managedComponentOf } from '../fleet/managed-component.js';
import type { RecipeComponent } from '../fleet/model.js';
import {
  componentBump,
  highestVersion,
  INITIAL_VERSION,
  largerBump,
  nextVersion,
  recipeBump,
  type BumpDecision,
  type BumpKind,
  type ComponentInterface,
  type RecipeShape,
  VersionLimitError,
} from './bump.js';
import { componentFingerprint, recipeFingerprint } from './fingerprint.js';
import { LOCK_FILE_NAME, readLock, versionPosition, type ReadLock } from './lock-file.js';
import type { BumpBase } from './bump-base.js';
import type { LockHistory, Sighting } from './lock-history.js';
import { sortedVersions, type Lock, type LockEntry, type ParentPin } from './lock-schema.js';
import { parentUpdateReason, pinKey } from '../parents/pins.js';

/**
 * How many versions of a recipe its lifecycle policy selects, newest first: the provider and the
 * API allow 50 recipe selections per policy (LifecyclePolicyResourceSelection.recipes).
 */
export const RECIPE_VERSIONS_KEPT = 50;

/** The lock scope of shared components; team locks use the team name. */
export const SHARED_SCOPE = 'shared';

/** One version change, as printed to the user. */
export interface Bump {
  /** `<scope>/<kind>:<name>`, e.g. `shared/component:update-os` or `web/recipe:api`. */
  id: string;
  from?: string;
  to: string;
  /** `restored`: back to the version the lock's history has for the same content. */
  kind: BumpKind | 'new' | 'removed' | 'restored';
  reasons: string[];
}

/** A forced bump that needed no new version: the entry is already that far above the base, or new since it. */
export interface SatisfiedForce {
  id: string;
  kind: BumpKind;
  /** The entry's version at the base; absent when the base has no such entry. */
  base?: string;
  version: string;
}

/** A lock file as read, and as it should be now. */
export interface LockUpdate {
  read: ReadLock;
  next: Lock;
}

/** Where a scope's lock file lives. */
export function lockFileOf(scope: string): string {
  return scope === SHARED_SCOPE ? `${SHARED_COMPONENTS_FOLDER}/${LOCK_FILE_NAME}` : `${TEAMS_FOLDER}/${scope}/${LOCK_FILE_NAME}`;
}

export class VersionPlanner implements VersionResolver {
  private readonly locks = new Map<string, LockUpdate>();
  private readonly bumps: Bump[] = [];
  private readonly usedForces = new Set<string>();
  private readonly satisfiedForces: SatisfiedForce[] = [];
  private readonly problems: Problem[] = [];

  /**
   * `forced`: at least that bump since the entry's version in `bumpBase`'s locks (the lock files
   * as they are when absent).
   */
  constructor(
    private readonly root: string,
    private readonly sources: FleetSources,
    private readonly forced: ReadonlyMap<string, BumpKind> = new Map(),
    private readonly history: LockHistory['seen'] = new Map(),
    private readonly bumpBase?: BumpBase,
    /** Newly found AMIs of parent lookups by `<team>/<image>` (`npm run pin-parents`), over the locks' pins. */
    private readonly newPins: ReadonlyMap<string, ParentPin> = new Map(),
  ) {
    for (const document of sources.sharedComponents.values()) this.decideComponent(SHARED_SCOPE, document);
    for (const team of sources.teams) {
      this.lock(team.name);
      for (const document of sources.localComponents.get(team.name)?.values() ?? []) this.decideComponent(team.name, document);
    }
  }

  component({ team, document }: ComponentVersionRequest): string {
    const scope = document.origin === 'shared' ? SHARED_SCOPE : team;
    return this.lock(scope).next.entries[componentKey(document.name)]!.version;
  }

  parentPin({ team, image }: { team: string; image: string }): ParentPin | undefined {
    const update = this.lock(team);
    const pin = this.newPins.get(pinKey(team, image)) ?? update.read.lock.parents?.[image];
    if (pin) (update.next.parents ??= {})[image] = pin;
    return pin;
  }

  recipe({ team, image, platform, parentImage, args }: RecipeVersionRequest): RecipeVersions {
    const shape: RecipeShape = { parentFamily: parentImage.family, platform, components: args.components.map(componentIdentity) };
    const key = `recipe:${image}`;
    const pinned = this.lock(team).next.parents?.[image];
    const before = this.lock(team).read.lock.parents?.[image];
    const parentUpdate = pinned && pinned.imageId !== before?.imageId ? parentUpdateReason(before, pinned) : undefined;
    const version = this.decide(team, key, recipeFingerprint(args), { shape }, (previous) =>
      previous.shape ? recipeBump(previous.shape, shape, parentUpdate) : undefined,
    );
    const entry = this.lock(team).next.entries[key]!;
    const read = this.lock(team).read;
    const previous = read.lock.entries[key] ?? this.seen(read, key)?.entry;
    const earlier = sortedVersions([...(previous?.earlier ?? []), ...(previous ? [previous.version] : [])].filter((v) => v !== version)).slice(
      -(RECIPE_VERSIONS_KEPT - 1),
    );
    if (earlier.length) entry.earlier = earlier;
    return { version, earlier };
  }

  /**
   * Every lock with its next content and every bump, removed entries retired; `undercuts`: lock
   * entries below a version their history had; `problems`: versions that cannot be decided;
   * `ids`: every entry, as `--bump` names it.
   */
  finish(): {
    locks: LockUpdate[];
    bumps: Bump[];
    unusedForces: string[];
    satisfiedForces: SatisfiedForce[];
    undercuts: Problem[];
    problems: Problem[];
    ids: string[];
  } {
    const undercuts: Problem[] = [];
    for (const [scope, update] of this.locks) {
      const { entries, retired } = update.read.lock;
      if (!update.read.damage.length) undercuts.push(...this.undercuts(scope, update.read));
      for (const [key, entry] of Object.entries(entries)) {
        if (update.next.entries[key]) continue;
        update.next.retired[key] = highestVersion([entry.version, retired[key], this.seen(update.read, key)?.version])!;
        this.bumps.push({ id: `${scope}/${key}`, from: entry.version, to: '-', kind: 'removed', reasons: ['no longer defined'] });
      }
      for (const [key, version] of Object.entries(retired)) {
        if (!update.next.entries[key]) update.next.retired[key] = highestVersion([version, update.next.retired[key]])!;
      }
    }
    const unusedForces = [...this.forced.keys()].filter((id) => !this.usedForces.has(id));
    const ids = [...this.locks].flatMap(([scope, update]) => Object.keys(update.next.entries).map((key) => `${scope}/${key}`)).sort();
    return { locks: [...this.locks.values()], bumps: this.bumps, unusedForces, satisfiedForces: this.satisfiedForces, undercuts, problems: this.problems, ids };
  }

  /** The highest version the lock's history has for an entry. */
  private seen(read: ReadLock, key: string): Sighting | undefined {
    return this.history.get(read.file)?.get(key);
  }

  /** Entries of a lock below the highest version their history had. */
  private undercuts(scope: string, read: ReadLock): Problem[] {
    return Object.entries(read.lock.entries).flatMap(([key, entry]): Problem[] => {
      const seen = this.seen(read, key);
      if (!seen || !semver.lt(entry.version, seen.version)) return [];
      return [
        {
          severity: 'error',
          file: read.file,
          path: `entries.${key}.version`,
          ...versionPosition(read.text, key),
          message: `${scope}/${key} is at ${entry.version}, below ${seen.version}, which it had at commit ${shortCommit(seen.commit)}: a version already deployed would collide with it`,
          hint: 'run `npm run versions`: it moves the entry above every version it ever had, or back to that version where the content is the same',
        },
      ];
    });
  }

  private lock(scope: string): LockUpdate {
    let update = this.locks.get(scope);
    if (!update) {
      update = { read: readLock(this.root, lockFileOf(scope)), next: { entries: {}, retired: {} } };
      this.locks.set(scope, update);
    }
    return update;
  }

  private decideComponent(scope: string, document: ComponentDocument): void {
    const contract: ComponentInterface = {
      parameters: document.parameters.map((p) => ({ name: p.name, type: p.type, required: p.default === undefined })),
      phases: document.phases,
    };
    const print = componentFingerprint(document, this.sources.platform.kmsKeys);
    this.decide(scope, componentKey(document.name), print, { interface: contract }, (previous) =>
      previous.interface ? componentBump(previous.interface, contract) : undefined,
    );
  }

  /**
   * Same fingerprint as the highest version this entry ever had (in the lock, its retired versions
   * or the lock's git history): that version. Otherwise a version strictly above it (so a revert
   * bumps too), by the inferred kind. A forced kind raises the version only as far as needed to be
   * that bump above the entry's version at the base.
   */
  private decide(
    scope: string,
    key: string,
    fingerprint: string,
    details: Pick<LockEntry, 'interface' | 'shape'>,
    infer: (previous: LockEntry) => BumpDecision | undefined,
  ): string {
    const update = this.lock(scope);
    const id = `${scope}/${key}`;
    const previous = update.read.lock.entries[key];
    const retired = update.read.lock.retired[key];
    const seen = this.seen(update.read, key);
    const used = highestVersion([previous?.version, retired, seen?.version]);
    const force = this.force(update.read, id, key);
    let version: string;
    if (!used) {
      version = INITIAL_VERSION;
      this.bumps.push({ id, to: version, kind: 'new', reasons: ['new'] });
    } else if (sameContentAt(used, fingerprint, [previous, retired, seen]) && !force?.raises(used)) {
      version = used;
      if (previous?.version !== used) {
        this.bumps.push({ id, from: previous?.version, to: used, kind: 'restored', reasons: [`the same content had ${used} at commit ${shortCommit(seen!.commit)}`] });
      }
    } else {
      version = this.bump(update.read, id, key, { fingerprint, used, force, infer, previous: previous ?? seen?.entry, seen });
    }
    if (force && !force.applied) this.satisfiedForces.push({ id, kind: force.kind, ...(force.base ? { base: force.base } : {}), version });
    update.next.entries[key] = { version, fingerprint, ...details };
    return version;
  }

  /** The forced bump of an entry, if any: the version it needs at least (none when new since the base). */
  private force(read: ReadLock, id: string, key: string): Force | undefined {
    const kind = this.forced.get(id);
    if (!kind) return undefined;
    this.usedForces.add(id);
    const base = (this.bumpBase ? this.bumpBase.lock(read.file) : read.lock)?.entries[key]?.version;
    const floor = base ? semver.inc(base, kind) : null;
    return { kind, base, applied: false, raises: (version) => floor !== null && semver.lt(version, floor) };
  }

  /** A version above `used`, the highest this entry ever had; reported as a problem past Image Builder's limits. */
  private bump(
    read: ReadLock,
    id: string,
    key: string,
    { fingerprint, used, force, infer, previous, seen }: {
      fingerprint: string;
      used: string;
      force?: Force;
      infer: (previous: LockEntry) => BumpDecision | undefined;
      previous?: LockEntry;
      seen?: Sighting;
    },
  ): string {
    const inferred: BumpDecision = !previous
      ? { kind: 'major', reasons: [] }
      : previous.fingerprint === fingerprint
        ? { kind: 'patch', reasons: [] }
        : (infer(previous) ?? { kind: 'patch', reasons: ['lock entry was rebuilt'] });
    let kind = inferred.kind;
    const reasons = [...inferred.reasons];
    let from = used;
    if (force?.raises(nextVersionWithin(used, kind) ?? used)) {
      kind = largerBump(force.kind, kind);
      reasons.push(`${force.kind} bump forced from the command line`);
      from = highestVersion([used, force.base])!;
      force.applied = true;
    }
    if (!previous || semver.gt(used, previous.version) || !reasons.length) reasons.push(whyAbove(used, previous, seen));
    try {
      const version = nextVersion(from, kind);
      this.bumps.push({ id, from: read.lock.entries[key]?.version, to: version, kind: previous ? kind : 'new', reasons: previous ? reasons : [`new (${reasons.join('; ')})`] });
      return version;
    } catch (error) {
      if (!(error instanceof VersionLimitError)) throw error;
      this.problems.push({
        severity: 'error',
        file: read.file,
        path: `entries.${key}.version`,
        ...versionPosition(read.text, key),
        message: `${id}: ${error.message}`,
        hint: kind === 'major' ? 'give it a new name: a new entry starts again at 1.0.0' : `force a bigger bump: npm run versions -- --bump ${id}=${kind === 'patch' ? 'minor' : 'major'}`,
      });
      return used;
    }
  }
}

/** The next version, or undefined past Image Builder's limits. */
function nextVersionWithin(floor: string, kind: BumpKind): string | undefined {
  try {
    return nextVersion(floor, kind);
  } catch (error) {
    if (error instanceof VersionLimitError) return undefined;
    throw error;
  }
}

/** A `--bump <id>=<kind>` as it applies to one entry. */
interface Force {
  kind: BumpKind;
  /** The entry's version at the base. */
  base?: string;
  /** Whether a version is below `kind` above the base, so the force must raise it. */
  raises(version: string): boolean;
  /** Set when the force raised the version. */
  applied: boolean;
}

/** Whether every record of version `used` (lock entry, retired version, history) has this fingerprint. */
function sameContentAt(used: string, fingerprint: string, [previous, retired, seen]: [LockEntry?, string?, Sighting?]): boolean {
  const records = [
    previous?.version === used ? previous.fingerprint : undefined,
    retired === used ? null : undefined,
    seen?.version === used ? (seen.entry?.fingerprint ?? null) : undefined,
  ].filter((record) => record !== undefined);
  return records.length > 0 && records.every((record) => record === fingerprint);
}

/** Why a version goes above `used` when the content alone does not say. */
function whyAbove(used: string, previous: LockEntry | undefined, seen: Sighting | undefined): string {
  const where = seen?.version === used ? ` at commit ${shortCommit(seen.commit)}` : '';
  return previous?.version === used ? `${used} had other content${where}` : `versions up to ${used} were used before${where}`;
}

function shortCommit(commit: string): string {
  return commit.slice(0, 12);
}

function componentKey(name: string): string {
  return `component:${name}`;
}

/** How a recipe's component list is recorded: `<document>@<version>` or `aws:<name>@<version>`. */
function componentIdentity(component: RecipeComponent): string {
  if (component.kind === 'owned') return `${component.key}@${component.version}`;
  const { name, version } = managedComponentOf(component.arn);
  return `aws:${name}@${version}`;
}

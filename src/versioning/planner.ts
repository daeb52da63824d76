/**
 * Decides every version from the committed locks and the current content, and works out the
 * locks that should be committed next. Plugged into fleet resolution as its VersionResolver.
 */
import semver from 'semver';
import type { ComponentDocument } from '../components/document.js';
import type { Problem } from '../core/problems.js';
import type { FleetSources } from '../model/fleet/resolve.js';
import type { ComponentVersionRequest, RecipeVersionRequest, RecipeVersions, VersionResolver } from '../model/fleet/versions.js';
import { managedComponentOf } from '../model/fleet/managed-component.js';
import type { RecipeComponent } from '../model/fleet/fleet.js';
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
import { argumentChanges, componentArguments, componentOrigin, recipeArguments, recipeOrigin } from './arguments.js';
import {
  FINGERPRINT_SCHEMES,
  fingerprintsOf,
  sameContent,
  UNMARKED_LOCK_SCHEME,
  type Fingerprints,
  type FingerprintSchemes,
} from './fingerprint-schemes.js';
import { readLock, versionPosition, type ReadLock } from './lock-file.js';
import type { LockHistory } from './lock-history.js';
import { lockFileOf, SHARED_SCOPE, VersionIndex, type VersionRecords } from './version-index.js';
import { sortedVersions, type Lock, type LockEntry, type ParentPin } from '../config/lock-schema.js';
import { parentUpdateReason, pinKey } from '../model/fleet/parent-pins.js';

/**
 * How many versions of a recipe its lifecycle policy selects, newest first: the provider and the
 * API allow 50 recipe selections per policy (LifecyclePolicyResourceSelection.recipes).
 */
export const RECIPE_VERSIONS_KEPT = 50;

export { lockFileOf, SHARED_SCOPE } from './version-index.js';

/** One version change, as printed to the user. */
export interface Bump {
  /** `<scope>/<kind>:<name>`, e.g. `shared/component:update-os` or `web/recipe:api`. */
  id: string;
  from?: string;
  to: string;
  /**
   * `restored`: back to the version main's history has for the same content; `kept`: new content
   * under a version the branch already took above the base, so a branch bumps once; `migrated`:
   * the same content, its fingerprint recomputed with a newer fingerprint scheme, version kept.
   */
  kind: BumpKind | 'new' | 'removed' | 'restored' | 'kept' | 'migrated';
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

/** What decides versions besides the content. */
export interface PlannerOptions {
  /** `--bump`: at least that bump since the entry's version at the merge base. */
  forced?: ReadonlyMap<string, BumpKind>;
  /** The base branch's history; without git, the lock files stand for it. */
  history?: LockHistory;
  /** Newly found AMIs of parent lookups by `<team>/<image>` (`npm run pin-parents`), over the locks' pins. */
  newPins?: ReadonlyMap<string, ParentPin>;
  /** The fingerprint schemes (tests simulate a scheme change with their own). */
  schemes?: FingerprintSchemes;
}

export class VersionPlanner implements VersionResolver {
  private readonly locks = new Map<string, LockUpdate>();
  private readonly bumps: Bump[] = [];
  private readonly usedForces = new Set<string>();
  private readonly satisfiedForces: SatisfiedForce[] = [];
  private readonly problems: Problem[] = [];
  private readonly forced: ReadonlyMap<string, BumpKind>;
  private readonly newPins: ReadonlyMap<string, ParentPin>;
  /** `<team>/<image>` of every image with a parent lookup. */
  private readonly lookups = new Set<string>();
  private readonly schemes: FingerprintSchemes;
  /** Each entry's content under every scheme, by `<scope>/<key>`, to tell one content under two schemes from two contents. */
  private readonly prints = new Map<string, Fingerprints>();
  /** Every version main's history holds, by AWS name (the lock files as they are without git). */
  private readonly main: VersionIndex;
  /** The locks at the merge base (the lock files as they are without git). */
  private readonly base: VersionIndex;
  /** Whether HEAD is on the base branch (or there is no git): all main's history holds may be deployed. */
  private readonly onBase: boolean;
  private readonly label: string;
  /** Whether main and base come from git (else from the lock files, which cannot be below themselves). */
  private readonly fromGit: boolean;

  constructor(
    private readonly root: string,
    private readonly sources: FleetSources,
    { forced = new Map(), history, newPins = new Map(), schemes = FINGERPRINT_SCHEMES }: PlannerOptions = {},
  ) {
    this.forced = forced;
    this.schemes = schemes;
    this.newPins = newPins;
    this.label = history?.label ?? 'the lock files';
    // Every lock is read first: without git, they stand for the history of one another.
    if (this.lock(SHARED_SCOPE).read.text === undefined && !sources.sharedComponents.size) this.locks.delete(SHARED_SCOPE);
    for (const team of sources.teams) this.lock(team.name);
    this.fromGit = Boolean(history?.main);
    this.main = history?.main ?? this.lockFilesAsHistory();
    this.base = history?.base ?? this.main;
    this.onBase = history?.onBase ?? true;
    for (const document of sources.sharedComponents.values()) this.decideComponent(SHARED_SCOPE, document);
    for (const team of sources.teams) {
      for (const document of sources.localComponents.get(team.name)?.values() ?? []) this.decideComponent(team.name, document);
    }
  }

  /** Without git: the lock files as they are stand for main's history and for the merge base. */
  private lockFilesAsHistory(): VersionIndex {
    const index = new VersionIndex(new Set(this.sources.teams.map((team) => team.name)));
    for (const [scope, update] of this.locks) index.add(scope, update.read.lock, '');
    return index;
  }

  component({ team, document }: ComponentVersionRequest): string {
    const scope = document.origin === 'shared' ? SHARED_SCOPE : team;
    return this.lock(scope).next.entries[componentKey(document.name)]!.version;
  }

  pinSharedComponent(document: string, version: string): { current: string; recorded: string[] } {
    const key = componentKey(document);
    const { read, next } = this.lock(SHARED_SCOPE);
    const entry = next.entries[key]!;
    const committed = [read.lock.entries[key]?.version, ...(read.lock.entries[key]?.earlier ?? [])].filter((v) => v !== undefined);
    const recorded = sortedVersions([...this.main.versionsOf(SHARED_SCOPE, key).keys(), ...committed, entry.version]);
    // The entry keeps the versions images pin, so the lock alone (no git, a shallow clone) still vouches for them.
    if (recorded.includes(version) && semver.lt(version, entry.version))
      entry.earlier = sortedVersions([...(entry.earlier ?? []), version]);
    return { current: entry.version, recorded };
  }

  parentPin({ team, image }: { team: string; image: string }): ParentPin | undefined {
    this.lookups.add(pinKey(team, image));
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
    const prints = fingerprintsOf(this.schemes, (scheme) => scheme.recipe(args));
    const digests = recipeArguments(args);
    const loaded = this.sources.teams.find((t) => t.name === team)!;
    const origin = recipeOrigin(loaded.source.file, loaded.config.region ?? this.sources.platform.defaultRegion);
    const version = this.decide(team, key, prints, { shape, arguments: digests }, (previous) => {
      // A pinned parent's move has its own reason (the AMIs before and after).
      const changes = argumentChanges(previous.arguments, digests, origin)?.filter(
        (change) => !(parentUpdate && change.startsWith('parent_image ')),
      );
      return previous.shape ? recipeBump(previous.shape, shape, parentUpdate, changes) : undefined;
    });
    const entry = this.lock(team).next.entries[key]!;
    // Only versions main's history holds can have built AMIs that the lifecycle policy must still select.
    const earlier = sortedVersions([...this.main.versionsOf(team, key).keys()].filter((v) => semver.lt(v, version))).slice(
      -(RECIPE_VERSIONS_KEPT - 1),
    );
    if (earlier.length) entry.earlier = earlier;
    return { version, earlier };
  }

  /**
   * Every lock with its next content and every bump, removed entries retired; `undercuts`: lock
   * entries below a version main's history had, or at a version it had with other content;
   * `problems`: versions that cannot be decided; `ids`: every entry, as `--bump` names it.
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
      if (!update.read.damage.length && this.fromGit) undercuts.push(...this.undercuts(scope, update.read));
      for (const [key, entry] of Object.entries(entries)) {
        if (update.next.entries[key]) continue;
        // A recipe whose parent lookup has no pin that fits is still defined: it keeps its entry until it is pinned.
        if (this.lookups.has(pinKey(scope, key.replace(/^recipe:/, '')))) {
          update.next.entries[key] = entry;
          continue;
        }
        update.next.retired[key] = highestVersion([entry.version, retired[key], ...this.main.versionsOf(scope, key).keys()])!;
        this.bumps.push({ id: `${scope}/${key}`, from: entry.version, to: '-', kind: 'removed', reasons: ['no longer defined'] });
      }
      for (const [key, version] of Object.entries(retired)) {
        if (!update.next.entries[key]) update.next.retired[key] = highestVersion([version, update.next.retired[key]])!;
      }
    }
    const unusedForces = [...this.forced.keys()].filter((id) => !this.usedForces.has(id));
    const ids = [...this.locks].flatMap(([scope, update]) => Object.keys(update.next.entries).map((key) => `${scope}/${key}`)).sort();
    return {
      locks: [...this.locks.values()],
      bumps: this.bumps,
      unusedForces,
      satisfiedForces: this.satisfiedForces,
      undercuts,
      problems: this.problems,
      ids,
    };
  }

  /**
   * Entries of a lock below the highest version main's history had (unless the branch left them
   * as they were at the merge base), or at a version main's history holds with other content.
   */
  private undercuts(scope: string, read: ReadLock): Problem[] {
    return Object.entries(read.lock.entries).flatMap(([key, entry]): Problem[] => {
      const records = this.main.versionsOf(scope, key);
      const floor = highestVersion(records.keys());
      const base = this.base.latest(scope, key)?.entry;
      const same = this.sameStoredContent(`${scope}/${key}`);
      const unchangedSinceBase = !this.onBase && base?.version === entry.version && same(base.fingerprint, entry.fingerprint);
      const at = { severity: 'error' as const, file: read.file, path: `entries.${key}.version`, ...versionPosition(read.text, key) };
      const id = `${scope}/${key}`;
      if (floor && semver.lt(entry.version, floor) && !unchangedSinceBase) {
        return [
          {
            ...at,
            message: `${id} is at ${entry.version}, below ${floor}, which it had at commit ${shortCommit(records.get(floor)!.commit)}: a version already deployed would collide with it`,
            hint: 'run `npm run versions`: it moves the entry above every version it ever had, or back to that version where the content is the same',
          },
        ];
      }
      const held = records.get(entry.version);
      if (!held?.entry || same(held.entry.fingerprint, entry.fingerprint) || unchangedSinceBase) return [];
      return [
        {
          ...at,
          message: `${id} is at ${entry.version}, which ${this.label} already holds with other content since commit ${shortCommit(held.commit)}: one version would name two contents`,
          hint: 'run `npm run versions` to bump above it',
        },
      ];
    });
  }

  /** Whether two stored fingerprints are one content: equal, or today's content of the entry under two schemes. */
  private sameStoredContent(id: string): (a: string, b: string) => boolean {
    const prints = this.prints.get(id);
    return (a, b) => a === b || (prints !== undefined && sameContent(prints, a) && sameContent(prints, b));
  }

  private lock(scope: string): LockUpdate {
    let update = this.locks.get(scope);
    if (!update) {
      update = {
        read: readLock(this.root, lockFileOf(scope)),
        next: { entries: {}, retired: {}, fingerprintScheme: this.schemes.current },
      };
      this.locks.set(scope, update);
    }
    return update;
  }

  private decideComponent(scope: string, document: ComponentDocument): void {
    const contract: ComponentInterface = {
      parameters: document.parameters.map((p) => ({ name: p.name, type: p.type, required: p.default === undefined })),
      phases: document.phases,
    };
    const { kmsKeys } = this.sources.platform;
    const prints = fingerprintsOf(this.schemes, (scheme) => scheme.component(document, kmsKeys));
    const digests = componentArguments(document, kmsKeys);
    this.decide(scope, componentKey(document.name), prints, { interface: contract, arguments: digests }, (previous) =>
      previous.interface
        ? componentBump(previous.interface, contract, argumentChanges(previous.arguments, digests, componentOrigin(document)))
        : undefined,
    );
  }

  /**
   * The version of an entry, from main's history of its AWS name and the merge base, never from
   * the branch's own commits (they deployed nothing):
   * - the lock's version, when it holds this content above every version main's history has (the
   *   branch bumped already);
   * - on a branch, the merge base's version when the content is as it was there;
   * - the highest version main's history has, when it held this content;
   * - a new entry: 1.0.0 (or the version the branch gave it);
   * - otherwise one bump above the highest version main's history has, of the kind the change
   *   since the merge base needs; the lock's version when the branch already went that far.
   * A forced kind raises the version only as far as needed to be that bump above the merge base.
   */
  private decide(
    scope: string,
    key: string,
    prints: Fingerprints,
    details: Pick<LockEntry, 'interface' | 'shape' | 'arguments'>,
    infer: (previous: LockEntry) => BumpDecision | undefined,
  ): string {
    const update = this.lock(scope);
    const id = `${scope}/${key}`;
    const fingerprint = prints.current;
    const same = (stored: string | undefined) => sameContent(prints, stored);
    this.prints.set(id, prints);
    const current = update.read.lock.entries[key];
    const records = this.main.versionsOf(scope, key);
    const floor = highestVersion(records.keys());
    const base = this.base.latest(scope, key)?.entry;
    const heldAt = (version: string | undefined) => (version ? records.get(version)?.entry?.fingerprint : undefined);
    const aboveHistory = (version: string) => !floor || semver.gt(version, floor);
    let decision: Decision;
    if (same(current?.fingerprint) && aboveHistory(current!.version)) {
      decision = { version: current!.version };
    } else if (!this.onBase && same(base?.fingerprint) && same(heldAt(base!.version))) {
      decision = this.restore(current, base!.version, records);
    } else if (floor && same(heldAt(floor))) {
      decision = this.restore(current, floor, records);
    } else if (!floor) {
      decision = current
        ? {
            version: current.version,
            kind: 'kept',
            reasons: [`content changed; ${this.label} has no version of it yet, so it keeps the one it has`],
          }
        : { version: INITIAL_VERSION, kind: 'new', reasons: ['new'] };
    } else {
      decision = this.bump(id, key, update.read, {
        prints,
        floor,
        floorContent: heldAt(floor),
        current,
        previous: base ?? records.get(floor)?.entry ?? current,
        floorCommit: records.get(floor)!.commit,
        infer,
      });
    }
    const version = this.force(id, key, update.read, decision, { floor, base: base?.version });
    if (!decision.kind && version === current?.version && current.fingerprint !== fingerprint && same(current.fingerprint)) {
      const from = update.read.lock.fingerprintScheme ?? UNMARKED_LOCK_SCHEME;
      decision.kind = 'migrated';
      decision.reasons = [`fingerprint scheme ${from} -> ${this.schemes.current}: the same content, so ${version} is kept`];
    }
    if (version !== current?.version || decision.kind === 'kept' || decision.kind === 'migrated') {
      if (decision.kind)
        this.bumps.push({
          id,
          ...(current ? { from: current.version } : {}),
          to: version,
          kind: decision.kind,
          reasons: decision.reasons ?? [],
        });
    }
    update.next.entries[key] = { version, fingerprint, ...details };
    return version;
  }

  /** Back to a version main's history held with the same content. */
  private restore(current: LockEntry | undefined, version: string, records: VersionRecords): Decision {
    if (current?.version === version) return { version };
    const commit = records.get(version)!.commit;
    return { version, kind: 'restored', reasons: [`the same content had ${version}${commit ? ` at commit ${shortCommit(commit)}` : ''}`] };
  }

  /** Applies `--bump <id>=<kind>`: at least that bump above the entry's version at the merge base. */
  private force(id: string, key: string, read: ReadLock, decision: Decision, { floor, base }: { floor?: string; base?: string }): string {
    const kind = this.forced.get(id);
    if (!kind) return decision.version;
    this.usedForces.add(id);
    const least = base ? semver.inc(base, kind) : null;
    if (!least || !semver.lt(decision.version, least)) {
      this.satisfiedForces.push({ id, kind, ...(base ? { base } : {}), version: decision.version });
      return decision.version;
    }
    const from = highestVersion([floor, base])!;
    const bigger = decision.inferred ? largerBump(kind, decision.inferred) : kind;
    const forced = this.nextOrProblem(id, key, read, from, bigger);
    decision.kind = bigger;
    decision.reasons = [...(decision.inferred ? (decision.reasons ?? []) : []), `${kind} bump forced from the command line`];
    return forced ?? decision.version;
  }

  /** One bump above `floor`, or the lock's version when the branch already took it that far. */
  private bump(
    id: string,
    key: string,
    read: ReadLock,
    {
      prints,
      floor,
      floorContent,
      current,
      previous,
      floorCommit,
      infer,
    }: {
      prints: Fingerprints;
      floor: string;
      /** The fingerprint main's history last had at `floor`, if known. */
      floorContent?: string;
      current?: LockEntry;
      previous?: LockEntry;
      floorCommit: string;
      infer: (previous: LockEntry) => BumpDecision | undefined;
    },
  ): Decision {
    const inferred: BumpDecision = !previous
      ? { kind: 'major', reasons: [] }
      : sameContent(prints, previous.fingerprint)
        ? { kind: 'patch', reasons: [] }
        : (infer(previous) ?? { kind: 'patch', reasons: ['lock entry was rebuilt'] });
    const required = this.nextOrProblem(id, key, read, floor, inferred.kind) ?? floor;
    if (current && semver.gt(current.version, floor) && semver.gte(current.version, required)) {
      return {
        version: current.version,
        kind: 'kept',
        reasons: [...inferred.reasons, `already a ${inferred.kind} bump or more above ${floor}, the highest version of ${this.label}`],
      };
    }
    const reasons = [...inferred.reasons];
    if (!current || semver.gt(floor, current.version) || current.fingerprint !== floorContent || !reasons.length)
      reasons.push(whyAbove(floor, current, floorCommit));
    return {
      version: required,
      kind: previous ? inferred.kind : 'new',
      reasons: previous ? reasons : [`new (${reasons.join('; ')})`],
      inferred: inferred.kind,
    };
  }

  /** The next version, or undefined with a problem at the entry past Image Builder's limits. */
  private nextOrProblem(id: string, key: string, read: ReadLock, from: string, kind: BumpKind): string | undefined {
    try {
      return nextVersion(from, kind);
    } catch (error) {
      if (!(error instanceof VersionLimitError)) throw error;
      this.problems.push({
        severity: 'error',
        file: read.file,
        path: `entries.${key}.version`,
        ...versionPosition(read.text, key),
        message: `${id}: ${error.message}`,
        hint:
          kind === 'major'
            ? 'give it a new name: a new entry starts again at 1.0.0'
            : `force a bigger bump: npm run versions -- --bump ${id}=${kind === 'patch' ? 'minor' : 'major'}`,
      });
      return undefined;
    }
  }
}

/** A version decided for an entry, and how to print it when it changes. */
interface Decision {
  version: string;
  kind?: Bump['kind'];
  reasons?: string[];
  /** The bump kind the content change needs, when the version was bumped for it. */
  inferred?: BumpKind;
}

/** Why a version goes above `floor` when the content alone does not say. */
function whyAbove(floor: string, current: LockEntry | undefined, commit: string): string {
  const where = commit ? ` at commit ${shortCommit(commit)}` : '';
  return current?.version === floor ? `${floor} had other content${where}` : `versions up to ${floor} were used before${where}`;
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

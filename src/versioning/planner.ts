/**
 * Decides every version from the committed locks and the current content, and works out the
 * locks that should be committed next. Plugged into fleet resolution as its VersionResolver.
 */
import type { ComponentDocument } from '../components/document.js';
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
} from './bump.js';
import { componentFingerprint, recipeFingerprint } from './fingerprint.js';
import { LOCK_FILE_NAME, readLock, sortedVersions, type Lock, type LockEntry, type ReadLock } from './lock-file.js';

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
  kind: BumpKind | 'new' | 'removed';
  reasons: string[];
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

  constructor(
    private readonly root: string,
    private readonly sources: FleetSources,
    private readonly forced: ReadonlyMap<string, BumpKind> = new Map(),
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

  recipe({ team, image, platform, parentImage, args }: RecipeVersionRequest): RecipeVersions {
    const shape: RecipeShape = { parentFamily: parentImage.family, platform, components: args.components.map(componentIdentity) };
    const key = `recipe:${image}`;
    const version = this.decide(team, key, recipeFingerprint(args), { shape }, (previous) =>
      previous.shape ? recipeBump(previous.shape, shape) : undefined,
    );
    const entry = this.lock(team).next.entries[key]!;
    const previous = this.lock(team).read.lock.entries[key];
    const earlier = sortedVersions([...(previous?.earlier ?? []), ...(previous ? [previous.version] : [])].filter((v) => v !== version)).slice(
      -(RECIPE_VERSIONS_KEPT - 1),
    );
    if (earlier.length) entry.earlier = earlier;
    return { version, earlier };
  }

  /** Every lock with its next content and every bump, removed entries retired. */
  finish(): { locks: LockUpdate[]; bumps: Bump[]; unusedForces: string[] } {
    for (const [scope, update] of this.locks) {
      const { entries, retired } = update.read.lock;
      for (const [key, entry] of Object.entries(entries)) {
        if (update.next.entries[key]) continue;
        update.next.retired[key] = highestVersion([entry.version, retired[key]])!;
        this.bumps.push({ id: `${scope}/${key}`, from: entry.version, to: '-', kind: 'removed', reasons: ['no longer defined'] });
      }
      for (const [key, version] of Object.entries(retired)) {
        if (!update.next.entries[key]) update.next.retired[key] = highestVersion([version, update.next.retired[key]])!;
      }
    }
    const unusedForces = [...this.forced.keys()].filter((id) => !this.usedForces.has(id));
    return { locks: [...this.locks.values()], bumps: this.bumps, unusedForces };
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
   * Same fingerprint: same version. Otherwise a version strictly above every version this
   * entry ever had (so a revert bumps too), by the inferred kind or a bigger forced one.
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
    const forced = this.forced.get(id);
    if (forced) this.usedForces.add(id);
    let version: string;
    if (previous && previous.fingerprint === fingerprint && !forced) {
      version = previous.version;
    } else if (!previous) {
      version = retired ? nextVersion(retired, 'major') : INITIAL_VERSION;
      const reasons = retired ? [`new (versions up to ${retired} were used before)`] : ['new'];
      this.bumps.push({ id, to: version, kind: 'new', reasons });
    } else {
      const inferred =
        previous.fingerprint === fingerprint
          ? { kind: 'patch' as const, reasons: [] }
          : (infer(previous) ?? { kind: 'patch' as const, reasons: ['lock entry was rebuilt'] });
      const kind = forced ? largerBump(forced, inferred.kind) : inferred.kind;
      const reasons = forced ? [...inferred.reasons, `${forced} bump forced from the command line`] : inferred.reasons;
      version = nextVersion(highestVersion([previous.version, retired])!, kind);
      this.bumps.push({ id, from: previous.version, to: version, kind, reasons });
    }
    update.next.entries[key] = { version, fingerprint, ...details };
    return version;
  }
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

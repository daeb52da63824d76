/** Loading the fleet with versions from the locks, and bringing the locks up to date. */
import type { Problem } from '../core/problems.js';
import { loadFleet, type FleetLoad } from '../model/fleet/load.js';
import { readLockHistory } from './lock-history.js';
import { serializeLock } from '../config/lock-schema.js';
import { VersionPlanner, type Bump, type LockUpdate, type PlannerOptions, type SatisfiedForce } from './planner.js';
import { writeTogether } from '../core/write-together.js';

/** The fleet with its versions decided, and what the locks should become. */
export interface VersionedFleet extends FleetLoad {
  /** Absent when the config could not be read far enough to decide versions. */
  plan?: VersionPlan;
}

export interface VersionPlan {
  bumps: Bump[];
  /** Locks whose committed text differs from what they should be. */
  staleLocks: LockUpdate[];
  /**
   * What is wrong with the locks as they are, fixed by `npm run versions`: unreadable (bad JSON,
   * wrong shape, conflict markers, repeated keys), or an entry below a version its history had.
   */
  damage: Problem[];
  /** Forced bumps naming entries that do not exist. */
  unusedForces: string[];
  /** Forced bumps already met: the entry is that far above the base already, or new since it. */
  satisfiedForces: SatisfiedForce[];
  /** Every entry id, as `--bump` names it, sorted. */
  ids: string[];
  /** Why the locks' git history was not (fully) consulted, if it was not. */
  historyWarning?: string;
  /** Whether the history came from a shallow clone (incomplete). */
  shallow: boolean;
}

/**
 * Loads and resolves the fleet, deciding every version from the content, the locks and the base
 * branch's history (nothing is written): the one implementation behind `npm run versions`,
 * `--bump`, `validate` and synth's automatic bump. Versions that cannot be decided are among the
 * returned problems. The history is read from git (`readLockHistory`) unless given.
 */
export function loadVersionedFleet(root: string, options: PlannerOptions = {}): VersionedFleet {
  const history = options.history ?? readLockHistory(root);
  let planner: VersionPlanner | undefined;
  const load = loadFleet(root, (sources) => (planner = new VersionPlanner(root, sources, { ...options, history })));
  if (!planner) return load;
  const { locks, bumps, unusedForces, satisfiedForces, undercuts, problems, ids } = planner.finish();
  load.problems.addAll(problems);
  const { fleet, ...undecided } = load;
  return {
    ...(problems.length ? undecided : { ...undecided, fleet }),
    plan: {
      bumps,
      staleLocks: locks.filter((update) => serializeLock(update.next) !== update.read.text),
      damage: [...locks.flatMap((update) => update.read.damage), ...undercuts],
      unusedForces,
      satisfiedForces,
      ids,
      shallow: history.shallow,
      ...(history.warning ? { historyWarning: history.warning } : {}),
    },
  };
}

/** Writes every stale lock, all or none (throws a WriteError naming the file); returns the files written. */
export function writeLocks(root: string, plan: VersionPlan): string[] {
  writeTogether(
    root,
    plan.staleLocks.map((update) => ({ file: update.read.file, text: serializeLock(update.next) })),
  );
  return plan.staleLocks.map((update) => update.read.file);
}

/** `shared/component:update-os  1.0.0 -> 1.1.0  minor: parameter "x" added with a default` */
export function formatBump(bump: Bump): string {
  if (bump.kind === 'kept' || bump.kind === 'migrated') return `${bump.id}  ${bump.to} ${bump.kind}: ${bump.reasons.join('; ')}`;
  const change = bump.kind === 'removed' ? `${bump.from!} -> removed` : `${bump.from ?? 'new'} -> ${bump.to}`;
  const kind = bump.kind === 'new' || bump.kind === 'removed' ? '' : ` ${bump.kind}`;
  return `${bump.id}  ${change}${kind}: ${bump.reasons.join('; ')}`;
}

/** Loading the fleet with versions from the locks, and bringing the locks up to date. */
import type { Problem } from '../config/problems.js';
import { loadFleet, type FleetLoad } from '../fleet/load.js';
import type { BumpKind } from './bump.js';
import { serializeLock, writeLock } from './lock-file.js';
import { VersionPlanner, type Bump, type LockUpdate } from './planner.js';

/** The fleet with its versions decided, and what the locks should become. */
export interface VersionedFleet extends FleetLoad {
  /** Absent when the config could not be read far enough to decide versions. */
  plan?: VersionPlan;
}

export interface VersionPlan {
  bumps: Bump[];
  /** Locks whose committed text differs from what they should be. */
  staleLocks: LockUpdate[];
  /** Locks that could not be read as they are (bad JSON, wrong shape, conflict markers). */
  damage: Problem[];
  /** Forced bumps naming entries that do not exist. */
  unusedForces: string[];
}

/** Loads and resolves the fleet, deciding every version from the locks (nothing is written). */
export function loadVersionedFleet(root: string, forced: ReadonlyMap<string, BumpKind> = new Map()): VersionedFleet {
  let planner: VersionPlanner | undefined;
  const load = loadFleet(root, (sources) => (planner = new VersionPlanner(root, sources, forced)));
  if (!planner) return load;
  const { locks, bumps, unusedForces } = planner.finish();
  return {
    ...load,
    plan: {
      bumps,
      staleLocks: locks.filter((update) => serializeLock(update.next) !== update.read.text),
      damage: locks.flatMap((update) => update.read.damage),
      unusedForces,
    },
  };
}

/** Writes every stale lock (atomically); returns the files written. */
export function writeLocks(root: string, plan: VersionPlan): string[] {
  for (const update of plan.staleLocks) writeLock(root, update.read.file, update.next);
  return plan.staleLocks.map((update) => update.read.file);
}

/** `shared/component:update-os  1.0.0 -> 1.1.0  minor: parameter "x" added with a default` */
export function formatBump(bump: Bump): string {
  const change = bump.kind === 'new' ? `new -> ${bump.to}` : bump.kind === 'removed' ? `${bump.from} -> removed` : `${bump.from} -> ${bump.to}`;
  const kind = bump.kind === 'new' || bump.kind === 'removed' ? '' : ` ${bump.kind}`;
  return `${bump.id}  ${change}${kind}: ${bump.reasons.join('; ')}`;
}

/**
 * Writing what `npm run pin-parents` found: the lookups that matched are pinned, whatever the
 * others did. A lookup without a pin that fits (it failed, or was not selected) keeps its recipe's
 * lock entry and blocks nothing here; it stays an error of `validate` and `synth` until pinned.
 */
import type { Problem } from '../../core/problems.js';
import { awaitsPin } from '../../model/fleet/parent-image.js';
import type { Bump } from '../../versioning/planner.js';
import { loadVersionedFleet, writeLocks } from '../../versioning/sync.js';
import { pinsOf, type LookupResult } from './lookups.js';

/**
 * What pinning did: the problems that stopped it (nothing written), or the bumps, the locks
 * written, and the lookups outside this run (not selected) that still have no pin that fits.
 */
export type PinOutcome = { blocked: Problem[] } | { bumps: Bump[]; written: string[]; unselected: Problem[] };

/**
 * Pins every lookup that found an AMI and writes the locks, all or none (a WriteError names the
 * file). Problems other than lookups still waiting for a pin block.
 */
export function applyPins(root: string, results: readonly LookupResult[]): PinOutcome {
  const { problems, plan } = loadVersionedFleet(root, { newPins: pinsOf(results) });
  const blocked = problems.errors.filter((problem) => !awaitsPin(problem));
  if (blocked.length || !plan) return { blocked };
  const written = writeLocks(root, plan);
  const tried = (problem: Problem) => results.some((result) => result.file === problem.file && result.path === problem.path);
  return { bumps: plan.bumps, written, unselected: problems.errors.filter((problem) => awaitsPin(problem) && !tried(problem)) };
}

/** What `cdktf synth` runs (through main.ts): check everything, settle versions, synthesise. */
import { buildApp } from '../app.js';
import { formatProblems } from '../config/problems.js';
import type { BuildInfo } from '../fleet/build-info.js';
import { formatBump, loadVersionedFleet, writeLocks } from '../versioning/sync.js';
import { reportProblems } from './output.js';

/**
 * Synthesises every team stack into `outdir` (default: what the cdktf CLI asks for) and returns
 * the exit code. Nothing is written when any input is wrong. Locally a stale version lock is
 * brought up to date first; with `ci` set it is an error.
 */
export function synthesizeFleet(root: string, options: { ci: boolean; outdir?: string; buildInfo?: BuildInfo }): number {
  const { fleet, problems, plan } = loadVersionedFleet(root);
  if (reportProblems(problems) || !fleet || !plan) {
    console.error('Nothing was synthesised. Fix the problems above and run again.');
    return 1;
  }
  if (plan.damage.length) {
    console.error(formatProblems(plan.damage));
    console.error('Nothing was synthesised. Run `npm run versions` to rebuild the damaged lock files.');
    return 1;
  }
  if (plan.staleLocks.length) {
    if (options.ci) {
      console.error('Version locks are out of date:');
      for (const bump of plan.bumps) console.error(`  ${formatBump(bump)}`);
      console.error('Nothing was synthesised. Run `npm run versions` and commit the updated versions.lock.json files.');
      return 1;
    }
    for (const file of writeLocks(root, plan)) console.log(`Updated ${file}`);
    for (const bump of plan.bumps) console.log(`  ${formatBump(bump)}`);
  }
  buildApp(fleet, options).synth();
  return 0;
}

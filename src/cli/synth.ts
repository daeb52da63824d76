/**
 * What `cdktf synth` runs (through main.ts): check everything, settle versions, synthesise into a
 * staging folder, judge it with the policy checks, and only then replace the output folder.
 * Any problem leaves the output folder and the version locks exactly as they were.
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { formatProblems } from '../config/problems.js';
import { listTeamFolders } from '../config/teams.js';
import type { Fleet } from '../fleet/model.js';
import { evaluatePolicies, violationProblems, type PolicyResult } from '../policy/evaluate.js';
import { readSynthesizedStacks } from '../policy/synthesized.js';
import { synthesizeTeams, withSynthesisThreads, type ShareOptions, type SynthesisThreads } from '../synthesis/parallel.js';
import { formatBump, loadVersionedFleet, writeLocks, type VersionedFleet } from '../versioning/sync.js';
import { reportProblems } from './output.js';

export const DEFAULT_OUTDIR = 'cdktf.out';

export interface SynthOptions extends ShareOptions {
  /** With `ci`, a stale version lock is an error instead of being brought up to date. */
  ci: boolean;
  outdir?: string;
  /** Threads to synthesise with; by default chosen from the number of teams and cores. */
  threads?: number;
}

/** Synthesises every team stack into the output folder; resolves to the exit code. */
export function synthesizeFleet(root: string, options: SynthOptions): Promise<number> {
  // The threads start first, so that the workers load their modules while the configuration is read.
  return withSynthesisThreads(listTeamFolders(root).length, (threads) => synthesizeWith(threads, root, options), options.threads);
}

async function synthesizeWith(threads: SynthesisThreads, root: string, options: SynthOptions): Promise<number> {
  const outdir = resolve(root, options.outdir ?? process.env.CDKTF_OUTDIR ?? DEFAULT_OUTDIR);
  const loaded = loadVersionedFleet(root);
  const fleet = checkedFleet(loaded, options.ci);
  if (!fleet) return 1;
  const staging = mkdtempSync(join(dirname(outdir), `.${basename(outdir)}-`));
  try {
    const stackOptions = { buildInfo: options.buildInfo, role: options.role };
    const policy = await synthesizeAndCheck(fleet, staging, { ...stackOptions, threads });
    if (policy.violations.length) {
      console.error(formatProblems(violationProblems(policy.violations)));
      console.error('Nothing was synthesised: the configuration breaks the policy checks above.');
      return 1;
    }
    if (options.hcl) {
      rmSync(staging, { recursive: true, force: true });
      await threads.synthesize(fleet.teams, staging, { ...stackOptions, hcl: true });
    }
    for (const file of writeLocks(root, loaded.plan!)) console.log(`Updated ${file}`);
    for (const bump of loaded.plan!.bumps) console.log(`  ${formatBump(bump)}`);
    // Start from a clean folder: a stale cdk.tf beside a new cdk.tf.json breaks terraform init.
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Synthesises JSON into `outdir` and runs every policy check on what was written; with the
 * `threads` of a caller that started them early, or else with threads of its own.
 */
export async function synthesizeAndCheck(
  fleet: Fleet,
  outdir: string,
  { threads, ...options }: Omit<ShareOptions, 'hcl'> & { threads?: SynthesisThreads } = {},
): Promise<PolicyResult> {
  const json = { ...options, hcl: false };
  if (threads) await threads.synthesize(fleet.teams, outdir, json);
  else await synthesizeTeams(fleet.teams, outdir, json);
  return evaluatePolicies(readSynthesizedStacks(outdir), fleet);
}

/** The fleet when config and locks allow synthesis; otherwise prints why and returns undefined. */
function checkedFleet({ fleet, problems, plan }: VersionedFleet, ci: boolean): Fleet | undefined {
  if (reportProblems(problems) || !fleet || !plan) {
    console.error('Nothing was synthesised. Fix the problems above and run again.');
    return undefined;
  }
  if (plan.damage.length) {
    console.error(formatProblems(plan.damage));
    console.error('Nothing was synthesised. Run `npm run versions` to rebuild the damaged lock files.');
    return undefined;
  }
  if (ci && plan.staleLocks.length) {
    console.error('Version locks are out of date:');
    for (const bump of plan.bumps) console.error(`  ${formatBump(bump)}`);
    console.error('Nothing was synthesised. Run `npm run versions` and commit the updated versions.lock.json files.');
    return undefined;
  }
  return fleet;
}

/**
 * What `cdktf synth` runs (through main.ts): check everything, settle versions, synthesise into a
 * staging folder, judge it with the policy checks, render the HCL review copies when asked, and only
 * then replace the output folder.
 * Any problem leaves the output folder and the version locks exactly as they were.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fleetBuildInfo } from '../ci/source-commit.js';
import { conformanceProblems } from '../conformance/problems.js';
import { formatProblems, type Problem } from '../config/problems.js';
import type { YamlSource } from '../config/yaml-source.js';
import { listTeamFolders } from '../config/teams.js';
import type { BuildInfo } from '../fleet/build-info.js';
import type { Fleet } from '../fleet/model.js';
import { evaluatePolicies, violationProblems, type PolicyResult } from '../policy/evaluate.js';
import { readSynthesizedStacks, type SynthesizedStack } from '../policy/synthesized.js';
import { renderHcl } from '../synthesis/hcl.js';
import { synthesizeTeams, withSynthesisThreads, type ShareOptions, type SynthesisThreads } from '../synthesis/parallel.js';
import { formatBump, loadVersionedFleet, writeLocks, type VersionedFleet } from '../versioning/sync.js';
import { WriteError } from '../versioning/write-together.js';
import { reportProblems } from './output.js';
import { createStagingFolder } from './staging-folder.js';

export const DEFAULT_OUTDIR = 'cdktf.out';
/** Where `--hcl` writes the review copies, `<outdir>/hcl/<team>/cdk.tf`: never beside a cdk.tf.json, which breaks terraform init. */
export const HCL_FOLDER = 'hcl';

export interface SynthOptions extends Omit<ShareOptions, 'buildInfo'> {
  /** What CI says (GITHUB_REPOSITORY, GITHUB_SHA); each team records its own source commit from it. */
  buildInfo?: BuildInfo;
  /** With `ci`, a stale version lock is an error instead of being brought up to date. */
  ci: boolean;
  /** Also write every stack as HCL for review (HCL_FOLDER); the JSON stays what deploys. */
  hcl?: boolean;
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
  const staging = createStagingFolder(outdir);
  try {
    const stackOptions = { buildInfo: await fleetBuildInfo(root, options.buildInfo, loaded.sources!.teams), role: options.role };
    const { violations, conformance, stacks } = await synthesizeAndCheck(fleet, staging, { ...stackOptions, threads, teamSources: teamSourcesOf(loaded) });
    if (violations.length || conformance.length) {
      console.error(formatProblems([...violationProblems(violations), ...conformance]));
      console.error('Nothing was synthesised: the configuration breaks the policy and provider checks above.');
      return 1;
    }
    if (options.hcl) writeHclCopies(staging, stacks);
    const written = writeLocksOrSay(root, loaded);
    if (!written) return 1;
    for (const file of written) console.log(`Updated ${file}`);
    for (const bump of loaded.plan!.bumps) console.log(`  ${formatBump(bump)}`);
    // Start from a clean folder: no stack, and no HCL copy, of an earlier run survives.
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Writes the stale locks (all or none); undefined, with the reason printed, when they could not be written. */
function writeLocksOrSay(root: string, { plan }: VersionedFleet): string[] | undefined {
  try {
    return writeLocks(root, plan!);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    console.error(error.message);
    console.error('Nothing was synthesised.');
    return undefined;
  }
}

/** Every team's team.yaml as loaded, so that findings can point at the line of a value. */
export function teamSourcesOf({ sources }: Pick<VersionedFleet, 'sources'>): Map<string, YamlSource> {
  return new Map((sources?.teams ?? []).map((team) => [team.name, team.source]));
}

/**
 * Synthesises JSON into `outdir` and runs every policy check and the provider's own validation on
 * what was written; with the `threads` of a caller that started them early, or else with threads
 * of its own. Resolves to the findings and the stacks they were found in.
 */
export async function synthesizeAndCheck(
  fleet: Fleet,
  outdir: string,
  { threads, teamSources, ...options }: ShareOptions & { threads?: SynthesisThreads; teamSources?: ReadonlyMap<string, YamlSource> } = {},
): Promise<PolicyResult & { conformance: Problem[]; stacks: SynthesizedStack[] }> {
  if (threads) await threads.synthesize(fleet.teams, outdir, options);
  else await synthesizeTeams(fleet.teams, outdir, options);
  const stacks = readSynthesizedStacks(outdir);
  return { ...evaluatePolicies(stacks, fleet), conformance: conformanceProblems(stacks, fleet, teamSources), stacks };
}

/** Writes every stack's HCL review copy to `<outdir>/hcl/<stack>/cdk.tf`. */
function writeHclCopies(outdir: string, stacks: readonly SynthesizedStack[]): void {
  for (const stack of stacks) {
    const folder = join(outdir, HCL_FOLDER, stack.name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'cdk.tf'), renderHcl(stack.json));
  }
}

/** The fleet when config and locks allow synthesis; otherwise prints why and returns undefined. */
function checkedFleet({ fleet, problems, plan }: VersionedFleet, ci: boolean): Fleet | undefined {
  if (plan?.historyWarning) console.error(`warning: ${plan.historyWarning}`);
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

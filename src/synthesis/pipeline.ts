/**
 * What `cdktf synth` runs (through main.ts): check everything, settle versions, synthesise into a
 * staging folder, judge it with the policy checks, render the HCL review copies when asked, and only
 * then replace the output folder.
 * Any problem leaves the output folder and the version locks exactly as they were.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ROLE_VARIABLE } from '../model/command-roles.js';
import { fleetBuildInfo } from './source-commit.js';
import { checkPolicies, checkProviderRules, findingProblems, type CheckResult } from '../checks/engine.js';
import { consolePrinter, reportProblems, type Printer } from '../core/output.js';
import { formatProblems, type Problem } from '../core/problems.js';
import type { YamlSource } from '../core/yaml-source.js';
import { listTeamFolders } from '../config/teams.js';
import { buildInfoFromEnvironment, type BuildInfo } from '../model/fleet/build-info.js';
import type { Fleet } from '../model/fleet/fleet.js';
import { readSynthesizedStacks, type SynthesizedStack } from '../checks/synthesized.js';
import { foundationStackProblems, planFoundation } from './foundation.js';
import { renderHcl } from './hcl.js';
import { manifestForCliHcl, readManifest, STACKS_FOLDER, writeManifest, type Manifest, type StackManifest } from './manifest.js';
import { synthesizeTeams, withSynthesisThreads, type ShareOptions, type SynthesisThreads } from './parallel.js';
import { formatBump, loadVersionedFleet, writeLocks, type VersionedFleet } from '../versioning/sync.js';
import { WriteError } from '../core/write-together.js';
import { createStagingFolder } from './staging-folder.js';
import { codeFingerprint } from './code-fingerprint.js';
import { cachedStack, keptStackJson, passedChecks, planSynthesis, writeInto, writeKeptStack, type KeptStack } from './incremental.js';
import { runFingerprint, sha256, stackKeys } from './stack-keys.js';
import { readSynthCache, removeSynthCache, synthCacheFile, writeSynthCache, type SynthCache } from './synth-cache.js';
import { replaceOutputFolder } from './terraform-working-files.js';

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
  /** Synthesise every stack, whatever the cache beside the output folder says (`--full`; always under the cdktf CLI). */
  full?: boolean;
  /** The project whose code runs (its fingerprint is part of every stack's inputs); by default the one this code is in. */
  codeRoot?: string;
  /**
   * The cdktf CLI runs this process (`cdktf synth/diff/deploy` through main.ts) and works on the
   * output folder after it: it deletes the stack folders of removed teams itself (failing when one
   * is already gone), and with `--hcl` it runs its formatter over the manifest's stack files.
   */
  underCdktfCli?: boolean;
  /** Told what was written, once the output folder is in place. */
  onWritten?: (written: SynthesisWritten) => void;
  /** Where the run prints the locks it updated and every problem; by default the console. */
  print?: Printer;
  /** The environment a command runs in (it says whether this is the bootstrap); by default this process's. */
  env?: NodeJS.ProcessEnv;
}

/** What a successful synth wrote. */
export interface SynthesisWritten {
  /** The output folder (absolute). */
  outdir: string;
  teams: number;
  images: number;
  /** Every stack written: one per team, and any other (the platform's own). */
  stacks: number;
  /** Whether the HCL review copies were written too. */
  hcl: boolean;
  /** The stacks synthesised in this run; the others were kept from the earlier output, nothing they are made from having changed. */
  synthesised: string[];
}

/** The options that come from the environment, the same for `cdktf synth` (main.ts) and `npm run synth`. */
export function synthOptionsFromEnvironment(env: NodeJS.ProcessEnv): Pick<SynthOptions, 'ci' | 'buildInfo' | 'role'> {
  return {
    ci: Boolean(env.CI),
    buildInfo: buildInfoFromEnvironment(env),
    // Read-only unless a job asks for the writer: the deploy workflows (and the bootstrap) set GOLDEN_AMI_ROLE=deploy,
    // so a person's local `cdktf diff` never assumes the deploy or foundation role by default.
    role: env[ROLE_VARIABLE] === 'deploy' ? 'deploy' : 'plan',
  };
}

/**
 * Synthesises every team stack into the output folder; resolves to the exit code. Unless `full`,
 * the stacks whose inputs did not change since the last synth into that folder are kept as they
 * are (incremental.ts), and the output is byte for byte what a full synth writes.
 */
export function synthesizeFleet(root: string, options: SynthOptions): Promise<number> {
  const outdir = resolve(root, options.outdir ?? DEFAULT_OUTDIR);
  // With no record of an earlier synth every stack is synthesised: the threads start first, so that the workers load
  // their modules while the configuration is read. With one, threads start once it is known what is left to synthesise.
  if (!options.full && existsSync(synthCacheFile(outdir))) return synthesizeWith(root, outdir, options);
  return withSynthesisThreads(listTeamFolders(root).length, (threads) => synthesizeWith(root, outdir, options, threads), options.threads);
}

async function synthesizeWith(root: string, outdir: string, options: SynthOptions, threads?: SynthesisThreads): Promise<number> {
  const { print = consolePrinter } = options;
  const loaded = loadVersionedFleet(root);
  const fleet = checkedFleet(loaded, options.ci, print);
  if (!fleet) return 1;
  const staging = createStagingFolder(outdir);
  try {
    const warn = (message: string) => print.err(`Warning: ${message}`);
    const buildInfo = await fleetBuildInfo(root, options.buildInfo, loaded.sources!.teams, warn);
    const foundation = planFoundation(fleet, root, options.env);
    const keys = stackKeys(fleet, { buildInfo, role: options.role, foundation: foundation.options });
    const cacheFile = synthCacheFile(outdir);
    const fingerprint = runFingerprint(codeFingerprint(options.codeRoot));
    const previous = options.full ? undefined : readSynthCache(cacheFile, fingerprint);
    if (previous && 'untrusted' in previous && existsSync(cacheFile)) print.out(`Synthesising every stack: ${previous.untrusted}.`);
    const cache = previous && 'cache' in previous ? previous.cache : undefined;
    const plan = planSynthesis(fleet.teams, keys, cache, outdir);

    const shared = { buildInfo, role: options.role, ...(plan.foundation ? { foundation: foundation.options } : {}) };
    const synthesised = plan.teams.length > 0 || plan.foundation || plan.kept.length === 0;
    if (synthesised && threads) await threads.synthesize(plan.teams, staging, shared);
    else if (synthesised) await synthesizeTeams(plan.teams, staging, { ...shared, threads: options.threads });
    const fresh = synthesised ? readWrittenStacks(staging) : { version: cache!.manifestVersion, stacks: [] };
    for (const stack of plan.kept) writeKeptStack(staging, stack);
    const manifest: Manifest = {
      version: fresh.version,
      stacks: Object.fromEntries(
        [...fresh.stacks.map(({ entry }) => entry), ...plan.kept.map(({ cached }) => cached.manifest)].map((entry) => [entry.name, entry]),
      ),
    };
    writeManifest(staging, manifest);

    // Every stack that is not a team's is the foundation's.
    const keyOf = (stack: string) => (keys.teams.has(stack) ? keys.teams.get(stack) : keys.foundation);
    const unchecked = plan.kept.filter((stack) => !passedChecks(stack, keyOf(stack.name))).map(keptStackJson);
    const { violations, conformance } = checkStacks([...fresh.stacks.map(({ stack }) => stack), ...unchecked], fleet, foundation, {
      root,
      teamSources: teamSourcesOf(loaded),
    });
    if (violations.length || conformance.length) {
      print.err(formatProblems([...findingProblems(violations), ...conformance]));
      print.err('Nothing was synthesised: the configuration breaks the policy and provider checks above.');
      return 1;
    }
    const hashes = new Map(fresh.stacks.map(({ stack, entry, bytes }) => [stack.name, { [entry.synthesizedStackPath]: sha256(bytes) }]));
    for (const { name, cached } of plan.kept)
      hashes.set(name, { [cached.manifest.synthesizedStackPath]: cached.files[cached.manifest.synthesizedStackPath]! });
    if (options.hcl) {
      for (const stack of fresh.stacks) Object.assign(hashes.get(stack.stack.name)!, writeHclCopy(staging, stack.stack));
      for (const stack of plan.kept) Object.assign(hashes.get(stack.name)!, keepHclCopy(staging, stack));
    }
    if (options.underCdktfCli) prepareForCdktfCli(staging, outdir, Boolean(options.hcl));
    const written = writeLocksOrSay(root, loaded, print);
    if (!written) return 1;
    for (const file of written) print.out(`Updated ${file}`);
    for (const bump of loaded.plan!.bumps) print.out(`  ${formatBump(bump)}`);
    // The record of the old output goes first and the new one is written last: a synth stopped in between leaves none.
    removeSynthCache(cacheFile);
    // No stack, and no HCL copy, of an earlier run survives; Terraform's own files in a stack folder do.
    replaceOutputFolder(staging, outdir);
    recordSynth(cacheFile, warn, {
      fingerprint,
      manifestVersion: manifest.version,
      stacks: Object.fromEntries(
        Object.values(manifest.stacks).map((entry) => [entry.name, cachedStack(keyOf(entry.name)!, entry, hashes.get(entry.name)!)]),
      ),
      foundationStacks: Object.keys(manifest.stacks).filter((name) => !keys.teams.has(name)),
    });
    const images = fleet.teams.reduce((n, team) => n + team.images.length, 0);
    options.onWritten?.({
      outdir,
      teams: fleet.teams.length,
      images,
      stacks: Object.keys(manifest.stacks).length,
      hcl: Boolean(options.hcl),
      synthesised: fresh.stacks.map(({ entry }) => entry.name),
    });
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Writes the record of this synth; one that cannot be written only costs the next synth its increments. */
function recordSynth(file: string, warn: (message: string) => void, cache: SynthCache): void {
  try {
    writeSynthCache(file, cache);
  } catch (error) {
    warn(
      `${file} could not be written (${error instanceof Error ? error.message : String(error)}): the next synth synthesises every stack`,
    );
  }
}

/** The stacks a synth just wrote into `outdir`: each with its manifest entry and the bytes of its cdk.tf.json. */
function readWrittenStacks(outdir: string): {
  version: string;
  stacks: { stack: SynthesizedStack; entry: StackManifest; bytes: Buffer }[];
} {
  const { version, stacks } = readManifest(outdir);
  return {
    version,
    stacks: Object.values(stacks).map((entry) => {
      const bytes = readFileSync(join(outdir, entry.synthesizedStackPath));
      return { entry, bytes, stack: { name: entry.name, json: JSON.parse(bytes.toString('utf8')) as SynthesizedStack['json'] } };
    }),
  };
}

/** What the cdktf CLI reads from cdktf.json before it runs the app. */
export interface CdktfSettings {
  output?: string;
  context?: Record<string, unknown>;
  terraformModules?: (string | { source: string })[];
}

export function readCdktfSettings(root: string): CdktfSettings {
  const file = resolve(root, 'cdktf.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CdktfSettings) : {};
}

/**
 * The context the cdktf CLI hands the app in CDKTF_CONTEXT_JSON: cdktf.json's `context` (else what
 * the variable already holds) plus `cdktfRelativeModules`, the local modules of `terraformModules`.
 */
export function cliContext(settings: CdktfSettings, inherited = process.env.CDKTF_CONTEXT_JSON): Record<string, unknown> {
  const context = settings.context ?? (inherited ? (JSON.parse(inherited) as Record<string, unknown>) : {});
  const isLocal = (source: string) => source.startsWith('./') || source.startsWith('../');
  const cdktfRelativeModules = (settings.terraformModules ?? []).filter((module) =>
    isLocal(typeof module === 'string' ? module : module.source),
  );
  return { ...context, cdktfRelativeModules };
}

/** `Synthesised 2 teams (5 images) into cdktf.out/stacks/ in 1.1 s`, with any other stacks, where the HCL copies are and how many stacks were kept. */
export function summaryLine(written: SynthesisWritten, seconds: number, cwd: string): string {
  const folder = relative(cwd, written.outdir) || '.';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const hcl = written.hcl ? `, HCL review copies in ${folder}/${HCL_FOLDER}/` : '';
  const others = written.stacks - written.teams;
  const what = `${plural(written.teams, 'team')} (${plural(written.images, 'image')})${others > 0 ? ` and ${plural(others, 'other stack')}` : ''}`;
  const unchanged = written.stacks - written.synthesised.length;
  const kept = unchanged > 0 ? ` (${unchanged} of ${plural(written.stacks, 'stack')} unchanged since the last synth, kept)` : '';
  return `Synthesised ${what} into ${folder}/${STACKS_FOLDER}/${hcl} in ${seconds.toFixed(1)} s${kept}`;
}

/** Writes the stale locks (all or none); undefined, with the reason printed, when they could not be written. */
function writeLocksOrSay(root: string, { plan }: VersionedFleet, print: Printer): string[] | undefined {
  try {
    return writeLocks(root, plan!);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    print.err(formatProblems([error.problem]));
    print.err('Nothing was synthesised.');
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
  {
    threads,
    teamSources,
    root = process.cwd(),
    env = process.env,
    teamsOnly = false,
    ...options
  }: ShareOptions & {
    threads?: SynthesisThreads;
    teamSources?: ReadonlyMap<string, YamlSource>;
    root?: string;
    env?: NodeJS.ProcessEnv;
    /** Team stacks only, no foundation stacks (a preview). */
    teamsOnly?: boolean;
  } = {},
): Promise<CheckResult & { conformance: Problem[]; stacks: SynthesizedStack[] }> {
  // The foundation stacks (foundation-<account>) are synthesised and checked with the team stacks.
  const foundation = teamsOnly ? { problems: [] } : planFoundation(fleet, root, env);
  const shared = { ...options, foundation: foundation.options };
  if (threads) await threads.synthesize(fleet.teams, outdir, shared);
  else await synthesizeTeams(fleet.teams, outdir, shared);
  const stacks = readSynthesizedStacks(outdir);
  return { ...checkStacks(stacks, fleet, foundation, { root, teamSources }), stacks };
}

/**
 * The policy checks and the provider's validation of `stacks` (team and foundation stacks), and the
 * problems of teams the foundation cannot serve.
 */
function checkStacks(
  stacks: readonly SynthesizedStack[],
  fleet: Fleet,
  foundation: ReturnType<typeof planFoundation>,
  { root, teamSources }: { root: string; teamSources?: ReadonlyMap<string, YamlSource> },
): CheckResult & { conformance: Problem[] } {
  const conformance = [
    ...findingProblems(checkProviderRules(stacks, fleet, teamSources)),
    ...foundation.problems,
    ...foundationStackProblems(stacks, foundation.options, root),
  ];
  return { ...checkPolicies(stacks, fleet), conformance };
}

/**
 * Leaves the new output folder the way the cdktf CLI expects to find it after the app. The CLI
 * listed the stack folders before running the app and deletes those of teams no longer synthesised
 * (it fails if one is already gone): an empty folder stands in for each until the CLI deletes it.
 * With `--hcl` the manifest points the CLI's formatter at the HCL copies, not at cdk.tf.json.
 */
function prepareForCdktfCli(staging: string, outdir: string, hcl: boolean): void {
  const previous = join(outdir, STACKS_FOLDER);
  if (existsSync(previous)) {
    for (const entry of readdirSync(previous, { withFileTypes: true })) {
      if (entry.isDirectory()) mkdirSync(join(staging, STACKS_FOLDER, entry.name), { recursive: true });
    }
  }
  if (hcl) writeManifest(staging, manifestForCliHcl(readManifest(staging), HCL_FOLDER));
}

/** Writes a stack's HCL review copy to `<outdir>/hcl/<stack>/cdk.tf`; returns its path and sha256. */
function writeHclCopy(outdir: string, stack: SynthesizedStack): Record<string, string> {
  const path = hclCopyPath(stack.name);
  const text = renderHcl(stack.json);
  writeInto(outdir, path, text);
  return { [path]: sha256(text) };
}

/** Writes a kept stack's HCL review copy: the earlier one if it is intact, else rendered again. */
function keepHclCopy(outdir: string, stack: KeptStack): Record<string, string> {
  const path = hclCopyPath(stack.name);
  const earlier = stack.files.get(path);
  if (!earlier) return writeHclCopy(outdir, keptStackJson(stack));
  writeInto(outdir, path, earlier);
  return { [path]: stack.cached.files[path]! };
}

function hclCopyPath(stack: string): string {
  return join(HCL_FOLDER, stack, 'cdk.tf');
}

/** The fleet when config and locks allow synthesis; otherwise prints why and returns undefined (`ci`: a stale lock is a problem too). */
export function checkedFleet({ fleet, problems, plan }: VersionedFleet, ci: boolean, print: Printer): Fleet | undefined {
  if (plan?.historyWarning) print.err(`warning: ${plan.historyWarning}`);
  if (reportProblems(problems, print) || !fleet || !plan) {
    print.err('Nothing was synthesised. Fix the problems above and run again.');
    return undefined;
  }
  if (plan.damage.length) {
    print.err(formatProblems(plan.damage));
    print.err('Nothing was synthesised. Run `npm run versions` to rebuild the damaged lock files.');
    return undefined;
  }
  if (ci && plan.staleLocks.length) {
    print.err('Version locks are out of date:');
    for (const bump of plan.bumps) print.err(`  ${formatBump(bump)}`);
    print.err('Nothing was synthesised. Run `npm run versions` and commit the updated versions.lock.json files.');
    return undefined;
  }
  return fleet;
}

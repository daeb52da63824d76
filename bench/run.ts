/**
 * `npm run bench`: times the cdktf app on synthetic fleets of 1, 10, 100 and 300 teams against a
 * minimal reference app creating the same resources, times `versions --check`, and times the
 * app on the repository's own example teams. On every fleet and the example it also times the
 * synth commands against the app: `npm run synth` (the fast path, npm's start-up included) and
 * `cdktf synth` (the CLI), and checks that both write the same files. Every run is a fresh process.
 *
 * Options and exit codes: `npm run bench -- --help`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { processContext, runCommand, usageError, type CommandSpec } from '../src/commands/command.js';
import { generateFleet } from './fleet-generator.js';
import { measure, runSuccessfully, RunFailedError, summarize, type Command, type ProcessRun } from './measure.js';
import { APP_ENTRY, CDKTF_CLI, REFERENCE_ENTRY, REPO_ROOT, VERSIONS_ENTRY } from './paths.js';
import { formatReport } from './report.js';
import { countBlocks, countDifferences, resourceTotal } from './resource-count.js';
import { currentLoad, describeMachine, type BenchResults, type FleetResult, type SynthCommands } from './results.js';
import { evaluateTargets } from './targets.js';
import { benchOneTeamChanged, formatOneTeamChanged, synthCommand, type OneTeamChangedResult } from './one-team-changed.js';

const DEFAULT_SIZES = [1, 10, 100, 300];
/** Repetitions per fleet size: fewer for the largest fleets, whose runs take longest. */
const repetitionsFor = (teams: number) => (teams >= 300 ? 2 : 3);
const VERSIONS_CHECK_REPETITIONS = 3;
const EXAMPLE_REPETITIONS = 3;

/** Environment of every measured run: CI, so that the app only checks the locks. */
const RUN_ENV = { CI: 'true', CHECKPOINT_DISABLE: '1' };

interface Options {
  out: string;
  sizes: number[];
  keep: boolean;
}

const ONE_TEAM_CHANGED_SIZES = [100, 300, 1000];
/** Incremental synths per fleet in the "one team changed" case, each after changing another team. */
const ONE_TEAM_CHANGED_REPETITIONS = 3;

const options = {
  out: { type: 'string', value: '<file>', description: 'where the results are written (default bench/results.json)' },
  sizes: { type: 'string', value: '<n,n,...>', description: `team counts of the synthetic fleets (default ${DEFAULT_SIZES.join(',')})` },
  keep: { type: 'boolean', description: 'keep the temporary folder with the generated fleets and outputs, e.g. for profiling' },
  'one-team-changed': {
    type: 'boolean',
    description: `only the "one team changed" case: a full synth, then npm run synth after changing one team (default sizes ${ONE_TEAM_CHANGED_SIZES.join(',')})`,
  },
} as const;

const command: CommandSpec<typeof options> = {
  name: 'bench',
  summary:
    "Time the cdktf app on synthetic fleets against a minimal reference app creating the same resources, `versions --check`, and the synth commands (npm run synth, cdktf synth) on the fleets and the repository's example teams.",
  synopsis: '[--out <file>] [--sizes <n,n,...>] [--keep] [--one-team-changed]',
  options,
  details: [
    'Every run is a fresh process. Exit codes: 0 measured, 1 a measured run failed (its output is printed) or the reference does not match, 2 usage errors.',
  ],
  examples: [
    'npm run bench',
    'npm run bench -- --sizes 1,10 --out /tmp/bench.json --keep',
    'npm run bench -- --one-team-changed --sizes 100,300,1000',
  ],
  run: (values, _positionals, io) => {
    const oneTeamChanged = values['one-team-changed'] ?? false;
    const sizesText = values.sizes ?? (oneTeamChanged ? ONE_TEAM_CHANGED_SIZES : DEFAULT_SIZES).join(',');
    const sizes = sizesText.split(',').map(Number);
    if (sizes.some((n) => !Number.isInteger(n) || n < 1))
      return usageError(command, `--sizes ${sizesText}: give team counts like 1,10,100,300`, io);
    if (oneTeamChanged && sizes.some((n) => n < 2))
      return usageError(command, `--sizes ${sizesText}: one team changed needs other teams to keep, give counts of 2 or more`, io);
    const options = { out: resolve(values.out ?? join(REPO_ROOT, 'bench/results.json')), sizes, keep: values.keep ?? false };
    return (oneTeamChanged ? mainOneTeamChanged(options) : main(options)).catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      return 1;
    });
  },
};

function appCommand(label: string, root: string, outdir: string): Command {
  return { label, entry: APP_ENTRY, cwd: root, env: { ...RUN_ENV, CDKTF_OUTDIR: outdir } };
}

function referenceCommand(teams: number, workspace: string, outdir: string): Command {
  return {
    label: `reference app, ${teams} teams`,
    entry: REFERENCE_ENTRY,
    args: [String(teams)],
    cwd: workspace,
    env: { ...RUN_ENV, CDKTF_OUTDIR: outdir },
  };
}

/** `npm run synth -- --output <outdir>` in `root` (a folder with the project's synth script in its package.json). */
function fastSynthCommand(label: string, root: string, outdir: string): Command {
  return {
    label: `npm run synth, ${label}`,
    program: ['npm', 'run', '--silent', 'synth', '--', '--output', outdir],
    cwd: root,
    env: RUN_ENV,
  };
}

/** `cdktf synth --output <outdir>` in `root`, as `npx cdktf synth` runs it. */
function cliSynthCommand(label: string, root: string, outdir: string): Command {
  return { label: `cdktf synth, ${label}`, program: [CDKTF_CLI, 'synth', '--output', outdir], cwd: root, env: RUN_ENV };
}

/** Every file under a folder, by relative path. */
function filesOf(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(folder, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(join(folder, path), 'utf8'));
    }
  };
  walk('');
  return files;
}

/** Throws unless the two output folders hold the same files, byte for byte. */
function assertSameOutput(label: string, expected: string, actual: string): void {
  const [a, b] = [filesOf(expected), filesOf(actual)];
  const differing = [...new Set([...a.keys(), ...b.keys()])].filter((path) => a.get(path) !== b.get(path));
  if (differing.length) throw new Error(`the two synths wrote different files (${label}): ${differing.join(', ')}`);
}

/**
 * Times `npm run synth` and `cdktf synth` against the app (runs interleaved, so that drift on the
 * machine touches all three alike) and checks that the two commands wrote the same files.
 */
async function benchSynthCommands(
  label: string,
  root: string,
  workspace: string,
  runApp: () => Promise<ProcessRun>,
  repetitions: number,
): Promise<SynthCommands> {
  const name = label.replace(/\W+/g, '-');
  const fastOut = join(workspace, `out-${name}-fast`);
  const cliOut = join(workspace, `out-${name}-cli`);
  const runs = { app: [] as ProcessRun[], fast: [] as ProcessRun[], cli: [] as ProcessRun[] };
  for (let i = 1; i <= repetitions; i++) {
    progress(`${label}: synth commands, run ${i}/${repetitions}`);
    runs.app.push(await runApp());
    runs.fast.push(await runSuccessfully(fastSynthCommand(label, root, fastOut)));
    runs.cli.push(await runSuccessfully(cliSynthCommand(label, root, cliOut)));
  }
  assertSameOutput(label, cliOut, fastOut);
  const [app, fast, cli] = [summarize(runs.app), summarize(runs.fast), summarize(runs.cli)];
  return {
    app,
    fast,
    cli,
    fastRatio: fast.wallMs.best / app.wallMs.best,
    cliRatio: cli.wallMs.best / app.wallMs.best,
    fastCpuRatio: fast.cpuMs.best / app.cpuMs.best,
    cliCpuRatio: cli.cpuMs.best / app.cpuMs.best,
  };
}

function versionsCheckCommand(teams: number, root: string, ...extra: string[]): Command {
  return {
    label: `versions --check ${extra.join(' ')}, ${teams} teams`,
    entry: VERSIONS_ENTRY,
    args: ['--check', ...extra],
    cwd: root,
    env: RUN_ENV,
  };
}

function progress(message: string): void {
  console.error(`[bench] ${message}`);
}

/** Writes the fleet of `teams` teams (with current locks) into a new folder of the workspace. */
function prepareFleet(workspace: string, name: string, teams: number): string {
  const root = join(workspace, name);
  mkdirSync(root);
  generateFleet(root, teams);
  return root;
}

/** One unmeasured run of each program, so that its bundle is built and the file cache is warm. */
async function warmUp(workspace: string): Promise<void> {
  progress('warming up');
  const root = prepareFleet(workspace, 'warm-up', 1);
  await runSuccessfully(appCommand('app, warm-up', root, join(workspace, 'out-warm-up-app')));
  await runSuccessfully(referenceCommand(1, workspace, join(workspace, 'out-warm-up-reference')));
  await runSuccessfully(versionsCheckCommand(1, root));
  await runSuccessfully(fastSynthCommand('warm-up', root, join(workspace, 'out-warm-up-fast')));
  await runSuccessfully(cliSynthCommand('warm-up', root, join(workspace, 'out-warm-up-cli')));
}

/** Measures the app, the reference (runs interleaved) and versions --check on one fleet size. */
async function benchFleet(workspace: string, teams: number): Promise<FleetResult> {
  progress(`${teams} teams: generating the fleet and its locks`);
  const root = prepareFleet(workspace, `fleet-${teams}`, teams);
  const appOut = join(workspace, `out-${teams}-app`);
  const referenceOut = join(workspace, `out-${teams}-reference`);
  const appRuns: ProcessRun[] = [];
  const referenceRuns: ProcessRun[] = [];
  const repetitions = repetitionsFor(teams);
  for (let i = 1; i <= repetitions; i++) {
    progress(`${teams} teams: run ${i}/${repetitions}`);
    appRuns.push(await runSuccessfully(appCommand(`app, ${teams} teams`, root, appOut)));
    referenceRuns.push(await runSuccessfully(referenceCommand(teams, workspace, referenceOut)));
  }
  const blocks = countBlocks(appOut);
  const differences = countDifferences(blocks, countBlocks(referenceOut));
  if (differences.length) {
    throw new Error(
      `the reference app does not create what the app does (${teams} teams); update bench/reference-app.ts:\n  ${differences.join('\n  ')}`,
    );
  }
  progress(`${teams} teams: versions --check`);
  const versionsCheckCold = await measure(versionsCheckCommand(teams, root, '--no-cache'), VERSIONS_CHECK_REPETITIONS);
  await runSuccessfully(versionsCheckCommand(teams, root)); // the first check fills the cache the others answer from
  const versionsCheck = await measure(versionsCheckCommand(teams, root), VERSIONS_CHECK_REPETITIONS);
  const synthCommands = await benchSynthCommands(
    `${teams} teams`,
    root,
    workspace,
    () => runSuccessfully(appCommand(`app, ${teams} teams`, root, appOut)),
    repetitions,
  );
  const app = summarize(appRuns);
  const reference = summarize(referenceRuns);
  return {
    synthCommands,
    teams,
    app,
    reference,
    ratio: app.wallMs.best / reference.wallMs.best,
    cpuRatio: app.cpuMs.best / reference.cpuMs.best,
    versionsCheck,
    versionsCheckCold,
    resources: resourceTotal(blocks),
    blocks,
  };
}

/**
 * Runs one kind of benchmark in a fresh temporary workspace: prints the report `work` returns and
 * writes its results to `--out`; a run that failed prints its output and exits 1.
 */
async function benchInWorkspace(
  options: Options,
  work: (workspace: string, loadAtStart: number) => Promise<{ report: string; results: unknown }>,
): Promise<number> {
  const workspace = mkdtempSync(join(tmpdir(), 'golden-ami-bench-'));
  try {
    const { report, results } = await work(workspace, currentLoad());
    console.log(report);
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nResults written to ${options.out}`);
    return 0;
  } catch (error) {
    if (!(error instanceof RunFailedError)) throw error;
    console.error(`${error.message}. Its output:\n${error.run.stdout}${error.run.stderr}`);
    return 1;
  } finally {
    if (options.keep) progress(`kept ${workspace}`);
    else rmSync(workspace, { recursive: true, force: true });
  }
}

function main(options: Options): Promise<number> {
  return benchInWorkspace(options, async (workspace, loadAtStart) => {
    await warmUp(workspace);
    const fleets: FleetResult[] = [];
    for (const teams of options.sizes) fleets.push(await benchFleet(workspace, teams));
    progress('example repository');
    const exampleApp = appCommand('app, example repository', REPO_ROOT, join(workspace, 'out-example'));
    const example = await measure(exampleApp, EXAMPLE_REPETITIONS);
    const exampleSynthCommands = await benchSynthCommands(
      'example repository',
      REPO_ROOT,
      workspace,
      () => runSuccessfully(exampleApp),
      EXAMPLE_REPETITIONS,
    );
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: describeMachine(),
      loadAverage: { start: loadAtStart, end: currentLoad() },
      fleets,
      example,
      exampleSynthCommands,
      targets: evaluateTargets(fleets, example, exampleSynthCommands),
    };
    return { report: formatReport(results), results };
  });
}

/** The "one team changed" case on every size (one-team-changed.ts): prints its table and writes its figures to `out`. */
function mainOneTeamChanged(options: Options): Promise<number> {
  return benchInWorkspace(options, async (workspace, loadAtStart) => {
    await runSuccessfully(synthCommand(prepareFleet(workspace, 'warm-up', 1), join(workspace, 'out-warm-up')));
    const fleets: OneTeamChangedResult[] = [];
    for (const teams of options.sizes) {
      progress(`${teams} teams: generating the fleet and its locks`);
      const root = prepareFleet(workspace, `fleet-${teams}`, teams);
      const names = readdirSync(join(root, 'teams')).sort();
      fleets.push(await benchOneTeamChanged(root, names, ONE_TEAM_CHANGED_REPETITIONS, assertSameOutput, progress));
    }
    const results = {
      date: new Date().toISOString(),
      machine: describeMachine(),
      loadAverage: { start: loadAtStart, end: currentLoad() },
      fleets,
    };
    return { report: formatOneTeamChanged(fleets), results };
  });
}

void runCommand(command, process.argv.slice(2), processContext()).then((code) => (process.exitCode = code));

/**
 * `npm run bench`: times the cdktf app on synthetic fleets of 1, 10, 100 and 300 teams against a
 * minimal reference app creating the same resources, times `versions --check`, and times the
 * app on the repository's own example teams. Every run is a fresh process.
 *
 * Options: --out <file> (default bench/results.json), --sizes 1,10,100,300, --keep (keep the
 * temporary folder with the generated fleets and outputs, e.g. for profiling).
 * Exits 1 when a measured run fails (its output is printed) or the reference does not match.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateFleet } from './fleet-generator.js';
import { measure, runSuccessfully, RunFailedError, summarize, type Command, type ProcessRun } from './measure.js';
import { APP_ENTRY, REFERENCE_ENTRY, REPO_ROOT, VERSIONS_ENTRY } from './paths.js';
import { formatReport } from './report.js';
import { countBlocks, countDifferences, resourceTotal } from './resource-count.js';
import { currentLoad, describeMachine, type BenchResults, type FleetResult } from './results.js';
import { evaluateTargets } from './targets.js';

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

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(REPO_ROOT, 'bench/results.json') },
      sizes: { type: 'string', default: DEFAULT_SIZES.join(',') },
      keep: { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes ${values.sizes}: give team counts like 1,10,100,300`);
  return { out: resolve(values.out), sizes, keep: values.keep };
}

function appCommand(label: string, root: string, outdir: string): Command {
  return { label, entry: APP_ENTRY, cwd: root, env: { ...RUN_ENV, CDKTF_OUTDIR: outdir } };
}

function referenceCommand(teams: number, workspace: string, outdir: string): Command {
  return { label: `reference app, ${teams} teams`, entry: REFERENCE_ENTRY, args: [String(teams)], cwd: workspace, env: { ...RUN_ENV, CDKTF_OUTDIR: outdir } };
}

function versionsCheckCommand(teams: number, root: string): Command {
  return { label: `versions --check, ${teams} teams`, entry: VERSIONS_ENTRY, args: ['--check'], cwd: root, env: RUN_ENV };
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
    throw new Error(`the reference app does not create what the app does (${teams} teams); update bench/reference-app.ts:\n  ${differences.join('\n  ')}`);
  }
  progress(`${teams} teams: versions --check`);
  const versionsCheck = await measure(versionsCheckCommand(teams, root), VERSIONS_CHECK_REPETITIONS);
  const app = summarize(appRuns);
  const reference = summarize(referenceRuns);
  return {
    teams,
    app,
    reference,
    ratio: app.wallMs.best / reference.wallMs.best,
    cpuRatio: app.cpuMs.best / reference.cpuMs.best,
    versionsCheck,
    resources: resourceTotal(blocks),
    blocks,
  };
}

async function main(): Promise<number> {
  const options = parseOptions();
  const workspace = mkdtempSync(join(tmpdir(), 'golden-ami-bench-'));
  const loadAtStart = currentLoad();
  try {
    await warmUp(workspace);
    const fleets: FleetResult[] = [];
    for (const teams of options.sizes) fleets.push(await benchFleet(workspace, teams));
    progress('example repository');
    const example = await measure(appCommand('app, example repository', REPO_ROOT, join(workspace, 'out-example')), EXAMPLE_REPETITIONS);
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: describeMachine(),
      loadAverage: { start: loadAtStart, end: currentLoad() },
      fleets,
      example,
      targets: evaluateTargets(fleets, example),
    };
    console.log(formatReport(results));
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

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);

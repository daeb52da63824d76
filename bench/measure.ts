/**
 * Runs a TypeScript entry point in fresh Node processes, compiled through bin/run.mjs as
 * `cdktf synth` and `npm run` run it, and measures each run's wall time, CPU time and peak
 * resident memory.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from './paths.js';

const LAUNCHER = join(REPO_ROOT, 'bin/run.mjs');
const USAGE_REPORTER = import.meta.resolve('./report-usage.mjs');
/** GNU time, which measures a program with all its child processes. */
const GNU_TIME = '/usr/bin/time';
/** A run still going after this long is killed and counts as failed. */
const RUN_TIMEOUT_MS = 10 * 60_000;

/**
 * What to run: a .ts entry point or a command name (through bin/run.mjs), or any `program` (`npm run synth`,
 * `cdktf synth`), with its arguments, working directory and extra environment.
 */
export interface Command {
  /** Shown in failure messages. */
  label: string;
  entry?: string;
  /**
   * A program and its arguments, run as they are. Its CPU time (all its processes) and peak RSS
   * (its largest process) come from GNU time, `/usr/bin/time`; without it they are 0.
   */
  program?: string[];
  args?: string[];
  cwd: string;
  env?: Record<string, string>;
}

/** One finished process. */
export interface ProcessRun {
  wallMs: number;
  /** User + system time of all the process's threads: unlike wall time, barely affected by other work on the machine. */
  cpuMs: number;
  peakRssMb: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Best and median of repeated measurements. */
export interface Spread {
  best: number;
  median: number;
}

/** Repeated runs of one command. */
export interface Measurement {
  runs: number;
  wallMs: Spread;
  cpuMs: Spread;
  peakRssMb: Spread;
}

/** A measured process that exited non-zero; carries its output for the report. */
export class RunFailedError extends Error {
  constructor(
    readonly label: string,
    readonly run: ProcessRun,
  ) {
    super(`${label} exited with code ${run.exitCode}`);
    this.name = 'RunFailedError';
  }
}

/**
 * Runs the command once in a new process: `node --import <usage reporter> bin/run.mjs <entry>`.
 * The wall time spans spawn to exit, so it includes Node's start-up and the check that the
 * bundle is current, as a user sees it.
 */
function runOnce(command: Command): Promise<ProcessRun> {
  const timeFile = command.program && existsSync(GNU_TIME) ? join(mkdtempSync(join(tmpdir(), 'bench-time-')), 'usage') : undefined;
  const [file, ...argv] = command.program
    ? [...(timeFile ? [GNU_TIME, '-f', '%U %S %M', '-o', timeFile] : []), ...command.program, ...(command.args ?? [])]
    : [process.execPath, '--import', USAGE_REPORTER, LAUNCHER, command.entry!, ...(command.args ?? [])];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file!, argv, {
      cwd: command.cwd,
      env: { ...process.env, ...command.env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      timeout: RUN_TIMEOUT_MS,
    });
    const output = { stdout: '', stderr: '', usage: '' };
    const [, stdout, stderr, usage] = child.stdio;
    stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    usage!.on('data', (chunk: Buffer) => (output.usage += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started;
      const stderr = signal ? `${output.stderr}\n(killed by ${signal})` : output.stderr;
      const { maxRssKb = 0, cpuMicros = 0 } = output.usage
        ? (JSON.parse(output.usage) as { maxRssKb: number; cpuMicros: number })
        : timeFile
          ? gnuTimeUsage(timeFile)
          : {};
      resolve({ wallMs, cpuMs: cpuMicros / 1000, peakRssMb: maxRssKb / 1024, exitCode: code ?? 1, stdout: output.stdout, stderr });
    });
  });
}

/** Reads what GNU time wrote (`%U %S %M`: user and system seconds, peak RSS in KiB), and removes its folder. */
function gnuTimeUsage(file: string): { maxRssKb?: number; cpuMicros?: number } {
  try {
    const [user, system, rss] = readFileSync(file, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    return { maxRssKb: rss, cpuMicros: (user! + system!) * 1e6 };
  } catch {
    return {};
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

/** Runs the command `repetitions` times, one after the other; throws RunFailedError on the first failure. */
export async function measure(command: Command, repetitions: number): Promise<Measurement> {
  const runs: ProcessRun[] = [];
  for (let i = 0; i < repetitions; i++) runs.push(await runSuccessfully(command));
  return summarize(runs);
}

/** Runs the command once; throws RunFailedError when it exits non-zero. */
export async function runSuccessfully(command: Command): Promise<ProcessRun> {
  const run = await runOnce(command);
  if (run.exitCode !== 0) throw new RunFailedError(command.label, run);
  return run;
}

/** Best and median wall time, CPU time and peak RSS of finished runs. */
export function summarize(runs: readonly ProcessRun[]): Measurement {
  return {
    runs: runs.length,
    wallMs: spread(runs.map((run) => run.wallMs)),
    cpuMs: spread(runs.map((run) => run.cpuMs)),
    peakRssMb: spread(runs.map((run) => run.peakRssMb)),
  };
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { best: sorted[0]!, median };
}

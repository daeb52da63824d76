/**
 * Synthesis spread over threads, in batches. Team stacks are independent: the teams go in batches
 * (BATCH_TEAMS), each its own cdktf app written to a folder of its own; the main thread and the
 * worker threads take the batches in turn, and the batches are merged into one cdktf output folder
 * (`manifest.json` and `stacks/<team>/`), as a single-threaded synth writes it. A thread holds one
 * batch's constructs at a time, so memory stays flat as the fleet grows.
 * The threads are started before the configuration is loaded, so that loading their modules
 * overlaps that work instead of following it. */
import { availableParallelism } from 'node:os';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ensureBundle } from '#bundler';
import { buildApp, type AppOptions } from '../stacks/team-app.js';
import { releasingTokens } from '../stacks/token-release.js';
import type { Team } from '../model/fleet/fleet.js';
import { readManifest, STACKS_FOLDER, writeManifest, type Manifest } from './manifest.js';
import type { ShareJob } from './worker.js';

/** Below this many teams per thread, a worker (about 0.3 s of module loading) costs more than it saves. */
const MIN_TEAMS_PER_THREAD = 25;
const WORKER_ENTRY = 'src/synthesis/worker.ts';
/**
 * Teams per cdktf app: what a thread holds at a time. Large enough that an app's own cost (its
 * manifest, the merge) stays small, small enough that a 1,000-team fleet's constructs never all live at once.
 */
const BATCH_TEAMS = 25;
/** Where the batches are written inside the output folder before the merge. */
const SHARES_FOLDER = '.shares';

export type ShareOptions = Omit<AppOptions, 'outdir'>;

/** How many threads suit a fleet of `teams` teams on this machine. */
export function threadsFor(teams: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, Math.floor(teams / MIN_TEAMS_PER_THREAD)));
}

/** The threads that synthesise a fleet: the main thread and `count - 1` workers. Close it when done. */
export class SynthesisThreads {
  private constructor(private readonly workers: readonly SynthesisWorker[]) {}

  /** Starts the threads for a fleet of about `teams` teams (`count` overrides the choice). */
  static start(teams: number, count = threadsFor(teams)): SynthesisThreads {
    if (count <= 1) return new SynthesisThreads([]);
    const { bundle } = ensureBundle(WORKER_ENTRY);
    return new SynthesisThreads(Array.from({ length: count - 1 }, () => new SynthesisWorker(new Worker(bundle))));
  }

  /**
   * Synthesises one stack per team into `outdir`. The teams go in batches of at most `BATCH_TEAMS`,
   * each one cdktf app written to a folder of its own and dropped once written, which the threads
   * take in turn: a thread holds the constructs of one batch at a time, whatever the fleet's size.
   */
  async synthesize(teams: readonly Team[], outdir: string, options: ShareOptions): Promise<void> {
    // Never fewer batches than threads, so that a small fleet is still shared out.
    const batches = batchesOf(teams, Math.min(BATCH_TEAMS, Math.ceil(teams.length / (this.workers.length + 1))));
    if (batches.length <= 1) {
      buildApp(teams, { ...options, outdir }).synth();
      return;
    }
    const folders = batches.map((_, i) => join(outdir, SHARES_FOLDER, String(i)));
    let next = 0;
    let failed = false;
    const take = () => (failed || next === batches.length ? undefined : next++);
    // The main thread's first batch is the first batch; the foundation stacks are synthesised once, with it.
    const mainFirst = take();
    const workersDone = Promise.all(
      this.workers.map(async (worker) => {
        for (let i = take(); i !== undefined; i = take()) {
          mkdirSync(folders[i]!, { recursive: true });
          await worker.run({ teams: batches[i]!, outdir: folders[i]!, options: withoutFoundation(options) }).catch((error: unknown) => {
            failed = true;
            throw error;
          });
        }
      }),
    );
    workersDone.catch(() => undefined); // when the main thread's batch fails first, its error is the one reported
    try {
      for (let i = mainFirst, first = true; i !== undefined; i = take(), first = false) {
        mkdirSync(folders[i]!, { recursive: true });
        releasingTokens(() => buildApp(batches[i]!, { ...(first ? options : withoutFoundation(options)), outdir: folders[i]! }).synth());
        // Lets the workers' answers in, so that a finished worker takes the next batch at once.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      failed = true;
      throw error;
    }
    await workersDone;
    mergeShares(folders, teams, outdir);
    rmSync(join(outdir, SHARES_FOLDER), { recursive: true, force: true });
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }
}

/** Runs `work` with threads started for a fleet of about `teams` teams, and stops them after. */
export async function withSynthesisThreads<T>(teams: number, work: (threads: SynthesisThreads) => Promise<T>, count?: number): Promise<T> {
  const threads = SynthesisThreads.start(teams, count);
  try {
    return await work(threads);
  } finally {
    await threads.close();
  }
}

/** Synthesises one stack per team into `outdir`, with threads started for the purpose. */
export function synthesizeTeams(
  teams: readonly Team[],
  outdir: string,
  { threads, ...options }: ShareOptions & { threads?: number } = {},
): Promise<void> {
  return withSynthesisThreads(teams.length, (started) => started.synthesize(teams, outdir, options), threads);
}

/** One worker thread, running one share at a time (see worker.ts). */
class SynthesisWorker {
  private exitCode?: number;

  constructor(private readonly thread: Worker) {
    thread.once('exit', (code) => (this.exitCode = code));
  }

  run(job: ShareJob): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.exitCode !== undefined) {
        reject(stoppedError(this.exitCode));
        return;
      }
      const settle = (error?: Error) => {
        this.thread.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      const onMessage = () => settle();
      const onError = (error: Error) => settle(error);
      const onExit = (code: number) => settle(stoppedError(code));
      this.thread.on('message', onMessage).on('error', onError).on('exit', onExit);
      this.thread.postMessage(job);
    });
  }

  async stop(): Promise<void> {
    await this.thread.terminate();
  }
}

function stoppedError(exitCode: number): Error {
  return new Error(`a synthesis worker thread stopped with exit code ${exitCode}`);
}

/** The items in runs of at most `size`, in order. */
function batchesOf<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function withoutFoundation({ foundation: _foundation, ...options }: ShareOptions): ShareOptions {
  return options;
}

/**
 * Moves every share's stacks into `outdir` and writes one manifest listing them, as a single
 * `App.synth()` writes it (cdktf sorts the stacks by name), so the merge cannot be told apart.
 */
function mergeShares(shareFolders: readonly string[], teams: readonly Team[], outdir: string): void {
  const manifests = shareFolders.map(readManifest);
  const stacks = Object.assign({}, ...manifests.map((manifest) => manifest.stacks)) as Manifest['stacks'];
  mkdirSync(join(outdir, STACKS_FOLDER), { recursive: true });
  shareFolders.forEach((folder, i) => {
    for (const name of Object.keys(manifests[i]!.stacks)) renameSync(join(folder, STACKS_FOLDER, name), join(outdir, STACKS_FOLDER, name));
  });
  writeManifest(outdir, { ...manifests[0]!, stacks: Object.fromEntries(stackOrder(teams, stacks).map((name) => [name, stacks[name]!])) });
}

/** Team stacks in team order, then the other stacks (the foundation's, from the main thread's share) in the order written. */
function stackOrder(teams: readonly Team[], stacks: Manifest['stacks']): string[] {
  const teamNames = teams.map((team) => team.name);
  return [...teamNames, ...Object.keys(stacks).filter((name) => !teamNames.includes(name))];
}

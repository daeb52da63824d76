/**
 * Synthesis spread over threads. Team stacks are independent, so on a machine with several cores
 * the teams are dealt out in shares: worker threads each build and synthesise one share into a
 * folder of their own while the main thread does the first, and the shares are merged into one
 * cdktf output folder (`manifest.json` and `stacks/<team>/`), as a single-threaded synth writes it.
 * The threads are started before the configuration is loaded, so that loading their modules
 * overlaps that work instead of following it.
 */
import { availableParallelism } from 'node:os';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ensureBundle } from '#bundler';
import { buildApp, type AppOptions } from '../stacks/team-app.js';
import type { Team } from '../model/fleet/fleet.js';
import { readManifest, STACKS_FOLDER, writeManifest, type Manifest } from './manifest.js';
import type { ShareJob } from './worker.js';

/** Below this many teams per thread, a worker (about 0.3 s of module loading) costs more than it saves. */
const MIN_TEAMS_PER_THREAD = 25;
const WORKER_ENTRY = 'src/synthesis/worker.ts';
/** Where the shares are written inside the output folder before the merge. */
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

  /** Synthesises one stack per team into `outdir`. */
  async synthesize(teams: readonly Team[], outdir: string, options: ShareOptions): Promise<void> {
    const shares = dealOut(teams, Math.min(this.workers.length + 1, teams.length));
    // The foundation stacks are synthesised once, with the main thread's share.
    const { foundation: _foundation, ...workerOptions } = options;
    if (shares.length <= 1) {
      buildApp(teams, { ...options, outdir }).synth();
      return;
    }
    const folders = shares.map((_, i) => join(outdir, SHARES_FOLDER, String(i)));
    for (const folder of folders) mkdirSync(folder, { recursive: true });
    const workersDone = Promise.all(
      shares.slice(1).map((share, i) => this.workers[i]!.run({ teams: share, outdir: folders[i + 1]!, options: workerOptions })),
    );
    workersDone.catch(() => undefined); // when the main thread's share fails first, its error is the one reported
    buildApp(shares[0]!, { ...options, outdir: folders[0]! }).synth();
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

/** Round-robin, so that every share gets about as many large and small teams. */
function dealOut<T>(items: readonly T[], count: number): T[][] {
  const shares = Array.from({ length: Math.max(count, 1) }, () => [] as T[]);
  items.forEach((item, i) => shares[i % shares.length]!.push(item));
  return shares;
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

/**
 * Synthesis spread over threads. Team stacks are independent, so on a machine with several cores
 * the teams are dealt out in shares: worker threads each build and synthesise one share into a
 * folder of their own while the main thread does the first, and the shares are merged into one
 * cdktf output folder (`manifest.json` and `stacks/<team>/`), as a single-threaded synth writes it.
 */
import { availableParallelism } from 'node:os';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildApp, type AppOptions } from '../app.js';
import type { Team } from '../fleet/model.js';
import type { ShareJob } from './worker.js';

/** Below this many teams per thread, starting a worker (about 0.3 s of module loading) costs more than it saves. */
const MIN_TEAMS_PER_THREAD = 25;
const WORKER_ENTRY = 'src/synthesis/worker.ts';
/** Where the shares are written inside the output folder before the merge. */
const SHARES_FOLDER = '.shares';

export interface SynthesisOptions extends Omit<AppOptions, 'outdir'> {
  /** Threads to use; by default one per core, as far as the fleet is large enough to be worth it. */
  threads?: number;
}

/** How many threads suit a fleet of `teams` teams on this machine. */
export function threadsFor(teams: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, Math.floor(teams / MIN_TEAMS_PER_THREAD)));
}

/** Synthesises one stack per team into `outdir`. */
export async function synthesizeTeams(teams: readonly Team[], outdir: string, { threads, ...options }: SynthesisOptions): Promise<void> {
  const shares = dealOut(teams, threads ?? threadsFor(teams.length));
  if (shares.length === 1) {
    buildApp(teams, { ...options, outdir }).synth();
    return;
  }
  const shareFolders = shares.map((_, i) => join(outdir, SHARES_FOLDER, String(i)));
  for (const folder of shareFolders) mkdirSync(folder, { recursive: true });
  const { ensureBundle } = await import('../../bin/bundle.mjs');
  const { bundle } = await ensureBundle(WORKER_ENTRY);
  const workers = shares.slice(1).map((share, i) => runWorker(bundle, { teams: share, outdir: shareFolders[i + 1]!, options }));
  const workersDone = Promise.all(workers.map((worker) => worker.done));
  workersDone.catch(() => undefined); // when the main thread's share fails first, its error is the one reported
  try {
    buildApp(shares[0]!, { ...options, outdir: shareFolders[0]! }).synth();
    await workersDone;
  } finally {
    await Promise.all(workers.map((worker) => worker.thread.terminate()));
  }
  mergeShares(shareFolders, teams, outdir);
  rmSync(join(outdir, SHARES_FOLDER), { recursive: true, force: true });
}

/** Round-robin, so that every share gets about as many large and small teams. */
function dealOut<T>(items: readonly T[], count: number): T[][] {
  const shares = Array.from({ length: Math.min(count, Math.max(items.length, 1)) }, () => [] as T[]);
  items.forEach((item, i) => shares[i % shares.length]!.push(item));
  return shares;
}

function runWorker(bundle: string, job: ShareJob): { thread: Worker; done: Promise<void> } {
  const thread = new Worker(bundle, { workerData: job });
  const done = new Promise<void>((resolve, reject) => {
    thread.once('error', reject);
    thread.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a synthesis worker thread exited with code ${code}`))));
  });
  return { thread, done };
}

interface Manifest {
  version: string;
  stacks: Record<string, unknown>;
}

/** Moves every share's stacks into `outdir` and writes one manifest listing them in team order. */
function mergeShares(shareFolders: readonly string[], teams: readonly Team[], outdir: string): void {
  const manifests = shareFolders.map((folder) => JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest);
  const stacks = Object.assign({}, ...manifests.map((manifest) => manifest.stacks)) as Manifest['stacks'];
  mkdirSync(join(outdir, 'stacks'), { recursive: true });
  shareFolders.forEach((folder, i) => {
    for (const name of Object.keys(manifests[i]!.stacks)) renameSync(join(folder, 'stacks', name), join(outdir, 'stacks', name));
  });
  const merged: Manifest = { ...manifests[0]!, stacks: Object.fromEntries(teams.map((team) => [team.name, stacks[team.name]])) };
  writeFileSync(join(outdir, 'manifest.json'), JSON.stringify(merged, null, 2));
}

/** A worker thread of parallel synthesis (see parallel.ts): synthesises its share of the teams. */
import { isMainThread, workerData } from 'node:worker_threads';
import { buildApp, type AppOptions } from '../app.js';
import type { Team } from '../fleet/model.js';

/** What a worker is given: its teams, its own output folder, and the app options. */
export interface ShareJob {
  teams: Team[];
  outdir: string;
  options: Omit<AppOptions, 'outdir'>;
}

if (!isMainThread) {
  const { teams, outdir, options } = workerData as ShareJob;
  buildApp(teams, { ...options, outdir }).synth();
}

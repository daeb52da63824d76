/**
 * A worker thread of parallel synthesis (see parallel.ts). Its modules load as soon as it starts;
 * then it synthesises each batch it is sent, answers when the batch is written, and lets go of it.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { buildApp, type AppOptions } from '../stacks/team-app.js';
import { releasingTokens } from '../stacks/token-release.js';
import type { Team } from '../model/fleet/fleet.js';

/** One batch: its teams, its own output folder, and the app options. */
export interface ShareJob {
  teams: Team[];
  outdir: string;
  options: Omit<AppOptions, 'outdir'>;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', ({ teams, outdir, options }: ShareJob) => {
    releasingTokens(() => buildApp(teams, { ...options, outdir }).synth());
    port.postMessage('written');
  });
}

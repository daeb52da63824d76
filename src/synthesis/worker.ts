/**
 * A worker thread of parallel synthesis (see parallel.ts). Its modules load as soon as it starts;
 * then it synthesises each share it is sent and answers when the share is written.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { buildApp, type AppOptions } from '../stacks/team-app.js';
import type { Team } from '../model/fleet/fleet.js';

/** One share: its teams, its own output folder, and the app options. */
export interface ShareJob {
  teams: Team[];
  outdir: string;
  options: Omit<AppOptions, 'outdir'>;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', ({ teams, outdir, options }: ShareJob) => {
    buildApp(teams, { ...options, outdir }).synth();
    port.postMessage('written');
  });
}

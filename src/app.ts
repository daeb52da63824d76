/** Synthesis: the resolved fleet becomes one TeamStack per team. */
import { App } from 'cdktf';
import type { BuildInfo } from './fleet/build-info.js';
import type { Fleet } from './fleet/model.js';
import { TeamStack } from './stacks/team-stack.js';

/** Builds the cdktf app for a fleet; `outdir` defaults to what the cdktf CLI asks for. */
export function buildApp(fleet: Fleet, options: { outdir?: string; buildInfo?: BuildInfo } = {}): App {
  const app = new App(options.outdir ? { outdir: options.outdir } : {});
  for (const team of fleet.teams) new TeamStack(app, team, options.buildInfo);
  return app;
}

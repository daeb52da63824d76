/** Synthesis: the resolved fleet becomes one TeamStack per team. */
import { App } from 'cdktf';
import type { Fleet } from './fleet/model.js';
import { TeamStack } from './stacks/team-stack.js';

/** Builds the cdktf app for a fleet; `outdir` defaults to what the cdktf CLI asks for. */
export function buildApp(fleet: Fleet, outdir?: string): App {
  const app = new App({ ...(outdir ? { outdir } : {}), skipValidation: false });
  for (const team of fleet.teams) new TeamStack(app, team);
  return app;
}

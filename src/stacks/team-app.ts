/** Synthesis: each resolved team becomes one TeamStack. */
import { App } from 'cdktf';
import { addFoundationStacks, type FoundationOptions } from './foundation/foundation-app.js';
import { teamBuildInfo, type FleetBuildInfo } from '../model/fleet/build-info.js';
import type { Team } from '../model/fleet/fleet.js';
import { TeamStack, type AssumedRole } from './team-stack.js';

export interface AppOptions {
  outdir?: string;
  /** The repository, and the commit each team's stack records (plain data: posted to worker threads). */
  buildInfo?: FleetBuildInfo;
  role?: AssumedRole;
  /** The foundation stacks (`foundation-<account>`), synthesised beside the team stacks when the platform has them. */
  foundation?: FoundationOptions;
}

/**
 * Builds the cdktf app for some teams; `outdir` defaults to what the cdktf CLI asks for. It always
 * writes Terraform JSON: the HCL review copy is rendered from the JSON (synthesis/hcl.ts).
 */
export function buildApp(teams: readonly Team[], options: AppOptions = {}): App {
  // `cdktf synth --hcl` sets SYNTH_HCL_OUTPUT, which the app's and every stack's constructor read.
  const requested = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = 'false';
  try {
    const app = new App(options.outdir ? { outdir: options.outdir } : {});
    for (const team of teams)
      new TeamStack(app, team, { role: options.role, buildInfo: teamBuildInfo(options.buildInfo ?? {}, team.name) });
    if (options.foundation) addFoundationStacks(app, options.foundation, options.role);
    return app;
  } finally {
    if (requested === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = requested;
  }
}

/** Synthesis: each resolved team becomes one TeamStack. */
import { App } from 'cdktf';
import type { BuildInfo } from './fleet/build-info.js';
import type { Team } from './fleet/model.js';
import { TeamStack, type AssumedRole } from './stacks/team-stack.js';

export interface AppOptions {
  outdir?: string;
  buildInfo?: BuildInfo;
  /** Write HCL (`cdk.tf`) instead of JSON (`cdk.tf.json`). */
  hcl?: boolean;
  role?: AssumedRole;
}

/** Builds the cdktf app for some teams; `outdir` defaults to what the cdktf CLI asks for. */
export function buildApp(teams: readonly Team[], options: AppOptions = {}): App {
  // cdktf takes the output format from SYNTH_HCL_OUTPUT, read by every stack's constructor.
  const requested = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(options.hcl ?? false);
  try {
    const app = new App(options.outdir ? { outdir: options.outdir } : {});
    for (const team of teams) new TeamStack(app, team, options);
    return app;
  } finally {
    if (requested === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = requested;
  }
}

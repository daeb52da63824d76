/** The cdktf app (`cdktf synth` runs it): one Terraform stack per team folder. */
import { synthesizeFleet } from './src/cli/synth.js';
import { buildInfoFromEnvironment } from './src/fleet/build-info.js';

// cdktf records a stack trace for every token it makes; mapping each frame through tsx's source
// maps costs about a tenth of a synth. Problems in user input are reported without stack traces.
process.setSourceMapsEnabled(false);

process.exitCode = synthesizeFleet(process.cwd(), {
  ci: Boolean(process.env.CI),
  // `cdktf synth --hcl` asks for HCL through this variable; the policy checks still read JSON.
  hcl: process.env.SYNTH_HCL_OUTPUT === 'true',
  buildInfo: buildInfoFromEnvironment(process.env),
  // Pull request plans and drift checks set GOLDEN_AMI_ROLE=plan to assume the read-only role.
  role: process.env.GOLDEN_AMI_ROLE === 'plan' ? 'plan' : 'deploy',
});

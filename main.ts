/** The cdktf app (`cdktf synth` runs it through bin/run.mjs): one Terraform stack per team folder. */
import { synthesizeFleet } from './src/cli/synth.js';
import { buildInfoFromEnvironment } from './src/fleet/build-info.js';

void synthesizeFleet(process.cwd(), {
  ci: Boolean(process.env.CI),
  // `cdktf synth --hcl` asks for HCL through this variable; the policy checks still read JSON.
  hcl: process.env.SYNTH_HCL_OUTPUT === 'true',
  buildInfo: buildInfoFromEnvironment(process.env),
  // Pull request plans and drift checks set GOLDEN_AMI_ROLE=plan to assume the read-only role.
  role: process.env.GOLDEN_AMI_ROLE === 'plan' ? 'plan' : 'deploy',
}).then((code) => (process.exitCode = code));

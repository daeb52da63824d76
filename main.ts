/** The cdktf app (`cdktf synth` runs it through bin/run.mjs): one Terraform stack per team folder. */
import { synthesizeFleet } from './src/cli/synth.js';
import { buildInfoFromEnvironment } from './src/fleet/build-info.js';

void synthesizeFleet(process.cwd(), {
  ci: Boolean(process.env.CI),
  // `cdktf synth --hcl` sets this: the JSON stacks as always, plus their HCL review copy in <outdir>/hcl/.
  hcl: process.env.SYNTH_HCL_OUTPUT === 'true',
  buildInfo: buildInfoFromEnvironment(process.env),
  // Pull request plans and drift checks set GOLDEN_AMI_ROLE=plan to assume the read-only role.
  role: process.env.GOLDEN_AMI_ROLE === 'plan' ? 'plan' : 'deploy',
}).then((code) => (process.exitCode = code));

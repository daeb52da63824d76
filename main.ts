/** The cdktf app (`cdktf synth` runs it): one Terraform stack per team folder. */
import { synthesizeFleet } from './src/cli/synth.js';
import { buildInfoFromEnvironment } from './src/fleet/build-info.js';

process.exitCode = synthesizeFleet(process.cwd(), { ci: Boolean(process.env.CI), buildInfo: buildInfoFromEnvironment(process.env) });

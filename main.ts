/**
 * The cdktf app: one Terraform stack per team folder. `cdktf synth`, `cdktf diff` and `cdktf deploy`
 * run it through bin/run.mjs (cdktf.json's "app"); `npm run synth` runs the same synthesis without
 * the CLI (src/commands/synth.ts).
 */
import { printerFor } from './src/core/output.js';
import { synthesizeFleet, synthOptionsFromEnvironment } from './src/synthesis/pipeline.js';

void synthesizeFleet(process.cwd(), {
  ...synthOptionsFromEnvironment(process.env),
  outdir: process.env.CDKTF_OUTDIR,
  // Under the cdktf CLI every stack is synthesised, as the CLI promises; the record it leaves lets the next `npm run synth` be incremental.
  full: true,
  // `cdktf synth --hcl` sets this: the JSON stacks as always, plus their HCL review copy in <outdir>/hcl/.
  hcl: process.env.SYNTH_HCL_OUTPUT === 'true',
  // Only the cdktf CLI sets this variable for the app it runs.
  underCdktfCli: process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined,
  print: printerFor(process.stdout, process.stderr),
}).then((code) => (process.exitCode = code));

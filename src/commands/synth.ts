/**
 * `npm run synth [-- --hcl]`: the synthesis `cdktf synth` runs, without the cdktf CLI around it.
 * The CLI costs several times the app's own run starting up, draws a spinner, and on a failure
 * prints the app's output a second time. This runs the same code as main.ts, in this process,
 * with the settings the CLI would pass (cdktf.json's output folder and context), so it leaves the
 * same `cdktf.out`: the manifest and every `stacks/<team>/cdk.tf.json` byte for byte, on which
 * `cdktf diff/deploy <stack>` and `terraform -chdir=cdktf.out/stacks/<team>` work as after
 * `cdktf synth`. It ends with one summary line; a failure lists each problem once, writes nothing
 * and exits 1.
 */
import { resolve } from 'node:path';
import {
  cliContext,
  DEFAULT_OUTDIR,
  HCL_FOLDER,
  readCdktfSettings,
  summaryLine,
  synthesizeFleet,
  synthOptionsFromEnvironment,
  type SynthesisWritten,
} from '../synthesis/pipeline.js';
import { commandOf, type CommandSpec } from './command.js';

const options = {
  hcl: {
    type: 'boolean',
    description: `also write every stack as HCL for reading, in <output>/${HCL_FOLDER}/<team>/cdk.tf (cdk.tf.json stays what deploys)`,
  },
  full: {
    type: 'boolean',
    description: 'synthesise every stack, even those whose inputs did not change since the last synth into the output folder',
  },
  output: {
    type: 'string',
    short: 'o',
    value: '<dir>',
    description: `the output folder, as \`cdktf synth --output\` (default: cdktf.json "output", else ${DEFAULT_OUTDIR})`,
  },
} as const;

const command: CommandSpec<typeof options> = {
  name: 'synth',
  summary: 'Synthesise every team into cdktf.out/stacks/<team>/cdk.tf.json, the same output as `cdktf synth`, without the cdktf CLI.',
  synopsis: '[--hcl] [--full] [--output <dir>]',
  options,
  details: [
    "Checks everything first (config, component documents, version locks, policy checks, the provider's validation); locally it brings stale version locks up to date and prints each bump, with CI set a stale lock is an error.",
    'Any problem is listed once, nothing is written (output folder and locks stay as they were), and the exit code is 1.',
    'Incremental: only the stacks whose inputs changed since the last synth into the output folder are synthesised again (what each is made from is recorded in <output>.synth-cache.json, safe to delete); the output is byte for byte what a full synth writes. --full synthesises everything, as `cdktf synth` always does.',
    '`npx cdktf synth`, `cdktf diff` and `cdktf deploy` run the same app through cdktf.json and still work.',
  ],
  examples: ['npm run synth', 'npm run synth -- --hcl', 'npm run synth -- --full', 'npx cdktf diff collections   # after either'],
  async run(values, _positionals, io) {
    const started = performance.now();
    const root = io.cwd;
    const settings = readCdktfSettings(root);
    // cdktf's App reads the context the CLI would hand it from this variable: set for this run only.
    const inherited = process.env.CDKTF_CONTEXT_JSON;
    process.env.CDKTF_CONTEXT_JSON = JSON.stringify(cliContext(settings, io.env.CDKTF_CONTEXT_JSON));
    let written: SynthesisWritten | undefined;
    try {
      const code = await synthesizeFleet(root, {
        ...synthOptionsFromEnvironment(io.env),
        hcl: Boolean(values.hcl),
        full: Boolean(values.full),
        outdir: resolve(root, values.output ?? settings.output ?? DEFAULT_OUTDIR),
        onWritten: (result) => (written = result),
        print: io,
        env: io.env,
      });
      if (code === 0 && written) io.out(summaryLine(written, (performance.now() - started) / 1000, root));
      return code;
    } catch (error) {
      // An error inside cdktf (the staging folder is already gone): its message once, no stack trace.
      if (!(error instanceof Error)) throw error;
      io.err(`error: ${error.message}`);
      io.err('Nothing was synthesised.');
      return 1;
    } finally {
      if (inherited === undefined) delete process.env.CDKTF_CONTEXT_JSON;
      else process.env.CDKTF_CONTEXT_JSON = inherited;
    }
  },
};

/** `npm run synth`. */
export const synth = commandOf(command);

/** Where the benchmark finds the project and its tools. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository the benchmark measures: the folder above bench/. */
export const REPO_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The cdktf app, as `cdktf synth` runs it. */
export const APP_ENTRY = join(REPO_ROOT, 'main.ts');
/** `npm run versions`: the command's name, which bin/run.mjs dispatches (src/commands/main.ts). */
export const VERSIONS_ENTRY = 'versions';
/** The floor: the same resources created directly. */
export const REFERENCE_ENTRY = join(REPO_ROOT, 'bench/reference-app.ts');
/** The cdktf CLI, as `npx cdktf synth` runs it. */
export const CDKTF_CLI = join(REPO_ROOT, 'node_modules/.bin/cdktf');

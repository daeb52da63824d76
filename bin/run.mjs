// @ts-check
/**
 * Runs one of the project's TypeScript entry points as compiled JavaScript:
 *
 *   node bin/run.mjs <entry.ts> [arguments...]
 *
 * so that `cdktf synth`, `npm run validate` and `npm run versions` execute the current source
 * without paying for a TypeScript loader at start-up (see bundle.mjs).
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ensureBundle } from './bundle.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bin/run.mjs <entry.ts> [arguments...]');
  process.exit(2);
}
const { bundle } = ensureBundle(resolve(entry));
process.argv = [process.argv[0] ?? process.execPath, bundle, ...args];
createRequire(import.meta.url)(bundle);

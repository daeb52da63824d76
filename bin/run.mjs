// @ts-check
/**
 * Runs the project's TypeScript as compiled JavaScript, without paying for a TypeScript loader at
 * start-up (see bundle.mjs):
 *
 *   node bin/run.mjs <command> [arguments...]   a command (src/commands/main.ts), as `npm run <command>`
 *   node bin/run.mjs <entry.ts> [arguments...]  an entry that runs itself: the cdktf app (cdktf.json's
 *                                                "app": main.ts), the benchmark's reference app
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBundle } from './bundle.mjs';

const COMMANDS_ENTRY = join(dirname(dirname(fileURLToPath(import.meta.url))), 'src/commands/main.ts');
const require = createRequire(import.meta.url);
const [first, ...rest] = process.argv.slice(2);

if (first?.endsWith('.ts')) {
  const { bundle } = ensureBundle(resolve(first));
  process.argv = [process.argv[0] ?? process.execPath, bundle, ...rest];
  require(bundle);
} else {
  const { bundle } = ensureBundle(COMMANDS_ENTRY);
  // setup-merge-driver finds the project's code from the bundle's path.
  process.argv = [process.argv[0] ?? process.execPath, bundle, ...process.argv.slice(2)];
  /** @type {typeof import('../src/commands/main.ts')} */
  const { main, processContext } = require(bundle);
  process.exitCode = await main(process.argv.slice(2), processContext());
}

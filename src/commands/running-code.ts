/** The project code this process runs: where it is, and what it is (for caches keyed on it). */
import { sep } from 'node:path';
import { ContentHash } from '../core/content-hash.js';

/**
 * The project's code: bin/run.mjs runs the commands from their bundle, `<code>/.build/src/commands/main.cjs`
 * (rebuilt whenever a file of src/ changes); run in-process (tests), the process runs from the project's root.
 */
export const CODE_ROOT = (() => {
  const bundle = process.argv[1] ?? '';
  const at = bundle.lastIndexOf(`${sep}.build${sep}`);
  return at >= 0 ? bundle.slice(0, at) : process.cwd();
})();

/**
 * A sha256 over the project's source and the versions of the installed dependencies (npm's record
 * of node_modules): any change to the code that runs changes it. Undefined when it cannot be read.
 */
export function runningCodeIdentity(codeRoot = CODE_ROOT): string | undefined {
  return new ContentHash()
    .path(codeRoot, 'src')
    .path(codeRoot, 'package-lock.json')
    .path(codeRoot, 'node_modules/.package-lock.json')
    .digest();
}

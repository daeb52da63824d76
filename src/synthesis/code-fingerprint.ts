/**
 * The fingerprint of the code a synth runs with: the app's own files (src/model/stack-sources.ts,
 * APP_CODE_FILES and APP_CODE_FOLDERS: the entry, the launcher, the code, package.json and the exact
 * dependency versions of package-lock.json) and the Node.js version. Any change there may change
 * every stack and every check, so incremental synthesis trusts nothing recorded under another one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CODE_ROOT } from '#bundler';
import { APP_CODE_FILES, APP_CODE_FOLDERS } from '../model/stack-sources.js';

/** sha256 over every app code file under `codeRoot` (path and content, in path order) and the Node.js version. */
export function codeFingerprint(codeRoot: string = CODE_ROOT, nodeVersion: string = process.version): string {
  const hash = createHash('sha256').update(`node ${nodeVersion}\n`);
  const files = [...APP_CODE_FILES, ...APP_CODE_FOLDERS.flatMap((folder) => filesUnder(codeRoot, folder))].sort();
  for (const file of files) {
    const path = join(codeRoot, file);
    const content = existsSync(path) ? readFileSync(path) : undefined;
    // Each file as `<path> <length>` and its bytes, so that no two sets of files hash alike.
    hash.update(`${file} ${content ? content.length : 'absent'}\n`);
    if (content) hash.update(content);
  }
  return hash.digest('hex');
}

/** Every file under `folder` (relative to `root`, with a trailing slash), as paths relative to `root`. */
function filesUnder(root: string, folder: string): string[] {
  if (!existsSync(join(root, folder))) return [];
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

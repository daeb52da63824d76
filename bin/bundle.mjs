// @ts-check
/**
 * Compiles the project's TypeScript entry points: each is bundled with esbuild into `.build/`
 * (dependencies stay in node_modules) and the bundle is reused until one of the files it was
 * built from changes. The bundle is CommonJS because @cdktf/provider-aws is imported by directory
 * (`@cdktf/provider-aws/lib/iam-role`), which only require() resolves. Everything here is
 * synchronous, so that code can start a worker thread from its bundle at once (see
 * src/synthesis/parallel.ts); such code imports this module as `#bundler` (package.json
 * "imports"), which the bundles leave to Node to resolve.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import writeFileAtomic from 'write-file-atomic';

const REPO_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** The project whose code runs: bundled code finds it here (incremental synthesis fingerprints its code). */
export const CODE_ROOT = REPO_ROOT;
const THIS_FILE = fileURLToPath(import.meta.url);
/** How bundled code imports this module (package.json "imports"): resolved by Node, never bundled. */
const BUNDLER_IMPORT = '#bundler';
/** First line of a bundle: the files it was built from, with their modification times and sizes. */
const STAMPS_PREFIX = '// built from: ';

/** @typedef {{ file: string, mtimeMs: number, size: number }} InputStamp */

/**
 * Returns the bundle of `entry` under `outdir`, building it first when it is missing or any file
 * it was built from (or this module) has changed since. The bundle's first line records those
 * files, so bundle and record are one file, written atomically.
 * @param {string} entry path of a .ts file under `root` (absolute, or relative to `root`)
 * @param {{ root?: string, outdir?: string }} [options]
 * @returns {{ bundle: string, rebuilt: boolean }}
 */
export function ensureBundle(entry, { root = REPO_ROOT, outdir = join(REPO_ROOT, '.build') } = {}) {
  const name = relative(root, resolve(root, entry)).replace(/\.ts$/, '');
  if (name.startsWith('..') || isAbsolute(name)) throw new Error(`${entry}: only entry points inside ${root} are bundled`);
  const bundle = join(outdir, `${name}.cjs`);
  if (isFresh(bundle, root)) return { bundle, rebuilt: false };

  const started = Date.now();
  // Loaded only when needed: starting esbuild costs more than the rest of a fresh run's checks.
  /** @type {typeof import('esbuild')} */
  const { buildSync } = createRequire(import.meta.url)('esbuild');
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    external: [BUNDLER_IMPORT],
    write: false,
    outfile: bundle,
    metafile: true,
    logLevel: 'warning',
  });
  const stamps = [...Object.keys(result.metafile.inputs).map((file) => resolve(root, file)), THIS_FILE].map(stamp);
  // A file saved while esbuild ran may or may not be in this bundle: leave it unrecorded, to be rebuilt.
  const settled = stamps.every((input) => input.mtimeMs < started);
  const record = settled ? `${STAMPS_PREFIX}${JSON.stringify(stamps)}` : '// built while its sources changed';
  mkdirSync(dirname(bundle), { recursive: true });
  const output = result.outputFiles?.[0];
  if (!output) throw new Error(`esbuild produced no bundle for ${entry}`);
  writeFileAtomic.sync(bundle, `${record}\n${output.text}`);
  return { bundle, rebuilt: true };
}

/**
 * @param {string} bundle
 * @param {string} root
 */
function isFresh(bundle, root) {
  let firstLine;
  try {
    firstLine = readFileSync(bundle, 'utf8').split('\n', 1)[0] ?? '';
  } catch {
    return false;
  }
  if (!firstLine.startsWith(STAMPS_PREFIX)) return false;
  /** @type {InputStamp[]} */
  const stamps = JSON.parse(firstLine.slice(STAMPS_PREFIX.length));
  return stamps.every((recorded) => {
    try {
      const now = stamp(resolve(root, recorded.file));
      return now.mtimeMs === recorded.mtimeMs && now.size === recorded.size;
    } catch {
      return false; // a source file was removed or renamed
    }
  });
}

/**
 * @param {string} file
 * @returns {InputStamp}
 */
function stamp(file) {
  const { mtimeMs, size } = statSync(file);
  return { file, mtimeMs, size };
}

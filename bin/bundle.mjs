// @ts-check
/**
 * Compiles the project's TypeScript entry points: each is bundled with esbuild into `.build/`
 * (dependencies stay in node_modules) and the bundle is reused until one of the files it was
 * built from changes. The bundle is CommonJS because @cdktf/provider-aws is imported by directory
 * (`@cdktf/provider-aws/lib/iam-role`), which only require() resolves.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import writeFileAtomic from 'write-file-atomic';

const REPO_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const THIS_FILE = fileURLToPath(import.meta.url);
/** First line of a bundle: the files it was built from, with their modification times and sizes. */
const STAMPS_PREFIX = '// built from: ';

/** @typedef {{ file: string, mtimeMs: number, size: number }} InputStamp */

/**
 * Code that starts worker threads imports this module to get their bundles; it must be loaded
 * from here, by absolute path, because a bundled copy would not know where the repository is.
 * @type {import('esbuild').Plugin}
 */
const keepThisModuleOutside = {
  name: 'keep-bin-bundle-outside',
  setup(build) {
    build.onResolve({ filter: /[\\/]bin[\\/]bundle\.mjs$/ }, (args) => {
      const path = resolve(args.resolveDir, args.path);
      return path === THIS_FILE ? { path, external: true } : undefined;
    });
  },
};

/**
 * Returns the bundle of `entry` under `outdir`, building it first when it is missing or any file
 * it was built from (or this module) has changed since. The bundle's first line records those
 * files, so bundle and record are one file, written atomically.
 * @param {string} entry path of a .ts file under `root` (absolute, or relative to `root`)
 * @param {{ root?: string, outdir?: string }} [options]
 * @returns {Promise<{ bundle: string, rebuilt: boolean }>}
 */
export async function ensureBundle(entry, { root = REPO_ROOT, outdir = join(REPO_ROOT, '.build') } = {}) {
  const name = relative(root, resolve(root, entry)).replace(/\.ts$/, '');
  if (name.startsWith('..') || isAbsolute(name)) throw new Error(`${entry}: only entry points inside ${root} are bundled`);
  const bundle = join(outdir, `${name}.cjs`);
  if (isFresh(bundle, root)) return { bundle, rebuilt: false };

  const started = Date.now();
  // Loaded only when needed: starting esbuild costs more than the rest of a fresh run's checks.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    plugins: [keepThisModuleOutside],
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

/** bin/bundle.mjs: entry points run as bundles that are rebuilt exactly when a source file changes. */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBundle } from '../bin/bundle.mjs';

describe('entry point bundles', () => {
  let root: string;
  const outdir = () => join(root, '.build');
  const write = (file: string, text: string) => writeFileSync(join(root, file), text);
  /** Loads a bundle afresh and returns what it exports as `answer`. */
  const answerOf = (bundle: string) => {
    const require = createRequire(import.meta.url);
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- deleting its key is how Node's module cache forgets a module
    delete require.cache[bundle];
    return (require(bundle) as { answer: string }).answer;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'golden-ami-launcher-'));
    write('entry.ts', "import { word } from './word.js';\nexport const answer: string = `the ${word}`;\n");
    write('word.ts', "export const word = 'first';\n");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('bundles an entry point once and reuses the bundle while its sources stay the same', () => {
    const first = ensureBundle('entry.ts', { root, outdir: outdir() });
    expect(first).toEqual({ bundle: join(outdir(), 'entry.cjs'), rebuilt: true });
    expect(answerOf(first.bundle)).toBe('the first');
    expect(ensureBundle('entry.ts', { root, outdir: outdir() })).toEqual({ ...first, rebuilt: false });
  });

  it('rebuilds when an imported file changes, even with the same size and an older modification time', () => {
    ensureBundle('entry.ts', { root, outdir: outdir() });
    write('word.ts', "export const word = 'fresh';\n");
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(root, 'word.ts'), past, past);
    const again = ensureBundle('entry.ts', { root, outdir: outdir() });
    expect(again.rebuilt).toBe(true);
    expect(answerOf(again.bundle)).toBe('the fresh');
  });

  it('rebuilds when a file it was built from is gone', () => {
    ensureBundle('entry.ts', { root, outdir: outdir() });
    write('entry.ts', "export const answer = 'standalone';\n");
    rmSync(join(root, 'word.ts'));
    const again = ensureBundle('entry.ts', { root, outdir: outdir() });
    expect(again.rebuilt).toBe(true);
    expect(answerOf(again.bundle)).toBe('standalone');
  });

  it('does not vouch for a bundle whose sources changed while it was being built', () => {
    const later = new Date(Date.now() + 60_000); // as if saved while esbuild ran
    utimesSync(join(root, 'word.ts'), later, later);
    ensureBundle('entry.ts', { root, outdir: outdir() });
    expect(ensureBundle('entry.ts', { root, outdir: outdir() }).rebuilt).toBe(true);
  });

  it('refuses an entry point outside the repository', () => {
    expect(() => ensureBundle('../elsewhere.ts', { root, outdir: outdir() })).toThrow('only entry points inside');
  });
});

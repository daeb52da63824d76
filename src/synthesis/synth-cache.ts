/**
 * The record incremental synthesis keeps beside the output folder (`<outdir>.synth-cache.json`,
 * e.g. `cdktf.out.synth-cache.json`): for every stack written, the keys of its inputs
 * (stack-keys.ts), its manifest entry and the sha256 of each of its files. It is written last,
 * atomically, after the output folder is in place, and sealed with a checksum. Anything wrong with
 * it (absent, unreadable, damaged, edited, another format or another run fingerprint) makes it
 * count as absent: the synth is then a full one. Deleting it is always safe.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { sha256 } from './stack-keys.js';

/** Bumped whenever what the cache records, or how it is used, changes. */
const CACHE_FORMAT = 1;

const stackManifestSchema = z.object({
  name: z.string(),
  constructPath: z.string(),
  workingDirectory: z.string(),
  synthesizedStackPath: z.string(),
  stackMetadataPath: z.string(),
  annotations: z.array(z.unknown()),
  dependencies: z.array(z.string()),
});

const cachedStackSchema = z.object({
  /** The synthesis key its files were written for. */
  synthesis: z.string(),
  /** The check key under which it passed every check. */
  checks: z.string(),
  manifest: stackManifestSchema,
  /** Path inside the output folder → sha256 of the file as written: its cdk.tf.json, and its HCL copy if one was written. */
  files: z.record(z.string(), z.string()),
});

const synthCacheSchema = z.object({
  /** The run fingerprint (stack-keys.ts runFingerprint) everything here was written under. */
  fingerprint: z.string(),
  /** The manifest's `version` (cdktf's). */
  manifestVersion: z.string(),
  stacks: z.record(z.string(), cachedStackSchema),
  /** The names of the foundation stacks among `stacks` (built together, reused together). */
  foundationStacks: z.array(z.string()),
});

const cacheFileSchema = z.object({ format: z.literal(CACHE_FORMAT), checksum: z.string(), cache: synthCacheSchema });

export type CachedStack = z.infer<typeof cachedStackSchema>;
export type SynthCache = z.infer<typeof synthCacheSchema>;

/** Where the cache of the output folder `outdir` is kept. */
export function synthCacheFile(outdir: string): string {
  return `${outdir}.synth-cache.json`;
}

/** The cache recorded under `fingerprint`, or why there is none to trust. */
export function readSynthCache(file: string, fingerprint: string): { cache: SynthCache } | { untrusted: string } {
  if (!existsSync(file)) return { untrusted: 'there is no record of an earlier synth' };
  let stored: unknown;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { untrusted: 'its record is not readable JSON' };
  }
  const parsed = cacheFileSchema.safeParse(stored);
  if (!parsed.success) return { untrusted: 'its record is damaged or from another version of the app' };
  const { checksum, cache } = parsed.data;
  if (checksum !== checksumOf(cache)) return { untrusted: 'its record does not match its checksum' };
  if (cache.fingerprint !== fingerprint) return { untrusted: "the app's code, dependencies, Node.js or cdktf settings changed since" };
  return { cache };
}

/** Writes the cache atomically (a reader sees the old file or the new one, never part of one). */
export function writeSynthCache(file: string, cache: SynthCache): void {
  writeFileAtomic.sync(file, `${JSON.stringify({ format: CACHE_FORMAT, checksum: checksumOf(cache), cache })}\n`);
}

/** Removes the cache (whatever stands at its path: a folder put there by mistake too). */
export function removeSynthCache(file: string): void {
  rmSync(file, { force: true, recursive: true });
}

function checksumOf(cache: SynthCache): string {
  return sha256(canonicalize(cache) ?? '');
}

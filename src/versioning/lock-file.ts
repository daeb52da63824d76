/**
 * Version lock files: `{ entries: { "<kind>:<name>": { version, fingerprint, ... } }, retired }`.
 * Written deterministically (sorted keys, two-space indent, trailing newline) and atomically.
 * A damaged lock (bad JSON, wrong shape, merge conflict markers) is reported, and can be
 * rebuilt from whatever versions are still readable in it, never lowering one.
 */
import canonicalize from 'canonicalize';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { Problems, type Problem } from '../config/problems.js';
import { checkAgainstSchema } from '../config/schema-check.js';
import { parseYaml, readUtf8 } from '../config/yaml-source.js';
import { highestVersion } from './bump.js';

export const LOCK_FILE_NAME = 'versions.lock.json';

const versionSchema = z.string().refine((v) => semver.valid(v) === v, { error: 'a version is major.minor.patch, e.g. 1.2.0' });

const entrySchema = z
  .object({
    version: versionSchema,
    fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    interface: z
      .object({
        parameters: z.array(z.object({ name: z.string(), type: z.string(), required: z.boolean() }).strict()),
        phases: z.array(z.string()),
      })
      .strict()
      .optional(),
    shape: z
      .object({ parentFamily: z.string(), platform: z.string(), components: z.array(z.string()) })
      .strict()
      .optional(),
    /** A recipe's earlier versions, oldest first: they may have built AMIs that its lifecycle policy still retires. */
    earlier: z.array(versionSchema).optional(),
  })
  .strict();

const lockSchema = z
  .object({
    entries: z.record(z.string(), entrySchema),
    retired: z.record(z.string(), versionSchema).default({}),
  })
  .strict();

export type LockEntry = z.output<typeof entrySchema>;
export type Lock = z.output<typeof lockSchema>;

/** A lock as read from disk. */
export interface ReadLock {
  /** Path relative to the repository root. */
  file: string;
  lock: Lock;
  /** The file's text, or undefined when there is no file yet. */
  text?: string;
  /** Why the file could not be read as it is; the lock was salvaged from it. */
  damage: Problem[];
}

export function emptyLock(): Lock {
  return { entries: {}, retired: {} };
}

/** Reads a lock file; a missing file is an empty lock, a damaged one is salvaged and reported. */
export function readLock(root: string, file: string): ReadLock {
  const absolute = join(root, file);
  if (!existsSync(absolute)) return { file, lock: emptyLock(), damage: [] };
  const problems = new Problems();
  const utf8 = readUtf8(absolute, file, problems);
  const text = utf8 ?? readFileSync(absolute, 'latin1');
  const current = utf8 === undefined ? undefined : readWrittenLock(utf8);
  if (current) return { file, lock: current, text, damage: [] };
  const source = utf8 === undefined ? undefined : parseYaml(utf8, file, problems);
  const lock = source && checkAgainstSchema(lockSchema, source, problems, 'the lock file');
  if (lock) return { file, lock, text, damage: [] };
  const damage = problems.errors.map((p) => ({
    ...p,
    hint: 'run `npm run versions` to rebuild the lock from the content and the versions still readable in it',
  }));
  return { file, lock: salvage(text), text, damage };
}

/**
 * The fast path for a lock exactly as serializeLock writes it (the usual case): plain JSON.parse.
 * Anything else goes through the position-tracking parser, which reports where it is wrong.
 */
function readWrittenLock(text: string): Lock | undefined {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(text));
    return parsed.success && serializeLock(parsed.data) === text ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The lock as it is written: canonical key order, two-space indent, trailing newline. */
export function serializeLock(lock: Lock): string {
  return `${JSON.stringify(JSON.parse(canonicalize(lock) ?? '{}'), null, 2)}\n`;
}

/** Writes a lock atomically (a crash leaves the old file or the new one, never half of one). */
export function writeLock(root: string, file: string, lock: Lock): void {
  writeFileAtomic.sync(join(root, file), serializeLock(lock));
}

/**
 * Rebuilds a lock from damaged text: each side of a merge conflict is read as JSON if it can be,
 * line by line otherwise, and every entry keeps the highest version found. A fingerprint is kept
 * only where all sides agree on it at that version, so anything uncertain gets a new version.
 */
export function salvage(text: string): Lock {
  const sides = conflictSides(text).map(readSide);
  const lock = emptyLock();
  const keys = new Set(sides.flatMap((side) => Object.keys(side.entries)));
  for (const key of keys) {
    const found = sides.flatMap((side) => (side.entries[key] ? [side.entries[key]!] : []));
    const version = highestVersion(found.map((e) => e.version))!;
    const atVersion = found.filter((e) => e.version === version);
    const fingerprints = new Set(atVersion.map((e) => e.fingerprint));
    const best = atVersion[0]!;
    // A recipe version either side had may have built AMIs: its lifecycle policy must still select it.
    const earlier = key.startsWith('recipe:') ? sortedVersions(found.flatMap((e) => [...(e.earlier ?? []), e.version]).filter((v) => v !== version)) : [];
    lock.entries[key] = {
      ...(fingerprints.size === 1 ? best : { ...best, fingerprint: UNKNOWN_FINGERPRINT }),
      ...(earlier.length ? { earlier } : {}),
    };
  }
  for (const side of sides) {
    for (const [key, version] of Object.entries(side.retired)) {
      lock.retired[key] = highestVersion([lock.retired[key], version])!;
    }
  }
  return lock;
}

/** Distinct versions, oldest first. */
export function sortedVersions(versions: readonly string[]): string[] {
  return [...new Set(versions)].sort(semver.compare);
}

/** Matches no content: an entry carrying it is always bumped. */
export const UNKNOWN_FINGERPRINT = `sha256:${'0'.repeat(64)}`;

/** The "ours" and "theirs" texts of a file with conflict markers (the file itself otherwise). */
function conflictSides(text: string): string[] {
  if (!/^<{7}/m.test(text)) return [text];
  const sides: [string[], string[]] = [[], []];
  let state: 'both' | 'ours' | 'base' | 'theirs' = 'both';
  for (const line of text.split('\n')) {
    if (line.startsWith('<<<<<<<')) state = 'ours';
    else if (line.startsWith('|||||||')) state = 'base';
    else if (line.startsWith('=======') && state !== 'both') state = 'theirs';
    else if (line.startsWith('>>>>>>>')) state = 'both';
    else {
      if (state === 'both' || state === 'ours') sides[0].push(line);
      if (state === 'both' || state === 'theirs') sides[1].push(line);
    }
  }
  return sides.map((lines) => lines.join('\n'));
}

function readSide(text: string): Lock {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: fall back to reading the lines this project writes.
  }
  return readLines(text);
}

/** Reads entries and versions from the layout serializeLock writes, whatever else is broken. */
function readLines(text: string): Lock {
  const lock = emptyLock();
  let entry: string | undefined;
  let section: string | undefined;
  for (const line of text.split('\n')) {
    const top = /^ {2}"(entries|retired)"/.exec(line);
    if (top) section = top[1];
    const key = /^ {4}"([^"]+)": \{/.exec(line);
    if (key && section === 'entries') entry = key[1];
    const retired = /^ {4}"([^"]+)": "(\d+\.\d+\.\d+)"/.exec(line);
    if (retired && section === 'retired') lock.retired[retired[1]!] = retired[2]!;
    const version = /^ {6}"version": "(\d+\.\d+\.\d+)"/.exec(line);
    if (version && entry) lock.entries[entry] = { version: version[1]!, fingerprint: UNKNOWN_FINGERPRINT };
  }
  return lock;
}

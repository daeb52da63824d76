/**
 * Rebuilding a damaged lock from whatever is still readable in it: both sides of a merge
 * conflict, and every copy of a key that a merge kept twice. Each entry keeps its highest version.
 */
import { isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';
import { highestVersion } from './bump.js';
import {
  emptyLock,
  entrySchema,
  lockSchema,
  parentPinSchema,
  serializeLock,
  sortedVersions,
  UNKNOWN_FINGERPRINT,
  versionProblem,
  type Lock,
  type LockEntry,
  type ParentPin,
} from '../config/lock-schema.js';

/** What one side of a damaged lock holds, every copy of a repeated key included. */
interface Sightings {
  entries: [key: string, entry: LockEntry][];
  retired: [key: string, version: string][];
  /** Parent pins, from a side that reads as a whole lock only. */
  parents: [image: string, pin: ParentPin][];
  /** The fingerprint scheme the side says it was written with. */
  fingerprintScheme?: number;
}

/**
 * Rebuilds a lock from damaged text: each side of a merge conflict is read as JSON if it can be,
 * line by line otherwise, and every entry keeps the highest version found on any side or in any
 * copy of its key. A fingerprint is kept only where all agree on it at that version, so anything
 * uncertain gets a new version.
 */
export function salvage(text: string): Lock {
  return mergeSides(conflictSides(text));
}

/**
 * One lock from several texts of it (the sides of a merge): every entry keeps the highest version
 * any side has, with its fingerprint where all sides at that version agree on it (otherwise
 * UNKNOWN_FINGERPRINT); retired versions keep the highest, parent pins the newest AMI.
 */
export function mergeSides(texts: readonly string[]): Lock {
  const sides = texts.map(readSide);
  const entries = sides.flatMap((side) => side.entries);
  const lock = emptyLock();
  for (const key of new Set(entries.map(([key]) => key))) {
    const found = entries.filter(([k]) => k === key).map(([, entry]) => entry);
    const version = highestVersion(found.map((e) => e.version))!;
    const atVersion = found.filter((e) => e.version === version);
    const fingerprints = new Set(atVersion.map((e) => e.fingerprint));
    const best = atVersion[0]!;
    // A recipe version either side had may have built AMIs: its lifecycle policy must still select it.
    const earlier = key.startsWith('recipe:')
      ? sortedVersions(found.flatMap((e) => [...(e.earlier ?? []), e.version]).filter((v) => v !== version))
      : [];
    lock.entries[key] = {
      ...(fingerprints.size === 1 ? best : { ...best, fingerprint: UNKNOWN_FINGERPRINT }),
      ...(earlier.length ? { earlier } : {}),
    };
  }
  for (const [key, version] of sides.flatMap((side) => side.retired)) {
    lock.retired[key] = highestVersion([lock.retired[key], version])!;
  }
  // Fingerprints of the oldest scheme a side was written with: a newer scheme recognises them (fingerprint-schemes.ts).
  const schemes = sides.flatMap((side) => (side.fingerprintScheme === undefined ? [] : [side.fingerprintScheme]));
  if (schemes.length) lock.fingerprintScheme = Math.min(...schemes);
  // Two sides that pinned one lookup differently: the newer AMI wins, as `npm run pin-parents` would choose.
  for (const [image, pin] of sides.flatMap((side) => side.parents)) {
    const parents = (lock.parents ??= {});
    if (!parents[image] || pin.created > parents[image].created) parents[image] = pin;
  }
  return lock;
}

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

/** A side as written (fast), as JSON with repeated keys kept, or else line by line. */
function readSide(text: string): Sightings {
  const written = writtenLock(text);
  if (written) {
    const { fingerprintScheme } = written;
    return {
      entries: Object.entries(written.entries),
      retired: Object.entries(written.retired),
      parents: Object.entries(written.parents ?? {}),
      ...(fingerprintScheme === undefined ? {} : { fingerprintScheme }),
    };
  }
  const doc = parseDocument(text, { uniqueKeys: false });
  return (doc.errors.length ? undefined : readTree(doc)) ?? readLines(text);
}

/** A lock exactly as serializeLock writes it (which rules out repeated keys), or undefined. */
export function writtenLock(text: string): Lock | undefined {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(text));
    return parsed.success && serializeLock(parsed.data) === text ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Every entry, retired version and parent pin of a parsed lock, each copy of a repeated key included; undefined when anything is off. */
function readTree(doc: Document.Parsed): Sightings | undefined {
  if (!isMap(doc.contents)) return undefined;
  const side: Sightings = { entries: [], retired: [], parents: [] };
  for (const section of doc.contents.items) {
    const name = isScalar(section.key) ? section.key.value : undefined;
    if (name === 'fingerprintScheme') {
      const scheme = isScalar(section.value) ? section.value.value : undefined;
      if (typeof scheme !== 'number' || !Number.isInteger(scheme) || scheme < 0) return undefined;
      side.fingerprintScheme = scheme;
      continue;
    }
    if ((name !== 'entries' && name !== 'retired' && name !== 'parents') || !isMap(section.value)) return undefined;
    for (const { key, value } of section.value.items) {
      const data: unknown = isNode(value) ? value.toJS(doc) : value;
      if (!isScalar(key) || typeof key.value !== 'string') return undefined;
      if (name === 'retired') {
        if (typeof data !== 'string' || versionProblem(data)) return undefined;
        side.retired.push([key.value, data]);
      } else if (name === 'parents') {
        const pin = parentPinSchema.safeParse(data);
        if (!pin.success) return undefined;
        side.parents.push([key.value, pin.data]);
      } else {
        const entry = entrySchema.safeParse(data);
        if (!entry.success) return undefined;
        side.entries.push([key.value, entry.data]);
      }
    }
  }
  return side;
}

/** Reads entries and versions from the layout serializeLock writes, whatever else is broken. */
function readLines(text: string): Sightings {
  const side: Sightings = { entries: [], retired: [], parents: [] };
  let entry: string | undefined;
  let section: string | undefined;
  for (const line of text.split('\n')) {
    const top = /^ {2}"(entries|retired)"/.exec(line);
    if (top) section = top[1];
    const key = /^ {4}"([^"]+)": \{/.exec(line);
    if (key && section === 'entries') entry = key[1];
    const retired = /^ {4}"([^"]+)": "(\d+\.\d+\.\d+)"/.exec(line);
    if (retired && section === 'retired' && !versionProblem(retired[2]!)) side.retired.push([retired[1]!, retired[2]!]);
    const version = /^ {6}"version": "(\d+\.\d+\.\d+)"/.exec(line);
    if (version && entry && !versionProblem(version[1]!))
      side.entries.push([entry, { version: version[1]!, fingerprint: UNKNOWN_FINGERPRINT }]);
  }
  return side;
}

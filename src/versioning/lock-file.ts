/**
 * Reading version lock files (the shape is in lock-schema.ts). A damaged lock (bad JSON, wrong
 * shape, merge conflict markers, a key kept twice by a merge) is reported with its line, and
 * rebuilt from whatever versions are still readable in it, never lowering one.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { readRegularFile } from '../core/file-read.js';
import { Problems, type Problem } from '../core/problems.js';
import { checkAgainstSchema } from '../core/schema-check.js';
import { formatPath, parseYaml, readUtf8, type SourcePosition } from '../core/yaml-source.js';
import { emptyLock, lockSchema, type Lock } from '../config/lock-schema.js';
import { salvage, writtenLock } from './lock-salvage.js';

export const LOCK_FILE_NAME = 'versions.lock.json';

const REBUILD_HINT = 'run `npm run versions` to rebuild the lock from the content and the versions still readable in it';

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

/** Reads a lock file; a missing file is an empty lock, a damaged one is salvaged and reported. */
export function readLock(root: string, file: string): ReadLock {
  const absolute = join(root, file);
  // lstat: a link (dangling or not) is a lock file to report, never one to follow.
  if (!lstatSync(absolute, { throwIfNoEntry: false })) return { file, lock: emptyLock(), damage: [] };
  const problems = new Problems();
  const utf8 = readUtf8(absolute, file, problems);
  // Not UTF-8: salvage what it can from the bytes (a link, folder, pipe or oversized file gives none).
  const text = utf8 ?? readRegularFile(absolute, file, new Problems())?.toString('latin1') ?? '';
  const current = utf8 === undefined ? undefined : writtenLock(utf8);
  if (current) return { file, lock: current, text, damage: [] };
  const repeated = utf8 === undefined ? [] : repeatedKeys(utf8, file);
  const source = utf8 === undefined || repeated.length ? undefined : parseYaml(utf8, file, problems);
  const lock = source && checkAgainstSchema(lockSchema, source, problems, 'the lock file');
  if (lock) return { file, lock, text, damage: [] };
  const damage = [...repeated, ...problems.errors.map((p) => ({ ...p, hint: REBUILD_HINT }))];
  return { file, lock: salvage(text), text, damage };
}

/**
 * Keys a lock holds twice (a merge that kept both sides): JSON.parse would silently keep the last
 * copy, possibly the lower version. Empty when the text does not parse at all (reported elsewhere).
 */
function repeatedKeys(text: string, file: string): Problem[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length || !isMap(doc.contents)) return [];
  const problems: Problem[] = [];
  const visit = (map: Node, path: string[]) => {
    if (!isMap(map)) return;
    const seen = new Set<unknown>();
    for (const { key, value } of map.items) {
      if (!isScalar(key)) continue;
      const name = String(key.value);
      if (seen.has(name)) {
        const { line, col } = lineCounter.linePos(key.range?.[0] ?? 0);
        problems.push({
          severity: 'error',
          file,
          path: formatPath([...path, name]),
          line,
          column: col,
          message: `"${name}" appears more than once (a merge kept both sides); only one copy would be read`,
          hint: 'run `npm run versions`: it rebuilds the lock keeping the highest version of every copy',
        });
      }
      seen.add(name);
      if (path.length === 0) visit(value as Node, [name]);
    }
  };
  visit(doc.contents, []);
  return problems;
}

/** Where an entry's version stands in a lock's text (undefined when it cannot be found). */
export function versionPosition(text: string | undefined, key: string): SourcePosition | undefined {
  if (text === undefined) return undefined;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const node = doc.getIn(['entries', key, 'version'], true) as Node | undefined;
  if (!node?.range) return undefined;
  const { line, col } = lineCounter.linePos(node.range[0]);
  return { line, column: col };
}

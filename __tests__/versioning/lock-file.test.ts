/** Lock files: deterministic, atomic, and rebuilt from damage without ever lowering a version. */
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLock } from '../../src/versioning/lock-file.js';
import { salvage } from '../../src/versioning/lock-salvage.js';
import { serializeLock, UNKNOWN_FINGERPRINT, type Lock } from '../../src/config/lock-schema.js';
import { writeTogether } from '../../src/core/write-together.js';
import { FixtureRepo } from '../support/fixture.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const FILE = 'components-yaml/versions.lock.json';

const LOCK: Lock = {
  retired: { 'component:old': '3.1.0' },
  entries: {
    'component:zeta': { version: '1.0.0', fingerprint: A, interface: { phases: ['build'], parameters: [] } },
    'component:alpha': { version: '1.2.0', fingerprint: B },
  },
};

describe('lock files', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo({ empty: true });
    repo.write('components-yaml/.keep', '');
  });
  afterEach(() => repo.dispose());

  it('serialise with sorted keys, two-space indent and a trailing newline', () => {
    const text = serializeLock(LOCK);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.indexOf('"component:alpha"')).toBeLessThan(text.indexOf('"component:zeta"'));
    expect(text.indexOf('"entries"')).toBeLessThan(text.indexOf('"retired"'));
    expect(text.indexOf('"fingerprint"')).toBeLessThan(text.indexOf('"version"'));
    expect(text).toContain('\n  "entries": {\n    "component:alpha": {\n      "fingerprint"');
    expect(serializeLock(JSON.parse(text) as Lock)).toBe(text);
  });

  it('write atomically, leaving no temporary file behind', () => {
    writeLock(repo.root, LOCK);
    expect(repo.read(FILE)).toBe(serializeLock(LOCK));
    expect(readdirSync(repo.path('components-yaml')).sort()).toEqual(['.keep', 'versions.lock.json']);
  });

  it('read a missing lock as empty, and a written one back as it was', () => {
    expect(readLock(repo.root, FILE)).toEqual({ file: FILE, lock: { entries: {}, retired: {} }, damage: [] });
    writeLock(repo.root, LOCK);
    const read = readLock(repo.root, FILE);
    expect(read.damage).toEqual([]);
    expect(serializeLock(read.lock)).toBe(serializeLock(LOCK));
  });

  it('report a lock that is not JSON at its line, and salvage its versions', () => {
    repo.write(FILE, serializeLock(LOCK).replace('"version": "1.2.0"', '"version": "1.2.0",,'));
    const read = readLock(repo.root, FILE);
    expect(read.damage).toHaveLength(1);
    expect(read.damage[0]).toMatchObject({ file: FILE, line: expect.any(Number), message: expect.stringMatching(/^YAML syntax error/) });
    expect(read.damage[0]!.hint).toMatch(/npm run versions/);
    expect(read.lock.entries['component:alpha']).toEqual({ version: '1.2.0', fingerprint: UNKNOWN_FINGERPRINT });
    expect(read.lock.entries['component:zeta']!.version).toBe('1.0.0');
    expect(read.lock.retired).toEqual({ 'component:old': '3.1.0' });
  });

  it('report a lock of the wrong shape with the YAML path', () => {
    repo.write(FILE, serializeLock(LOCK).replace('"version": "1.2.0"', '"version": "1.2"'));
    const read = readLock(repo.root, FILE);
    expect(read.damage).toHaveLength(1);
    expect(read.damage[0]).toMatchObject({
      path: 'entries.component:alpha.version',
      message: 'a version is major.minor.patch, e.g. 1.2.0',
    });
  });

  it('report a key that a merge kept twice at its line, and rebuild it with the highest version', () => {
    repo.write(
      FILE,
      serializeLock(LOCK).replace(
        /( {4}"component:alpha": \{\n[\s\S]*?\n {4}\},\n)/,
        (entry) => entry + entry.replace('"1.2.0"', '"1.1.0"'),
      ),
    );
    const read = readLock(repo.root, FILE);
    expect(read.damage).toEqual([
      {
        severity: 'error',
        file: FILE,
        path: 'entries.component:alpha',
        line: 7,
        column: 5,
        message: '"component:alpha" appears more than once (a merge kept both sides); only one copy would be read',
        hint: 'run `npm run versions`: it rebuilds the lock keeping the highest version of every copy',
      },
    ]);
    expect(read.lock.entries['component:alpha']!.version).toBe('1.2.0');
  });

  it('report merge conflict markers at their line', () => {
    const ours = serializeLock({ entries: { 'component:alpha': { version: '1.3.0', fingerprint: A } }, retired: {} });
    const theirs = serializeLock({ entries: { 'component:alpha': { version: '2.0.0', fingerprint: B } }, retired: {} });
    repo.write(FILE, conflict(ours, theirs));
    const read = readLock(repo.root, FILE);
    expect(read.damage[0]).toMatchObject({ line: 4, message: 'the file still holds git merge conflict markers' });
    expect(repo.read(FILE).split('\n')[3]).toBe('<<<<<<< HEAD');
  });
});

function writeLock(root: string, lock: Lock): void {
  writeTogether(root, [{ file: FILE, text: serializeLock(lock) }]);
}

/** A lock file as git leaves it after two branches changed it differently (one conflict hunk). */
function conflict(ours: string, theirs: string): string {
  const [a, b] = [ours.split('\n'), theirs.split('\n')];
  let prefix = 0;
  while (a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return [
    ...a.slice(0, prefix),
    '<<<<<<< HEAD',
    ...a.slice(prefix, a.length - suffix),
    '=======',
    ...b.slice(prefix, b.length - suffix),
    '>>>>>>> feature',
    ...a.slice(a.length - suffix),
  ].join('\n');
}

describe('salvage', () => {
  it('keeps the highest version of a key that a merge kept twice, where JSON.parse would keep the last', () => {
    const twice = serializeLock(LOCK).replace(
      /( {4}"component:alpha": \{\n[\s\S]*?\n {4}\},\n)/,
      (entry) => entry + entry.replace('"1.2.0"', '"1.1.0"'),
    );
    expect(JSON.parse(twice).entries['component:alpha'].version).toBe('1.1.0');
    const lock = salvage(twice);
    expect(lock.entries['component:alpha']).toEqual({ version: '1.2.0', fingerprint: B });
    expect(lock.entries['component:zeta']!.version).toBe('1.0.0');
  });

  it('keeps the highest version of a repeated key in a lock that is not JSON either', () => {
    const twice = serializeLock(LOCK)
      .replace(/( {4}"component:alpha": \{\n[\s\S]*?\n {4}\},\n)/, (entry) => entry + entry.replace('"1.2.0"', '"1.1.0"'))
      .replace('"retired": {', '"retired": {,');
    expect(salvage(twice).entries['component:alpha']).toEqual({ version: '1.2.0', fingerprint: UNKNOWN_FINGERPRINT });
  });

  it('keeps the newer parent pin when both sides of a conflict pinned the same lookup', () => {
    const pin = (imageId: string, created: string) => ({
      owner: '309956199498',
      name: 'RHEL-9.*',
      architecture: 'x86_64' as const,
      region: 'eu-west-2',
      imageId,
      imageName: `RHEL ${created}`,
      created,
    });
    const entries = { 'recipe:r': { version: '1.0.1', fingerprint: A } };
    const ours = serializeLock({ entries, retired: {}, parents: { r: pin('ami-0bbbbbbbbbbbbbbbb', '2024-11-01T10:00:00.000Z') } });
    const theirs = serializeLock({ entries, retired: {}, parents: { r: pin('ami-0aaaaaaaaaaaaaaaa', '2024-06-01T10:00:00.000Z') } });
    expect(salvage(conflict(ours, theirs)).parents).toEqual({ r: pin('ami-0bbbbbbbbbbbbbbbb', '2024-11-01T10:00:00.000Z') });
    expect(salvage(conflict(theirs, ours)).parents).toEqual({ r: pin('ami-0bbbbbbbbbbbbbbbb', '2024-11-01T10:00:00.000Z') });
  });

  it('keeps the highest version of each entry from both sides of a conflict', () => {
    const ours = serializeLock({
      entries: { 'component:a': { version: '1.3.0', fingerprint: A }, 'recipe:r': { version: '4.0.0', fingerprint: A } },
      retired: {},
    });
    const theirs = serializeLock({
      entries: { 'component:a': { version: '2.0.0', fingerprint: B }, 'recipe:r': { version: '3.9.9', fingerprint: B } },
      retired: { 'component:gone': '1.0.0' },
    });
    const lock = salvage(conflict(ours, theirs));
    expect(lock.entries['component:a']).toEqual({ version: '2.0.0', fingerprint: B });
    expect(lock.entries['recipe:r']).toEqual({ version: '4.0.0', fingerprint: A, earlier: ['3.9.9'] });
    expect(lock.retired).toEqual({ 'component:gone': '1.0.0' });
  });

  it('forgets the fingerprint when both sides reached the same version with different content', () => {
    const ours = serializeLock({ entries: { 'component:a': { version: '1.1.0', fingerprint: A } }, retired: {} });
    const theirs = serializeLock({ entries: { 'component:a': { version: '1.1.0', fingerprint: B } }, retired: {} });
    expect(salvage(conflict(ours, theirs)).entries['component:a']).toEqual({ version: '1.1.0', fingerprint: UNKNOWN_FINGERPRINT });
  });
});

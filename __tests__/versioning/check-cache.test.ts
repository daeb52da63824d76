/** `versions --check` remembers a pass keyed on the content it read, and never answers wrongly from it. */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_CACHE_FILE, checkInputsKey, rememberedCheck } from '../../src/versioning/check-cache.js';
import { lockHistoryIdentity } from '../../src/versioning/lock-history.js';
import { runningCodeIdentity } from '../../src/commands/running-code.js';
import { runCli } from '../support/cli.js';
import { FixtureRepo, REPO_ROOT } from '../support/fixture.js';
import { GitRepo } from '../support/git-repo.js';

const TEAM_LOCK = 'teams/platform/versions.lock.json';
const CODE = 'code-1';

describe('the versions --check cache', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const check = (...args: string[]) => runCli(repo.root, 'versions', '--check', ...args);
  const cacheFile = () => join(repo.root, CHECK_CACHE_FILE);
  /** Rewrites what the cache would replay, keeping its key: a run printing it answered from the cache. */
  const markCachedOutput = () => {
    const stored = JSON.parse(readFileSync(cacheFile(), 'utf8')) as Record<string, unknown>;
    writeFileSync(cacheFile(), JSON.stringify({ ...stored, out: ['answered from the cache'] }));
  };

  it('remembers a pass and answers from it while nothing it reads changes', async () => {
    expect(await check()).toMatchObject({ code: 0, stdout: 'All version locks are current.\n' });
    markCachedOutput();
    expect(await check()).toMatchObject({ code: 0, stdout: 'answered from the cache\n' });
  });

  it('sees a hand-edited lock entry after a cached pass', async () => {
    expect((await check()).code).toBe(0);
    repo.edit(TEAM_LOCK, /"fingerprint": "sha256:[0-9a-f]/, '"fingerprint": "sha256:x');
    const after = await check();
    expect(after.code).toBe(1);
    expect(after.stderr).toContain(`${TEAM_LOCK} error: the lock is out of date`);
  });

  it('sees a changed component document after a cached pass', async () => {
    expect((await check()).code).toBe(0);
    repo.edit(
      'components-yaml/ssm-agent.yaml',
      'description: Ensures amazon-ssm-agent is installed',
      'description: Ensures the agent runs',
    );
    expect((await check()).code).toBe(1);
  });

  it('ignores a damaged cache file and checks from scratch', async () => {
    for (const damage of ['{"format":1,"key":', '[]', '{"format":1,"key":"x","out":"not lines","err":[]}', '\u0000\u0001']) {
      mkdirSync(join(cacheFile(), '..'), { recursive: true });
      writeFileSync(cacheFile(), damage);
      expect(await check()).toMatchObject({ code: 0, stdout: 'All version locks are current.\n' });
    }
    repo.edit(TEAM_LOCK, /"fingerprint": "sha256:[0-9a-f]/, '"fingerprint": "sha256:x');
    writeFileSync(cacheFile(), '{"format":1,"key":"');
    expect((await check()).code).toBe(1);
  });

  it('never remembers a failing check', async () => {
    repo.edit(TEAM_LOCK, /"fingerprint": "sha256:[0-9a-f]/, '"fingerprint": "sha256:x');
    expect((await check()).code).toBe(1);
    expect(() => readFileSync(cacheFile())).toThrow();
  });

  it('--no-cache checks from scratch and keeps nothing', async () => {
    expect((await check('--no-cache')).code).toBe(0);
    expect(() => readFileSync(cacheFile())).toThrow();
    expect((await check()).code).toBe(0);
    markCachedOutput();
    expect(await check('--no-cache')).toMatchObject({ code: 0, stdout: 'All version locks are current.\n' });
  });

  it('keys on every byte, name and entry of the inputs, and on the code', () => {
    const key = () => checkInputsKey(repo.root, CODE);
    const first = key();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(key()).toBe(first);
    expect(checkInputsKey(repo.root, 'code-2')).not.toBe(first);
    const changes: [string, () => void][] = [
      ['a byte of a team file', () => repo.edit('teams/platform/team.yaml', /owners:/, 'owners: ')],
      ['a new empty file', () => repo.write('teams/platform/components/notes.txt', '')],
      ['a new empty folder', () => mkdirSync(repo.path('teams/platform/empty'))],
      ['a renamed file', () => repo.write('teams/platform/components/notes2.txt', '').remove('teams/platform/components/notes.txt')],
      ['cdktf.json', () => repo.edit('cdktf.json', /\}\s*$/, '}\n\n')],
    ];
    let previous = first;
    for (const [change, apply] of changes) {
      apply();
      expect(key(), change).not.toBe(previous);
      previous = key()!;
    }
  });

  it('keys on nothing it cannot pin down by content: a link leaves it without a key', () => {
    symlinkSync(repo.path('components-yaml/ssm-agent.yaml'), repo.path('teams/platform/linked.yaml'));
    expect(checkInputsKey(repo.root, CODE)).toBeUndefined();
  });

  it('answers only for the key it was stored under', async () => {
    expect((await check()).code).toBe(0);
    const stored = JSON.parse(readFileSync(cacheFile(), 'utf8')) as { key: string };
    expect(rememberedCheck(repo.root, stored.key)).toEqual({ out: ['All version locks are current.'], err: expect.any(Array) });
    expect(rememberedCheck(repo.root, 'another key')).toBeUndefined();
  });

  it('identifies the running code by its source and installed dependencies', () => {
    expect(runningCodeIdentity(REPO_ROOT)).toMatch(/^[0-9a-f]{64}$/);
    const copy = new FixtureRepo({ empty: true });
    try {
      copy.write('src/a.ts', 'export const a = 1;\n');
      const before = runningCodeIdentity(copy.root);
      copy.write('src/a.ts', 'export const a = 2;\n');
      expect(runningCodeIdentity(copy.root)).not.toBe(before);
      const withDependencies = runningCodeIdentity(copy.root);
      copy.write('node_modules/.package-lock.json', '{"packages":{}}\n');
      expect(runningCodeIdentity(copy.root)).not.toBe(withDependencies);
    } finally {
      copy.dispose();
    }
  });
});

describe('the history identity a cached check keys on', () => {
  it('changes with HEAD and with the base branch, and names why git cannot be read', () => {
    const repo = new GitRepo();
    try {
      const before = lockHistoryIdentity(repo.root);
      expect(lockHistoryIdentity(repo.root)).toBe(before);
      repo.write('notes.txt', 'x').commitAll('a commit');
      const afterCommit = lockHistoryIdentity(repo.root);
      expect(afterCommit).not.toBe(before);
      expect(lockHistoryIdentity(repo.root, 'HEAD~1')).not.toBe(afterCommit);
    } finally {
      repo.dispose();
    }
    const plain = new FixtureRepo();
    try {
      expect(JSON.parse(lockHistoryIdentity(plain.root))).toEqual({ unreadable: expect.stringContaining('git') });
    } finally {
      plain.dispose();
    }
  });
});

/** Writing several version locks is all or nothing, and a failure names the file and the reason. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadVersionedFleet, writeLocks } from '../../src/versioning/sync.js';
import { WriteError } from '../../src/core/write-together.js';
import { runCli } from '../support/cli.js';
import { FixtureRepo } from '../support/fixture.js';

const LOCKS = ['components-yaml/versions.lock.json', 'teams/collections/versions.lock.json', 'teams/platform/versions.lock.json'];

describe('writing several locks', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const leftovers = () =>
    ['components-yaml', 'teams/collections', 'teams/platform'].flatMap((dir) =>
      readdirSync(repo.path(dir)).filter((name) => name.endsWith('.tmp')),
    );

  it('changes none of them when one cannot be written, naming that file and why', () => {
    repo.edit('components-yaml/ssm-agent.yaml', 'Ensures amazon-ssm-agent', 'Makes sure amazon-ssm-agent');
    const { plan } = loadVersionedFleet(repo.root);
    expect(plan!.staleLocks.map((update) => update.read.file)).toEqual(LOCKS);
    // The last lock to be written cannot be: a folder stands where the file should be.
    repo.remove(LOCKS[2]!);
    mkdirSync(repo.path(LOCKS[2]!));
    const unchanged = { [LOCKS[0]!]: repo.read(LOCKS[0]!), [LOCKS[1]!]: repo.read(LOCKS[1]!) };
    expect(() => writeLocks(repo.root, plan!)).toThrow(new WriteError(LOCKS[2]!, 'EISDIR: illegal operation on a directory'));
    expect({ [LOCKS[0]!]: repo.read(LOCKS[0]!), [LOCKS[1]!]: repo.read(LOCKS[1]!) }).toEqual(unchanged);
    expect(leftovers()).toEqual([]);
  });
});

describe('npm run versions with a lock it cannot write', () => {
  let repo: FixtureRepo;
  let immutable: string | undefined;
  beforeEach(() => {
    repo = new FixtureRepo().edit('components-yaml/ssm-agent.yaml', 'Ensures amazon-ssm-agent', 'Makes sure amazon-ssm-agent');
  });
  afterEach(() => {
    if (immutable) spawnSync('chattr', ['-i', immutable]);
    immutable = undefined;
    repo.dispose();
  });

  /** What the command says, and that no lock changed. */
  async function expectLocatedErrorAndNothingWritten(file: string, reason: string): Promise<void> {
    const readable = LOCKS.filter((lock) => lock !== file || reason.startsWith('EPERM'));
    const before = readable.map((lock) => repo.read(lock));
    const result = await runCli(repo.root, 'versions');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${file} error: could not be written (${reason}); no file was changed\n    hint: make it a writable file (no folder in its place, no immutable flag: \`lsattr\`, \`chattr -i\`) and run the command again\n1 error, 0 warnings\n`,
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readable.map((lock) => repo.read(lock))).toEqual(before);
  }

  it('names the lock with a folder in its place, located, changing no lock', async () => {
    repo.remove(LOCKS[2]!);
    mkdirSync(repo.path(LOCKS[2]!));
    await expectLocatedErrorAndNothingWritten(LOCKS[2]!, 'EISDIR: illegal operation on a directory');
  });

  // chattr +i stops root too, but needs a file system and a capability that not every machine has.
  it.runIf(spawnSync('chattr', ['-h']).error === undefined)(
    'names an immutable lock (chattr +i), located, changing no lock',
    async (context) => {
      if (spawnSync('chattr', ['+i', repo.path(LOCKS[1]!)]).status !== 0) return context.skip();
      immutable = repo.path(LOCKS[1]!);
      await expectLocatedErrorAndNothingWritten(LOCKS[1]!, 'EPERM: operation not permitted');
    },
  );
});

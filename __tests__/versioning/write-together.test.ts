/** Writing several version locks is all or nothing, and a failure names the file and the reason. */
import { mkdirSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadVersionedFleet, writeLocks } from '../../src/versioning/sync.js';
import { WriteError } from '../../src/versioning/write-together.js';
import { FixtureRepo } from '../support/fixture.js';

const LOCKS = ['components-yaml/versions.lock.json', 'teams/collections/versions.lock.json', 'teams/platform/versions.lock.json'];

describe('writing several locks', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const leftovers = () => ['components-yaml', 'teams/collections', 'teams/platform'].flatMap((dir) => readdirSync(repo.path(dir)).filter((name) => name.endsWith('.tmp')));

  it('changes none of them when one cannot be written, naming that file and why', () => {
    repo.edit('components-yaml/ssm-agent.yaml', 'Ensures amazon-ssm-agent', 'Makes sure amazon-ssm-agent');
    const { plan } = loadVersionedFleet(repo.root);
    expect(plan!.staleLocks.map((update) => update.read.file)).toEqual(LOCKS);
    // The last lock to be written cannot be: a folder stands where the file should be.
    repo.remove(LOCKS[2]!);
    mkdirSync(repo.path(LOCKS[2]!));
    const unchanged = { [LOCKS[0]!]: repo.read(LOCKS[0]!), [LOCKS[1]!]: repo.read(LOCKS[1]!) };
    expect(() => writeLocks(repo.root, plan!)).toThrow(
      new WriteError(`could not write ${LOCKS[2]} (EISDIR: illegal operation on a directory); no file was changed`),
    );
    expect({ [LOCKS[0]!]: repo.read(LOCKS[0]!), [LOCKS[1]!]: repo.read(LOCKS[1]!) }).toEqual(unchanged);
    expect(leftovers()).toEqual([]);
  });
});

/** Versions never go below what the locks' git history had: deleted, truncated or lowered locks. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLockHistory } from '../../src/versioning/lock-history.js';
import { formatBump, loadVersionedFleet } from '../../src/versioning/sync.js';
import { runCli } from '../support/cli.js';
import { FixtureRepo } from '../support/fixture.js';
import { GitRepo } from '../support/git-repo.js';

const SHARED_LOCK = 'components-yaml/versions.lock.json';
const LOCKS = [SHARED_LOCK, 'teams/collections/versions.lock.json', 'teams/platform/versions.lock.json'];
const SSM_DOC = 'components-yaml/ssm-agent.yaml';
const SSM_DESCRIPTION = 'description: Ensures amazon-ssm-agent is installed';

function ssmVersion(repo: FixtureRepo): string {
  return JSON.parse(repo.read(SHARED_LOCK)).entries['component:ssm-agent'].version;
}

describe('the version locks’ git history', () => {
  let repo: GitRepo;
  let base: { lock: string; doc: string };
  let bumped: string;
  beforeEach(() => {
    repo = new GitRepo();
    base = { lock: repo.read(SHARED_LOCK), doc: repo.read(SSM_DOC) };
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (v2)`).updateVersions().commitAll('ssm-agent v2');
    bumped = repo.head();
    expect(ssmVersion(repo)).toBe('1.0.1');
  });
  afterEach(() => repo.dispose());

  it('restores deleted locks to exactly the committed versions, a recipe’s earlier versions included', () => {
    const committed = LOCKS.map((lock) => repo.read(lock));
    expect(JSON.parse(committed[2]!).entries['recipe:bastion-host'].earlier).toEqual(['1.0.0']);
    for (const lock of LOCKS) repo.remove(lock);
    const { plan } = loadVersionedFleet(repo.root);
    expect(plan!.bumps.map(formatBump)).toContain(
      `shared/component:ssm-agent  new -> 1.0.1 restored: the same content had 1.0.1 at commit ${bumped.slice(0, 12)}`,
    );
    repo.updateVersions();
    expect(LOCKS.map((lock) => repo.read(lock))).toEqual(committed);
  });

  it('moves a lock lowered by hand above its history when the content changed', () => {
    repo.write(SHARED_LOCK, base.lock).edit(SSM_DOC, '(v2)', '(v3)');
    const { plan } = loadVersionedFleet(repo.root);
    expect(plan!.bumps.map(formatBump)).toContain(
      `shared/component:ssm-agent  1.0.0 -> 1.0.2 patch: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml); versions up to 1.0.1 were used before at commit ${bumped.slice(0, 12)}`,
    );
    repo.updateVersions();
    expect(ssmVersion(repo)).toBe('1.0.2');
  });

  it('moves a reverted lock and document above the reverted version: 1.0.1 is in AWS', () => {
    repo.write(SHARED_LOCK, base.lock).write(SSM_DOC, base.doc).updateVersions();
    expect(ssmVersion(repo)).toBe('1.0.2');
  });

  it('--check fails on a lock below its history, naming entry, file, line, version, commit and command', async () => {
    repo.write(SHARED_LOCK, base.lock).write(SSM_DOC, base.doc);
    const line =
      base.lock
        .split('\n')
        .findIndex((l, i, all) => l.includes('"version"') && all.slice(0, i).some((p) => p.includes('"component:ssm-agent"'))) + 1;
    const check = await runCli(repo.root, 'versions', '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      `${SHARED_LOCK}:${line}:18 error at entries.component:ssm-agent.version: shared/component:ssm-agent is at 1.0.0, below 1.0.1, which it had at commit ${bumped.slice(0, 12)}: a version already deployed would collide with it\n    hint: run \`npm run versions\``,
    );
    expect(check.stderr).not.toMatch(/^warning:/m);
    expect(repo.read(SHARED_LOCK)).toBe(base.lock);
    expect((await runCli(repo.root, 'versions')).code).toBe(0);
    expect(await runCli(repo.root, 'versions', '--check')).toMatchObject({ code: 0, stdout: 'All version locks are current.\n' });
  });

  it('sees versions committed on a merged side branch that HEAD’s simplified history skips', () => {
    repo.git('switch', '-q', '-c', 'side', 'base');
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (side)`).updateVersions().commitAll('side: ssm-agent 1.0.1');
    repo.edit(SSM_DOC, '(side)', '(side 2)').updateVersions().commitAll('side: ssm-agent 1.0.2');
    expect(ssmVersion(repo)).toBe('1.0.2');
    repo.git('switch', '-q', 'main');
    repo.git('-c', 'user.name=T', '-c', 'user.email=t@example.org', 'merge', '-q', '-s', 'ours', '-m', 'merge side, keeping main', 'side');
    expect(readLockHistory(repo.root).main!.latest('shared', 'component:ssm-agent')?.version).toBe('1.0.2');
    repo.edit(SSM_DOC, '(v2)', '(v3)');
    expect(loadVersionedFleet(repo.root).plan!.bumps.map(formatBump)[0]).toMatch(
      /^shared\/component:ssm-agent {2}1\.0\.1 -> 1\.0\.3 patch/,
    );
  });

  it('in a shallow clone, --check stops and asks for the history; the other commands use the commits it has and say so once', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'golden-ami-shallow-'));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.root}`, clone]);
      const history = readLockHistory(clone);
      expect(history.warning).toMatch(
        /^this is a shallow clone: versions committed before its oldest commit are not seen; .*fetch-depth: 0/,
      );
      expect(history.main!.latest('shared', 'component:ssm-agent')?.version).toBe('1.0.1');
      const check = await runCli(clone, 'versions', '--check');
      expect(check).toMatchObject({ code: 1, stdout: '' });
      expect(check.stderr).toBe(
        "This is a shallow clone: the versions main's history holds cannot all be seen, so the locks cannot be checked; fetch the whole history (`git fetch --unshallow origin main`; in GitHub Actions: actions/checkout with fetch-depth: 0).\n",
      );
      const update = await runCli(clone, 'versions');
      expect(update.code).toBe(0);
      expect(update.stderr.match(/warning: this is a shallow clone/g)).toHaveLength(1);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});

describe('without git', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  it('says so once as a warning and goes on with the locks alone', async () => {
    const check = await runCli(repo.root, 'versions', '--check');
    expect(check).toMatchObject({ code: 0, stdout: 'All version locks are current.\n' });
    expect(check.stderr.match(/warning: /g)).toHaveLength(1);
    expect(check.stderr).toMatch(
      /^warning: the version locks' git history cannot be read \(.*not inside a git repository.*\): versions are checked against the lock files alone/,
    );
  });
});

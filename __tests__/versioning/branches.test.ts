/**
 * A version names one content, forever, across branches and merges: two branches bumping the same
 * entry, merged in both orders, with and without the locks' merge driver; a conflict resolved by
 * hand that keeps the wrong side is caught; and the deploy check catches such a merge on main.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitRepo } from '../support/git-repo.js';

const SSM_DOC = 'components-yaml/ssm-agent.yaml';
const SSM_DESCRIPTION = 'description: Ensures amazon-ssm-agent is installed';
const SHARED_LOCK = 'components-yaml/versions.lock.json';
const PLATFORM_LOCK = 'teams/platform/versions.lock.json';

function entry(repo: GitRepo, lock: string, key: string): { version: string; fingerprint: string } {
  return JSON.parse(repo.read(lock)).entries[key];
}

/** `<line>:<column>` of an entry's version in a lock as written. */
function versionAt(text: string, key: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`    "${key}": {`));
  const line = lines.findIndex((l, i) => i > start && l.startsWith('      "version"'));
  return `${line + 1}:18`;
}

/** Branches `a` and `b` from main, each bumping shared ssm-agent 1.0.0 -> 1.0.1 with its own content. */
function twoBranches(repo: GitRepo): void {
  for (const side of ['a', 'b']) {
    repo.git('switch', '-q', '-c', side, 'main');
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (${side})`).updateVersions().commitAll(`${side}: ssm-agent`);
    expect(entry(repo, SHARED_LOCK, 'component:ssm-agent').version).toBe('1.0.1');
  }
  repo.git('switch', '-q', 'main');
}

const ORDERS = [
  ['a', 'b'],
  ['b', 'a'],
] as const;

describe('two branches bumping the same entry, without the merge driver', () => {
  // The branches are made once; each test merges in its own copy of them.
  let branched: GitRepo;
  let repo: GitRepo;
  beforeAll(() => {
    branched = new GitRepo();
    twoBranches(branched);
  });
  afterAll(() => branched.dispose());
  beforeEach(() => {
    repo = new GitRepo(branched);
  });
  afterEach(() => repo.dispose());

  it.each(ORDERS)(
    '%s merged first: %s keeping its own side of the lock conflict is caught at the entry, and npm run versions bumps above it',
    async (first, second) => {
      expect(repo.merge(first)).toBe(false);
      const deployed = repo.git('rev-parse', first).trim();
      repo.git('switch', '-q', second);
      expect(repo.merge('main')).toBe(true);
      repo.git('checkout', '--ours', '--', '.');
      repo.commitAll(`merge main into ${second}, keeping ${second}'s side`);
      const lock = repo.read(SHARED_LOCK);

      const check = await repo.run('versions', '--check');
      expect(check.code).toBe(1);
      expect(check.stderr).toContain(
        `${SHARED_LOCK}:${versionAt(lock, 'component:ssm-agent')} error at entries.component:ssm-agent.version: shared/component:ssm-agent is at 1.0.1, which main (merge base ${repo.git('rev-parse', 'main').trim().slice(0, 12)}) already holds with other content since commit ${deployed.slice(0, 12)}: one version would name two contents\n    hint: run \`npm run versions\` to bump above it`,
      );
      // The recipes took 1.0.1 on both branches for the same arguments (ssm-agent 1.0.1): no conflict there.
      expect(check.stderr).not.toContain('recipe:container-host is at');
      expect(repo.read(SHARED_LOCK)).toBe(lock);

      const update = await repo.run('versions');
      expect(update.code).toBe(0);
      expect(update.stdout).toContain(
        'shared/component:ssm-agent  1.0.1 -> 1.0.2 patch: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml); 1.0.1 had other content at commit',
      );
      expect(entry(repo, SHARED_LOCK, 'component:ssm-agent').version).toBe('1.0.2');
      expect(entry(repo, PLATFORM_LOCK, 'recipe:container-host').version).toBe('1.0.2');
      expect(await repo.run('versions', '--check')).toMatchObject({ code: 0, stdout: 'All version locks are current.\n' });

      repo.commitAll('bump above main').git('switch', '-q', 'main');
      expect(repo.merge(second)).toBe(false);
      expect(entry(repo, SHARED_LOCK, 'component:ssm-agent').version).toBe('1.0.2');
      expect((await repo.run('versions', '--check')).code).toBe(0);
    },
  );

  it.each(ORDERS)('%s merged first: the deploy check catches %s merged into main keeping its side', async (first, second) => {
    expect(repo.merge(first)).toBe(false);
    const before = repo.head();
    expect(repo.merge(second)).toBe(true);
    repo.git('checkout', '--theirs', '--', '.');
    repo.commitAll(`merge ${second}, keeping its side`);
    const check = await repo.run('versions', '--check', '--base', before);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      `shared/component:ssm-agent is at 1.0.1, which ${before} (merge base ${before.slice(0, 12)}) already holds with other content`,
    );
  });
});

describe('two branches bumping the same entry, with the merge driver', () => {
  // The driver is registered and the branches made once; each test merges in its own copy of them.
  let branched: GitRepo;
  let repo: GitRepo;
  beforeAll(async () => {
    branched = new GitRepo();
    expect(await branched.run('setup-merge-driver')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Added "versions.lock.json merge=versions-lock" to .gitattributes'),
    });
    branched.commitAll('register the merge driver');
    twoBranches(branched);
  });
  afterAll(() => branched.dispose());
  beforeEach(() => {
    repo = new GitRepo(branched);
  });
  afterEach(() => repo.dispose());

  it.each(ORDERS)(
    '%s merged first: %s merges main without a lock conflict, the shared version bumped, and npm run versions records the content',
    async (first, second) => {
      expect(repo.merge(first)).toBe(false);
      repo.git('switch', '-q', second);
      expect(repo.merge('main')).toBe(true);
      // Only the component document conflicts, as text: the locks were merged by the driver.
      expect(repo.git('diff', '--name-only', '--diff-filter=U').trim()).toBe(SSM_DOC);
      expect(entry(repo, SHARED_LOCK, 'component:ssm-agent').version).toBe('1.0.2');
      repo.git('checkout', '--ours', '--', SSM_DOC);
      repo.commitAll(`merge main into ${second}`);

      const check = await repo.run('versions', '--check');
      expect(check.code).toBe(1);
      expect(check.stderr).toContain(`${SHARED_LOCK} error: the lock is out of date`);
      expect((await repo.run('versions')).code).toBe(0);
      expect(entry(repo, SHARED_LOCK, 'component:ssm-agent').version).toBe('1.0.2');
      expect((await repo.run('versions', '--check')).code).toBe(0);
      repo.commitAll('record the merged content').git('switch', '-q', 'main');
      expect(repo.merge(second)).toBe(false);
      expect((await repo.run('versions', '--check')).code).toBe(0);
    },
  );

  it('a conflict resolved by hand around the driver is still caught', async () => {
    expect(repo.merge('a')).toBe(false);
    repo.git('switch', '-q', 'b');
    expect(repo.merge('main')).toBe(true);
    // The person undoes the driver's lock and keeps b's files as they were before the merge.
    repo.git('checkout', 'ORIG_HEAD', '--', '.');
    repo.commitAll('merge main into b, keeping b everywhere');
    expect(entry(repo, SHARED_LOCK, 'component:ssm-agent').version).toBe('1.0.1');
    expect((await repo.run('versions', '--check')).stderr).toContain('shared/component:ssm-agent is at 1.0.1, which main');
  });
});

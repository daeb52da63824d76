/**
 * `npm run versions -- --bump <id>=<kind>` asks for at least that bump since the entry's version
 * in the base branch's lock (the merge base of HEAD and origin/main, else main, or --base): running
 * it again, before or after committing, bumps nothing more. An unknown id gets "did you mean".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { GitRepo } from '../support/git-repo.js';

const SSM_DOC = 'components-yaml/ssm-agent.yaml';
const SSM_DESCRIPTION = 'description: Ensures amazon-ssm-agent is installed';
const PLATFORM_LOCK = 'teams/platform/versions.lock.json';
const SHARED_LOCK = 'components-yaml/versions.lock.json';

describe('npm run versions -- --bump', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = new GitRepo();
  });
  afterEach(() => repo.dispose());

  const run = (...args: string[]) => runCli(repo.root, 'versions', ...args);
  const versionIn = (lock: string, key: string): string => JSON.parse(repo.read(lock)).entries[key].version;

  it('bumps once when run twice, before or after committing on a branch', async () => {
    repo.git('checkout', '-q', '-b', 'feature');
    const first = await run('--bump', 'platform/recipe:bastion-host=major');
    expect(first).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('platform/recipe:bastion-host  1.0.0 -> 2.0.0 major: major bump forced from the command line'),
    });
    expect(versionIn(PLATFORM_LOCK, 'recipe:bastion-host')).toBe('2.0.0');
    const lock = repo.read(PLATFORM_LOCK);

    const second = await run('--bump', 'platform/recipe:bastion-host=major');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      /platform\/recipe:bastion-host {2}2\.0\.0: already at least a major bump above 1\.0\.0 at main \(merge base [0-9a-f]{12}\)/,
    );
    expect(second.stdout).toContain('All version locks were already current.');
    expect(repo.read(PLATFORM_LOCK)).toBe(lock);

    repo.commitAll('bump bastion-host');
    expect((await run('--bump', 'platform/recipe:bastion-host=major')).stdout).toContain('All version locks were already current.');
    expect((await run('--bump', 'platform/recipe:bastion-host=minor')).stdout).toContain('All version locks were already current.');
    expect(repo.read(PLATFORM_LOCK)).toBe(lock);
    expect((await run('--check')).code).toBe(0);
  });

  it('counts a content change on the branch towards the bump, and raises only what falls short', async () => {
    repo.git('checkout', '-q', '-b', 'feature');
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (v2)`);
    expect((await run()).code).toBe(0);
    repo.commitAll('ssm-agent patch');
    expect(versionIn(SHARED_LOCK, 'component:ssm-agent')).toBe('1.0.1');
    // Already a patch above main's 1.0.0: nothing to do.
    expect((await run('--bump', 'shared/component:ssm-agent=patch')).stdout).toContain('All version locks were already current.');
    // A minor bump since main: 1.0.1 -> 1.1.0, once.
    const minor = await run('--bump', 'shared/component:ssm-agent=minor');
    expect(minor.stdout).toContain('shared/component:ssm-agent  1.0.1 -> 1.1.0 minor: minor bump forced from the command line');
    expect((await run('--bump', 'shared/component:ssm-agent=minor')).stdout).toContain('All version locks were already current.');
    expect(versionIn(SHARED_LOCK, 'component:ssm-agent')).toBe('1.1.0');
  });

  it('counts from the ref --base names', async () => {
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (v2)`);
    expect((await run()).code).toBe(0);
    repo.commitAll('ssm-agent patch on main');
    // From main (HEAD), 1.0.1 needs a minor bump; from the tag `base` (1.0.0), 1.0.1 is a patch already.
    expect((await run('--bump', 'shared/component:ssm-agent=patch', '--base', 'base')).stdout).toContain(
      'All version locks were already current.',
    );
    expect((await run('--bump', 'shared/component:ssm-agent=patch')).stdout).toContain('shared/component:ssm-agent  1.0.1 -> 1.0.2 patch');
  });

  it('says when there is no base branch to count from', async () => {
    repo.git('branch', '-m', 'main', 'trunk');
    const result = await run('--bump', 'platform/recipe:bastion-host=major');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      '--bump counts from the base branch, but neither origin/main nor main exists here: name it with --base <ref>.\n',
    );
    expect((await run('--bump', 'platform/recipe:bastion-host=major', '--base', 'trunk')).code).toBe(0);
  });

  it('answers an unknown id with the nearest one and the list of ids, exit 2, changing nothing', async () => {
    const lock = repo.read(PLATFORM_LOCK);
    const result = await run('--bump', 'platform/recipe:bastionhost=major');
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('--bump platform/recipe:bastionhost: no such entry; did you mean platform/recipe:bastion-host?');
    expect(lines[1]).toBe('Entries:');
    expect(lines.slice(2)).toContain('  shared/component:ssm-agent');
    expect(lines.slice(2)).toContain('  platform/recipe:bastion-host');
    expect(lines.slice(2)).toContain('  collections/component:iiif-image-server');
    expect((await run('--bump', 'nothing-like-it=patch')).stderr.split('\n')[0]).toBe('--bump nothing-like-it: no such entry');
    expect(repo.read(PLATFORM_LOCK)).toBe(lock);
  });
});

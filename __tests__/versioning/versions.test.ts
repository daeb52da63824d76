/** How versions follow content: kept, bumped, never reused, forced, retired, and checked in CI. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { synthesizeFleet } from '../../src/synthesis/pipeline.js';
import type { BumpKind } from '../../src/versioning/bump.js';
import { formatBump, loadVersionedFleet } from '../../src/versioning/sync.js';
import { runCli } from '../support/cli.js';
import { FixtureRepo, REPO_ROOT } from '../support/fixture.js';
import { GitRepo } from '../support/git-repo.js';

const SSM_DOC = 'components-yaml/ssm-agent.yaml';
const SSM_DESCRIPTION = 'description: Ensures amazon-ssm-agent is installed';

function bumps(repo: FixtureRepo, forced?: Map<string, BumpKind>): string[] {
  const { plan, problems } = loadVersionedFleet(repo.root, { forced });
  expect(problems.errors).toEqual([]);
  return plan!.bumps.map(formatBump);
}

function version(repo: FixtureRepo, team: string, key: string): string {
  const fleet = repo.fleet();
  const owner = fleet.teams.find((t) => t.name === team)!;
  return key.startsWith('recipe:')
    ? owner.images.find((i) => i.name === key.slice(7))!.recipeVersion
    : owner.components.find((c) => c.key === key.slice(10))!.version;
}

describe('versions', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  it('are current on main: the committed locks match the content', () => {
    const { plan } = loadVersionedFleet(REPO_ROOT);
    expect(plan!.damage).toEqual([]);
    expect(plan!.staleLocks.map((l) => l.read.file)).toEqual([]);
  });

  it('stay the same when nothing that forces replacement changed', () => {
    repo.edit(SSM_DOC, /^# .*$/m, '# a comment edit only');
    expect(bumps(repo)).toEqual([]);
  });

  it('bump a shared component and every recipe that uses it, in every team, and nothing else', () => {
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (and kept running)`);
    expect(bumps(repo)).toEqual([
      'shared/component:ssm-agent  1.0.0 -> 1.0.1 patch: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml)',
      'collections/recipe:iiif-server  1.0.0 -> 1.0.1 patch: component ssm-agent@1.0.0 -> 1.0.1',
      'platform/recipe:container-host  1.0.0 -> 1.0.1 patch: component ssm-agent@1.0.0 -> 1.0.1',
      'platform/recipe:bastion-host  1.0.0 -> 1.0.1 patch: component ssm-agent@1.0.0 -> 1.0.1',
    ]);
  });

  it('infer a minor bump for a new parameter with a default, and major for a removed one', () => {
    const withParameter = repo
      .read('components-yaml/cloudwatch-agent.yaml')
      .replace(
        '  - logGroupPrefix:',
        "  - extraLabel:\n      type: string\n      default: 'x'\n      description: test\n  - logGroupPrefix:",
      );
    repo.write('components-yaml/cloudwatch-agent.yaml', withParameter);
    expect(bumps(repo)[0]).toBe('shared/component:cloudwatch-agent  1.0.0 -> 1.1.0 minor: parameter "extraLabel" added with a default');
    repo.updateVersions().edit('components-yaml/cloudwatch-agent.yaml', / {2}- extraLabel:\n(.*\n){3}/, '');
    expect(bumps(repo)[0]).toBe('shared/component:cloudwatch-agent  1.1.0 -> 2.0.0 major: parameter "extraLabel" removed');
  });

  it('never reuse a version: reverting content bumps again', () => {
    const original = repo.read(SSM_DOC);
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (v2)`).updateVersions();
    expect(version(repo, 'platform', 'component:ssm-agent')).toBe('1.0.1');
    repo.write(SSM_DOC, original).updateVersions();
    expect(version(repo, 'platform', 'component:ssm-agent')).toBe('1.0.2');
    expect(version(repo, 'platform', 'recipe:container-host')).toBe('1.0.2');
  });

  it('retire entries that no longer exist, and start above them when they come back', () => {
    const local = repo.read('teams/collections/components/iiif-image-server.yaml');
    const team = repo.read('teams/collections/team.yaml');
    repo.edit('teams/collections/team.yaml', / {6}- local: iiif-image-server\n {8}parameters:\n {10}cacheSizeGiB: 50\n/, '');
    repo.remove('teams/collections/components/iiif-image-server.yaml');
    expect(bumps(repo)).toContain('collections/component:iiif-image-server  1.0.0 -> removed: no longer defined');
    repo.updateVersions();
    expect(JSON.parse(repo.read('teams/collections/versions.lock.json')).retired).toEqual({ 'component:iiif-image-server': '1.0.0' });
    repo.write('teams/collections/components/iiif-image-server.yaml', local).write('teams/collections/team.yaml', team);
    expect(bumps(repo)).toContain('collections/component:iiif-image-server  new -> 2.0.0: new (versions up to 1.0.0 were used before)');
  });

  it('let a person force a bigger bump for one entry', () => {
    expect(bumps(repo, new Map([['platform/recipe:bastion-host', 'major']]))).toEqual([
      'platform/recipe:bastion-host  1.0.0 -> 2.0.0 major: major bump forced from the command line',
    ]);
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION}!`);
    expect(bumps(repo, new Map([['shared/component:ssm-agent', 'minor']]))[0]).toBe(
      'shared/component:ssm-agent  1.0.0 -> 1.1.0 minor: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml); minor bump forced from the command line',
    );
  });

  it('report a forced bump for an entry that does not exist', () => {
    const { plan } = loadVersionedFleet(repo.root, { forced: new Map([['shared/component:nope', 'major']]) });
    expect(plan!.unusedForces).toEqual(['shared/component:nope']);
  });

  it('rebuild a lock with merge conflict markers without lowering any version', () => {
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (v2)`).updateVersions();
    const lock = repo.read('components-yaml/versions.lock.json');
    const damaged = lock.replace(
      /( {4}"component:ssm-agent": \{\n[\s\S]*? {6}"version": "1.0.1"\n {4}\},?\n)/,
      '<<<<<<< HEAD\n$1=======\n    "component:ssm-agent": {\n      "version": "1.4.0"\n    },\n>>>>>>> other\n',
    );
    expect(damaged).not.toBe(lock);
    repo.write('components-yaml/versions.lock.json', damaged);
    const { plan } = loadVersionedFleet(repo.root);
    expect(plan!.damage[0]).toMatchObject({
      file: 'components-yaml/versions.lock.json',
      message: 'the file still holds git merge conflict markers',
    });
    repo.updateVersions();
    expect(version(repo, 'platform', 'component:ssm-agent')).toBe('1.4.1');
    expect(loadVersionedFleet(repo.root).plan!.staleLocks).toEqual([]);
  });
});

describe('synth with a stale lock', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo().edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (v2)`);
  });
  afterEach(() => {
    repo.dispose();
    vi.restoreAllMocks();
  });

  it('fails in CI, naming the entries and the command to run, and writes nothing', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const lock = repo.read('components-yaml/versions.lock.json');
    expect(await synthesizeFleet(repo.root, { ci: true, outdir: repo.path('cdktf.out') })).toBe(1);
    expect(errors.join('\n')).toContain(
      'shared/component:ssm-agent  1.0.0 -> 1.0.1 patch: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml)',
    );
    expect(errors.join('\n')).toContain('Run `npm run versions`');
    expect(repo.read('components-yaml/versions.lock.json')).toBe(lock);
  });

  it('brings the lock up to date locally, prints the bumps, and synthesises the new versions', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    expect(await synthesizeFleet(repo.root, { ci: false, outdir: repo.path('cdktf.out') })).toBe(0);
    expect(lines).toContain(
      '  shared/component:ssm-agent  1.0.0 -> 1.0.1 patch: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml)',
    );
    expect(JSON.parse(repo.read('components-yaml/versions.lock.json')).entries['component:ssm-agent'].version).toBe('1.0.1');
    expect(repo.read('cdktf.out/stacks/platform/cdk.tf.json')).toContain('"version": "1.0.1"');
  });
});

describe('npm run versions', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = new GitRepo();
  });
  afterEach(() => repo.dispose());

  const run = (...args: string[]) => runCli(repo.root, 'versions', ...args);

  it('--check exits 0 when every lock is current, 1 listing each stale entry, and changes nothing', async () => {
    expect(await run('--check')).toMatchObject({ code: 0, stdout: 'All version locks are current.\n' });
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (v2)`);
    const lock = repo.read('components-yaml/versions.lock.json');
    const check = await run('--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      'components-yaml/versions.lock.json error: the lock is out of date:\n      shared/component:ssm-agent  1.0.0 -> 1.0.1 patch: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml)',
    );
    expect(check.stderr).toContain('teams/platform/versions.lock.json error: the lock is out of date:');
    expect(check.stderr).toContain('hint: run `npm run versions` and commit the updated versions.lock.json files');
    expect(repo.read('components-yaml/versions.lock.json')).toBe(lock);
  });

  it('updates the locks and prints one line per bump; --bump forces a bigger one', async () => {
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (v2)`);
    const update = await run('--bump', 'platform/recipe:container-host=minor');
    expect(update.code).toBe(0);
    expect(update.stdout).toContain(
      'platform/recipe:container-host  1.0.0 -> 1.1.0 minor: component ssm-agent@1.0.0 -> 1.0.1; minor bump forced from the command line',
    );
    expect((await run('--check')).code).toBe(0);
  });

  it('rejects a malformed --bump', async () => {
    expect(await run('--bump', 'platform/recipe:container-host')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--bump <id>=<patch|minor|major>'),
    });
  });
});

/** Affected stacks, worked out from a real git history of a copy of the example repository. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { affectedSince } from '../../src/workflows/affected-since.js';
import { Problems } from '../../src/core/problems.js';
import { loadTeams } from '../../src/config/teams.js';
import { runCli } from '../support/cli.js';
import { FixtureRepo } from '../support/fixture.js';
import { GitRepo } from '../support/git-repo.js';

/** Runs `npm run affected` (the CLI itself) in a folder. */
const affected = (cwd: string, ...args: string[]) => runCli(cwd, 'affected', ...args);

describe('affected stacks', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = new GitRepo();
  });
  afterEach(() => repo.dispose());

  it('a change in a team folder affects that team only', () => {
    repo.edit('teams/collections/components/iiif-image-server.yaml', /$/, '\n# tuned\n').commitAll('tune');
    const result = repo.affected();
    expect(result.teams).toEqual(['collections']);
    expect(result.reasons.collections).toEqual(['teams/collections/components/iiif-image-server.yaml modified']);
    expect(result.removedTeams).toEqual([]);
  });

  it('a shared component change affects exactly the teams that use it', () => {
    repo.edit('components-yaml/container-runtime.yaml', /$/, '\n# tuned\n').commitAll('runtime');
    const result = repo.affected();
    expect(result.teams).toEqual(['platform']);
    expect(result.reasons.platform).toEqual(['components-yaml/container-runtime.yaml modified (shared component container-runtime)']);
  });

  it('a shared component used as a test counts, and one nobody uses affects no team', () => {
    repo.edit('components-yaml/agents-health-test.yaml', /$/, '\n# tuned\n');
    repo.write('components-yaml/unused-tool.yaml', repo.read('components-yaml/ssm-agent.yaml')).commitAll('components');
    expect(repo.affected().teams).toEqual(['collections', 'platform', 'website']);
    expect(Object.values(repo.affected().reasons).flat().join('\n')).not.toContain('unused-tool');
  });

  it('a shared lock change affects the teams using the components whose entries changed', () => {
    const lock = JSON.parse(repo.read('components-yaml/versions.lock.json'));
    lock.entries['component:container-runtime'].version = '1.0.1';
    repo.write('components-yaml/versions.lock.json', `${JSON.stringify(lock, null, 2)}\n`).commitAll('bump');
    const result = repo.affected();
    expect(result.teams).toEqual(['platform']);
    expect(result.reasons.platform).toEqual(['components-yaml/versions.lock.json modified (entry component:container-runtime)']);
  });

  it('an unreadable shared lock affects every team using a shared component', () => {
    repo.write('components-yaml/versions.lock.json', '<<<<<<< ours\n{}\n=======\n{}\n>>>>>>> theirs\n').commitAll('conflict');
    const result = repo.affected();
    expect(result.teams).toEqual(['collections', 'platform', 'website']);
    expect(result.reasons.collections![0]).toContain('unreadable');
  });

  it.each([
    'cdktf.json',
    'main.ts',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'bin/run.mjs',
    'src/stacks/team-app.ts',
    '.github/workflows/ci.yml',
  ])('a platform change (%s) affects every team', (file) => {
    repo.write(file, '{}\n').commitAll(`change ${file}`);
    const result = repo.affected();
    expect(result.teams).toEqual(['collections', 'platform', 'website']);
    expect(result.reasons.platform).toEqual([`platform (every team): ${file} ${file === 'cdktf.json' ? 'modified' : 'added'}`]);
  });

  it('other paths (README, docs, tests, schema) affect no team', () => {
    repo
      .write('README.md', '# changed\n')
      .write('docs/guide.md', 'x\n')
      .write('__tests__/x.test.ts', '\n')
      .write('schema/team.schema.json', '{}\n');
    expect(repo.commitAll('docs').affected()).toEqual({ teams: [], removedTeams: [], reasons: {}, mergeBase: expect.any(String) });
  });

  it('a deleted team folder is reported as removed, never as affected', () => {
    repo.remove('teams/collections').commitAll('remove collections');
    const result = repo.affected();
    expect(result.removedTeams).toEqual(['collections']);
    expect(result.teams).toEqual([]);
  });

  it('a renamed team folder removes the old stack and affects the new one', () => {
    repo.write('teams/archive/team.yaml', repo.read('teams/collections/team.yaml'));
    repo.write('teams/archive/components/iiif-image-server.yaml', repo.read('teams/collections/components/iiif-image-server.yaml'));
    repo.write('teams/archive/components/kiosk-windows.yaml', repo.read('teams/collections/components/kiosk-windows.yaml'));
    repo.remove('teams/collections').commitAll('rename');
    const result = repo.affected();
    expect(result.teams).toEqual(['archive']);
    expect(result.removedTeams).toEqual(['collections']);
  });

  it('compares with the merge base, so changes made on the base branch since do not count', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    repo.edit('components-yaml/container-runtime.yaml', /$/, '\n# feature\n').commitAll('feature');
    repo.git('checkout', '-q', 'main');
    repo.write('src/stacks/team-app.ts', 'export {};\n').commitAll('platform change on main');
    repo.git('checkout', '-q', 'feature');
    expect(affectedSince(repo.root, 'main', loadTeams(repo.root, new Problems())).teams).toEqual(['platform']);
  });
});

describe('npm run affected', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = new GitRepo();
  });
  afterEach(() => repo.dispose());

  it('--json prints a GitHub Actions matrix with the removed teams', async () => {
    repo.remove('teams/collections').edit('teams/platform/team.yaml', /$/, '\n# note\n').commitAll('change');
    const { code, stdout } = await affected(repo.root, '--base', 'base', '--json');
    expect(code).toBe(0);
    // website builds on platform/container-host: the platform team's file affects it too.
    expect(JSON.parse(stdout)).toEqual({ include: [{ stack: 'platform' }, { stack: 'website' }], removed: ['collections'] });
  });

  it('prints one line per team with its reasons, and how to destroy a removed stack on purpose', async () => {
    const base = repo.git('rev-parse', 'HEAD').trim();
    repo.remove('teams/collections').edit('teams/platform/team.yaml', /$/, '\n# note\n').commitAll('change');
    const { code, stdout } = await affected(repo.root, '--base', 'base');
    expect(code).toBe(0);
    expect(stdout).toContain('  platform: teams/platform/team.yaml modified\n');
    expect(stdout).toContain(
      `  collections: git worktree add ../destroy-collections ${base} && cd ../destroy-collections && npm ci && npx cdktf destroy collections`,
    );
  });

  it('--teams selects named teams or all of them, and refuses unknown ones', async () => {
    expect(JSON.parse((await affected(repo.root, '--teams', 'all', '--json')).stdout)).toEqual({
      include: [{ stack: 'collections' }, { stack: 'platform' }, { stack: 'website' }],
      removed: [],
    });
    expect(JSON.parse((await affected(repo.root, '--teams', ' platform, ', '--json')).stdout).include).toEqual([{ stack: 'platform' }]);
    const unknown = await affected(repo.root, '--teams', 'platform,web');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no such team: web');
  });

  it('an unknown base ref is a clear error', async () => {
    const { code, stderr } = await affected(repo.root, '--base', 'origin/nowhere');
    expect(code).toBe(1);
    expect(stderr).toContain('"origin/nowhere" is not a commit in this repository');
  });

  it('outside a git repository it says so', async () => {
    const plain = new FixtureRepo();
    try {
      const { code, stderr } = await affected(plain.root, '--base', 'main');
      expect(code).toBe(1);
      expect(stderr).toContain('is not inside a git repository');
    } finally {
      plain.dispose();
    }
  });

  it('needs exactly one of --base and --teams', async () => {
    expect((await affected(repo.root)).code).toBe(2);
    expect((await affected(repo.root, '--base', 'base', '--teams', 'all')).stderr).toContain('usage: npm run affected');
  });
});

/**
 * Deploys run in commit order per stack: a deploy job whose commit is no longer the newest for its
 * stack on main steps aside, since the newer commit's run deploys the stack.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployDecision } from '../../src/ci/deploy-order.js';
import { GitError } from '../../src/ci/git.js';
import { Problems } from '../../src/config/problems.js';
import { loadTeams } from '../../src/config/teams.js';
import { runCli } from '../support/cli.js';
import { GitRepo } from '../support/git-repo.js';

const COLLECTIONS = 'teams/collections/team.yaml';

describe('deploy order', () => {
  let repo: GitRepo;
  let deploying: string;
  beforeEach(() => {
    repo = new GitRepo();
    deploying = repo.head();
  });
  afterEach(() => repo.dispose());

  /** Checks out the deploying commit, as its deploy job did, and decides for every team against main. */
  function decisions(): Record<string, boolean> {
    repo.git('checkout', '-q', '--detach', deploying);
    const teams = loadTeams(repo.root, new Problems());
    return Object.fromEntries(teams.map((team) => [team.name, deployDecision(repo.root, team, 'main').deploy]));
  }

  it('deploys when its commit is still the head of main', () => {
    expect(decisions()).toEqual({ collections: true, platform: true });
  });

  it('deploys when main moved on with commits that affect no stack', () => {
    repo.write('README.md', '# newer\n').commitAll('docs');
    expect(decisions()).toEqual({ collections: true, platform: true });
  });

  it("skips a team's stack when a newer commit on main changes that team, and deploys the others", () => {
    repo.edit(COLLECTIONS, /$/, '\n# newer\n').commitAll('collections');
    repo.write('README.md', '# newer\n').commitAll('docs');
    expect(decisions()).toEqual({ collections: false, platform: true });
    const team = loadTeams(repo.root, new Problems()).find((candidate) => candidate.name === 'collections')!;
    expect(deployDecision(repo.root, team, 'main').reason).toMatch(/^main moved from \w{12} to \w{12} and newer commits affect collections \(teams\/collections\/team\.yaml modified\): the newer run deploys it$/);
  });

  it('skips every stack when a newer commit changes the platform (src/)', () => {
    repo.write('src/app.ts', 'export {};\n').commitAll('platform');
    expect(decisions()).toEqual({ collections: false, platform: false });
  });

  it('skips only the teams that use a shared component a newer commit changes', () => {
    // container-runtime is used by platform only.
    repo.edit('components-yaml/container-runtime.yaml', /$/, '\n# tuned\n').commitAll('shared');
    expect(decisions()).toEqual({ collections: true, platform: false });
  });

  it('deploys when newer commits changed a team and changed it back (main builds the same stack)', () => {
    repo.edit(COLLECTIONS, /$/, '\n# try\n').commitAll('try');
    repo.edit(COLLECTIONS, '\n# try\n', '').commitAll('undo');
    expect(decisions()).toEqual({ collections: true, platform: true });
  });

  it('refuses to decide when its commit is no longer in the history of main (main rewritten)', () => {
    repo.edit(COLLECTIONS, /$/, '\n# pushed\n').commitAll('pushed');
    deploying = repo.head();
    repo.git('reset', '-q', '--hard', 'base');
    repo.write('README.md', '# rewritten\n').commitAll('rewritten');
    expect(() => decisions()).toThrow(GitError);
    expect(() => decisions()).toThrow(/is not in the history of main .*main was rewritten/);
  });

  describe('npm run deploy-order, in a clone as a deploy job has it', () => {
    let scratch: string;
    beforeEach(() => {
      scratch = mkdtempSync(join(tmpdir(), 'golden-ami-deploy-order-'));
    });
    afterEach(() => rmSync(scratch, { recursive: true, force: true }));

    it('sees a newer commit only after fetching main, then skips the stack it affects', () => {
      const clone = join(scratch, 'clone');
      execFileSync('git', ['clone', '-q', `file://${repo.root}`, clone]);
      execFileSync('git', ['checkout', '-q', '--detach', deploying], { cwd: clone });
      repo.edit(COLLECTIONS, /$/, '\n# merged later\n').commitAll('newer');

      const decide = (stack: string) => runCli(clone, 'deploy-order', '--stack', stack, '--main', 'origin/main');
      expect(JSON.parse(decide('collections').stdout).deploy).toBe(true);
      execFileSync('git', ['fetch', '-q', '--no-tags', 'origin', '+refs/heads/main:refs/remotes/origin/main'], { cwd: clone });
      const collections = decide('collections');
      expect(collections.code).toBe(0);
      expect(JSON.parse(collections.stdout)).toEqual({ deploy: false, reason: expect.stringContaining('newer commits affect collections') });
      expect(JSON.parse(decide('platform').stdout)).toEqual({ deploy: true, reason: expect.stringContaining('no newer commit affects platform') });
    });

    it('fails on an unknown team or without arguments', () => {
      expect(runCli(repo.root, 'deploy-order', '--stack', 'nobody', '--main', 'main')).toMatchObject({ code: 1, stderr: expect.stringContaining('no such team: nobody') });
      expect(runCli(repo.root, 'deploy-order', '--stack', 'collections').code).toBe(2);
    });
  });
});

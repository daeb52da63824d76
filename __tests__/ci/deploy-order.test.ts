/**
 * Deploys run in commit order per stack and always end at the newest: a deploy job whose commit a
 * newer one on main supersedes for its stack deploys main's head instead, since the newer
 * commit's own job may have been cancelled while pending (one pending job per concurrency group).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployDecision, foundationChanges, teamChanges } from '../../src/workflows/deploy-order.js';
import { GitError } from '../../src/core/git.js';
import { Problems } from '../../src/core/problems.js';
import { loadTeams } from '../../src/config/teams.js';
import { runCli } from '../support/cli.js';
import { GitRepo } from '../support/git-repo.js';

const COLLECTIONS = 'teams/collections/team.yaml';
const FOUNDATION = 'foundation-digital-lab';

describe('deploy order', () => {
  let repo: GitRepo;
  let deploying: string;
  beforeEach(() => {
    repo = new GitRepo();
    deploying = repo.head();
  });
  afterEach(() => repo.dispose());

  /** Checks out the deploying commit, as its deploy job did, and decides for every team and one foundation stack against main. */
  function decisions(): Record<string, 'own' | 'newest'> {
    repo.git('checkout', '-q', '--detach', deploying);
    const tip = repo.git('rev-parse', 'main').trim();
    const teams = loadTeams(repo.root, new Problems());
    const stacks = [...teams.map((team) => [team.name, teamChanges(team)] as const), [FOUNDATION, foundationChanges(FOUNDATION)] as const];
    return Object.fromEntries(
      stacks.map(([stack, affects]) => {
        const decision = deployDecision(repo.root, stack, affects, 'main');
        expect(decision.commit).toBe(decision.rollForward ? tip : deploying);
        return [stack, decision.rollForward ? 'newest' : 'own'];
      }),
    );
  }

  it('deploys its own commit while it is the head of main', () => {
    expect(decisions()).toEqual({ collections: 'own', platform: 'own', website: 'own', [FOUNDATION]: 'own' });
  });

  it('deploys its own commit when main moved on with commits that affect no stack', () => {
    repo.write('README.md', '# newer\n').commitAll('docs');
    expect(decisions()).toEqual({ collections: 'own', platform: 'own', website: 'own', [FOUNDATION]: 'own' });
  });

  it("deploys main's head for a team a newer commit changes, and its own commit for the others", () => {
    repo.edit(COLLECTIONS, /$/, '\n# newer\n').commitAll('collections');
    repo.write('README.md', '# newer\n').commitAll('docs');
    // A team file is a foundation input too (accounts, regions, targets).
    expect(decisions()).toEqual({ collections: 'newest', platform: 'own', website: 'own', [FOUNDATION]: 'newest' });
    const team = loadTeams(repo.root, new Problems()).find((candidate) => candidate.name === 'collections')!;
    expect(deployDecision(repo.root, 'collections', teamChanges(team), 'main').reason).toMatch(
      /^main moved from (\w{12}) to (\w{12}) and newer commits affect collections \(teams\/collections\/team\.yaml modified\): deploying \2, the head of main, so the newest commit ends deployed$/,
    );
  });

  it("deploys main's head for every stack when a newer commit changes the platform (src/)", () => {
    repo.write('src/stacks/team-app.ts', 'export {};\n').commitAll('platform');
    expect(decisions()).toEqual({ collections: 'newest', platform: 'newest', website: 'newest', [FOUNDATION]: 'newest' });
  });

  it('a shared component a newer commit changes moves only the teams that use it; the foundation is not made from components', () => {
    // container-runtime is used by platform only.
    repo.edit('components-yaml/container-runtime.yaml', /$/, '\n# tuned\n').commitAll('shared');
    expect(decisions()).toEqual({ collections: 'own', platform: 'newest', website: 'own', [FOUNDATION]: 'own' });
  });

  it('deploys its own commit when newer commits changed a team and changed it back (main builds the same stack)', () => {
    repo.edit(COLLECTIONS, /$/, '\n# try\n').commitAll('try');
    repo.edit(COLLECTIONS, '\n# try\n', '').commitAll('undo');
    expect(decisions()).toEqual({ collections: 'own', platform: 'own', website: 'own', [FOUNDATION]: 'own' });
  });

  it('refuses to decide when its commit is no longer in the history of main, and says it may be a branch or a rewrite', () => {
    repo.edit(COLLECTIONS, /$/, '\n# pushed\n').commitAll('pushed');
    deploying = repo.head();
    repo.git('reset', '-q', '--hard', 'base');
    repo.write('README.md', '# rewritten\n').commitAll('rewritten');
    expect(() => decisions()).toThrow(GitError);
    expect(() => decisions()).toThrow(
      /is not in the history of main \(\w{12}\): it is on a branch not merged into main, or main was rewritten since it was pushed/,
    );
  });

  it('on a feature branch ahead of main, says it is not on main yet (not that main was rewritten)', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    repo.edit(COLLECTIONS, /$/, '\n# feature\n').commitAll('feature work');
    deploying = repo.head();
    expect(() => decisions()).toThrow(
      /^\w{40} is not on main yet \(it is ahead of \w{12}, e.g. a branch not merged\): deploys run from main only\.$/,
    );
    expect(() => decisions()).not.toThrow(/rewritten/);
  });

  describe('npm run deploy-order, in a clone as a deploy job has it', () => {
    let scratch: string;
    beforeEach(() => {
      scratch = mkdtempSync(join(tmpdir(), 'golden-ami-deploy-order-'));
    });
    afterEach(() => rmSync(scratch, { recursive: true, force: true }));

    it("sees a newer commit only after fetching main, then deploys main's head for the stack it affects", async () => {
      const clone = join(scratch, 'clone');
      execFileSync('git', ['clone', '-q', `file://${repo.root}`, clone]);
      execFileSync('git', ['checkout', '-q', '--detach', deploying], { cwd: clone });
      repo.edit(COLLECTIONS, /$/, '\n# merged later\n').commitAll('newer');
      const newer = repo.head();

      const decide = (stack: string) => runCli(clone, 'deploy-order', '--stack', stack, '--main', 'origin/main');
      expect(JSON.parse((await decide('collections')).stdout)).toMatchObject({ commit: deploying, rollForward: false });
      execFileSync('git', ['fetch', '-q', '--no-tags', 'origin', '+refs/heads/main:refs/remotes/origin/main'], { cwd: clone });
      const collections = await decide('collections');
      expect(collections.code).toBe(0);
      expect(JSON.parse(collections.stdout)).toEqual({
        commit: newer,
        rollForward: true,
        reason: expect.stringContaining('newer commits affect collections'),
      });
      expect(JSON.parse((await decide('platform')).stdout)).toEqual({
        commit: deploying,
        rollForward: false,
        reason: expect.stringContaining('no newer commit affects platform'),
      });
      expect(JSON.parse((await decide(FOUNDATION)).stdout)).toMatchObject({ commit: newer, rollForward: true });
    });

    it('fails on an unknown stack, naming team and foundation stacks, or without arguments', async () => {
      expect(await runCli(repo.root, 'deploy-order', '--stack', 'nobody', '--main', 'main')).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(
          /^no such stack: nobody \(teams: collections, platform, website; foundation stacks: foundation-image-factory, .*foundation-digital-lab/,
        ),
      });
      expect((await runCli(repo.root, 'deploy-order', '--stack', 'collections')).code).toBe(2);
    });
  });
});

/**
 * Onboarding a team is one pull request: what the platform grants a team lives in
 * `teams/<team>/platform.yaml`, so the pull request changes that team's folder (and CODEOWNERS)
 * alone, and plans that team alone, plus the foundation stacks that create what the grant needs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangedPath } from '../src/core/git.js';
import { affectedStacks } from '../src/workflows/affected-stacks.js';
import { loadTeams } from '../src/config/teams.js';
import { Problems } from '../src/core/problems.js';
import { affectedFoundationStacks, foundationStackNames } from '../src/workflows/affected-foundation.js';
import { foundationOf } from '../src/model/foundation/foundation.js';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { problemsOf } from './support/bad-input.js';
import { runCli } from './support/cli.js';
import { FixtureRepo, REPO_ROOT } from './support/fixture.js';

/** What a new team's pull request holds: its folder and its CODEOWNERS rule. */
const ONBOARDING: ChangedPath[] = [
  { status: 'A', path: 'teams/web/team.yaml' },
  { status: 'A', path: 'teams/web/platform.yaml' },
  { status: 'A', path: 'teams/web/versions.lock.json' },
  { status: 'M', path: '.github/CODEOWNERS' },
];

describe('a team onboarded with its own platform.yaml', () => {
  let repo: FixtureRepo;
  beforeEach(async () => {
    repo = new FixtureRepo();
    expect(
      (
        await runCli(
          repo.root,
          'new-team',
          'web',
          '--account',
          'digital-lab',
          '--owner',
          '@museum-digital/web',
          '--email',
          'web@museum.example.org',
        )
      ).code,
    ).toBe(0);
    repo.edit(
      'teams/web/team.yaml',
      '    tests:\n',
      '    distribution:\n      - region: eu-west-2\n        accounts: [web-prod]\n    tests:\n',
    );
  });
  afterEach(() => repo.dispose());

  it('may distribute to the accounts its platform.yaml grants, and plans only itself and the foundation', async () => {
    repo.write('teams/web/platform.yaml', 'distributionAccounts: [web-prod]\n').updateVersions();
    const fleet = repo.fleet();
    const web = fleet.teams.find((team) => team.name === 'web')!;
    expect(web.images[0]!.distribution[0]!.targetAccountIds).toEqual(['444444444444']);
    // The receiving account gets its foundation stack (distribution and lifecycle roles) for the team.
    const receiving = foundationOf(fleet).foundation!.accounts.find((account) => account.name === 'web-prod')!;
    expect(receiving.receiving!.ssmParameterPrefixes).toContain('/golden-ami/web/');

    const teams = loadTeams(repo.root, new Problems());
    expect(affectedStacks(ONBOARDING, teams).teams).toEqual(['web']);
    const foundationStacks = foundationStackNames(
      fleet.platform,
      teams.map((team) => team.name),
    );
    expect(affectedFoundationStacks(ONBOARDING, foundationStacks).stacks).toEqual([...foundationStacks].sort());
    // Later grants to the team change its platform.yaml alone: that team, and the foundation.
    const regrant: ChangedPath[] = [{ status: 'M', path: 'teams/web/platform.yaml' }];
    expect(affectedStacks(regrant, teams).teams).toEqual(['web']);
    expect(affectedFoundationStacks(regrant, foundationStacks).stacks).toHaveLength(foundationStacks.length);
    // …and the pull request's Foundation plan runs for it.
    expect(readFileSync(join(REPO_ROOT, '.github/workflows/foundation-plan.yml'), 'utf8')).toContain('      - teams/*/platform.yaml\n');
    expect((await runCli(repo.root, 'codeowners')).code).toBe(0);
    expect(repo.read('.github/CODEOWNERS').trim().split('\n').at(-1)).toBe('/teams/*/platform.yaml @museum-digital/platform');
  });

  it('without the grant, the distribution is refused at its line, pointing at the platform.yaml to ask for', () => {
    const [problem] = problemsOf(repo).filter((p) => p.file === 'teams/web/team.yaml');
    expect(problem).toMatchObject({
      path: 'images[0].distribution[0].accounts[0]',
      message: 'team web may not distribute to account web-prod: the platform lets it distribute to its build account digital-lab',
      hint: 'remove the account, or ask the platform team to add "web-prod" to "distributionAccounts" in teams/web/platform.yaml',
    });
  });

  it('reports a platform.yaml that names an unknown account, or a team granted in cdktf.json too, at its line', () => {
    repo.write('teams/web/platform.yaml', 'distributionAccounts:\n  - web-prod\n  - web-production\n');
    expect(problemsOf(repo).filter((p) => p.file === 'teams/web/platform.yaml')).toEqual([
      expect.objectContaining({ path: 'distributionAccounts[1]', line: 3, column: 5, message: 'unknown account "web-production"' }),
    ]);
    repo.write('teams/collections/platform.yaml', 'distributionAccounts: [collections-prod]\n');
    expect(problemsOf(repo).filter((p) => p.file === 'teams/collections/platform.yaml')).toEqual([
      expect.objectContaining({
        line: 1,
        message: 'team collections is also granted accounts in "distributionAccounts" of cdktf.json',
        hint: 'keep the grant here and remove "collections" from cdktf.json',
      }),
    ]);
    expect(loadVersionedFleet(repo.root).fleet).toBeUndefined();
  });
});

/** The preview model: ids, names within AWS limits, the branch parameter, content versions. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Team } from '../../src/model/fleet/fleet.js';
import { previewIdOfBranch, previewIdProblem, previewTeam } from '../../src/model/fleet/preview.js';
import { withContentVersions } from '../../src/versioning/preview-versions.js';
import { runCliWith } from '../support/cli.js';
import { FixtureRepo } from '../support/fixture.js';

const ENV = { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1' };
const REQUEST = { id: 'pr-42', branch: 'feature/x', accountIds: ['333333333333'] };

let repo: FixtureRepo;
beforeEach(() => {
  repo = new FixtureRepo();
});
afterEach(() => repo.dispose());

const collections = (): Team => repo.fleet().teams.find((team) => team.name === 'collections')!;
const branchParameter = (team: Team) =>
  team.images[0]!.recipe.components.flatMap((component) => component.parameters).find((parameter) => parameter.name === 'logGroupPrefix')!;
const useBranch = () =>
  repo.edit('teams/collections/team.yaml', 'logGroupPrefix: /collections', 'logGroupPrefix: "/collections/{{ golden-ami:branch }}"');

describe('preview ids', () => {
  it('takes pr-<number> and branch slugs, and refuses anything unsafe in an AWS name or longer than 20 characters', () => {
    expect(previewIdProblem('pr-42')).toBeUndefined();
    expect(previewIdProblem('kiosk-fix')).toBeUndefined();
    for (const bad of ['PR-42', 'pr_42', '-pr', 'pr--42', 'a'.repeat(21), '', 'pr/42', 'x${y}'])
      expect(previewIdProblem(bad), bad).toContain('is not usable');
  });

  it('makes a branch name into a slug that is a valid id', () => {
    expect(previewIdOfBranch('Feature/Kiosk_Timezone')).toBe('feature-kiosk-timezo');
    expect(previewIdProblem(previewIdOfBranch('Feature/Kiosk_Timezone'))).toBeUndefined();
    expect(previewIdOfBranch('--a very long branch name that goes on--')).toBe('a-very-long-branch-n');
  });
});

describe('preview names', () => {
  it('errors clearly, naming the AWS limit and the longest id that fits, when a name grows past it', () => {
    const team = collections();
    const { problems } = previewTeam({ ...team, name: 'a'.repeat(28) + 'tion' }, { ...REQUEST, id: 'a-rather-long-id-20' });
    expect(problems).toEqual([
      `team aaaaaaaaaaaaaaaaaaaaaaaaaaaation: preview "a-rather-long-id-20" makes the IAM role name aaaaaaaaaaaaaaaaaaaaaaaaaaaation-preview-a-rather-long-id-20-imagebuilder-lifecycle (83 characters; AWS allows 64): team aaaaaaaaaaaaaaaaaaaaaaaaaaaation's name leaves no room for a preview id`,
    ]);
    expect(problems[0]).toContain("team aaaaaaaaaaaaaaaaaaaaaaaaaaaation's name leaves no room for a preview id");
    const fits = previewTeam({ ...team, name: 'collections-long-name' }, { ...REQUEST, id: 'a-rather-long-id-20' });
    expect(fits.problems[0]).toContain('use a preview id of at most 11 characters');
  });

  it('keeps the team tag and the team boundary: only names, state, role, tags and distribution change', () => {
    const { team } = previewTeam(collections(), REQUEST);
    expect(team!.name).toBe('collections-preview-pr-42');
    expect(team!.preview).toEqual({ id: 'pr-42', team: 'collections', branch: 'feature/x' });
    expect(team!.images.every((image) => image.channels.length === 0 && image.schedule === undefined && image.buildOnDeploy)).toBe(true);
    expect(team!.images.flatMap((image) => image.distribution.flatMap((target) => target.ssmParameters))).toEqual([]);
  });
});

describe('{{ golden-ami:branch }} in a component parameter', () => {
  it('is the default branch on main (settings defaultBranch, default main), and the preview branch in a preview', () => {
    useBranch();
    expect(branchParameter(collections()).value).toBe('/collections/main');
    const { team } = previewTeam(collections(), REQUEST);
    expect(branchParameter(team!).value).toBe('/collections/feature/x');
    repo.edit('cdktf.json', '"stateBucket"', '"defaultBranch": "trunk", "stateBucket"');
    expect(branchParameter(collections()).value).toBe('/collections/trunk');
  });

  it("never changes main's fingerprints or versions with the branch built, and never writes ${ to Terraform", async () => {
    useBranch().updateVersions();
    const locks = () => readFileSync(repo.path('teams/collections/versions.lock.json'), 'utf8');
    const before = locks();
    const versions = collections().images.map((image) => image.recipeVersion);
    const hostile = 'feat/${jndi}-%{x}';
    const run = await runCliWith(
      { cwd: repo.root, env: { ...ENV, GITHUB_HEAD_REF: hostile } },
      'synth-preview',
      'pr-42',
      '--team',
      'collections',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(locks()).toBe(before);
    expect(collections().images.map((image) => image.recipeVersion)).toEqual(versions);
    const json = readFileSync(join(repo.root, 'cdktf.out/stacks/collections-preview-pr-42/cdk.tf.json'), 'utf8');
    expect(json).toContain('/collections/feat/$${jndi}-%%{x}');
    expect(json.replaceAll('$${', '')).not.toContain('${jndi');
  });
});

describe('preview versions', () => {
  it('come from content: the same for the same content, another for other content, whatever the lock says', () => {
    useBranch();
    const versioned = (branch: string) => withContentVersions(previewTeam(collections(), { ...REQUEST, branch }).team!);
    const a = versioned('one');
    expect(versioned('one').images.map((image) => image.recipeVersion)).toEqual(a.images.map((image) => image.recipeVersion));
    const b = versioned('two');
    expect(b.images[0]!.recipeVersion).not.toBe(a.images[0]!.recipeVersion);
    expect(b.images[1]!.recipeVersion).toBe(a.images[1]!.recipeVersion);
    for (const version of [...a.images.map((image) => image.recipeVersion), ...a.components.map((c) => c.version)])
      expect(version).toMatch(/^0\.\d{1,10}\.\d{1,10}$/);
  });
});

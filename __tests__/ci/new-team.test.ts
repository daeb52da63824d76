/** `npm run new-team`: a new team folder that validates and synthesises once its placeholder address is replaced. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODEOWNERS_FILE } from '../../src/workflows/codeowners.js';
import { defaultOwner, starterComponent } from '../../src/workflows/new-team.js';
import { teamNameProblem } from '../../src/config/teams.js';
import { formatProblems } from '../../src/core/problems.js';
import { loadVersionedFleet } from '../../src/versioning/sync.js';
import { runCli } from '../support/cli.js';
import { FixtureRepo, REPO_ROOT, resource, synthesize } from '../support/fixture.js';

const newTeam = (cwd: string, ...args: string[]) => runCli(cwd, 'new-team', ...args);

describe('team names', () => {
  it.each(['web', 'ab', 'data-science', 'team2', 'x'.repeat(32)])('accepts %s', (name) => {
    expect(teamNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['x', 'at least 2 characters'],
    ['x'.repeat(33), 'at most 32 characters'],
    ['Web', 'lower-case letters, digits and single hyphens'],
    ['web--app', 'single hyphens'],
    ['-web', 'single hyphens'],
    ['web_app', 'single hyphens'],
    ['../etc', 'single hyphens'],
    ['foundation-lab', 'starts with "foundation-", which the platform\'s foundation stacks use'],
  ])('refuses %s', (name, message) => {
    expect(teamNameProblem(name)).toContain(message);
  });
});

describe('template defaults', () => {
  it('borrows the GitHub org of the first known owner', () => {
    expect(defaultOwner('web', ['@museum-digital/platform', '@other/x'])).toBe('@museum-digital/web');
    expect(defaultOwner('web', [])).toBeUndefined();
  });

  it('starts from update-os, else the first shared document, else an AWS-managed update', () => {
    expect(starterComponent(['ssm-agent', 'update-os'])).toEqual({ shared: 'update-os' });
    expect(starterComponent(['ssm-agent', 'baseline'])).toEqual({ shared: 'baseline' });
    expect(starterComponent([])).toEqual({ aws: 'update-linux' });
  });
});

describe('npm run new-team', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  it('creates a documented team.yaml that validates and synthesises once the placeholder address is replaced', async () => {
    const { code, stdout } = await newTeam(repo.root, 'web');
    expect(code).toBe(0);
    expect(stdout).toContain('Created teams/web/team.yaml');
    const text = repo.read('teams/web/team.yaml');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/team.schema.json');

    // The placeholder address is the one thing left to fill in: validate names its line.
    expect(loadVersionedFleet(repo.root).problems.errors).toMatchObject([
      { file: 'teams/web/team.yaml', path: 'notifications.emails[0]', message: expect.stringMatching(/placeholder/) },
    ]);
    repo.edit('teams/web/team.yaml', 'web-builds@example.com', 'web-builds@museum.example.org');

    const { fleet, problems } = loadVersionedFleet(repo.root);
    expect(problems.errors, formatProblems(problems.all)).toEqual([]);
    const web = fleet!.teams.find((team) => team.name === 'web')!;
    expect(web).toMatchObject({
      owners: ['@museum-digital/web'],
      account: { id: '111111111111', name: 'image-factory' },
      region: 'eu-west-2',
      emails: ['web-builds@museum.example.org'],
    });
    const stack = synthesize(fleet!).web!;
    expect(resource(stack, 'aws_imagebuilder_image_pipeline', 'base')).toMatchObject({ name: 'web-base' });
    expect(resource(stack, 'aws_imagebuilder_component', 'update-os')).toMatchObject({ name: 'web-update-os-linux' });
  });

  it('takes the account, owner and email given', async () => {
    const args = ['--account', 'web-prod', '--owner', '@museum-digital/web-team', '--email', 'web@museum.example.org'];
    expect((await newTeam(repo.root, 'web', ...args)).code).toBe(0);
    const web = loadVersionedFleet(repo.root).fleet!.teams.find((team) => team.name === 'web')!;
    expect(web).toMatchObject({
      owners: ['@museum-digital/web-team'],
      account: { id: '444444444444', name: 'web-prod' },
      emails: ['web@museum.example.org'],
    });
  });

  it('also writes the team lock and its CODEOWNERS rule, so the repository passes validate and the lock check as it is', async () => {
    repo.write(CODEOWNERS_FILE, readFileSync(join(REPO_ROOT, CODEOWNERS_FILE), 'utf8'));
    const { code, stdout } = await newTeam(repo.root, 'web', '--owner', '@museum-digital/web-team', '--email', 'web@museum.example.org');
    expect(code).toBe(0);
    expect(stdout).toContain('Created teams/web/versions.lock.json');
    expect(stdout).toContain('Updated .github/CODEOWNERS: @museum-digital/web-team owns /teams/web/.');
    expect(JSON.parse(repo.read('teams/web/versions.lock.json')).entries['recipe:base']).toMatchObject({ version: '1.0.0' });
    expect(repo.read(CODEOWNERS_FILE)).toContain('\n/teams/web/ @museum-digital/web-team\n');
    expect(await runCli(repo.root, 'versions', '--check')).toMatchObject({ code: 0 });
    expect(await runCli(repo.root, 'validate')).toMatchObject({ code: 0, stdout: expect.stringContaining('Valid: 4 teams') });
    // Nothing else changed: the other locks as they were.
    expect(repo.read('components-yaml/versions.lock.json')).toBe(
      readFileSync(join(REPO_ROOT, 'components-yaml/versions.lock.json'), 'utf8'),
    );
  });

  it('leaves the lock to npm run versions while the placeholder address is there, and says so', async () => {
    const { code, stdout } = await newTeam(repo.root, 'web');
    expect(code).toBe(0);
    expect(stdout).toContain('teams/web/versions.lock.json was not written');
    expect(stdout).toContain('placeholder address');
    expect(existsSync(repo.path('teams/web/versions.lock.json'))).toBe(false);
    expect(repo.read(CODEOWNERS_FILE)).toContain('\n/teams/web/ @museum-digital/web\n');
    repo.edit('teams/web/team.yaml', 'web-builds@example.com', 'web-builds@museum.example.org');
    expect((await runCli(repo.root, 'versions')).code).toBe(0);
    expect((await runCli(repo.root, 'versions', '--check')).code).toBe(0);
  });

  it('does not rewrite CODEOWNERS while another team file cannot be read, and says what to run', async () => {
    repo.write(CODEOWNERS_FILE, 'kept\n').write('teams/collections/team.yaml', 'owners: [\n');
    const { code, stdout } = await newTeam(repo.root, 'web', '--email', 'web@museum.example.org');
    expect(code).toBe(0);
    expect(stdout).toContain('.github/CODEOWNERS was not updated');
    expect(stdout).toContain('npm run codeowners');
    expect(repo.read(CODEOWNERS_FILE)).toBe('kept\n');
  });

  it('--help explains the command and writes nothing; an unknown option is a usage error', async () => {
    const help = await newTeam(repo.root, '--help');
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('usage: npm run new-team -- <name>') });
    expect(help.stdout).toContain('--email <address>');
    const unknown = await newTeam(repo.root, 'web', '--mail', 'web@museum.example.org');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--mail'");
    expect(existsSync(repo.path('teams/web'))).toBe(false);
    expect(existsSync(repo.path(CODEOWNERS_FILE))).toBe(false);
  });

  it('refuses an invalid name and writes nothing', async () => {
    const { code, stderr } = await newTeam(repo.root, 'Web_Team');
    expect(code).toBe(1);
    expect(stderr).toContain('"Web_Team" is not a valid team name');
    expect(existsSync(repo.path('teams/Web_Team'))).toBe(false);
  });

  it('refuses a name reserved for the foundation stacks before writing anything', async () => {
    repo.write(CODEOWNERS_FILE, readFileSync(join(REPO_ROOT, CODEOWNERS_FILE), 'utf8'));
    const before = repo.read(CODEOWNERS_FILE);
    const { code, stdout, stderr } = await newTeam(repo.root, 'foundation-lab');
    expect(code).toBe(1);
    expect(stderr).toContain('team name foundation-lab starts with "foundation-", which the platform\'s foundation stacks use');
    expect(stdout).toBe('');
    expect(existsSync(repo.path('teams/foundation-lab'))).toBe(false);
    expect(repo.read(CODEOWNERS_FILE)).toBe(before);
  });

  it('refuses an existing team folder and leaves it alone', async () => {
    const before = repo.read('teams/collections/team.yaml');
    const { code, stderr } = await newTeam(repo.root, 'collections');
    expect(code).toBe(1);
    expect(stderr).toContain('teams/collections already exists');
    expect(repo.read('teams/collections/team.yaml')).toBe(before);
  });

  it('refuses an account the platform does not know, and invalid owners and emails', async () => {
    expect((await newTeam(repo.root, 'web', '--account', 'nowhere')).stderr).toContain('--account nowhere: no such account');
    const bad = await newTeam(repo.root, 'web', '--owner', 'web-team', '--email', 'not-an-address');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('an owner is a GitHub team like @acme/platform');
    expect(bad.stderr).toContain('not a valid email address');
    expect(existsSync(repo.path('teams/web'))).toBe(false);
  });

  it('needs exactly one name', async () => {
    expect((await newTeam(repo.root)).code).toBe(2);
    expect((await newTeam(repo.root, 'a1', 'b1')).stderr).toContain('usage: npm run new-team');
  });
});

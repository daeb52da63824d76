/**
 * `npm run validate` passes exactly when CI's checks of the configuration pass, and every command
 * its hints name can run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODEOWNERS_FILE } from '../src/workflows/codeowners.js';
import { runCli } from './support/cli.js';
import { FixtureRepo, REPO_ROOT } from './support/fixture.js';

const SSM_DOC = 'components-yaml/ssm-agent.yaml';
const SSM_DESCRIPTION = 'description: Ensures amazon-ssm-agent is installed';
const COLLECTIONS = 'teams/collections/team.yaml';

describe('npm run validate', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo().write(CODEOWNERS_FILE, readFileSync(join(REPO_ROOT, CODEOWNERS_FILE), 'utf8'));
  });
  afterEach(() => repo.dispose());

  const run = (tool: string, ...args: string[]) => runCli(repo.root, tool, ...args);

  it('passes on the example repository, as the lock check does, and lists its pinned shared component', async () => {
    const validate = await run('validate');
    expect(validate).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Valid: 3 teams, 5 images and 5 foundation stacks; version locks current/),
    });
    expect(validate.stdout).toContain('\n  platform/bastion-host: baseline-hardening 1.0.0 pinned (the current version)\n');
    expect((await run('versions', '--check')).code).toBe(0);
  });

  it('fails on a stale lock with the findings of versions --check and the command to run', async () => {
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (v2)`);
    const check = await run('versions', '--check');
    expect(check.code).toBe(1);
    const findings = check.stderr.slice(0, check.stderr.search(/^\d+ errors?, /m));
    expect(findings).toContain(
      'components-yaml/versions.lock.json error: the lock is out of date:\n      shared/component:ssm-agent  1.0.0 -> 1.0.1 patch: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml)',
    );

    const validate = await run('validate');
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(findings);
    expect(validate.stderr).toContain('hint: run `npm run versions` and commit the updated versions.lock.json files');

    expect((await run('versions')).code).toBe(0);
    expect((await run('validate')).code).toBe(0);
  });

  it('fails on a missing lock', async () => {
    repo.remove('teams/collections/versions.lock.json');
    const validate = await run('validate');
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain('teams/collections/versions.lock.json error: the lock is out of date:');
    expect((await run('versions', '--check')).code).toBe(1);
  });

  it.each([
    ['does not parse', (r: FixtureRepo) => r.edit(COLLECTIONS, 'owners:', 'owners: [')],
    ['fails the schema', (r: FixtureRepo) => r.edit(COLLECTIONS, 'owners:', 'colour: blue\nowners:')],
  ])('reports a team.yaml that %s once, with no CODEOWNERS or lock finding whose command would refuse', async (_, breakIt) => {
    breakIt(repo);
    const validate = await run('validate');
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(`${COLLECTIONS}:`);
    expect(validate.stderr).not.toContain('CODEOWNERS');
    expect(validate.stderr).not.toContain('npm run codeowners');
    expect(validate.stderr).not.toContain('npm run versions');
    expect(validate.stderr).toContain('The version locks are checked once the errors above are fixed.');
    // The commands that would fix them refuse until the file is fixed.
    expect((await run('codeowners')).code).toBe(1);
    expect((await run('versions')).code).toBe(1);
  });

  it('reports an out-of-date CODEOWNERS beside other errors when npm run codeowners can fix it, and the fix works', async () => {
    repo
      .edit(COLLECTIONS, '"@museum-digital/collections"', '"@museum-digital/collections-team"')
      .edit('teams/platform/team.yaml', 'shared: ssm-agent', 'shared: ssm-agnet');
    const validate = await run('validate');
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain('no shared component "ssm-agnet"');
    expect(validate.stderr).toContain('.github/CODEOWNERS error: the file does not match the owners');
    expect(validate.stderr).not.toContain('npm run versions');
    expect((await run('codeowners')).code).toBe(0);
    expect((await run('validate')).stderr).not.toContain('CODEOWNERS');
  });
});

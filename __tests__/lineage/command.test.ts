/** `npm run lineage`, offline: ancestors and descendants with versions from the fleet model, text and JSON; usage errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { FixtureRepo } from '../support/fixture.js';

describe('npm run lineage', () => {
  let repo: FixtureRepo;
  beforeAll(() => {
    repo = new FixtureRepo();
    // A third generation: the website team's admin image builds on its web-server.
    repo
      .edit(
        'teams/website/team.yaml',
        /$/,
        [
          '',
          '  - name: web-admin',
          '    description: Admin host built on the web server',
          '    platform: Linux',
          '    parentImage: { golden: website/web-server }',
          '    components:',
          '      - shared: ssm-agent',
          '    schedule:',
          '      cron: cron(0 6 * * ? *)',
          '    distribution:',
          '      - region: eu-west-2',
          '',
        ].join('\n'),
      )
      .updateVersions();
  });
  afterAll(() => repo.dispose());

  it('shows ancestors from the root down, the image, and its descendants, each with its recipe version and how it follows its parent', async () => {
    const run = await runCli(repo.root, 'lineage', 'website/web-server');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      [
        'platform/container-host 1.0.0  from arn:aws:imagebuilder:eu-west-2:aws:image/amazon-linux-2023-x86/x.x.x',
        '  website/web-server 1.0.0  <  on platform/container-host via ssm:/golden-ami/platform/container-host/latest',
        '    website/web-admin 1.0.0  on website/web-server via ssm:/golden-ami/website/web-server/latest',
        '',
      ].join('\n'),
    );
  });

  it('prints the same as JSON, without asking AWS or needing credentials', async () => {
    const run = await runCli(repo.root, 'lineage', 'platform/container-host', '--json');
    expect(run.code).toBe(0);
    const { lineage, aws } = JSON.parse(run.stdout);
    expect(aws).toBeUndefined();
    expect(lineage.ancestors).toEqual([]);
    expect(lineage.image).toMatchObject({
      image: 'platform/container-host',
      recipeVersion: '1.0.0',
      accountId: '111111111111',
      region: 'eu-west-2',
    });
    expect(lineage.descendants).toMatchObject([
      {
        image: 'website/web-server',
        golden: { image: 'platform/container-host' },
        children: [{ image: 'website/web-admin', golden: { image: 'website/web-server' }, children: [] }],
      },
    ]);
  });

  it('says so when no image of the fleet builds on the image', async () => {
    const run = await runCli(repo.root, 'lineage', 'collections/iiif-server');
    expect(run.stdout).toContain('(no image of the fleet builds on collections/iiif-server)');
  });

  it.each([
    [['website/web-servr'], /^no image "website\/web-servr" in the fleet: did you mean "website\/web-server"\?/],
    [[], /^missing <team>\/<image>/],
    [['a/b', 'c/d'], /^unexpected argument "c\/d"/],
  ])('refuses %j with a usage error (exit 2)', async (args, message) => {
    const run = await runCli(repo.root, 'lineage', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('usage: npm run lineage -- <team>/<image>');
  });
});

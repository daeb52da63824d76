/** `npm run platform -- init`: an organisation's settings from flags or a terminal, checked by the cdktf.json rule, written once. */
import { consolePrinter } from '../src/core/output.js';
import { existsSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { initPlatform, type Terminal } from '../src/commands/platform-init.js';
import { loadPlatformSettings } from '../src/config/platform.js';
import { formatProblem, Problems } from '../src/core/problems.js';
import { NO_TERMINAL, ORGANISATION, useFixtureRepo } from './support/organisation.js';
import { FixtureRepo } from './support/fixture.js';

describe('npm run platform -- init', () => {
  const t = useFixtureRepo();

  it('writes the organisation into cdktf.json, removes the example teams and their CODEOWNERS rules, and prints the next commands', async () => {
    expect(await initPlatform(t.repo.root, ORGANISATION, NO_TERMINAL, consolePrinter)).toBe(0);
    const platform = JSON.parse(t.repo.read('cdktf.json')).context.platform;
    expect(platform).toEqual({
      stateBucket: 'golden-ami-tfstate-111111111111',
      logBucket: 'golden-ami-logs-111111111111',
      componentBucket: 'golden-ami-components-111111111111',
      deployRole: 'arn:aws:iam::{accountId}:role/golden-ami-deployer',
      planRole: 'arn:aws:iam::{accountId}:role/golden-ami-planner',
      stateRegion: 'eu-west-2',
      defaultRegion: 'eu-west-2',
      accounts: { shared: '111111111111', lab: '222222222222', prod: '333333333333' },
      owners: ['@acme/platform'],
      organizationArn: 'arn:aws:organizations::999999999999:organization/o-abc123def4',
      foundation: {
        foundationRole: 'arn:aws:iam::{accountId}:role/golden-ami-foundation-admin',
        repository: 'acme/golden-ami-pipelines',
        stateAccount: 'shared',
        buildAccounts: ['shared', 'lab'],
        regions: ['eu-west-2', 'eu-west-1'],
        productionEnvironment: 'production',
        foundationEnvironment: 'foundation',
      },
    });
    // The same rule as for the file on disk accepts what was written.
    const problems = new Problems();
    expect(loadPlatformSettings(t.repo.root, problems)).toBeDefined();
    expect(problems.all).toEqual([]);
    expect(existsSync(t.repo.path('teams/collections'))).toBe(false);
    expect(existsSync(t.repo.path('teams/platform'))).toBe(false);
    expect(existsSync(t.repo.path('teams/website'))).toBe(false);
    expect(
      t.repo
        .read('.github/CODEOWNERS')
        .split('\n')
        .filter((line) => !line.startsWith('#')),
    ).toEqual(['* @acme/platform', '/teams/*/platform.yaml @acme/platform', '']);
    expect(t.out).toContain('Removed the example teams: teams/collections/, teams/platform/, teams/website/.');
    expect(t.out).toContain('  GOLDEN_AMI_BOOTSTRAP=1 npx cdktf deploy foundation-shared');
    expect(t.out).toContain('  terraform -chdir=cdktf.out/stacks/foundation-shared init -migrate-state');
  });

  it('run twice writes the same files, keeps the teams added since and the keys recorded since', async () => {
    expect(await initPlatform(t.repo.root, ORGANISATION, NO_TERMINAL, consolePrinter)).toBe(0);
    const settings = JSON.parse(t.repo.read('cdktf.json'));
    settings.context.platform.kmsKeys = { 'eu-west-2': 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' };
    t.repo.write('cdktf.json', `${JSON.stringify(settings, null, 2)}\n`);
    t.repo.write('teams/web/team.yaml', 'owners: ["@acme/web"]\n');
    const once = { cdktf: t.repo.read('cdktf.json') };
    expect(await initPlatform(t.repo.root, ORGANISATION, NO_TERMINAL, consolePrinter)).toBe(0);
    expect(t.repo.read('cdktf.json')).toBe(once.cdktf);
    expect(t.repo.read('teams/web/team.yaml')).toBe('owners: ["@acme/web"]\n');
    expect(t.out.filter((line) => line.startsWith('Removed'))).toHaveLength(1);
  });

  it('without a terminal, lists every missing flag (exit 2) and writes nothing', async () => {
    const before = t.repo.read('cdktf.json');
    expect(await initPlatform(t.repo.root, { region: ['eu-west-2'] }, NO_TERMINAL, consolePrinter)).toBe(2);
    expect(t.errors[0]).toBe('missing --organization, --state-account, --build-account, --repository, --owner (no terminal to ask on)');
    expect(t.errors[1]).toMatch(/^usage: npm run platform -- init --organization <arn>/);
    expect(t.repo.read('cdktf.json')).toBe(before);
    expect(existsSync(t.repo.path('teams/collections'))).toBe(true);
  });

  it('on a terminal, asks for what the flags leave t.out, Enter keeping a default', async () => {
    const answers = [
      ORGANISATION.organization,
      ORGANISATION['state-account'],
      ORGANISATION['build-account'].join(', '),
      ORGANISATION['receiving-account'].join(','),
      ORGANISATION.region.join(', '),
      ORGANISATION.repository,
      '', // owner given as a flag: not asked
      '',
    ];
    const prompts = new PassThrough();
    const terminal: Terminal = {
      input: Readable.from([`${answers.filter((_, i) => i !== 6).join('\n')}\n`]),
      output: prompts,
      interactive: true,
    };
    expect(await initPlatform(t.repo.root, { owner: ORGANISATION.owner }, terminal, consolePrinter)).toBe(0);
    const asked = String(prompts.read());
    expect(asked).toContain('Regions, comma-separated, the default build region first: ');
    expect(asked).toContain('GitHub environment of team deploys [production]: ');
    expect(asked).not.toContain('Platform GitHub teams');
    const flags = new FixtureRepo();
    try {
      expect(await initPlatform(flags.root, ORGANISATION, NO_TERMINAL, consolePrinter)).toBe(0);
      expect(t.repo.read('cdktf.json')).toBe(flags.read('cdktf.json'));
    } finally {
      flags.dispose();
    }
  });

  it('reports each bad answer at its flag with the message cdktf.json gets for the same value, and writes nothing', async () => {
    const before = t.repo.read('cdktf.json');
    const bad = {
      ...ORGANISATION,
      region: ['eu-west-2', 'eu-west-9'],
      'build-account': ['shared=111111111111', 'lab=2222'],
      repository: 'golden-ami-pipelines',
      'receiving-account': ['prod'],
    };
    expect(await initPlatform(t.repo.root, bad, NO_TERMINAL, consolePrinter)).toBe(1);
    const reported = t.errors.filter((line) => / error( at [^:]+)?: /.test(line));
    expect(reported).toEqual([
      '--build-account error at context.platform.accounts.lab: an AWS account id has exactly 12 digits',
      '--receiving-account error: "prod" is not <name>=<12-digit account id>',
      '--region error at context.platform.foundation.regions[1]: "eu-west-9" is not an AWS region Image Builder runs in',
      '--repository error at context.platform.foundation.repository: the repository is "<owner>/<name>" on GitHub, e.g. "acme/golden-ami-pipelines"',
    ]);
    expect(t.errors.at(-1)).toBe('Nothing was written: fix the answers above.');
    expect(t.repo.read('cdktf.json')).toBe(before);

    // One rule: the same value in cdktf.json gets the same message, there at its line.
    t.repo.edit('cdktf.json', '"regions": ["eu-west-2", "eu-west-1"]', '"regions": ["eu-west-2", "eu-west-9"]');
    const problems = new Problems();
    loadPlatformSettings(t.repo.root, problems);
    expect(problems.all.map(formatProblem)[0]).toMatch(
      /^cdktf\.json:\d+:\d+ error at context\.platform\.foundation\.regions\[1\]: "eu-west-9" is not an AWS region Image Builder runs in/,
    );
  });

  it('refuses one account name with two ids', async () => {
    expect(
      await initPlatform(
        t.repo.root,
        { ...ORGANISATION, 'build-account': ['shared=111111111111', 'shared=222222222222'] },
        NO_TERMINAL,
        consolePrinter,
      ),
    ).toBe(1);
    expect(t.errors).toContain(
      '--build-account error at shared: account "shared" is 111111111111 in --state-account and 222222222222 here',
    );
  });
});

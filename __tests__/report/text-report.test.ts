/**
 * `npm run report` for people and scripts: one block per image that fits a 100-column terminal,
 * waivers under the image that has them, and `--json` with the same data.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderText, reportData, reportRows } from '../../src/workflows/fleet-report.js';
import { runCli } from '../support/cli.js';
import { FixtureRepo } from '../support/fixture.js';

const PLATFORM = 'teams/platform/team.yaml';
const LONG_ACCOUNTS = [
  'collections-archive-production-workloads-account-number-one',
  'collections-archive-production-workloads-account-number-two',
];
const LONG_WORD = 'x'.repeat(150);

/** The widest line of a text, in characters. */
function widest(text: string): number {
  return Math.max(...text.split('\n').map((line) => [...line].length));
}

/** The example with long account names, many targets, a long email and a long waiver reason. */
function widen(repo: FixtureRepo): FixtureRepo {
  return repo
    .edit(
      'cdktf.json',
      '"digital-lab": "555555555555"',
      `"digital-lab": "555555555555", "${LONG_ACCOUNTS[0]!}": "666666666666", "${LONG_ACCOUNTS[1]!}": "777777777777"`,
    )
    .edit(
      'cdktf.json',
      '"platform": ["collections-prod", "collections-staging", "web-prod"]',
      `"platform": ["collections-prod", "collections-staging", "web-prod", "${LONG_ACCOUNTS.join('", "')}"]`,
    )
    .edit('cdktf.json', '"keyConsumers": ["collections-prod",', `"keyConsumers": ["${LONG_ACCOUNTS.join('", "')}", "collections-prod",`)
    .edit(
      PLATFORM,
      'accounts: [collections-prod, collections-staging, web-prod]\n        organization: true',
      `accounts: [collections-prod, collections-staging, web-prod, ${LONG_ACCOUNTS.join(', ')}]\n        organization: true`,
    )
    .edit(
      PLATFORM,
      '    - platform-alerts@museum.example.org',
      `    - platform-alerts@museum.example.org\n    - ${'a'.repeat(60)}@museum.example.org`,
    )
    .edit(PLATFORM, 'cron(0 3 1 * ? *)', 'cron(0 3 1 */3 ? *)')
    .edit(
      PLATFORM,
      '    instanceTypes: [m7i.large, m6i.large]\n',
      `    instanceTypes: [m7i.large, m6i.large]\n    exceptions:\n      - check: rebuild-cadence\n        reason: vendor certifies one build per quarter, see ${LONG_WORD} for the details of the agreement\n`,
    );
}

describe('npm run report', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  it('fits a 100-column terminal on the example, one block per image headed <team>/<image>', async () => {
    const { code, stdout } = await runCli(repo.root, 'report');
    expect(code).toBe(0);
    expect(widest(stdout)).toBeLessThanOrEqual(100);
    const headings = stdout.split('\n').filter((line) => /^\S/.test(line));
    expect(headings).toEqual([
      'collections/iiif-server: Linux, recipe 1.0.0, built in digital-lab, eu-west-2',
      'collections/gallery-kiosk: Windows, recipe 1.0.0, built in digital-lab, eu-west-2',
      'platform/container-host: Linux, recipe 1.0.0, built in image-factory, eu-west-2',
      'platform/bastion-host: Linux, recipe 1.0.0, built in image-factory, eu-west-2',
      'website/web-server: Linux, recipe 1.0.0, built in web-prod, eu-west-2',
    ]);
    // An item of a list is never split across lines.
    expect(stdout).toMatch(/^ {17}iiif-image-server 1\.0\.0, agents-health-test 1\.0\.0$/m);
  });

  it('fits 100 columns with long names, many targets and a long waiver, and lists the waiver under its image', async () => {
    widen(repo);
    const text = renderText(reportRows(repo.fleet()));
    expect(widest(text)).toBeLessThanOrEqual(100);
    const containerHost = text.split('\n\n').find((block) => block.startsWith('platform/container-host:'))!;
    expect(containerHost).toContain('  Waived checks  rebuild-cadence: vendor certifies one build per quarter, see');
    expect(containerHost.replace(/\n {17}/g, '')).toContain(LONG_WORD);
    for (const width of [60, 80]) expect(widest(renderText(reportRows(repo.fleet()), width))).toBeLessThanOrEqual(width);
    const { code, stdout } = await runCli(repo.root, 'report');
    expect(code).toBe(0);
    expect(widest(stdout)).toBeLessThanOrEqual(100);
  });

  it('--json gives the same data for scripts', async () => {
    widen(repo);
    const { code, stdout } = await runCli(repo.root, 'report', '--json');
    expect(code).toBe(0);
    const { images } = JSON.parse(stdout) as { images: ({ team: string; image: string } & Record<string, unknown>)[] };
    expect(images.map((image) => `${image.team}/${image.image}`)).toEqual([
      'collections/iiif-server',
      'collections/gallery-kiosk',
      'platform/container-host',
      'platform/bastion-host',
      'website/web-server',
    ]);
    expect(images).toEqual(JSON.parse(JSON.stringify(reportData(repo.fleet()))));
    expect(images[2]).toMatchObject({
      team: 'platform',
      image: 'container-host',
      account: { id: '111111111111', name: 'image-factory' },
      region: 'eu-west-2',
      platform: 'Linux',
      recipeVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      parentImage: {
        reference: 'arn:aws:imagebuilder:eu-west-2:aws:image/amazon-linux-2023-x86/x.x.x',
        family: 'amazon-linux-2023-x86',
        updates: true,
      },
      schedule: {
        expression: 'cron(0 3 1 */3 ? *)',
        timezone: 'Europe/London',
        longestGapDays: 92,
        maxRebuildIntervalDays: 90,
        onlyWithUpdates: true,
      },
      rebuildOnCriticalFindings: true,
      retention: { deprecateAfterDays: 90, deleteAfterDays: 180, keepAtLeast: 3, skipIfLaunchedWithinDays: 30 },
      alerts: ['platform-alerts@museum.example.org', `${'a'.repeat(60)}@museum.example.org`],
      waivers: [{ check: 'rebuild-cadence', reason: expect.stringContaining(LONG_WORD) }],
    });
    expect((images[2]!.components as unknown[])[0]).toEqual({ name: 'update-os-linux', version: '1.0.0', managed: false });
    expect((images[2]!.components as unknown[]).at(-1)).toEqual({ name: 'aws/simple-boot-test-linux', version: 'x.x.x', managed: true });
    expect(images[3]!.targets).toEqual([
      {
        region: 'eu-west-2',
        copies: expect.arrayContaining([
          { id: '111111111111', name: 'image-factory' },
          { id: '777777777777', name: LONG_ACCOUNTS[1] },
        ]),
        launch: { organizations: [expect.stringMatching(/^arn:aws:organizations::/)], organizationalUnits: [], accounts: [] },
      },
    ]);
    expect(images[3]!.retention).toMatchObject({ deleteAfterDays: null });
  });

  it('shows the exact parent each image builds on, in text and --json', async () => {
    repo.edit(PLATFORM, 'parentImage: amazon-linux-2023-x86', 'parentImage: ami-0123456789abcdef0');
    const { images } = JSON.parse((await runCli(repo.root, 'report', '--json')).stdout) as {
      images: { image: string; parentImage: unknown }[];
    };
    expect(images.find((i) => i.image === 'container-host')!.parentImage).toEqual({
      reference: 'ami-0123456789abcdef0',
      family: 'ami',
      updates: false,
    });
    expect(images.find((i) => i.image === 'bastion-host')!.parentImage).toEqual({
      reference: 'ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      family: 'ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      updates: true,
    });
    const text = renderText(reportRows(repo.fleet()));
    expect(text).toMatch(/Parent image +ami-0123456789abcdef0\n/);
    expect(text).toMatch(
      /Parent image +arn:aws:imagebuilder:eu-west-2:aws:image\/amazon-linux-2023-arm64\/x\.x\.x\n +amazon-linux-2023-arm64\n/,
    );
  });

  it('--markdown and --json together are a usage error', async () => {
    expect(await runCli(repo.root, 'report', '--markdown', '--json')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: npm run report'),
    });
  });
});

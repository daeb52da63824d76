/**
 * npm run promote against a mocked AWS (aws-world.ts): what moves where, dry runs, re-runs and
 * retries that apply nothing twice, accounts that deny access, paging, and what is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/model/fleet/fleet.js';
import { promote, promotedValue, type PromoteRequest } from '../../src/operations/promotion/promote.js';
import { FixtureRepo } from '../support/fixture.js';
import { denied } from './aws-world.js';
import { amiOf, BETA, BUILD, buildArn, buildSummary, CANDIDATE, everyCopy, TEMPLATES, withChannels, world } from './scene.js';

const NOW = new Date('2026-12-08T09:00:00.000Z');
const STABLE_PARAMETER = '/golden-ami/platform/container-host/stable';
const PROMOTED_STABLE = 'golden-ami:promoted:stable';

describe('npm run promote', () => {
  let repo: FixtureRepo;
  let fleet: Fleet;
  beforeAll(() => {
    repo = new FixtureRepo();
    fleet = repo.fleet();
  });
  afterAll(() => repo.dispose());

  const builds = () => [
    buildSummary(1, '1.0.0/1', {
      created: '2026-11-01T10:00:00.000Z',
      copies: everyCopy(),
      tags: { [PROMOTED_STABLE]: '2026-11-09T10:00:00.000Z by ops: ok' },
    }),
    buildSummary(2, '1.1.0/1', { created: '2026-11-20T10:00:00.000Z', copies: everyCopy() }),
  ];

  function run(aws: ReturnType<typeof world>, overrides: Partial<PromoteRequest> = {}) {
    const { team, image } = withChannels(fleet, { approval: true });
    const lines: string[] = [];
    const request: PromoteRequest = {
      team,
      image,
      who: 'octocat',
      reason: 'CAB-1234 approved',
      dryRun: false,
      now: NOW,
      clients: aws.releaseClients,
      say: (line) => lines.push(line),
      ...overrides,
    };
    return promote(request).then((outcome) => ({ outcome, lines }));
  }

  it('moves the next channel to the version the channel before holds, in every account and region of its stage', async () => {
    const aws = world(builds(), { candidate: 2, stable: 1 });
    const { outcome } = await run(aws);
    expect(outcome).toEqual({ kind: 'promoted', channel: 'stable', version: '1.1.0/1', failures: [] });
    for (const account of ['222222222222', '444444444444'])
      for (const region of ['eu-west-2', 'eu-west-1'])
        expect(aws.place(account, region).parameters.get(STABLE_PARAMETER)).toBe(amiOf(2, account, region));
    expect(aws.writes.filter((w) => w.action === 'ssm:PutParameter').map((w) => w.input)).toContainEqual({
      Name: STABLE_PARAMETER,
      Value: amiOf(2, '222222222222', 'eu-west-2'),
      Type: 'String',
      DataType: 'aws:ec2:image',
      Overwrite: true,
    });
    // The candidate's accounts are left alone.
    expect(aws.writes.some((w) => w.account === CANDIDATE)).toBe(false);
  });

  it('adds a launch template version with the AMI from the default version, and makes it the default where setDefaultVersion says so', async () => {
    const aws = world(builds(), { candidate: 2, stable: 1 });
    await run(aws);
    for (const [account, id] of Object.entries(TEMPLATES)) {
      const { versions } = aws.template(account, 'eu-west-2', id);
      expect(versions).toHaveLength(2);
      expect(versions[1]).toMatchObject({
        VersionNumber: 2,
        DefaultVersion: true,
        LaunchTemplateData: { ImageId: amiOf(2, account, 'eu-west-2'), InstanceType: 't3.small' },
      });
    }
    expect(aws.writes.find((w) => w.action === 'ec2:CreateLaunchTemplateVersion')!.input).toMatchObject({ SourceVersion: '1' });
  });

  it('tags the Image Builder image and each AMI with when, who and why', async () => {
    const aws = world(builds(), { candidate: 2, stable: 1 });
    await run(aws);
    const value = '2026-12-08T09:00:00.000Z by octocat: CAB-1234 approved';
    expect(aws.writes.filter((w) => w.action === 'imagebuilder:TagResource').map((w) => w.input)).toEqual([
      { resourceArn: buildArn('1.1.0/1'), tags: { [PROMOTED_STABLE]: value } },
    ]);
    expect(aws.place('444444444444', 'eu-west-1').images.get(amiOf(2, '444444444444', 'eu-west-1'))!.Tags).toContainEqual({
      Key: PROMOTED_STABLE,
      Value: value,
    });
  });

  it('keeps the promoted tag within 256 characters of what tags take', () => {
    const value = promotedValue(NOW, 'octocat (https://github.com/museum/golden-amis/actions/runs/42)', `${'x'.repeat(300)}\n"quoted"`);
    expect(value.length).toBe(256);
    expect(value).toMatch(/^2026-12-08T09:00:00\.000Z by octocat {2}https:\/\/github\.com\/museum\/golden-amis\/actions\/runs\/42 : x+$/);
  });

  it('--dry-run prints every change and makes no write call', async () => {
    const aws = world(builds(), { candidate: 2, stable: 1 });
    const { outcome, lines } = await run(aws, { dryRun: true });
    expect(outcome).toMatchObject({ kind: 'promoted', failures: [] });
    expect(aws.writes).toEqual([]);
    expect(lines.filter((line) => line.startsWith('would put'))).toHaveLength(4);
    expect(lines.filter((line) => line.startsWith('would add a version'))).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith('would make that version the default'))).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith('would tag'))).toHaveLength(5);
    expect(aws.place('222222222222', 'eu-west-2').parameters.get(STABLE_PARAMETER)).toBe(amiOf(1, '222222222222', 'eu-west-2'));
  });

  it('a re-run applies nothing twice: no parameter put, no launch template version, no tag', async () => {
    const aws = world(builds(), { candidate: 2, stable: 1 });
    await run(aws);
    const before = aws.writes.length;
    const { outcome } = await run(aws, { version: '1.1.0/1', channel: 'stable', now: new Date('2026-12-09T09:00:00.000Z') });
    expect(outcome).toMatchObject({ kind: 'promoted', failures: [] });
    expect(aws.writes.slice(before)).toEqual([]);
    expect(aws.template('222222222222', 'eu-west-2', TEMPLATES['222222222222']).versions).toHaveLength(2);
  });

  it('copies the AMI where Image Builder made no copy, encrypted with the region key, and finds the copy by name on a re-run', async () => {
    const copies = everyCopy().filter((copy) => !(copy.account === '444444444444' && copy.region === 'eu-west-1'));
    const aws = world([builds()[0]!, buildSummary(2, '1.1.0/1', { created: '2026-11-20T10:00:00.000Z', copies })], {
      candidate: 2,
      stable: 1,
    });
    aws.failures.set('444444444444 ssm:PutParameter', denied('ssm', 'ssm:PutParameter'));
    const first = await run(aws);
    expect(first.outcome).toMatchObject({
      kind: 'promoted',
      failures: [
        expect.stringMatching(/^444444444444 eu-west-2 ssm:PutParameter/),
        expect.stringMatching(/^444444444444 eu-west-1 ssm:PutParameter/),
      ],
    });
    const copy = aws.writes.filter((w) => w.action === 'ec2:CopyImage');
    expect(copy).toHaveLength(1);
    expect(copy[0]).toMatchObject({
      account: '444444444444',
      region: 'eu-west-1',
      input: {
        Name: 'platform-container-host-1.1.0-1',
        SourceImageId: amiOf(2, BUILD, 'eu-west-1'),
        SourceRegion: 'eu-west-1',
        Encrypted: true,
        KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
        ClientToken: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    aws.failures.clear();
    const second = await run(aws, { channel: 'stable', version: '1.1.0/1' });
    expect(second.outcome).toMatchObject({ kind: 'promoted', failures: [] });
    expect(aws.writes.filter((w) => w.action === 'ec2:CopyImage')).toHaveLength(1);
    expect(aws.place('444444444444', 'eu-west-1').parameters.get(STABLE_PARAMETER)).toMatch(/^ami-0copy/);
  });

  it('a retried write carries the same client token, so AWS returns the first result (no second copy, no second template version)', async () => {
    const aws = world(builds(), { candidate: 2, stable: 1 });
    await run(aws);
    const made = aws.writes.find((w) => w.action === 'ec2:CreateLaunchTemplateVersion')!;
    // The SDK retries a call with the same input after a timeout: AWS answers with the version it made.
    const retried = await aws.releaseClients
      .ec2('eu-west-2', made.account)
      .send(new (await import('@aws-sdk/client-ec2')).CreateLaunchTemplateVersionCommand(made.input as never));
    expect(retried.LaunchTemplateVersion?.VersionNumber).toBe(2);
    expect(aws.template(made.account, 'eu-west-2', TEMPLATES[made.account as keyof typeof TEMPLATES]).versions).toHaveLength(2);
  });

  it('reports an account that denies access and still moves the others; the image is tagged only once every account moved', async () => {
    const aws = world(builds(), { candidate: 2, stable: 1 });
    aws.failures.set('444444444444', denied('ec2', 'ec2:DescribeImages'));
    const { outcome } = await run(aws);
    expect(outcome).toEqual({
      kind: 'promoted',
      channel: 'stable',
      version: '1.1.0/1',
      failures: [
        expect.stringMatching(
          /^444444444444 eu-west-2 ec2:DescribeImages: UnauthorizedOperation: User: .* \(the role needs ec2:DescribeImages\)$/,
        ),
        expect.stringMatching(/^444444444444 eu-west-1 ec2:DescribeImages: UnauthorizedOperation/),
      ],
    });
    expect(aws.place('222222222222', 'eu-west-1').parameters.get(STABLE_PARAMETER)).toBe(amiOf(2, '222222222222', 'eu-west-1'));
    expect(aws.writes.some((w) => w.action === 'imagebuilder:TagResource')).toBe(false);
  });

  it('reads the builds across pages, and stops on a paging token AWS repeats', async () => {
    const [one, two] = builds();
    const aws = world(builds(), { candidate: 2, stable: 1 });
    aws.buildPages = [{ imageSummaryList: [one!], nextToken: 'page-2' }, { imageSummaryList: [two!] }];
    expect((await run(aws)).outcome).toMatchObject({ kind: 'promoted', version: '1.1.0/1' });
    const looping = world(builds(), { candidate: 2, stable: 1 });
    looping.buildPages = [
      { imageSummaryList: [one!], nextToken: 'again' },
      { imageSummaryList: [two!], nextToken: 'again' },
    ];
    const { outcome } = await run(looping);
    expect(outcome).toEqual({
      kind: 'refused',
      message: expect.stringMatching(
        /could not be read in 111111111111 eu-west-2: PagingError: imagebuilder:ListImagePipelineImages returned a paging token it had already returned/,
      ),
    });
    expect(looping.writes).toEqual([]);
  });

  describe('refuses, before any write', () => {
    it.each([
      ['a revoked version', { version: '1.1.0/2' }, /^1\.1\.0\/2 was revoked: a revoked version is never promoted$/],
      [
        'a version this image did not build',
        { version: '9.9.9/1' },
        /^9\.9\.9\/1 is not a build of platform\/container-host \(its builds: 1\.0\.0\/1, 1\.1\.0\/1, 1\.1\.0\/2, 1\.2\.0\/1\)$/,
      ],
      ['a build that failed', { version: '1.2.0/1' }, /^1\.2\.0\/1 is FAILED, not AVAILABLE/],
      ['an unknown channel', { channel: 'prod' }, /^container-host has no channel prod \(channels: candidate, stable\)$/],
      ['the first channel', { channel: 'candidate' }, /^candidate is the first channel of container-host: every successful build moves it/],
    ])('%s', async (_, overrides, message) => {
      const aws = world(
        [
          ...builds(),
          buildSummary(3, '1.1.0/2', { created: '2026-11-21T10:00:00.000Z', copies: everyCopy(), tags: { 'golden-ami:revoked': 'true' } }),
          buildSummary(4, '1.2.0/1', { created: '2026-11-22T10:00:00.000Z', copies: [], status: 'FAILED' }),
        ],
        { candidate: 2, stable: 1 },
      );
      const { outcome } = await run(aws, overrides);
      expect(outcome).toEqual({ kind: 'refused', message: expect.stringMatching(message) });
      expect(aws.writes).toEqual([]);
    });

    it('a version never in the channel before', async () => {
      const { team, image } = withChannels(fleet, { approval: true }, { approval: true });
      const aws = world(
        [...builds(), buildSummary(5, '1.3.0/1', { created: '2026-12-01T10:00:00.000Z', copies: everyCopy(true) })].map((summary) => ({
          ...summary,
          outputResources: {
            amis: [
              ...summary.outputResources!.amis!,
              ...everyCopy(true)
                .filter((c) => c.account === BETA)
                .map((c) => ({
                  accountId: c.account,
                  region: c.region,
                  image: amiOf(Number(summary.outputResources!.amis![0]!.image![5]), c.account, c.region),
                  name: summary.outputResources!.amis![0]!.name!,
                })),
            ],
          },
        })),
        { candidate: 5, beta: 2, stable: 1 },
        true,
      );
      const { outcome } = await run(aws, { team, image, channel: 'stable', version: '1.3.0/1' });
      expect(outcome).toEqual({
        kind: 'refused',
        message: '1.3.0/1 was never in beta: a version reaches a channel only through the one before it',
      });
      expect(aws.writes).toEqual([]);
    });

    it('an image whose every channel already holds the newest build', async () => {
      const aws = world(builds(), { candidate: 2, stable: 2 });
      expect((await run(aws)).outcome).toEqual({ kind: 'refused', message: 'every channel of container-host already holds 1.1.0/1' });
    });
  });
});

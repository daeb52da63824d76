/**
 * `npm run fleet-status` against the mocked AWS API (aws-sdk-client-mock): the example fleet's
 * four images in every state the report knows, responses shaped as the API references document
 * them (Image Builder ListImagePipelineImages / GetImagePipeline, EC2 DescribeImageReferences,
 * DescribeInstances, DescribeLaunchTemplateVersions, SSM GetParameter), with paging, throttling,
 * access denied and an account whose role cannot be assumed.
 */
import {
  DescribeImageReferencesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import {
  AccessDeniedException,
  CallRateLimitExceededException,
  GetImagePipelineCommand,
  ImagebuilderClient,
  ListImagePipelineImagesCommand,
  ResourceNotFoundException,
  type ImageSummary,
} from '@aws-sdk/client-imagebuilder';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/model/fleet/fleet.js';
import { consumerLocations, gatherFleetStatus, type Clients } from '../../src/operations/fleet-status/gather.js';
import { supersededAmis } from '../../src/operations/fleet-status/classify.js';
import { awsErrorKind } from '../../src/operations/aws/errors.js';
import type { FleetStatus, ImageStatus } from '../../src/operations/fleet-status/status.js';
import { renderJson } from '../../src/operations/fleet-status/render-json.js';
import { renderMarkdown } from '../../src/operations/fleet-status/render-markdown.js';
import { renderText } from '../../src/operations/fleet-status/render-text.js';
import { loadVersionedFleet } from '../../src/versioning/sync.js';
import { REPO_ROOT } from '../support/fixture.js';

const NOW = new Date('2026-12-01T06:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

const COLLECTIONS = '555555555555';
const PLATFORM = '111111111111';
const REGION = 'eu-west-2';

/** An ImageSummary as ListImagePipelineImages returns it. */
function summary(
  account: string,
  pipeline: string,
  version: string,
  status: string,
  ageDays: number,
  amis: [string, string][] = [],
): ImageSummary {
  return {
    arn: `arn:aws:imagebuilder:${REGION}:${account}:image/${pipeline}/${version}`,
    name: pipeline,
    type: 'AMI',
    version,
    platform: 'Linux',
    osVersion: 'Amazon Linux 2023',
    state:
      status === 'FAILED'
        ? { status: 'FAILED', reason: 'Image Builder workflow failed: test step exited 1' }
        : { status: status as 'AVAILABLE' },
    owner: account,
    dateCreated: daysAgo(ageDays),
    outputResources:
      status === 'FAILED'
        ? {}
        : { amis: amis.map(([accountId, image]) => ({ region: REGION, image, name: `${pipeline} ${version}`, accountId })) },
    buildType: 'SCHEDULED',
    imageSource: 'CUSTOM',
  };
}

function pipelineResponse(account: string, pipeline: string, status: 'ENABLED' | 'DISABLED') {
  return {
    requestId: '1b3e1f4a-0c1d-4e5f-9a8b-7c6d5e4f3a2b',
    imagePipeline: {
      arn: `arn:aws:imagebuilder:${REGION}:${account}:image-pipeline/${pipeline}`,
      name: pipeline,
      platform: 'Linux' as const,
      status,
      dateCreated: daysAgo(400),
      dateLastRun: daysAgo(10),
    },
  };
}

function ec2Error(name: string, message: string): EC2ServiceException {
  return new EC2ServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: 403, requestId: 'c0ffee00-1111-2222-3333-444455556666' },
  });
}

/** One mocked client instance per service, region and account; an unmocked call fails the test loudly. */
function mockedClients() {
  const made = new Map<string, { client: ImagebuilderClient | EC2Client | SSMClient; mock: ReturnType<typeof mockClient> }>();
  const get = (service: string, region: string, account: string, make: () => ImagebuilderClient | EC2Client | SSMClient) => {
    const key = `${service}/${region}/${account}`;
    if (!made.has(key)) {
      const client = make();
      made.set(key, { client, mock: mockClient(client as never) });
    }
    return made.get(key)!;
  };
  const clients: Clients = {
    imagebuilder: (region, account) =>
      get('imagebuilder', region, account, () => new ImagebuilderClient({ region })).client as ImagebuilderClient,
    ec2: (region, account) => get('ec2', region, account, () => new EC2Client({ region })).client as EC2Client,
    ssm: (region, account) => get('ssm', region, account, () => new SSMClient({ region })).client as SSMClient,
  };
  return {
    clients,
    imagebuilder: (account: string) => get('imagebuilder', REGION, account, () => new ImagebuilderClient({ region: REGION })).mock,
    ec2: (account: string, region = REGION) => get('ec2', region, account, () => new EC2Client({ region })).mock,
    ssm: (account: string) => get('ssm', REGION, account, () => new SSMClient({ region: REGION })).mock,
  };
}

const pipelineArn = (account: string, pipeline: string) => `arn:aws:imagebuilder:${REGION}:${account}:image-pipeline/${pipeline}`;

/**
 * The scene: iiif-server healthy (an instance in 222222222222 is 10 days behind: within grace);
 * gallery-kiosk lagging (a launch template in 222222222222 is 30 days behind) and the launch
 * permission account 333333333333 denies the image references call; container-host failing
 * (two failed builds; its builds come in two pages) with EC2 throttling in 444444444444;
 * bastion-host disabled and stale.
 */
function scene() {
  const aws = mockedClients();
  const collections = aws.imagebuilder(COLLECTIONS);
  const platform = aws.imagebuilder(PLATFORM);

  collections
    .on(GetImagePipelineCommand, { imagePipelineArn: pipelineArn(COLLECTIONS, 'collections-iiif-server') })
    .resolves(pipelineResponse(COLLECTIONS, 'collections-iiif-server', 'ENABLED'));
  collections.on(ListImagePipelineImagesCommand, { imagePipelineArn: pipelineArn(COLLECTIONS, 'collections-iiif-server') }).resolves({
    imageSummaryList: [
      {
        ...summary(COLLECTIONS, 'collections-iiif-server', '1.4.0/1', 'AVAILABLE', 10, [
          [COLLECTIONS, 'ami-0a00000000000a140'],
          ['222222222222', 'ami-0b00000000000b140'],
          ['333333333333', 'ami-0c00000000000c140'],
        ]),
        buildType: 'USER_INITIATED',
        tags: {
          'golden-ami:started-by': 'automatic rebuild on a critical Amazon Inspector finding',
          'golden-ami:start-reason': 'critical finding with a fix on i-0c2a343f1948d5205 from ami-0b00000000000b130',
          'golden-ami:finding': 'arn:aws:inspector2:eu-west-2:222222222222:finding/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
        },
      },
      summary(COLLECTIONS, 'collections-iiif-server', '1.3.0/1', 'AVAILABLE', 40, [
        [COLLECTIONS, 'ami-0a00000000000a130'],
        ['222222222222', 'ami-0b00000000000b130'],
        ['333333333333', 'ami-0c00000000000c130'],
      ]),
    ],
  });
  collections
    .on(GetImagePipelineCommand, { imagePipelineArn: pipelineArn(COLLECTIONS, 'collections-gallery-kiosk') })
    .resolves(pipelineResponse(COLLECTIONS, 'collections-gallery-kiosk', 'ENABLED'));
  collections.on(ListImagePipelineImagesCommand, { imagePipelineArn: pipelineArn(COLLECTIONS, 'collections-gallery-kiosk') }).resolves({
    imageSummaryList: [
      summary(COLLECTIONS, 'collections-gallery-kiosk', '2.1.0/1', 'AVAILABLE', 30, [
        [COLLECTIONS, 'ami-0d00000000000d210'],
        ['222222222222', 'ami-0e00000000000e210'],
      ]),
      summary(COLLECTIONS, 'collections-gallery-kiosk', '2.0.0/2', 'CANCELLED', 35),
      summary(COLLECTIONS, 'collections-gallery-kiosk', '2.0.0/1', 'AVAILABLE', 70, [
        [COLLECTIONS, 'ami-0d00000000000d200'],
        ['222222222222', 'ami-0e00000000000e200'],
      ]),
    ],
  });
  platform
    .on(GetImagePipelineCommand, { imagePipelineArn: pipelineArn(PLATFORM, 'platform-container-host') })
    .resolves(pipelineResponse(PLATFORM, 'platform-container-host', 'ENABLED'));
  platform
    .on(ListImagePipelineImagesCommand, { imagePipelineArn: pipelineArn(PLATFORM, 'platform-container-host') })
    .resolvesOnce({
      imageSummaryList: [
        summary(PLATFORM, 'platform-container-host', '3.2.0/2', 'FAILED', 2),
        summary(PLATFORM, 'platform-container-host', '3.2.0/1', 'FAILED', 9),
      ],
      nextToken: 'page-2',
    })
    .resolvesOnce({
      imageSummaryList: [
        summary(PLATFORM, 'platform-container-host', '3.1.0/1', 'AVAILABLE', 40, [
          [PLATFORM, 'ami-0f00000000000f310'],
          ['444444444444', 'ami-0100000000001310'],
        ]),
        summary(PLATFORM, 'platform-container-host', '3.0.0/1', 'DEPRECATED', 100, [
          [PLATFORM, 'ami-0f00000000000f300'],
          ['444444444444', 'ami-0100000000001300'],
        ]),
      ],
    });
  platform
    .on(GetImagePipelineCommand, { imagePipelineArn: pipelineArn(PLATFORM, 'platform-bastion-host') })
    .resolves(pipelineResponse(PLATFORM, 'platform-bastion-host', 'DISABLED'));
  platform.on(ListImagePipelineImagesCommand, { imagePipelineArn: pipelineArn(PLATFORM, 'platform-bastion-host') }).resolves({
    imageSummaryList: [summary(PLATFORM, 'platform-bastion-host', '1.0.0/1', 'AVAILABLE', 120, [[PLATFORM, 'ami-0200000000002100']])],
  });

  // Consumers. 222222222222 answers the image references API, in two pages for iiif-server.
  const shared = aws.ec2('222222222222');
  shared
    .on(DescribeImageReferencesCommand, { ImageIds: ['ami-0b00000000000b130'] })
    .resolvesOnce({
      ImageReferences: [
        {
          ImageId: 'ami-0b00000000000b130',
          ResourceType: 'ec2:Instance',
          Arn: 'arn:aws:ec2:eu-west-2:222222222222:instance/i-0123456789abcdef0',
        },
      ],
      NextToken: 'more',
    })
    .resolvesOnce({
      ImageReferences: [
        {
          ImageId: 'ami-0b00000000000b130',
          ResourceType: 'ssm:Parameter',
          Arn: 'arn:aws:ssm:eu-west-2:222222222222:parameter/apps/iiif/ami',
        },
      ],
    });
  shared.on(DescribeImageReferencesCommand, { ImageIds: ['ami-0e00000000000e200'] }).resolves({
    ImageReferences: [
      {
        ImageId: 'ami-0e00000000000e200',
        ResourceType: 'ec2:LaunchTemplate',
        Arn: 'arn:aws:ec2:eu-west-2:222222222222:launch-template/lt-0c0ffee0c0ffee001',
      },
    ],
  });
  aws.ec2(COLLECTIONS).on(DescribeImageReferencesCommand).resolves({ ImageReferences: [] });
  aws
    .ec2('333333333333')
    .on(DescribeImageReferencesCommand, { ImageIds: ['ami-0c00000000000c130'] })
    .resolves({ ImageReferences: [] });
  // gallery-kiosk's build-account AMI is launched from 333333333333 by launch permission: denied there.
  aws
    .ec2('333333333333')
    .on(DescribeImageReferencesCommand, { ImageIds: ['ami-0d00000000000d200'] })
    .rejects(
      ec2Error(
        'UnauthorizedOperation',
        'You are not authorized to perform this operation. User: arn:aws:sts::333333333333:assumed-role/golden-ami-plan/golden-ami-fleet-status is not authorized to perform: ec2:DescribeImageReferences',
      ),
    );
  aws.ec2(PLATFORM).on(DescribeImageReferencesCommand).resolves({ ImageReferences: [] });
  aws.ec2('444444444444').on(DescribeImageReferencesCommand).rejects(ec2Error('RequestLimitExceeded', 'Request limit exceeded.'));
  return aws;
}

const byImage = (report: FleetStatus, image: string): ImageStatus =>
  report.teams.flatMap((team) => team.images).find((status) => status.image === image)!;

describe('fleet-status against the mocked API', () => {
  let fleet: Fleet;
  let report: FleetStatus;
  let aws: ReturnType<typeof scene>;
  beforeAll(async () => {
    fleet = loadVersionedFleet(REPO_ROOT).fleet!;
    aws = scene();
    report = await gatherFleetStatus(fleet, { clients: aws.clients, now: NOW });
  });

  it('healthy: newest image 10 days old, two builds ok, a consumer 10 days behind is within the grace period', () => {
    const status = byImage(report, 'iiif-server');
    expect(status.findings).toEqual([]);
    expect(status.pipelineState).toBe('ENABLED');
    expect(status.newest).toEqual({ version: '1.4.0/1', created: daysAgo(10), ageDays: 10 });
    expect(status.consumers.map((c) => [c.accountId, c.kind, c.id, c.version, c.behindDays, c.lagging])).toEqual([
      ['222222222222', 'ssm parameter', '/apps/iiif/ami', '1.3.0/1', 10, false],
      ['222222222222', 'instance', 'i-0123456789abcdef0', '1.3.0/1', 10, false],
    ]);
    expect(report.teams.find((team) => team.team === 'collections')!.owners).toEqual(['@museum-digital/collections']);
  });

  it('asks the image references API for instances that are not terminated, launch templates (newest version) and SSM parameters, with paging', () => {
    const calls = aws.ec2('222222222222').commandCalls(DescribeImageReferencesCommand);
    // Two pages for iiif-server's superseded copy, one for gallery-kiosk's.
    expect(calls.map((call) => call.args[0].input.ImageIds![0]).sort()).toEqual([
      'ami-0b00000000000b130',
      'ami-0b00000000000b130',
      'ami-0e00000000000e200',
    ]);
    expect(calls[0]!.args[0].input.ResourceTypes).toEqual([
      {
        ResourceType: 'ec2:Instance',
        ResourceTypeOptions: [{ OptionName: 'state-name', OptionValues: ['pending', 'running', 'stopping', 'stopped'] }],
      },
      { ResourceType: 'ec2:LaunchTemplate', ResourceTypeOptions: [{ OptionName: 'version-depth', OptionValues: ['1'] }] },
      { ResourceType: 'ssm:Parameter' },
    ]);
  });

  it('lagging: a launch template in another account 30 days behind its successor; the account that denies access is reported, the rest completes', () => {
    const status = byImage(report, 'gallery-kiosk');
    expect(status.findings).toEqual(['lagging', 'incomplete']);
    expect(status.lastBuilds.map((build) => build.status)).toEqual(['AVAILABLE', 'CANCELLED', 'AVAILABLE']);
    expect(status.consumers).toEqual([
      {
        accountId: '222222222222',
        region: REGION,
        kind: 'launch template',
        id: 'lt-0c0ffee0c0ffee001',
        imageId: 'ami-0e00000000000e200',
        version: '2.0.0/1',
        behindSince: daysAgo(30),
        behindDays: 30,
        lagging: true,
      },
    ]);
    expect(status.problems).toEqual([
      expect.objectContaining({
        accountId: '333333333333',
        region: REGION,
        action: 'ec2:DescribeImageReferences',
        kind: 'access denied',
        message: expect.stringMatching(/^UnauthorizedOperation: /),
      }),
    ]);
  });

  it('failing: the last two finished builds failed (read across two pages); EC2 throttling in one account is reported', () => {
    const status = byImage(report, 'container-host');
    expect(
      aws
        .imagebuilder(PLATFORM)
        .commandCalls(ListImagePipelineImagesCommand)
        .filter((call) => call.args[0].input.imagePipelineArn?.endsWith('container-host')),
    ).toHaveLength(2);
    expect(status.findings).toEqual(['failing', 'incomplete']);
    expect(status.newest).toEqual({ version: '3.1.0/1', created: daysAgo(40), ageDays: 40 });
    expect(status.lastBuilds.map((build) => `${build.version} ${build.status}`)).toEqual([
      '3.2.0/2 FAILED',
      '3.2.0/1 FAILED',
      '3.1.0/1 AVAILABLE',
    ]);
    expect(status.problems).toEqual([
      expect.objectContaining({
        accountId: '444444444444',
        action: 'ec2:DescribeImageReferences',
        kind: 'throttled',
        message: 'RequestLimitExceeded: Request limit exceeded.',
      }),
    ]);
  });

  it('disabled and stale: the pipeline is disabled and its newest image is 120 days old (max 90)', () => {
    const status = byImage(report, 'bastion-host');
    expect(status.findings).toEqual(['disabled', 'stale']);
    expect(status.pipelineState).toBe('DISABLED');
    expect(status.consumers).toEqual([]);
  });

  it('the report is not ok, team by team', () => {
    expect(report.ok).toBe(false);
    expect(report.teams.map((team) => [team.team, team.ok])).toEqual([
      ['collections', false],
      ['platform', false],
      // website/web-server has no pipeline in the mocked account: missing.
      ['website', false],
    ]);
    expect(report).toMatchObject({ maxRebuildIntervalDays: 90, consumerGraceDays: 14, failingAfter: 2 });
  });

  it('the terminal table fits 100 columns and shows every finding and the accounts not fully checked', () => {
    const text = renderText(report);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(text).toContain('\n    222222222222 eu-west-2 launch template lt-0c0ffee0c0ffee001: 2.0.0/1, 30d behind, LAGGING\n');
    expect(text).toMatch(/^ {2}bastion-host +DISABLED +1\.0\.0\/1 +120d +ok +disabled, stale$/m);
    expect(text).toMatch(/^ {2}container-host +ENABLED +3\.1\.0\/1 +40d +FAILED FAILED ok +failing, incomplete$/m);
    expect(text).toContain(
      '\n  333333333333 eu-west-2 ec2:DescribeImageReferences: access denied\n    UnauthorizedOperation: You are not authorized',
    );
    expect(text).toContain(
      '\n  444444444444 eu-west-2 ec2:DescribeImageReferences: throttled\n    RequestLimitExceeded: Request limit exceeded.\n',
    );
    expect(text.split('\n').at(-1)).toBe('Something needs attention (exit 1).');
  });

  it('Markdown: one table per team, consumers behind, nothing from AWS can mention anyone', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('### collections: needs attention');
    expect(markdown).toContain(
      '| gallery-kiosk | 222222222222 | eu-west-2 | launch template lt-0c0ffee0c0ffee001 | 2.0.0/1 (ami-0e00000000000e200) | **30 (lagging)** |',
    );
    expect(markdown).toMatch(/\| bastion-host +\| DISABLED +\| 1\.0\.0\/1 +\| 120 +\| ok +\| \*\*disabled, stale\*\* +\|/);
    expect(markdown).not.toMatch(/(?<![\w\u2060])@museum/);
  });

  it('JSON: the whole report, each team with its Markdown for the audit issue', () => {
    const json = JSON.parse(renderJson(report)) as FleetStatus & { teams: { markdown: string }[] };
    expect(json.ok).toBe(false);
    expect(json.teams[1]).toMatchObject({ team: 'platform', owners: ['@museum-digital/platform'], ok: false });
    expect(json.teams[1]!.markdown).toMatch(/^### platform: needs attention/);
    // Who started a build and why, from its tags: here an automatic rebuild.
    expect(json.teams[0]!.images[0]!.lastBuilds.map((build) => [build.version, build.startedBy, build.startReason])).toEqual([
      [
        '1.4.0/1',
        'automatic rebuild on a critical Amazon Inspector finding',
        'critical finding with a fix on i-0c2a343f1948d5205 from ami-0b00000000000b130',
      ],
      ['1.3.0/1', undefined, undefined],
    ]);
  });

  it('filters by team and image', async () => {
    const only = await gatherFleetStatus(fleet, { clients: scene().clients, now: NOW, teams: ['platform'], images: ['bastion-host'] });
    expect(only.teams.map((team) => [team.team, team.images.map((image) => image.image)])).toEqual([['platform', ['bastion-host']]]);
  });
});

describe('fleet-status edge cases', () => {
  const fleet = () => loadVersionedFleet(REPO_ROOT).fleet!;

  it('an account whose role cannot be assumed is unreachable; a missing pipeline is reported; all well exits 0', async () => {
    const aws = mockedClients();
    aws
      .imagebuilder(COLLECTIONS)
      .on(GetImagePipelineCommand)
      .rejects(new ResourceNotFoundException({ message: 'The resource does not exist', $metadata: { httpStatusCode: 404 } }));
    const denied = Object.assign(
      new Error(
        'User: arn:aws:sts::999999999999:assumed-role/golden-ami-ci-plan/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/golden-ami-plan',
      ),
      { name: 'AccessDenied' },
    );
    aws.imagebuilder(PLATFORM).on(GetImagePipelineCommand).rejects(denied);
    aws.imagebuilder(PLATFORM).on(ListImagePipelineImagesCommand).rejects(denied);
    const report = await gatherFleetStatus(fleet(), { clients: aws.clients, now: NOW });
    expect(byImage(report, 'iiif-server').findings).toEqual(['missing']);
    const bastion = byImage(report, 'bastion-host');
    expect(bastion.findings).toEqual(['incomplete']);
    expect(bastion.problems.map((problem) => [problem.accountId, problem.action, problem.kind])).toEqual([
      [PLATFORM, 'imagebuilder:GetImagePipeline', 'unreachable'],
      [PLATFORM, 'imagebuilder:ListImagePipelineImages', 'unreachable'],
    ]);
    expect(renderText(report)).toContain(
      '\n  111111111111 eu-west-2 imagebuilder:GetImagePipeline: unreachable\n    AccessDenied: User: arn:aws:sts::',
    );
  });

  it('Image Builder throttling and access denied are reported for the build account', async () => {
    const aws = mockedClients();
    aws
      .imagebuilder(COLLECTIONS)
      .on(GetImagePipelineCommand)
      .rejects(new CallRateLimitExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }));
    aws
      .imagebuilder(COLLECTIONS)
      .on(ListImagePipelineImagesCommand)
      .rejects(
        new AccessDeniedException({
          message: 'not authorized to perform: imagebuilder:ListImagePipelineImages',
          $metadata: { httpStatusCode: 403 },
        }),
      );
    aws
      .imagebuilder(PLATFORM)
      .on(GetImagePipelineCommand)
      .resolves(pipelineResponse(PLATFORM, 'platform-bastion-host', 'ENABLED'));
    aws
      .imagebuilder(PLATFORM)
      .on(ListImagePipelineImagesCommand)
      .resolves({ imageSummaryList: [summary(PLATFORM, 'platform-x', '1.0.0/1', 'AVAILABLE', 1, [[PLATFORM, 'ami-0300000000003100']])] });
    const report = await gatherFleetStatus(fleet(), { clients: aws.clients, now: NOW });
    expect(byImage(report, 'iiif-server').problems.map((problem) => problem.kind)).toEqual(['throttled', 'access denied']);
    expect(byImage(report, 'iiif-server').findings).toEqual(['incomplete']);
    expect(report.teams.find((team) => team.team === 'platform')!.ok).toBe(true);
  });

  it('where the image references API does not serve, describe calls find instances (paged), launch templates and parameters', async () => {
    const aws = mockedClients();
    aws
      .imagebuilder(PLATFORM)
      .on(GetImagePipelineCommand)
      .resolves(pipelineResponse(PLATFORM, 'platform-container-host', 'ENABLED'));
    aws
      .imagebuilder(PLATFORM)
      .on(ListImagePipelineImagesCommand)
      .resolves({
        imageSummaryList: [
          summary(PLATFORM, 'platform-container-host', '3.1.0/1', 'AVAILABLE', 20, [
            [PLATFORM, 'ami-0f00000000000f310'],
            ['444444444444', 'ami-0100000000001310'],
          ]),
          summary(PLATFORM, 'platform-container-host', '3.0.0/1', 'AVAILABLE', 50, [
            [PLATFORM, 'ami-0f00000000000f300'],
            ['444444444444', 'ami-0100000000001300'],
          ]),
        ],
      });
    aws.ec2(PLATFORM).on(DescribeImageReferencesCommand).resolves({ ImageReferences: [] });
    const target = aws.ec2('444444444444');
    target
      .on(DescribeImageReferencesCommand)
      .rejects(ec2Error('InvalidAction', 'The action DescribeImageReferences is not valid for this web service.'));
    target
      .on(DescribeInstancesCommand)
      .resolvesOnce({
        Reservations: [
          {
            ReservationId: 'r-0a1',
            OwnerId: '444444444444',
            Instances: [{ InstanceId: 'i-0aaaaaaaaaaaaaaa1', ImageId: 'ami-0100000000001300', State: { Code: 16, Name: 'running' } }],
          },
        ],
        NextToken: 'next',
      })
      .resolvesOnce({
        Reservations: [
          {
            ReservationId: 'r-0a2',
            OwnerId: '444444444444',
            Instances: [{ InstanceId: 'i-0aaaaaaaaaaaaaaa2', ImageId: 'ami-0100000000001300', State: { Code: 80, Name: 'stopped' } }],
          },
        ],
      });
    target.on(DescribeLaunchTemplateVersionsCommand).resolves({
      LaunchTemplateVersions: [
        {
          LaunchTemplateId: 'lt-0f9e8d7c6b5a40312',
          VersionNumber: 7,
          DefaultVersion: true,
          LaunchTemplateData: { ImageId: 'ami-0100000000001300', InstanceType: 't3.large' },
        },
      ],
    });
    aws
      .ssm('444444444444')
      .on(GetParameterCommand)
      .rejects(new ParameterNotFound({ message: '', $metadata: { httpStatusCode: 400 } }));
    const report = await gatherFleetStatus(fleet(), { clients: aws.clients, now: NOW, teams: ['platform'], images: ['container-host'] });
    const status = byImage(report, 'container-host');
    expect(status.problems).toEqual([]);
    expect(status.findings).toEqual(['lagging']);
    expect(status.consumers.map((c) => [c.kind, c.id, c.behindDays])).toEqual([
      ['instance', 'i-0aaaaaaaaaaaaaaa1', 20],
      ['instance', 'i-0aaaaaaaaaaaaaaa2', 20],
      ['launch template', 'lt-0f9e8d7c6b5a40312', 20],
    ]);
    expect(target.commandCalls(DescribeInstancesCommand)[0]!.args[0].input.Filters).toEqual([
      { Name: 'image-id', Values: ['ami-0100000000001300'] },
      { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
    ]);
    expect(target.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]!.args[0].input).toEqual({
      LaunchTemplateId: 'lt-0f9e8d7c6b5a40312',
      Versions: ['$Latest'],
    });
    expect(
      aws
        .ssm('444444444444')
        .commandCalls(GetParameterCommand)
        .map((call) => call.args[0].input.Name),
    ).toEqual(['/golden-ami/platform/container-host/latest']);
  });

  it("looks in the launch-permission accounts for the build account's own AMIs", () => {
    const team = fleet().teams.find((t) => t.name === 'collections')!;
    const image = team.images.find((i) => i.name === 'gallery-kiosk')!;
    const superseded = supersededAmis([
      {
        version: '2.1.0/1',
        status: 'AVAILABLE',
        created: daysAgo(1),
        amis: [{ accountId: COLLECTIONS, region: REGION, imageId: 'ami-new' }],
      },
      {
        version: '2.0.0/1',
        status: 'AVAILABLE',
        created: daysAgo(9),
        amis: [
          { accountId: COLLECTIONS, region: REGION, imageId: 'ami-old' },
          { accountId: '222222222222', region: REGION, imageId: 'ami-oldcopy' },
        ],
      },
    ]);
    expect(consumerLocations(team, image, superseded).map((l) => [l.accountId, l.imageIds, l.launchTemplateIds])).toEqual([
      ['222222222222', ['ami-oldcopy'], ['lt-0c0ffee0c0ffee001']],
      ['333333333333', ['ami-old'], []],
      [COLLECTIONS, ['ami-old'], []],
    ]);
  });

  it('names each error kind', () => {
    expect(awsErrorKind(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe('throttled');
    expect(awsErrorKind(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }))).toBe('unreachable');
    expect(awsErrorKind(Object.assign(new Error('no'), { name: 'AccessDeniedException' }))).toBe('access denied');
    expect(awsErrorKind(new Error('boom'))).toBe('error');
  });
});

describe('fleet-status trusts nothing AWS returns', () => {
  const fleet = () => loadVersionedFleet(REPO_ROOT).fleet!;
  /** Every control character a terminal acts on: C0 (ESC, BEL, CR...), DEL and C1 (CSI, OSC...). */
  const CONTROL = /(?!\n)\p{Cc}/u;

  /** Mocks platform's bastion-host pipeline only, and gathers its status. */
  async function bastion(
    builds: ImageSummary[] | ((mock: ReturnType<ReturnType<typeof mockedClients>['imagebuilder']>) => void),
    extra?: (aws: ReturnType<typeof mockedClients>) => void,
  ) {
    const aws = mockedClients();
    const platform = aws.imagebuilder(PLATFORM);
    platform.on(GetImagePipelineCommand).resolves(pipelineResponse(PLATFORM, 'platform-bastion-host', 'ENABLED'));
    if (typeof builds === 'function') builds(platform);
    else platform.on(ListImagePipelineImagesCommand).resolves({ imageSummaryList: builds });
    extra?.(aws);
    const report = await gatherFleetStatus(fleet(), { clients: aws.clients, now: NOW, teams: ['platform'], images: ['bastion-host'] });
    return { aws, report, status: byImage(report, 'bastion-host') };
  }

  it('a build without dateCreated is undated: its age is unknown, it is a finding, never healthy or NaN days', async () => {
    const { dateCreated: _, ...undated } = summary(PLATFORM, 'platform-bastion-host', '1.1.0/1', 'AVAILABLE', 0, [
      [PLATFORM, 'ami-0200000000002110'],
    ]);
    const { report, status } = await bastion(
      [undated, summary(PLATFORM, 'platform-bastion-host', '1.0.0/1', 'AVAILABLE', 5, [[PLATFORM, 'ami-0200000000002100']])],
      (aws) =>
        aws
          .ec2(PLATFORM)
          .on(DescribeImageReferencesCommand)
          .resolves({
            ImageReferences: [
              {
                ImageId: 'ami-0200000000002100',
                ResourceType: 'ec2:Instance',
                Arn: `arn:aws:ec2:${REGION}:${PLATFORM}:instance/i-0bbbbbbbbbbbbbbb1`,
              },
            ],
          }),
    );
    expect(status.newest).toEqual({ version: '1.1.0/1' });
    expect(status.findings).toEqual(['undated']);
    expect(status.consumers).toEqual([expect.objectContaining({ id: 'i-0bbbbbbbbbbbbbbb1', lagging: false })]);
    expect(status.consumers[0]).not.toHaveProperty('behindDays');
    expect(report.ok).toBe(false);
    const text = renderText(report);
    expect(text).not.toMatch(/NaN/);
    expect(text).toMatch(/^ {2}bastion-host +ENABLED +1\.1\.0\/1 +\? +ok ok +undated$/m);
    expect(text).toContain(`    ${PLATFORM} eu-west-2 instance i-0bbbbbbbbbbbbbbb1: 1.0.0/1, unknown behind`);
    expect(renderMarkdown(report)).toMatch(/\| bastion-host +\| ENABLED +\| 1\.1\.0\/1 +\| unknown +\|/);
  });

  it('a dateCreated that is not a date is undated too', async () => {
    const { status } = await bastion([
      { ...summary(PLATFORM, 'platform-bastion-host', '1.0.0/1', 'AVAILABLE', 0), dateCreated: 'yesterday' },
    ]);
    expect(status.findings).toEqual(['undated']);
    expect(status.newest).toEqual({ version: '1.0.0/1' });
  });

  it('a repeated nextToken ends the listing with an error for that pipeline, after a bounded number of calls', async () => {
    const { aws, status } = await bastion((mock) =>
      mock
        .on(ListImagePipelineImagesCommand)
        .resolves({ imageSummaryList: [summary(PLATFORM, 'platform-bastion-host', '1.0.0/1', 'AVAILABLE', 5)], nextToken: 'same-token' }),
    );
    expect(aws.imagebuilder(PLATFORM).commandCalls(ListImagePipelineImagesCommand)).toHaveLength(2);
    expect(status.problems).toEqual([
      {
        accountId: PLATFORM,
        region: REGION,
        action: 'imagebuilder:ListImagePipelineImages',
        kind: 'error',
        message:
          'PagingError: imagebuilder:ListImagePipelineImages returned a paging token it had already returned (page 2); the listing was stopped',
      },
    ]);
    expect(status.findings).toEqual(['incomplete']);
  });

  it('a cycle of tokens in the image references API is an error for that account; the report completes', async () => {
    const builds = [
      summary(PLATFORM, 'platform-bastion-host', '1.1.0/1', 'AVAILABLE', 1, [[PLATFORM, 'ami-0200000000002110']]),
      summary(PLATFORM, 'platform-bastion-host', '1.0.0/1', 'AVAILABLE', 5, [[PLATFORM, 'ami-0200000000002100']]),
    ];
    const { aws, status } = await bastion(builds, (aws) => {
      let call = 0;
      aws
        .ec2(PLATFORM)
        .on(DescribeImageReferencesCommand)
        .callsFake(() => ({ ImageReferences: [], NextToken: ['a', 'b'][call++ % 2] }));
    });
    expect(aws.ec2(PLATFORM).commandCalls(DescribeImageReferencesCommand)).toHaveLength(3);
    expect(status.problems).toEqual([
      expect.objectContaining({
        action: 'ec2:DescribeImageReferences',
        message: expect.stringMatching(/^PagingError: .*paging token it had already returned \(page 3\)/),
      }),
    ]);
  });

  it('strips terminal escapes and control characters from errors, states, versions and tags before printing', async () => {
    const OSC_LINK = '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007';
    const hostile = {
      ...summary(PLATFORM, 'platform-bastion-host', '1.0.0/1', 'AVAILABLE', 5, [[PLATFORM, 'ami-0200000000002100']]),
      version: '1.0.0/1\u001b[2J\u009b31m',
      state: { status: 'AVAILABLE\u001b[8m' as 'AVAILABLE' },
      tags: { 'golden-ami:started-by': `me ${OSC_LINK}`, 'golden-ami:start-reason': 'line\r\nbreak\u0000' },
    };
    const aws = mockedClients();
    aws
      .imagebuilder(PLATFORM)
      .on(GetImagePipelineCommand)
      .rejects(
        new AccessDeniedException({
          message: `denied \u001b]0;pwned\u0007 \u001b[31mred\u001b[0m\u009d2;title\u009c`,
          $metadata: { httpStatusCode: 403 },
        }),
      );
    aws
      .imagebuilder(PLATFORM)
      .on(ListImagePipelineImagesCommand)
      .resolves({ imageSummaryList: [hostile] });
    const report = await gatherFleetStatus(fleet(), { clients: aws.clients, now: NOW, teams: ['platform'], images: ['bastion-host'] });
    for (const output of [renderText(report), renderMarkdown(report), JSON.stringify(report)]) expect(output).not.toMatch(CONTROL);
    const status = byImage(report, 'bastion-host');
    expect(status.problems[0]!.message).toBe('AccessDeniedException: denied  red');
    expect(status.lastBuilds[0]).toMatchObject({
      version: '1.0.0/1',
      status: 'AVAILABLE',
      startedBy: 'me click',
      startReason: 'line break',
    });
  });

  it('Markdown escapes every cell from AWS, the account and region of a consumer included', async () => {
    const ACCOUNT = '@museum-digital/security';
    const AREGION = '[eu](https://evil.example)';
    const builds = [
      summary(PLATFORM, 'platform-bastion-host', '1.1.0/1', 'AVAILABLE', 1, [[PLATFORM, 'ami-0200000000002110']]),
      {
        ...summary(PLATFORM, 'platform-bastion-host', '1.0.0/1', 'AVAILABLE', 60),
        outputResources: { amis: [{ region: AREGION, image: 'ami-0200000000002100', accountId: ACCOUNT }] },
      },
    ];
    const { report } = await bastion(builds, (aws) => {
      aws.ec2(PLATFORM).on(DescribeImageReferencesCommand).resolves({ ImageReferences: [] });
      aws
        .ec2(ACCOUNT, AREGION)
        .on(DescribeImageReferencesCommand)
        .resolves({
          ImageReferences: [
            { ImageId: 'ami-0200000000002100', ResourceType: 'ec2:Instance', Arn: 'arn:aws:ec2:x:y:instance/i-0ccccccccccccccc1' },
          ],
        });
    });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(
      '| bastion-host | @\u2060museum-digital/security | \\[eu\\](https://evil.example) | instance i-0ccccccccccccccc1 |',
    );
    expect(markdown).not.toMatch(/(?<![\w\u2060])@museum/);
    expect(markdown).not.toMatch(/(?<!\\)\[eu(?<!\\)\]\(/);
  });
});

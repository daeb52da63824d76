/**
 * The preview sweep against the SDK mocks, responses shaped as the EC2 and Image Builder API references
 * document them (DescribeImages, DescribeSnapshots, ListImagePipelines, ListImages,
 * ListImageBuildVersions, ListImageRecipes, ListComponents, ListComponentBuildVersions, List*Configurations,
 * ListLifecyclePolicies): paging, accounts that deny access, things already gone, dry runs, and production
 * left alone.
 */
import {
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import {
  AccessDeniedException,
  DeleteComponentCommand,
  DeleteImageCommand,
  DeleteImagePipelineCommand,
  DeleteImageRecipeCommand,
  ImagebuilderClient,
  ListComponentBuildVersionsCommand,
  ListComponentsCommand,
  ListDistributionConfigurationsCommand,
  ListImageBuildVersionsCommand,
  ListImagePipelinesCommand,
  ListImageRecipesCommand,
  ListImagesCommand,
  ListInfrastructureConfigurationsCommand,
  ListLifecyclePoliciesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-imagebuilder';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { reportLines } from '../../src/commands/preview-sweep.js';
import type { ClientFor } from '../../src/operations/aws/clients.js';
import { sweepPreviews, type SweepOptions } from '../../src/operations/previews/sweep.js';

const REGION = 'eu-west-2';
const LAB = '555555555555';
const STAGING = '333333333333';
const NOW = new Date('2026-12-08T00:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const OPTIONS: SweepOptions = { olderThanDays: 7, dryRun: false, now: NOW };
const PREVIEW_TAGS = { Team: 'collections', 'golden-ami:preview': 'pr-42' };
const ib = (type: string, name: string) => `arn:aws:imagebuilder:${REGION}:${LAB}:${type}/${name}`;
const meta = { $metadata: { httpStatusCode: 200, requestId: 'a1b2c3d4-0000-4000-8000-000000000001' } };

function ec2Error(name: string, message: string): EC2ServiceException {
  return new EC2ServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'c0ffee00-1111-2222-3333-444455556666' },
  });
}

/** One mocked client per service and account; unmocked Image Builder listings answer empty. */
function mockedClients() {
  const made = new Map<string, { client: unknown; mock: ReturnType<typeof mockClient> }>();
  const get = (service: 'ec2' | 'imagebuilder', account: string) => {
    const key = `${service}/${account}`;
    if (!made.has(key)) {
      const client = service === 'ec2' ? new EC2Client({ region: REGION }) : new ImagebuilderClient({ region: REGION });
      const mock = mockClient(client as never);
      if (service === 'imagebuilder') {
        for (const listing of [
          ListImagePipelinesCommand,
          ListImagesCommand,
          ListImageRecipesCommand,
          ListComponentsCommand,
          ListInfrastructureConfigurationsCommand,
          ListDistributionConfigurationsCommand,
          ListLifecyclePoliciesCommand,
        ])
          mock.on(listing).resolves({ ...meta, requestId: 'r' });
      } else {
        mock.on(DescribeImagesCommand).resolves({ Images: [] });
        mock.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
      }
      made.set(key, { client, mock });
    }
    return made.get(key)!;
  };
  const clientFor: ClientFor = <C>(Client: new (...args: never[]) => C, _region: string, account: string) =>
    get((Client as unknown) === EC2Client ? 'ec2' : 'imagebuilder', account).client as C;
  return {
    clientFor,
    ec2: (account: string) => get('ec2', account).mock as unknown as AwsClientStub<EC2Client>,
    imagebuilder: (account: string) => get('imagebuilder', account).mock as unknown as AwsClientStub<ImagebuilderClient>,
  };
}

/** A DescribeImages image (EC2 API reference, Image): a preview AMI with its root snapshot. */
const ami = (id: string, snapshot: string, ageDays: number, tags: Record<string, string> = PREVIEW_TAGS) => ({
  ImageId: id,
  Name: `preview-pr-42-collections-iiif-server-2026-12-01T00-00-00Z`,
  CreationDate: daysAgo(ageDays),
  OwnerId: LAB,
  State: 'available' as const,
  BlockDeviceMappings: [
    { DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshot, VolumeSize: 8, VolumeType: 'gp3' as const, Encrypted: true } },
  ],
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});

describe('npm run preview-sweep', () => {
  it('deletes every preview resource older than N days across pages: pipelines, images, recipes, components, AMIs then their snapshots; production and new previews stay', async () => {
    const aws = mockedClients();
    const lab = aws.imagebuilder(LAB);
    lab
      .on(ListImagePipelinesCommand, { nextToken: undefined })
      .resolves({
        imagePipelineList: [
          {
            arn: ib('image-pipeline', 'collections-iiif-server'),
            name: 'collections-iiif-server',
            dateCreated: daysAgo(400),
            tags: { Team: 'collections' },
          },
        ],
        nextToken: 'page-2',
      })
      .on(ListImagePipelinesCommand, { nextToken: 'page-2' })
      .resolves({
        imagePipelineList: [
          {
            arn: ib('image-pipeline', 'collections-preview-pr-42-iiif-server'),
            name: 'collections-preview-pr-42-iiif-server',
            dateCreated: daysAgo(9),
            tags: PREVIEW_TAGS,
          },
          {
            arn: ib('image-pipeline', 'collections-preview-pr-50-iiif-server'),
            name: 'collections-preview-pr-50-iiif-server',
            dateCreated: daysAgo(1),
            tags: { ...PREVIEW_TAGS, 'golden-ami:preview': 'pr-50' },
          },
        ],
      });
    lab.on(ListImagesCommand).resolves({
      imageVersionList: [
        { arn: ib('image', 'collections-iiif-server/1.2.0'), name: 'collections-iiif-server', dateCreated: daysAgo(30) },
        {
          arn: ib('image', 'collections-preview-pr-42-iiif-server/0.12.34'),
          name: 'collections-preview-pr-42-iiif-server',
          dateCreated: daysAgo(9),
        },
      ],
    });
    lab.on(ListImageBuildVersionsCommand).resolves({
      imageSummaryList: [
        {
          arn: ib('image', 'collections-preview-pr-42-iiif-server/0.12.34/1'),
          name: 'collections-preview-pr-42-iiif-server',
          dateCreated: daysAgo(9),
        },
      ],
    });
    lab.on(ListImageRecipesCommand).resolves({
      imageRecipeSummaryList: [
        {
          arn: ib('image-recipe', 'collections-preview-pr-42-iiif-server/0.12.34'),
          name: 'collections-preview-pr-42-iiif-server',
          dateCreated: daysAgo(9),
          tags: PREVIEW_TAGS,
        },
        {
          arn: ib('image-recipe', 'collections-iiif-server/1.2.0'),
          name: 'collections-iiif-server',
          dateCreated: daysAgo(30),
          tags: { Team: 'collections' },
        },
      ],
    });
    lab.on(ListComponentsCommand).resolves({
      componentVersionList: [
        {
          arn: ib('component', 'collections-preview-pr-42-iiif-image-server/0.5.6'),
          name: 'collections-preview-pr-42-iiif-image-server',
          dateCreated: daysAgo(9),
        },
        { arn: ib('component', 'collections-iiif-image-server/1.0.0'), name: 'collections-iiif-image-server', dateCreated: daysAgo(90) },
      ],
    });
    lab.on(ListComponentBuildVersionsCommand).resolves({
      componentSummaryList: [
        {
          arn: ib('component', 'collections-preview-pr-42-iiif-image-server/0.5.6/1'),
          name: 'collections-preview-pr-42-iiif-image-server',
          dateCreated: daysAgo(9),
          tags: PREVIEW_TAGS,
        },
      ],
    });
    for (const command of [DeleteImagePipelineCommand, DeleteImageCommand, DeleteImageRecipeCommand, DeleteComponentCommand])
      lab.on(command as never).resolves({ requestId: 'r' });
    const ec2 = aws.ec2(LAB);
    ec2
      .on(DescribeImagesCommand, { NextToken: undefined })
      .resolves({ Images: [ami('ami-0aaaaaaaaaaaaaaa1', 'snap-0aaaaaaaaaaaaaaa1', 9)], NextToken: 'images-2' })
      .on(DescribeImagesCommand, { NextToken: 'images-2' })
      .resolves({ Images: [ami('ami-0aaaaaaaaaaaaaaa2', 'snap-0aaaaaaaaaaaaaaa2', 2)] });
    ec2.on(DeregisterImageCommand).resolves({ Return: true });
    ec2.on(DeleteSnapshotCommand).resolves({});

    const report = await sweepPreviews(aws.clientFor, [{ accountId: LAB, region: REGION }], OPTIONS);

    expect(report.failed).toEqual([]);
    expect(report.removed.map((item) => `${item.kind} ${item.id}`)).toEqual([
      `image pipeline ${ib('image-pipeline', 'collections-preview-pr-42-iiif-server')}`,
      `Image Builder image ${ib('image', 'collections-preview-pr-42-iiif-server/0.12.34/1')}`,
      `image recipe ${ib('image-recipe', 'collections-preview-pr-42-iiif-server/0.12.34')}`,
      `component ${ib('component', 'collections-preview-pr-42-iiif-image-server/0.5.6/1')}`,
      'AMI ami-0aaaaaaaaaaaaaaa1 (snapshots snap-0aaaaaaaaaaaaaaa1)',
    ]);
    expect(ec2.commandCalls(DescribeImagesCommand)[0]!.args[0].input).toEqual({
      Owners: ['self'],
      Filters: [{ Name: 'tag-key', Values: ['golden-ami:preview'] }],
      NextToken: undefined,
    });
    expect(ec2.commandCalls(DeregisterImageCommand).map((call) => call.args[0].input)).toEqual([{ ImageId: 'ami-0aaaaaaaaaaaaaaa1' }]);
    expect(ec2.commandCalls(DeleteSnapshotCommand).map((call) => call.args[0].input)).toEqual([{ SnapshotId: 'snap-0aaaaaaaaaaaaaaa1' }]);
    expect(lab.commandCalls(DeleteImagePipelineCommand).map((call) => call.args[0].input)).toEqual([
      { imagePipelineArn: ib('image-pipeline', 'collections-preview-pr-42-iiif-server') },
    ]);
    expect(lab.commandCalls(DeleteComponentCommand).map((call) => call.args[0].input)).toEqual([
      { componentBuildVersionArn: ib('component', 'collections-preview-pr-42-iiif-image-server/0.5.6/1') },
    ]);
  });

  it('reports an account that denies access and sweeps the others, exit 1 in the printed report', async () => {
    const aws = mockedClients();
    aws
      .ec2(STAGING)
      .on(DescribeImagesCommand)
      .rejects(ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    aws
      .imagebuilder(STAGING)
      .on(ListImagePipelinesCommand)
      .rejects(
        new AccessDeniedException({
          message: 'User is not authorized to perform: imagebuilder:ListImagePipelines',
          $metadata: { httpStatusCode: 403 },
        }),
      );
    aws
      .ec2(LAB)
      .on(DescribeImagesCommand)
      .resolves({ Images: [ami('ami-0bbbbbbbbbbbbbbb1', 'snap-0bbbbbbbbbbbbbbb1', 30)] });
    aws.ec2(LAB).on(DeregisterImageCommand).resolves({ Return: true }).on(DeleteSnapshotCommand).resolves({});

    const report = await sweepPreviews(
      aws.clientFor,
      [
        { accountId: STAGING, region: REGION },
        { accountId: LAB, region: REGION },
      ],
      OPTIONS,
    );

    expect(report.failed.map((f) => `${f.accountId} ${f.kind}: ${f.error.split(':')[0]!}`)).toEqual([
      `${STAGING} listing of image pipelines: AccessDeniedException`,
      `${STAGING} listing of AMIs: UnauthorizedOperation`,
    ]);
    expect(report.removed.map((item) => item.id)).toEqual(['ami-0bbbbbbbbbbbbbbb1 (snapshots snap-0bbbbbbbbbbbbbbb1)']);
    const lines = reportLines(report, false);
    expect(lines[0]).toBe('Removed 1 preview resource:');
    expect(lines).toContain('Could not remove or list 2:');
  });

  it('counts what is already gone as removed, so a retried call or a second run applies nothing twice', async () => {
    const aws = mockedClients();
    const ec2 = aws.ec2(LAB);
    ec2.on(DescribeImagesCommand).resolves({ Images: [ami('ami-0ccccccccccccccc1', 'snap-0ccccccccccccccc1', 30)] });
    ec2
      .on(DeregisterImageCommand)
      .rejects(ec2Error('InvalidAMIID.Unavailable', "The image ID 'ami-0ccccccccccccccc1' is no longer available"));
    ec2.on(DeleteSnapshotCommand).rejects(ec2Error('InvalidSnapshot.NotFound', "The snapshot 'snap-0ccccccccccccccc1' does not exist."));
    aws
      .imagebuilder(LAB)
      .on(ListImageRecipesCommand)
      .resolves({
        imageRecipeSummaryList: [
          {
            arn: ib('image-recipe', 'collections-preview-pr-42-x/0.1.2'),
            name: 'collections-preview-pr-42-x',
            dateCreated: daysAgo(8),
            tags: PREVIEW_TAGS,
          },
        ],
      })
      .on(DeleteImageRecipeCommand)
      .rejects(new ResourceNotFoundException({ message: 'The resource does not exist', $metadata: { httpStatusCode: 404 } }));

    const report = await sweepPreviews(aws.clientFor, [{ accountId: LAB, region: REGION }], OPTIONS);

    expect(report.failed).toEqual([]);
    expect(report.removed.map((item) => [item.kind, item.alreadyGone ?? false])).toEqual([
      ['image recipe', true],
      ['AMI', false],
    ]);
    expect(ec2.commandCalls(DeleteSnapshotCommand)).toHaveLength(1);
  });

  it('stops a listing that repeats its paging token, reports it, and goes on with the rest', async () => {
    const aws = mockedClients();
    aws.ec2(LAB).on(DescribeSnapshotsCommand).resolves({ Snapshots: [], NextToken: 'same' });
    aws
      .ec2(LAB)
      .on(DescribeImagesCommand)
      .resolves({ Images: [ami('ami-0ddddddddddddddd1', 'snap-0ddddddddddddddd1', 30)] });
    aws.ec2(LAB).on(DeregisterImageCommand).resolves({ Return: true }).on(DeleteSnapshotCommand).resolves({});

    const report = await sweepPreviews(aws.clientFor, [{ accountId: LAB, region: REGION }], OPTIONS);

    expect(report.failed).toEqual([
      expect.objectContaining({
        kind: 'listing of snapshots',
        error: expect.stringMatching(/^PagingError: DescribeSnapshots returned a paging token/),
      }),
    ]);
    expect(report.removed).toHaveLength(1);
  });

  it('with --dry-run lists what it would remove and removes nothing; with --preview only that preview; undated things are left and said', async () => {
    const aws = mockedClients();
    const ec2 = aws.ec2(LAB);
    ec2.on(DescribeImagesCommand).resolves({
      Images: [
        ami('ami-0eeeeeeeeeeeeeee1', 'snap-0eeeeeeeeeeeeeee1', 30),
        ami('ami-0eeeeeeeeeeeeeee2', 'snap-0eeeeeeeeeeeeeee2', 30, { ...PREVIEW_TAGS, 'golden-ami:preview': 'pr-7' }),
        { ...ami('ami-0eeeeeeeeeeeeeee3', 'snap-0eeeeeeeeeeeeeee3', 30), CreationDate: undefined },
      ],
    });
    const report = await sweepPreviews(aws.clientFor, [{ accountId: LAB, region: REGION }], { ...OPTIONS, dryRun: true, preview: 'pr-42' });
    expect(report.removed.map((item) => item.id)).toEqual(['ami-0eeeeeeeeeeeeeee1 (snapshots snap-0eeeeeeeeeeeeeee1)']);
    expect(report.undated.map((item) => item.id)).toEqual(['ami-0eeeeeeeeeeeeeee3 (snapshots snap-0eeeeeeeeeeeeeee3)']);
    expect(ec2.commandCalls(DeregisterImageCommand)).toHaveLength(0);
    expect(ec2.commandCalls(DeleteSnapshotCommand)).toHaveLength(0);
    expect(reportLines(report, true)[0]).toBe('Would remove 1 preview resource:');
  });
});

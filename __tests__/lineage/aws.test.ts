/**
 * `npm run lineage -- --aws` against the mocked AWS API (aws-sdk-client-mock), responses shaped as
 * the API references document them: Image Builder ListImagePipelineImages (ImageSummary with
 * outputResources.amis) and GetImagePipeline, EC2 DescribeImages (Images[].Tags, NextToken), SSM
 * GetParameterHistory (Parameters[].Value, LastModifiedDate, NextToken). Paging, a repeated token,
 * access denied in one account, and missing fields.
 */
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetImagePipelineCommand,
  ImagebuilderClient,
  ListImagePipelineImagesCommand,
  type ImageSummary,
} from '@aws-sdk/client-imagebuilder';
import { GetParameterHistoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { gatherLineage, type ImageToAsk, type LineageClients } from '../../src/operations/lineage/gather.js';
import { renderAwsText } from '../../src/commands/lineage.js';

const REGION = 'eu-west-2';
const PLATFORM = '111111111111';
const WEB = '444444444444';
const NOW = Date.parse('2026-12-01T06:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000);

const PARENT: ImageToAsk = {
  image: 'platform/container-host',
  accountId: PLATFORM,
  region: REGION,
  parentImage: 'arn:aws:imagebuilder:eu-west-2:aws:image/amazon-linux-2023-x86/x.x.x',
};
const CHILD: ImageToAsk = {
  image: 'website/web-server',
  accountId: WEB,
  region: REGION,
  parentImage: 'ssm:/golden-ami/platform/container-host/latest',
  golden: { image: 'platform/container-host' },
};

/** An ImageSummary as ListImagePipelineImages returns it: every copy in outputResources.amis. */
function summary(account: string, pipeline: string, version: string, ageDays: number | undefined, amis: [string, string][]): ImageSummary {
  return {
    arn: `arn:aws:imagebuilder:${REGION}:${account}:image/${pipeline}/${version}`,
    name: pipeline,
    type: 'AMI',
    version,
    platform: 'Linux',
    state: { status: 'AVAILABLE' },
    owner: account,
    ...(ageDays === undefined ? {} : { dateCreated: daysAgo(ageDays).toISOString() }),
    outputResources: { amis: amis.map(([accountId, image]) => ({ region: REGION, image, name: `${pipeline} ${version}`, accountId })) },
    buildType: 'SCHEDULED',
    imageSource: 'CUSTOM',
  };
}

/** Clients of one account each, mocked per account. */
function mockedAccounts() {
  const accounts = new Map(
    [PLATFORM, WEB].map((id) => [
      id,
      {
        imagebuilder: new ImagebuilderClient({ region: REGION }),
        ec2: new EC2Client({ region: REGION }),
        ssm: new SSMClient({ region: REGION }),
      },
    ]),
  );
  const mocks = (id: string) => {
    const clients = accounts.get(id)!;
    return { imagebuilder: mockClient(clients.imagebuilder), ec2: mockClient(clients.ec2), ssm: mockClient(clients.ssm) };
  };
  const clients: LineageClients = {
    imagebuilder: (_region, id) => accounts.get(id)!.imagebuilder,
    ec2: (_region, id) => accounts.get(id)!.ec2,
    ssm: (_region, id) => accounts.get(id)!.ssm,
  };
  return { platform: mocks(PLATFORM), web: mocks(WEB), clients };
}

function answerParent(platform: ReturnType<typeof mockedAccounts>['platform']) {
  platform.imagebuilder.on(GetImagePipelineCommand).resolves({ imagePipeline: { status: 'ENABLED' } });
  // Two pages: the newer build first.
  platform.imagebuilder
    .on(ListImagePipelineImagesCommand, { nextToken: undefined })
    .resolves({
      imageSummaryList: [
        summary(PLATFORM, 'platform-container-host', '1.0.0/2', 3, [
          [PLATFORM, 'ami-0p2'],
          [WEB, 'ami-0p2web'],
        ]),
      ],
      nextToken: 'page-2',
    })
    .on(ListImagePipelineImagesCommand, { nextToken: 'page-2' })
    .resolves({
      imageSummaryList: [
        summary(PLATFORM, 'platform-container-host', '1.0.0/1', 10, [
          [PLATFORM, 'ami-0p1'],
          [WEB, 'ami-0p1web'],
        ]),
      ],
    });
  platform.ec2
    .on(DescribeImagesCommand)
    .resolves({ Images: [{ ImageId: 'ami-0p2', Tags: [{ Key: 'golden-ami:team', Value: 'platform' }] }, { ImageId: 'ami-0p1' }] });
}

describe('lineage --aws', () => {
  it("finds each child build's parent AMI from its tag or the parameter's history, and the parent build whose copies include it", async () => {
    const { platform, web, clients } = mockedAccounts();
    answerParent(platform);
    web.imagebuilder.on(GetImagePipelineCommand).resolves({ imagePipeline: { status: 'ENABLED' } });
    web.imagebuilder.on(ListImagePipelineImagesCommand).resolves({
      imageSummaryList: [
        summary(WEB, 'website-web-server', '1.0.0/2', 1, [[WEB, 'ami-0w2']]),
        summary(WEB, 'website-web-server', '1.0.0/1', 5, [[WEB, 'ami-0w1']]),
      ],
    });
    // DescribeImages filtered on the audit tags, in two pages.
    web.ec2
      .on(DescribeImagesCommand, { NextToken: undefined })
      .resolves({
        Images: [
          {
            ImageId: 'ami-0w2',
            Tags: [
              { Key: 'golden-ami:parent-team', Value: 'platform' },
              { Key: 'golden-ami:parent-image', Value: 'container-host' },
            ],
          },
        ],
        NextToken: 'images-2',
      })
      .on(DescribeImagesCommand, { NextToken: 'images-2' })
      .resolves({
        Images: [
          {
            ImageId: 'ami-0w1',
            Tags: [
              { Key: 'golden-ami:parent-ami', Value: 'ami-0p1web' },
              { Key: 'Name', Value: 'not a parent tag' },
            ],
          },
        ],
      });
    // Parameter Store's history, oldest first, in two pages; an entry without a date is ignored.
    web.ssm
      .on(GetParameterHistoryCommand, { NextToken: undefined })
      .resolves({
        Parameters: [
          { Name: '/golden-ami/platform/container-host/latest', Value: 'ami-0p1web', LastModifiedDate: daysAgo(10), Version: 1 },
        ],
        NextToken: 'history-2',
      })
      .on(GetParameterHistoryCommand, { NextToken: 'history-2' })
      .resolves({
        Parameters: [
          { Value: 'ami-0p2web', LastModifiedDate: daysAgo(3), Version: 2 },
          { Value: 'ami-0undated', Version: 3 },
        ],
      });

    const [parent, child] = await gatherLineage([PARENT, CHILD], clients);
    expect(parent!.problems).toEqual([]);
    expect(parent!.builds.map((b) => [b.version, b.ami, b.builtOn])).toEqual([
      ['1.0.0/2', 'ami-0p2', undefined],
      ['1.0.0/1', 'ami-0p1', undefined],
    ]);
    expect(child!.problems).toEqual([]);
    expect(child!.builds.map((b) => ({ version: b.version, ami: b.ami, builtOn: b.builtOn }))).toEqual([
      {
        version: '1.0.0/2',
        ami: 'ami-0w2',
        builtOn: { image: 'platform/container-host', ami: 'ami-0p2web', from: 'parameter history', version: '1.0.0/2' },
      },
      {
        version: '1.0.0/1',
        ami: 'ami-0w1',
        builtOn: { image: 'platform/container-host', ami: 'ami-0p1web', from: 'tag', version: '1.0.0/1' },
      },
    ]);
    expect(child!.builds[1]!.tags).toEqual({ 'golden-ami:parent-ami': 'ami-0p1web' });
    // The AMIs asked for are the image's own, by its audit tags, deprecated ones included.
    expect(web.ec2.commandCalls(DescribeImagesCommand)[0]!.args[0].input).toMatchObject({
      Owners: ['self'],
      Filters: [
        { Name: 'tag:golden-ami:team', Values: ['website'] },
        { Name: 'tag:golden-ami:image', Values: ['web-server'] },
      ],
      IncludeDeprecated: true,
    });
    expect(web.ssm.commandCalls(GetParameterHistoryCommand)[0]!.args[0].input).toMatchObject({
      Name: '/golden-ami/platform/container-host/latest',
      WithDecryption: false,
    });
    expect(renderAwsText([parent!, child!])).toContain(
      '1.0.0/2 AVAILABLE 2026-11-30T06:00:00.000Z ami-0w2  on platform/container-host 1.0.0/2 ami-0p2web (from the parameter history)',
    );
  });

  it('reports an account that denies access for its image, and completes the rest', async () => {
    const { platform, web, clients } = mockedAccounts();
    answerParent(platform);
    const denied = Object.assign(new Error('User: arn:aws:sts::444444444444:assumed-role/golden-ami-planner/x is not authorized'), {
      name: 'AccessDeniedException',
    });
    web.imagebuilder.on(GetImagePipelineCommand).rejects(denied).on(ListImagePipelineImagesCommand).rejects(denied);
    web.ec2
      .on(DescribeImagesCommand)
      .rejects(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' }));
    web.ssm
      .on(GetParameterHistoryCommand)
      .rejects(Object.assign(new Error('not authorized to perform: ssm:GetParameterHistory'), { name: 'AccessDeniedException' }));
    const [parent, child] = await gatherLineage([PARENT, CHILD], clients);
    expect(parent!.builds).toHaveLength(2);
    expect(child!.builds).toEqual([]);
    expect(child!.problems.map((p) => [p.accountId, p.action, p.kind])).toEqual([
      [WEB, 'imagebuilder:GetImagePipeline', 'access denied'],
      [WEB, 'imagebuilder:ListImagePipelineImages', 'access denied'],
      [WEB, 'ec2:DescribeImages', 'access denied'],
      [WEB, 'ssm:GetParameterHistory', 'access denied'],
    ]);
    expect(renderAwsText([child!])).toContain('could not check 444444444444 eu-west-2: ssm:GetParameterHistory: access denied');
  });

  it('stops a listing whose paging token repeats, and reports it', async () => {
    const { platform, web, clients } = mockedAccounts();
    answerParent(platform);
    web.imagebuilder.on(GetImagePipelineCommand).resolves({ imagePipeline: { status: 'ENABLED' } });
    web.imagebuilder
      .on(ListImagePipelineImagesCommand)
      .resolves({ imageSummaryList: [summary(WEB, 'website-web-server', '1.0.0/1', undefined, [[WEB, 'ami-0w1']])] });
    web.ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: 'ami-0w1' }], NextToken: 'again' });
    web.ssm.on(GetParameterHistoryCommand).resolves({ Parameters: [{ Value: 'ami-0p1web', LastModifiedDate: daysAgo(10) }] });
    const [, child] = await gatherLineage([PARENT, CHILD], clients);
    expect(child!.problems).toMatchObject([
      {
        action: 'ec2:DescribeImages',
        kind: 'error',
        message: expect.stringMatching(/^PagingError: ec2:DescribeImages returned a paging token it had already returned/),
      },
    ]);
    expect(web.ec2.commandCalls(DescribeImagesCommand)).toHaveLength(2);
    // A build without a creation date cannot be placed in the parameter's history: its parent AMI stays unknown.
    expect(child!.builds).toMatchObject([{ version: '1.0.0/1', ami: 'ami-0w1', builtOn: { image: 'platform/container-host' } }]);
    expect(child!.builds[0]!.builtOn).not.toHaveProperty('ami');
    expect(renderAwsText([child!])).toContain('undated ami-0w1  on platform/container-host (version unknown) (AMI unknown)');
  });
});

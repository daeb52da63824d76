/**
 * The automatic rebuild's two state machines, run on the documented shapes: the "Inspector2 Finding"
 * event (Amazon Inspector User Guide, EventBridge event schema) and the Image Builder and Step
 * Functions API responses as Step Functions' AWS SDK integrations return them (PascalCase fields,
 * errors named `<Service>.<Error>Exception`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingRouterDefinition, MAX_STATE_MACHINE_PAGES, rebuildDefinition } from '../../src/model/automatic-rebuild.js';
import type { Team } from '../../src/model/fleet/fleet.js';
import { FixtureRepo } from '../support/fixture.js';
import { runStateMachine, TaskError, validateDefinition, type TaskCall } from '../support/state-machine.js';

const FACTORY = '111111111111';
const WEB = '444444444444';
const PIPELINE = `arn:aws:imagebuilder:eu-west-2:${FACTORY}:image-pipeline/platform-container-host`;
const REBUILD = `arn:aws:states:eu-west-2:${FACTORY}:stateMachine:platform-image-auto-rebuild`;
const LIST = 'arn:aws:states:::aws-sdk:imagebuilder:listImagePipelineImages';
const START_EXECUTION = 'arn:aws:states:::aws-sdk:sfn:startExecution';
const START_PIPELINE = 'arn:aws:states:::aws-sdk:imagebuilder:startImagePipelineExecution';
const FINDING_ARN = `arn:aws:inspector2:eu-west-1:${WEB}:finding/0f1e2d3c4b5a69788796a5b4c3d2e1f0`;

/** An "Inspector2 Finding" event for an EC2 package vulnerability, as the Inspector user guide shows it. */
function findingEvent(ami: string, region = 'eu-west-1') {
  return {
    version: '0',
    id: '66a7a279-5f92-971c-6d3e-c92da0950992',
    'detail-type': 'Inspector2 Finding',
    source: 'aws.inspector2',
    account: WEB,
    time: '2026-12-02T08:46:15Z',
    region,
    resources: ['i-0c2a343f1948d5205'],
    detail: {
      awsAccountId: WEB,
      description: 'A use-after-free in the OpenSSL X.509 parser allows remote code execution.',
      findingArn: FINDING_ARN,
      firstObservedAt: 'Dec 2, 2026, 8:46:15 AM',
      fixAvailable: 'YES',
      inspectorScore: 9.8,
      lastObservedAt: 'Dec 2, 2026, 8:46:15 AM',
      packageVulnerabilityDetails: {
        vulnerabilityId: 'CVE-2026-1234',
        source: 'NVD',
        vulnerablePackages: [{ name: 'openssl-libs', version: '3.0.8', fixedInVersion: '1:3.0.8-1.amzn2023.0.20', packageManager: 'OS' }],
      },
      remediation: { recommendation: { text: 'None Provided' } },
      resources: [
        {
          details: {
            awsEc2Instance: {
              iamInstanceProfileArn: `arn:aws:iam::${WEB}:instance-profile/web`,
              imageId: ami,
              launchedAt: 'Nov 30, 2026, 7:34:36 PM',
              platform: 'AMAZON_LINUX_2023',
              type: 'm7i.large',
            },
          },
          id: 'i-0c2a343f1948d5205',
          partition: 'aws',
          region,
          type: 'AWS_EC2_INSTANCE',
        },
      ],
      severity: 'CRITICAL',
      status: 'ACTIVE',
      title: 'CVE-2026-1234 - openssl-libs',
      type: 'PACKAGE_VULNERABILITY',
      updatedAt: 'Dec 2, 2026, 8:46:15 AM',
    },
  };
}

/** An image summary of ListImagePipelineImages, with the AMI copies distribution made. */
function image(version: string, status: string, amis: { region: string; image: string; accountId: string }[]) {
  return {
    Arn: `arn:aws:imagebuilder:eu-west-2:${FACTORY}:image/platform-container-host/${version}`,
    Name: 'platform-container-host',
    Version: version,
    Platform: 'Linux',
    Owner: FACTORY,
    State: { Status: status },
    DateCreated: '2026-11-01T03:00:12.345Z',
    BuildType: 'SCHEDULED',
    OutputResources: {
      Amis: amis.map((ami) => ({
        Region: ami.region,
        Image: ami.image,
        Name: `platform-container-host-${version}`,
        AccountId: ami.accountId,
      })),
    },
  };
}

const OLD = image('1.2.0/1', 'AVAILABLE', [
  { region: 'eu-west-2', image: 'ami-0a0a0a0a0a0a0a0a1', accountId: FACTORY },
  { region: 'eu-west-1', image: 'ami-0b0b0b0b0b0b0b0b1', accountId: WEB },
]);
const NEWER = image('1.2.0/2', 'AVAILABLE', [
  { region: 'eu-west-2', image: 'ami-0a0a0a0a0a0a0a0a2', accountId: FACTORY },
  { region: 'eu-west-1', image: 'ami-0b0b0b0b0b0b0b0b2', accountId: WEB },
]);

/** Answers ListImagePipelineImages in pages (NextToken `page-2`, …) and records every other call. */
function imageBuilder(pages: object[][], other: (call: TaskCall) => unknown = () => ({})) {
  return (call: TaskCall) => {
    if (call.resource !== LIST) return other(call);
    const args = call.arguments as { ImagePipelineArn: string; NextToken?: string };
    expect(args.ImagePipelineArn).toBe(PIPELINE);
    const index = args.NextToken ? Number(args.NextToken.slice('page-'.length)) - 1 : 0;
    return { ImageSummaryList: pages[index], ...(index + 1 < pages.length ? { NextToken: `page-${index + 2}` } : {}) };
  };
}

describe('automatic rebuilds on critical findings', () => {
  let repo: FixtureRepo;
  let team: Team;
  beforeAll(() => {
    repo = new FixtureRepo();
    team = repo.fleet().teams.find((t) => t.name === 'platform')!;
  });
  afterAll(() => repo.dispose());

  it('are valid Amazon States Language (asl-validator)', () => {
    expect(validateDefinition(findingRouterDefinition(team))).toEqual([]);
    expect(validateDefinition(rebuildDefinition(team))).toEqual([]);
  });

  describe('the finding router', () => {
    const route = (event: object, task: (call: TaskCall) => unknown, startTime = '2026-12-02T08:46:17.512Z') =>
      runStateMachine(findingRouterDefinition(team), { input: event, task, context: { executionName: 'ebf2c7d4-finding', startTime } });

    it("starts the day's rebuild of the image whose pipeline built the instance's AMI copy, found on a later page", async () => {
      const run = await route(
        findingEvent('ami-0b0b0b0b0b0b0b0b1'),
        imageBuilder([[NEWER], [OLD]], () => ({ ExecutionArn: `${REBUILD}:container-host-2026-12-02`, StartDate: 1733129177 })),
      );
      expect(run.status).toBe('SUCCEEDED');
      const starts = run.calls.filter((call) => call.resource === START_EXECUTION);
      expect(starts).toHaveLength(1);
      const { StateMachineArn, Name, Input } = starts[0]!.arguments as { StateMachineArn: string; Name: string; Input: string };
      expect(StateMachineArn).toBe(REBUILD);
      expect(Name).toBe('container-host-2026-12-02');
      expect(JSON.parse(Input)).toEqual({
        finding: FINDING_ARN,
        instance: 'i-0c2a343f1948d5205',
        ami: 'ami-0b0b0b0b0b0b0b0b1',
        region: 'eu-west-1',
        image: 'container-host',
        pipelineArn: PIPELINE,
      });
      expect(run.output).toEqual([{ image: 'container-host', rebuild: `${REBUILD}:container-host-2026-12-02` }]);
    });

    it('starts nothing for an AMI none of the opted-in images built, or the same AMI id in another region', async () => {
      for (const [ami, region] of [
        ['ami-0123456789abcdef0', 'eu-west-1'],
        ['ami-0b0b0b0b0b0b0b0b1', 'eu-west-2'],
      ] as const) {
        const run = await route(findingEvent(ami, region), imageBuilder([[NEWER], [OLD]]));
        expect(run.status).toBe('SUCCEEDED');
        expect(run.calls.map((call) => call.resource)).toEqual([LIST, LIST]);
        expect(run.path).toContain('NotThisImage');
      }
    });

    it('starts no second rebuild the same day: Step Functions refuses the execution name, and the router ends quietly', async () => {
      const run = await route(
        findingEvent('ami-0a0a0a0a0a0a0a0a2', 'eu-west-2'),
        imageBuilder([[NEWER, OLD]], () => {
          throw new TaskError('Sfn.ExecutionAlreadyExistsException', 'Execution Already Exists: container-host-2026-12-02');
        }),
      );
      expect(run.status).toBe('SUCCEEDED');
      expect(run.path.at(-1)).toBe('AlreadyRebuiltToday');
    });

    it('names the next UTC day differently, so a finding tomorrow may rebuild again', async () => {
      const run = await route(findingEvent('ami-0a0a0a0a0a0a0a0a2', 'eu-west-2'), imageBuilder([[NEWER]]), '2026-12-03T00:00:01.000Z');
      expect((run.calls.find((call) => call.resource === START_EXECUTION)!.arguments as { Name: string }).Name).toBe(
        'container-host-2026-12-03',
      );
    });

    it('retries a throttled Image Builder call and fails on anything else, so the team hears of it', async () => {
      let throttled = false;
      const run = await route(findingEvent('ami-0a0a0a0a0a0a0a0a2', 'eu-west-2'), (call) => {
        if (call.resource === LIST && !throttled) {
          throttled = true;
          throw new TaskError('Imagebuilder.CallRateLimitExceededException', 'Rate exceeded');
        }
        return imageBuilder([[NEWER]])(call);
      });
      expect(run.status).toBe('SUCCEEDED');
      expect(run.calls.filter((call) => call.resource === LIST)).toHaveLength(2);

      const denied = await route(findingEvent('ami-0a0a0a0a0a0a0a0a2', 'eu-west-2'), () => {
        throw new TaskError('Imagebuilder.ForbiddenException', 'not authorized to perform imagebuilder:ListImagePipelineImages');
      });
      expect(denied).toMatchObject({ status: 'FAILED', error: 'Imagebuilder.ForbiddenException' });
    });
  });

  describe('the rebuild', () => {
    const request = {
      finding: FINDING_ARN,
      instance: 'i-0c2a343f1948d5205',
      ami: 'ami-0b0b0b0b0b0b0b0b1',
      region: 'eu-west-1',
      image: 'container-host',
      pipelineArn: PIPELINE,
    };
    const rebuild = (task: (call: TaskCall) => unknown, executionName = 'container-host-2026-12-02') =>
      runStateMachine(rebuildDefinition(team), { input: request, task, context: { executionName, startTime: '2026-12-02T08:46:18.004Z' } });
    const started = {
      RequestId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      ClientToken: 'x',
      ImageBuildVersionArn: `arn:aws:imagebuilder:eu-west-2:${FACTORY}:image/platform-container-host/1.2.0/3`,
    };

    it('starts the pipeline when no build of it is running, with tags that say why, and a token its retries share', async () => {
      const run = await rebuild(imageBuilder([[NEWER], [OLD, image('1.1.0/4', 'FAILED', [])]], () => started));
      expect(run.status).toBe('SUCCEEDED');
      const start = run.calls.find((call) => call.resource === START_PIPELINE)!.arguments as {
        ImagePipelineArn: string;
        ClientToken: string;
        Tags: Record<string, string>;
      };
      expect(start.ImagePipelineArn).toBe(PIPELINE);
      expect(start.Tags).toEqual({
        'golden-ami:started-by': 'automatic rebuild on a critical Amazon Inspector finding',
        'golden-ami:start-reason': 'critical finding with a fix on i-0c2a343f1948d5205 from ami-0b0b0b0b0b0b0b0b1',
        'golden-ami:finding': FINDING_ARN,
      });
      // Image Builder tag values: letters, digits, spaces and _ . : / = + - @, at most 256.
      for (const value of Object.values(start.Tags)) expect(value).toMatch(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u);
      expect(start.ClientToken).toMatch(/^[0-9a-f]{36}$/);
      const again = await rebuild(imageBuilder([[NEWER]], () => started));
      const other = await rebuild(
        imageBuilder([[NEWER]], () => started),
        'container-host-2026-12-03',
      );
      const token = (r: typeof run) =>
        (r.calls.find((call) => call.resource === START_PIPELINE)!.arguments as { ClientToken: string }).ClientToken;
      expect(token(again)).toBe(start.ClientToken);
      expect(token(other)).not.toBe(start.ClientToken);
      expect(run.output).toEqual({ image: 'container-host', imageBuildVersionArn: started.ImageBuildVersionArn });
    });

    it.each(['PENDING', 'CREATING', 'BUILDING', 'TESTING', 'DISTRIBUTING', 'INTEGRATING'])(
      'starts nothing while a build is %s, even on a later page',
      async (status) => {
        const run = await rebuild(imageBuilder([[NEWER], [image('1.2.0/3', status, [])]], () => started));
        expect(run.status).toBe('SUCCEEDED');
        expect(run.calls.map((call) => call.resource)).toEqual([LIST, LIST]);
        expect(run.path.at(-1)).toBe('AlreadyBuilding');
      },
    );

    it('fails, so the team hears of it, when Image Builder repeats a paging token or pages without end', async () => {
      const repeating = await rebuild((call) => (call.resource === LIST ? { ImageSummaryList: [NEWER], NextToken: 'same' } : started));
      expect(repeating).toMatchObject({ status: 'FAILED', error: 'PagingError' });
      expect(repeating.calls.filter((call) => call.resource === LIST)).toHaveLength(2);
      let page = 0;
      const endless = await rebuild((call) => (call.resource === LIST ? { ImageSummaryList: [], NextToken: `page-${++page}` } : started));
      expect(endless).toMatchObject({ status: 'FAILED', error: 'PagingError' });
      expect(endless.calls.filter((call) => call.resource === LIST)).toHaveLength(MAX_STATE_MACHINE_PAGES);
      expect(endless.calls.some((call) => call.resource === START_PIPELINE)).toBe(false);
    });

    it('fails when Image Builder refuses the start, so the team hears of it', async () => {
      const run = await rebuild(
        imageBuilder([[NEWER]], () => {
          throw new TaskError('Imagebuilder.ResourceNotFoundException', 'The image pipeline was not found');
        }),
      );
      expect(run).toMatchObject({ status: 'FAILED', error: 'Imagebuilder.ResourceNotFoundException' });
    });
  });
});

/** What a team stack holds for images that rebuild on critical Amazon Inspector findings, and what it grants. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/model/fleet/fleet.js';
import { loadVersionedFleet } from '../../src/versioning/sync.js';
import { FixtureRepo, resource, resources, synthesize } from '../support/fixture.js';

const FACTORY = '111111111111';
const COLLECTIONS = 'teams/collections/team.yaml';
const PLATFORM = 'teams/platform/team.yaml';

describe('automatic rebuilds in the team stack', () => {
  let repo: FixtureRepo;
  let stacks: Record<string, string>;
  beforeAll(() => {
    repo = new FixtureRepo();
    stacks = synthesize(repo.fleet());
  });
  afterAll(() => repo.dispose());

  it('are absent from a team whose images do not opt in', () => {
    expect(resources(stacks.collections!, 'aws_sfn_state_machine')).toEqual({});
    expect(Object.values(resources(stacks.collections!, 'aws_cloudwatch_event_rule')).map((rule) => rule.event_bus_name)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it("listen on the build account's findings bus for active critical findings with a fix on EC2 instances", () => {
    const rule = resource(stacks.platform!, 'aws_cloudwatch_event_rule', 'critical-finding');
    expect(rule.name).toBe('platform-image-critical-finding');
    expect(rule.event_bus_name).toBe('golden-ami-findings');
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.inspector2'],
      'detail-type': ['Inspector2 Finding'],
      detail: { severity: ['CRITICAL'], fixAvailable: ['YES'], status: ['ACTIVE'], resources: { type: ['AWS_EC2_INSTANCE'] } },
    });
    const target = resource(stacks.platform!, 'aws_cloudwatch_event_target', 'critical-finding-to-router');
    expect(target).toMatchObject({
      event_bus_name: 'golden-ami-findings',
      arn: expect.stringContaining('aws_sfn_state_machine.automatic-rebuilds_router'),
    });
  });

  it('run two standard state machines whose role only Step Functions of this account may assume, for those two', () => {
    const machines = Object.values(resources(stacks.platform!, 'aws_sfn_state_machine'));
    expect(machines.map((m) => [m.name, m.type])).toEqual([
      ['platform-image-auto-rebuild', 'STANDARD'],
      ['platform-image-critical-finding', 'STANDARD'],
    ]);
    const role = resource(stacks.platform!, 'aws_iam_role', 'workflow-role');
    expect(role.name).toBe('platform-imagebuilder-auto-rebuild');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'states.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': FACTORY },
          ArnEquals: {
            'aws:SourceArn': [
              `arn:aws:states:eu-west-2:${FACTORY}:stateMachine:platform-image-critical-finding`,
              `arn:aws:states:eu-west-2:${FACTORY}:stateMachine:platform-image-auto-rebuild`,
            ],
          },
        },
      },
    ]);
  });

  it('may list and start only the pipelines of images that opted in, tag only their images, and start only the rebuild', () => {
    const policy = JSON.parse(resource(stacks.platform!, 'aws_iam_role_policy', 'workflow-permissions').policy);
    expect(policy.Statement).toEqual([
      {
        Sid: 'FindAndStartOptedInPipelines',
        Effect: 'Allow',
        Action: ['imagebuilder:GetImagePipeline', 'imagebuilder:ListImagePipelineImages', 'imagebuilder:StartImagePipelineExecution'],
        Resource: [`arn:aws:imagebuilder:eu-west-2:${FACTORY}:image-pipeline/platform-container-host`],
      },
      {
        Sid: 'TagTheImagesStarted',
        Effect: 'Allow',
        Action: 'imagebuilder:TagResource',
        Resource: [`arn:aws:imagebuilder:eu-west-2:${FACTORY}:image/platform-container-host/*`],
      },
      {
        Sid: 'StartTheDailyRebuild',
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: `arn:aws:states:eu-west-2:${FACTORY}:stateMachine:platform-image-auto-rebuild`,
      },
    ]);
    const events = JSON.parse(resource(stacks.platform!, 'aws_iam_role', 'events-role').assume_role_policy).Statement[0];
    expect(events.Condition.ArnEquals['aws:SourceArn']).toEqual([
      `arn:aws:events:eu-west-2:${FACTORY}:rule/golden-ami-findings/platform-image-critical-finding`,
    ]);
  });

  it('warn at the flag, without stopping the synth, that accounts with launch permission only are not covered', () => {
    const edited = new FixtureRepo();
    try {
      // bastion-host shares its AMIs with the organization.
      edited.edit(
        PLATFORM,
        '    amiName: museum-bastion-al2023',
        '    rebuildOnCriticalFindings: true\n    amiName: museum-bastion-al2023',
      );
      const { fleet, problems } = loadVersionedFleet(edited.root);
      expect(fleet).toBeDefined();
      const text = edited.read(PLATFORM).split('\n');
      expect(problems.all.map((p) => [p.severity, p.file, p.path, p.line, p.message])).toEqual([
        [
          'warning',
          PLATFORM,
          'images[1].rebuildOnCriticalFindings',
          text.findLastIndex((line) => line.includes('rebuildOnCriticalFindings')) + 1,
          expect.stringMatching(/^findings on instances in accounts that only have launch permission .* do not start a rebuild/),
        ],
      ]);
    } finally {
      edited.dispose();
    }
  });

  it('warn of launch-permission accounts only where they get no copy: an account with a copy forwards its findings', () => {
    const edited = new FixtureRepo();
    try {
      // The kiosk copies to collections-prod and lets collections-staging launch the build account's AMI.
      edited.edit(
        COLLECTIONS,
        '    tags:\n      Service: gallery-kiosk',
        '    rebuildOnCriticalFindings: true\n    tags:\n      Service: gallery-kiosk',
      );
      const warnings = () => loadVersionedFleet(edited.root).problems.all.filter((p) => p.path === 'images[1].rebuildOnCriticalFindings');
      expect(warnings()).toHaveLength(1);
      edited.edit(
        COLLECTIONS,
        'accounts: [collections-prod]\n        launchTemplates:',
        'accounts: [collections-prod, collections-staging]\n        launchTemplates:',
      );
      expect(warnings()).toEqual([]);
    } finally {
      edited.dispose();
    }
  });

  it('follow team.yaml: an image that opts in joins the state machines and the permissions', () => {
    const edited = new FixtureRepo();
    try {
      edited.edit(
        PLATFORM,
        '    amiName: museum-bastion-al2023',
        '    rebuildOnCriticalFindings: true\n    amiName: museum-bastion-al2023',
      );
      const fleet: Fleet = edited.fleet();
      const stack = synthesize(fleet).platform!;
      const policy = JSON.parse(resource(stack, 'aws_iam_role_policy', 'workflow-permissions').policy);
      expect(policy.Statement[0].Resource).toEqual([
        `arn:aws:imagebuilder:eu-west-2:${FACTORY}:image-pipeline/platform-container-host`,
        `arn:aws:imagebuilder:eu-west-2:${FACTORY}:image-pipeline/platform-bastion-host`,
      ]);
      const router = JSON.parse(resource(stack, 'aws_sfn_state_machine', 'router').definition);
      expect(router.States.FromEachImage.Items.map((item: { image: string }) => item.image)).toEqual(['container-host', 'bastion-host']);
    } finally {
      edited.dispose();
    }
  });
});

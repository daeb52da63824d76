/** Rebuild cadence, retention, failure alerts, audit tags and the report. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Testing } from 'cdktf';
import { renderMarkdown, renderText, reportRows } from '../src/workflows/fleet-report.js';
import { TeamStack } from '../src/stacks/team-stack.js';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { checkPolicies } from '../src/checks/engine.js';
import { FixtureRepo, resource, resources, sharedExample, synthesize, synthesizeForPolicies } from './support/fixture.js';

const PLATFORM = 'teams/platform/team.yaml';
const BASTION_SCHEDULE = '    instanceTypes: [t3.small]\n';

function errorsOf(repo: FixtureRepo) {
  return loadVersionedFleet(repo.root).problems.errors.map((p) => ({ path: p.path, line: p.line, message: p.message, hint: p.hint }));
}

describe('AMI lifecycle', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  describe('rebuild cadence', () => {
    it('rejects a schedule whose builds can be further apart than the platform maximum', () => {
      repo.edit(PLATFORM, 'cron(0 3 1 * ? *)', 'cron(0 3 1 */3 ? *)');
      expect(errorsOf(repo)).toEqual([
        {
          path: 'images[0].schedule.cron',
          line: expect.any(Number),
          message: 'scheduled builds can be 92 days apart, more than the platform maximum of 90 days',
          hint: 'build at least monthly (the default), or add an exception { check: rebuild-cadence, reason: ... } to this image',
        },
      ]);
    });

    it('accepts it when the image waives the check with a reason, and reports the waiver', () => {
      repo
        .edit(PLATFORM, 'cron(0 3 1 * ? *)', 'cron(0 3 1 */3 ? *)')
        .edit(
          PLATFORM,
          '    instanceTypes: [m7i.large, m6i.large]\n',
          '    instanceTypes: [m7i.large, m6i.large]\n    exceptions:\n      - check: rebuild-cadence\n        reason: vendor certifies one build per quarter\n',
        );
      const fleet = repo.fleet();
      const image = fleet.teams.find((t) => t.name === 'platform')!.images[0]!;
      expect(image.schedule?.longestGapDays).toBe(92);
      expect(image.waivers).toEqual([{ check: 'rebuild-cadence', reason: 'vendor certifies one build per quarter' }]);
      expect(renderText(reportRows(fleet))).toContain('rebuild-cadence: vendor certifies one build per quarter');
    });

    it('follows the platform maximum from cdktf.json', () => {
      repo.edit('cdktf.json', '"organizationArn"', '"maxRebuildIntervalDays": 30,\n      "organizationArn"');
      const messages = errorsOf(repo).map((e) => e.message);
      expect(messages).toContain('scheduled builds can be 31 days apart, more than the platform maximum of 30 days');
    });

    it('rejects a waiver without a real reason, of an unknown check, or given twice', () => {
      repo.edit(
        PLATFORM,
        BASTION_SCHEDULE,
        `${BASTION_SCHEDULE}    exceptions:\n      - check: rebuild-cadence\n        reason: because\n      - check: everything\n        reason: we know what we are doing\n`,
      );
      const errors = errorsOf(repo);
      expect(errors.map((e) => [e.path, e.message])).toEqual([
        ['images[1].exceptions[0].reason', 'give a reason of at least 10 characters: reviewers read it'],
        ['images[1].exceptions[1].check', '"everything" is not a check that can be waived'],
      ]);
      expect(errors[1]!.hint).toContain('"rebuild-cadence"');
    });

    describe('waiting for dependency updates', () => {
      const CONTAINER_PARENT = 'parentImage: amazon-linux-2023-x86';
      const condition = () =>
        resource(synthesize(repo.fleet()).platform!, 'aws_imagebuilder_image_pipeline', 'container-host').schedule
          .pipeline_execution_start_condition;

      it('is the default where the parent can have a newer version', () => {
        expect(
          resource(sharedExample().stacks.platform!, 'aws_imagebuilder_image_pipeline', 'container-host').schedule
            .pipeline_execution_start_condition,
        ).toBe('EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE');
      });

      it('is off by default for a fixed AMI id, so that the pipeline builds at every scheduled time', () => {
        repo
          .edit(PLATFORM, CONTAINER_PARENT, 'parentImage: ami-0123456789abcdef0')
          .edit(PLATFORM, '      - aws: simple-boot-test-linux\n', '');
        expect(condition()).toBe('EXPRESSION_MATCH_ONLY');
      });

      it('stays on for a fixed parent with an AWS component that has a version filter', () => {
        repo.edit(PLATFORM, CONTAINER_PARENT, 'parentImage: ami-0123456789abcdef0');
        expect(condition()).toBe('EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE');
      });

      it('is an error when asked for where nothing can ever update: the pipeline would never build', () => {
        repo
          .edit(PLATFORM, CONTAINER_PARENT, 'parentImage: arn:aws:imagebuilder:eu-west-2:111111111111:image/base/1.2.0/3')
          .edit(PLATFORM, '      - aws: simple-boot-test-linux\n', '')
          .edit(PLATFORM, '      cron: cron(0 3 1 * ? *)', '      cron: cron(0 3 1 * ? *)\n      onDependencyUpdates: true');
        const errors = errorsOf(repo);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatchObject({
          path: 'images[0].schedule.onDependencyUpdates',
          message: expect.stringMatching(/^the pipeline would never build/),
        });
        expect(errors[0]!.hint).toMatch(/remove onDependencyUpdates/);
      });
    });

    it('runs schedules in the team time zone and rejects unknown zones', () => {
      const pipeline = resource(sharedExample().stacks.platform!, 'aws_imagebuilder_image_pipeline', 'container-host');
      expect(pipeline.schedule.timezone).toBe('Europe/London');
      repo.edit(PLATFORM, 'timezone: Europe/London', 'timezone: Europe/Londres');
      expect(errorsOf(repo)).toMatchObject([{ path: 'timezone', message: '"Europe/Londres" is not an IANA time zone' }]);
    });

    it('outputs the pipeline and recipe of every image that builds on deploy, and leaves out one that opts out', () => {
      const before = JSON.parse(sharedExample().stacks.platform!).output['builds-on-deploy'].value;
      expect(Object.keys(before).sort()).toEqual(['bastion-host', 'container-host']);
      expect(before['container-host']).toEqual({
        pipeline_arn: expect.stringMatching(/^\$\{aws_imagebuilder_image_pipeline\.image-container-host_pipeline_\w+\.arn\}$/),
        recipe_arn: expect.stringMatching(/^\$\{aws_imagebuilder_image_recipe\.image-container-host_recipe_\w+\.arn\}$/),
      });

      repo.edit(PLATFORM, BASTION_SCHEDULE, `${BASTION_SCHEDULE}    buildOnDeploy: false\n`);
      const after = JSON.parse(synthesize(repo.fleet()).platform!).output['builds-on-deploy'].value;
      expect(Object.keys(after)).toEqual(['container-host']);
    });

    it('outputs each pipeline ARN for on-demand security rebuilds', () => {
      const outputs = JSON.parse(sharedExample().stacks.collections!).output;
      expect(outputs['image-iiif-server-pipeline-arn']).toMatchObject({
        value: expect.stringMatching(/^\$\{aws_imagebuilder_image_pipeline\.image-iiif-server_pipeline_\w+\.arn\}$/),
        description: expect.stringContaining('start-image-pipeline-execution'),
      });
    });
  });

  describe('image tests', () => {
    it.each([59, 1441])('rejects a test timeout of %i minutes', (minutes) => {
      repo.edit(PLATFORM, BASTION_SCHEDULE, `${BASTION_SCHEDULE}    testTimeoutMinutes: ${minutes}\n`);
      expect(errorsOf(repo)).toMatchObject([{ path: 'images[1].testTimeoutMinutes' }]);
    });
  });

  describe('retention', () => {
    it('gives every image a lifecycle policy with the defaults, run by the team lifecycle role', () => {
      const stack = sharedExample().stacks.platform!;
      const policy = resource(stack, 'aws_imagebuilder_lifecycle_policy', 'container-host');
      const exclusion = [{ amis: [{ tag_map: { Retain: 'true' }, last_launched: [{ unit: 'DAYS', value: 30 }] }] }];
      expect(policy).toMatchObject({
        name: 'platform-container-host',
        resource_type: 'AMI_IMAGE',
        status: 'ENABLED',
        execution_role: expect.stringMatching(/^\$\{aws_iam_role\.lifecycle_role_\w+\.arn\}$/),
        resource_selection: [{ recipe: [{ name: 'platform-container-host', semantic_version: '1.0.0' }] }],
        policy_detail: [
          {
            action: [{ type: 'DEPRECATE', include_resources: [{ amis: true }] }],
            filter: [{ type: 'AGE', value: 90, unit: 'DAYS' }],
            exclusion_rules: exclusion,
          },
          {
            action: [{ type: 'DELETE', include_resources: [{ amis: true, snapshots: true }] }],
            filter: [{ type: 'AGE', value: 180, unit: 'DAYS', retain_at_least: 3 }],
            exclusion_rules: exclusion,
          },
        ],
      });
      expect(Object.keys(resources(stack, 'aws_imagebuilder_lifecycle_policy'))).toHaveLength(2);
      const role = resource(stack, 'aws_iam_role', 'lifecycle');
      expect(role.name).toBe('platform-imagebuilder-lifecycle');
      expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'imagebuilder.amazonaws.com' });
      const attachment = Object.values(resources(stack, 'aws_iam_role_policy_attachment')).find((a) => a.role.includes('lifecycle'));
      expect(attachment!.policy_arn).toBe('arn:aws:iam::aws:policy/service-role/EC2ImageBuilderLifecycleExecutionPolicy');
    });

    it('selects every version of the recipe the lock remembers, as exact versions the provider accepts', () => {
      repo
        .edit('components-yaml/ssm-agent.yaml', 'description: Ensures amazon-ssm-agent', 'description: Makes sure amazon-ssm-agent')
        .updateVersions();
      repo
        .edit('components-yaml/ssm-agent.yaml', 'description: Makes sure amazon-ssm-agent', 'description: Checks that amazon-ssm-agent')
        .updateVersions();
      const policy = resource(synthesize(repo.fleet()).platform!, 'aws_imagebuilder_lifecycle_policy', 'container-host');
      expect(policy.resource_selection[0].recipe).toEqual(
        ['1.0.0', '1.0.1', '1.0.2'].map((version) => ({ name: 'platform-container-host', semantic_version: version })),
      );
      expect(JSON.parse(repo.read('teams/platform/versions.lock.json')).entries['recipe:container-host'].earlier).toEqual([
        '1.0.0',
        '1.0.1',
      ]);
    });

    it('never deletes AMIs shared by launch permission, unless the image waives keep-shared-amis', () => {
      const shared = () => resource(synthesize(repo.fleet()).platform!, 'aws_imagebuilder_lifecycle_policy', 'bastion-host');
      expect(shared().policy_detail.map((d: { action: { type: string }[] }) => d.action[0]!.type)).toEqual(['DEPRECATE']);
      expect(shared().description).toContain('shared AMIs are never deleted');
      repo.edit(
        PLATFORM,
        BASTION_SCHEDULE,
        `${BASTION_SCHEDULE}    exceptions:\n      - check: keep-shared-amis\n        reason: consumers move within a week, TICKET-9\n`,
      );
      expect(shared().policy_detail.map((d: { action: { type: string }[] }) => d.action[0]!.type)).toEqual(['DEPRECATE', 'DELETE']);
    });

    it('takes every number from team.yaml', () => {
      repo.edit(
        PLATFORM,
        BASTION_SCHEDULE,
        // The bastion host is shared with the organization: deleting its AMIs needs the waiver.
        `${BASTION_SCHEDULE}    retention:\n      deprecateAfterDays: 30\n      deleteAfterDays: 60\n      keepAtLeast: 5\n      skipIfLaunchedWithinDays: 7\n` +
          '    exceptions:\n      - check: keep-shared-amis\n        reason: consumers move within a week, TICKET-9\n',
      );
      const policy = resource(synthesize(repo.fleet()).platform!, 'aws_imagebuilder_lifecycle_policy', 'bastion-host');
      expect(policy.policy_detail[0].filter).toEqual([{ type: 'AGE', value: 30, unit: 'DAYS' }]);
      expect(policy.policy_detail[1].filter).toEqual([{ type: 'AGE', value: 60, unit: 'DAYS', retain_at_least: 5 }]);
      expect(policy.policy_detail[1].exclusion_rules[0].amis[0].last_launched).toEqual([{ unit: 'DAYS', value: 7 }]);
    });

    it('keeps AMIs for good with deprecateAfterDays: never, only with an ami-deprecation waiver, and says so in the report', () => {
      repo.edit(PLATFORM, BASTION_SCHEDULE, `${BASTION_SCHEDULE}    retention:\n      deprecateAfterDays: never\n`);
      const fleet = repo.fleet();
      expect(Object.values(resources(synthesize(fleet).platform!, 'aws_imagebuilder_lifecycle_policy')).map((p) => p.name)).toEqual([
        'platform-container-host',
      ]);
      expect(checkPolicies(synthesizeForPolicies(fleet), fleet).violations.map((v) => [v.check, v.source.path, v.message])).toEqual([
        ['ami-deprecation', 'images[1]', 'no lifecycle policy deprecates the AMIs of platform-bastion-host: they are kept for good'],
      ]);

      repo.edit(
        PLATFORM,
        '      deprecateAfterDays: never\n',
        '      deprecateAfterDays: never\n    exceptions:\n      - check: ami-deprecation\n        reason: consumers find AMIs by dated name, TICKET-12\n',
      );
      const waived = repo.fleet();
      const result = checkPolicies(synthesizeForPolicies(waived), waived);
      expect(result.violations).toEqual([]);
      // The example's gallery kiosk (team collections) waives the check too.
      expect(result.waived.filter((v) => v.check === 'ami-deprecation' && v.stack === 'platform').map((v) => v.waiver?.reason)).toEqual([
        'consumers find AMIs by dated name, TICKET-12',
      ]);
      const bastion = renderText(reportRows(waived))
        .split('\n\n')
        .find((block) => block.startsWith('platform/bastion-host'))!;
      expect(bastion).toContain('kept for good: never deprecated or deleted');
      // No lifecycle policy applies, so none of its settings is shown as if it did.
      expect(bastion).not.toMatch(/keep ≥|skip launched/);
      expect(bastion).toContain('ami-deprecation: consumers find AMIs by dated name, TICKET-12');
    });

    it('refuses a deletion age beside deprecateAfterDays: never', () => {
      repo.edit(
        PLATFORM,
        BASTION_SCHEDULE,
        `${BASTION_SCHEDULE}    retention:\n      deprecateAfterDays: never\n      deleteAfterDays: 400\n`,
      );
      const errors = errorsOf(repo);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        path: 'images[1].retention.deleteAfterDays',
        message: 'AMIs that are never deprecated are never deleted either: deleteAfterDays cannot go with deprecateAfterDays: never',
      });
    });

    it.each([
      ['deprecateAfterDays: 200', 'deleteAfterDays', /must be more than deprecateAfterDays \(200\)/],
      ['keepAtLeast: 11', 'keepAtLeast', /<=10/],
      ['skipIfLaunchedWithinDays: 400', 'skipIfLaunchedWithinDays', /<=365/],
      ['deleteAfterDays: 1001', 'deleteAfterDays', /<=1000/],
    ])('rejects %s', (setting, field, message) => {
      repo.edit(PLATFORM, BASTION_SCHEDULE, `${BASTION_SCHEDULE}    retention:\n      ${setting}\n`);
      const errors = errorsOf(repo);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.path).toBe(`images[1].retention.${field}`);
      expect(errors[0]!.message).toMatch(message);
    });
  });

  describe('alerts', () => {
    it("routes failed builds of the team's pipelines to the team topic, which allows exactly that rule", () => {
      const stack = sharedExample().stacks.platform!;
      const rule = resource(stack, 'aws_cloudwatch_event_rule', 'build-failed');
      expect(JSON.parse(rule.event_pattern)).toEqual({
        source: ['aws.imagebuilder'],
        'detail-type': ['EC2 Image Builder Image State Change'],
        resources: [
          { prefix: 'arn:aws:imagebuilder:eu-west-2:111111111111:image/platform-bastion-host/' },
          { prefix: 'arn:aws:imagebuilder:eu-west-2:111111111111:image/platform-container-host/' },
        ],
        detail: { state: { status: ['FAILED'] } },
      });
      const infrastructure = Object.values(resources(stack, 'aws_imagebuilder_infrastructure_configuration'));
      expect(infrastructure.map((i) => i.sns_topic_arn)).toEqual([undefined, undefined]);
      const target = resource(stack, 'aws_cloudwatch_event_target', 'build-failed');
      expect(target.arn).toMatch(/^\$\{aws_sns_topic\.notifications_topic_\w+\.arn\}$/);
      const policy = JSON.parse(resource(stack, 'aws_sns_topic_policy', 'topic-policy').policy);
      expect(policy.Statement[1]).toMatchObject({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: {
          ArnEquals: {
            'aws:SourceArn': [
              expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\.notifications_build-failed_\w+\.arn\}$/),
              expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\.notifications_cve-detected_\w+\.arn\}$/),
              expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\.notifications_automatic-rebuild_\w+\.arn\}$/),
            ],
          },
        },
      });
    });

    it('tells the team of every automatic rebuild and of any that failed, and a team without them hears nothing of them', () => {
      const stacks = sharedExample().stacks;
      const rule = resource(stacks.platform!, 'aws_cloudwatch_event_rule', 'notifications_automatic-rebuild');
      expect(rule.name).toBe('platform-image-automatic-rebuild');
      expect(JSON.parse(rule.event_pattern)).toEqual({
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          $or: [
            {
              stateMachineArn: ['arn:aws:states:eu-west-2:111111111111:stateMachine:platform-image-auto-rebuild'],
              status: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'],
            },
            {
              stateMachineArn: ['arn:aws:states:eu-west-2:111111111111:stateMachine:platform-image-critical-finding'],
              status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
            },
          ],
        },
      });
      expect(resource(stacks.platform!, 'aws_cloudwatch_event_target', 'notifications_automatic-rebuild').arn).toMatch(
        /^\$\{aws_sns_topic\./,
      );
      expect(
        Object.keys(resources(stacks.collections!, 'aws_cloudwatch_event_rule')).filter((id) =>
          id.includes('notifications_automatic-rebuild'),
        ),
      ).toEqual([]);
    });

    it("routes image scans with findings at or above the platform's cveAlertSeverity (default high) to the team topic", () => {
      const pattern = () => {
        const rules = resources(synthesize(repo.fleet()).platform!, 'aws_cloudwatch_event_rule');
        const cve = Object.entries(rules).filter(([id]) => id.includes('cve-detected'));
        return cve.length ? JSON.parse(cve[0]![1].event_pattern) : undefined;
      };
      const findings = (level: string) => ({ 'finding-severity-counts': { [level]: [{ numeric: ['>', 0] }] } });
      expect(pattern()).toEqual({
        source: ['aws.imagebuilder'],
        'detail-type': ['EC2 Image Builder CVE Detected'],
        resources: [
          { prefix: 'arn:aws:imagebuilder:eu-west-2:111111111111:image/platform-bastion-host/' },
          { prefix: 'arn:aws:imagebuilder:eu-west-2:111111111111:image/platform-container-host/' },
        ],
        detail: { $or: [findings('critical'), findings('high')] },
      });
      repo.edit('cdktf.json', '"organizationArn"', '"cveAlertSeverity": "critical",\n      "organizationArn"');
      expect(pattern().detail).toEqual(findings('critical'));
      repo.edit('cdktf.json', '"cveAlertSeverity": "critical"', '"cveAlertSeverity": "medium"');
      expect(pattern().detail).toEqual({ $or: [findings('critical'), findings('high'), findings('medium')] });
      repo.edit('cdktf.json', '"cveAlertSeverity": "medium"', '"cveAlertSeverity": "none"');
      expect(pattern()).toBeUndefined();
    });

    it("spreads many images over rules whose patterns fit EventBridge's 4,096 bytes, all allowed by the topic", () => {
      const text = repo.read(PLATFORM);
      const bastion = text.slice(text.indexOf('  - name: bastion-host'));
      const many = Array.from({ length: 40 }, (_, i) =>
        bastion
          .replace('name: bastion-host', `name: bastion-host-with-a-long-descriptive-name-${String(i).padStart(2, '0')}`)
          .replace(/ssmParameter: \S+/, `ssmParameter: /golden-ami/platform/bastion-${i}/latest`)
          // A launch template takes the AMIs of one image only.
          .replace(/ {8}launchTemplates:\n(?: {10,}.*\n)*/, ''),
      );
      repo.write(PLATFORM, `${text}\n${many.join('\n')}`).updateVersions();
      const stack = synthesize(repo.fleet()).platform!;
      const all = Object.values(resources(stack, 'aws_cloudwatch_event_rule'));
      const rules = all.filter((rule) => rule.name.startsWith('platform-image-build-failed'));
      expect(rules.length).toBeGreaterThan(1);
      expect(rules.map((r) => r.name).sort()).toEqual([
        'platform-image-build-failed',
        ...rules.slice(1).map((_, i) => `platform-image-build-failed-${i + 2}`),
      ]);
      for (const rule of rules) expect(Buffer.byteLength(rule.event_pattern)).toBeLessThanOrEqual(4096);
      const prefixes = rules.flatMap((r) => JSON.parse(r.event_pattern).resources.map((p: { prefix: string }) => p.prefix));
      expect(prefixes).toHaveLength(42);
      for (const rule of all) expect(Buffer.byteLength(rule.event_pattern)).toBeLessThanOrEqual(4096);
      expect(Object.values(resources(stack, 'aws_cloudwatch_event_target'))).toHaveLength(all.length);
      const policy = JSON.parse(resource(stack, 'aws_sns_topic_policy', 'topic-policy').policy);
      // Every rule but the automatic rebuilds' (on the findings bus, to its state machine) alerts the topic.
      expect(policy.Statement[1].Condition.ArnEquals['aws:SourceArn']).toHaveLength(all.filter((rule) => !rule.event_bus_name).length);
    });
  });

  it('changes no resource when the images of team.yaml are reordered', () => {
    const before = sharedExample().stacks.platform!;
    const text = repo.read(PLATFORM);
    const images = text.indexOf('\nimages:\n') + '\nimages:\n'.length;
    const second = text.indexOf('  - name: bastion-host');
    repo.write(PLATFORM, `${text.slice(0, images)}${text.slice(second).trimEnd()}\n\n${text.slice(images, second).trimEnd()}\n`);
    const after = synthesize(repo.fleet()).platform!;
    expect(JSON.parse(after).resource).toEqual(JSON.parse(before).resource);
  });

  describe('audit tags', () => {
    it('tag the built AMI with team, image, recipe version and every component version', () => {
      const recipe = resource(sharedExample().stacks.platform!, 'aws_imagebuilder_image_recipe', 'container-host');
      expect(recipe.ami_tags).toEqual({
        'golden-ami:team': 'platform',
        'golden-ami:image': 'container-host',
        'golden-ami:recipe-version': '1.0.0',
        'golden-ami:component:update-os-linux': '1.0.0',
        'golden-ami:component:ssm-agent': '1.0.0',
        'golden-ami:component:cloudwatch-agent': '1.0.0',
        'golden-ami:component:baseline-hardening': '1.0.0',
        'golden-ami:component:container-runtime': '1.0.0',
        'golden-ami:component:agents-health-test': '1.0.0',
        'golden-ami:component:aws/simple-boot-test-linux': 'x.x.x',
      });
    });

    it('tag every distributed copy with the source repository and commit, which reach no replacement-forcing argument', () => {
      const fleet = sharedExample().fleet;
      const commit = '0123456789abcdef0123456789abcdef01234567';
      const team = fleet.teams.find((t) => t.name === 'platform')!;
      const stack = Testing.synth(
        new TeamStack(Testing.app(), team, { buildInfo: { repository: 'https://github.com/museum/golden-amis', commit } }),
      );
      const distribution = resource(stack, 'aws_imagebuilder_distribution_configuration', 'container-host');
      expect(distribution.distribution[0].ami_distribution_configuration.ami_tags).toEqual({
        'golden-ami:team': 'platform',
        'golden-ami:image': 'container-host',
        'golden-ami:built': '{{ imagebuilder:buildDate }}',
        'golden-ami:source-repository': 'https://github.com/museum/golden-amis',
        'golden-ami:source-commit': commit,
      });
      for (const type of ['aws_imagebuilder_component', 'aws_imagebuilder_image_recipe']) {
        expect(JSON.stringify(resources(stack, type))).not.toContain(commit);
      }
    });
  });

  describe('report', () => {
    it('lists every image with parent, components, schedule gap, targets, channels, retention and alerts', () => {
      const rows = reportRows(sharedExample().fleet);
      expect(rows).toHaveLength(5);
      expect(rows[2]).toEqual([
        ['platform', 'image-factory, eu-west-2'],
        ['container-host', 'Linux, recipe 1.0.0'],
        ['arn:aws:imagebuilder:eu-west-2:aws:image/amazon-linux-2023-x86/x.x.x', 'amazon-linux-2023-x86'],
        [
          'update-os-linux 1.0.0',
          'ssm-agent 1.0.0',
          'cloudwatch-agent 1.0.0',
          'baseline-hardening 1.0.0',
          'container-runtime 1.0.0',
          'agents-health-test 1.0.0',
          'aws/simple-boot-test-linux x.x.x',
        ],
        [
          'cron(0 3 1 * ? *) Europe/London',
          'longest gap 31 days (max 90)',
          'builds when updates are available',
          'rebuilds on critical findings with a fix (at most daily)',
        ],
        [
          'eu-west-2: image-factory, collections-prod, collections-staging, web-prod',
          'eu-west-1: image-factory, collections-prod, web-prod',
        ],
        ['one stage: every build moves every parameter and launch template'],
        ['deprecate 90 d, delete 180 d', 'keep ≥ 3, skip launched < 30 d'],
        ['platform-alerts@museum.example.org'],
        ['none'],
      ]);
    });

    it('renders Markdown for a pull request comment', () => {
      const markdown = renderMarkdown(reportRows(sharedExample().fleet)).split('\n');
      expect(markdown[0]).toMatch(/^\| Team +\| Image +\| Parent image +\| Components/);
      expect(markdown[1]).toMatch(/^\| -+ \|/);
      expect(markdown).toHaveLength(7);
      expect(markdown[4]).toContain('update-os-linux 1.0.0<br>ssm-agent 1.0.0');
    });
  });
});

/** The example teams synthesise into complete, secure Image Builder stacks. */
import { ImagebuilderComponent } from '@cdktf/provider-aws/lib/imagebuilder-component';
import { ImagebuilderDistributionConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-distribution-configuration';
import { ImagebuilderImagePipeline } from '@cdktf/provider-aws/lib/imagebuilder-image-pipeline';
import { ImagebuilderImageRecipe } from '@cdktf/provider-aws/lib/imagebuilder-image-recipe';
import { ImagebuilderInfrastructureConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-infrastructure-configuration';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamStack } from '../src/stacks/team-stack.js';
import { FixtureRepo, resource, resources, synthesize } from './support/fixture.js';

const KEY_LONDON = 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const KEY_IRELAND = 'arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

describe('example fleet', () => {
  let repo: FixtureRepo;
  let stacks: Record<string, string>;

  beforeAll(() => {
    repo = new FixtureRepo();
    stacks = synthesize(repo.fleet());
  });
  afterAll(() => repo.dispose());

  it('makes one stack per team folder', () => {
    expect(Object.keys(stacks).sort()).toEqual(['collections', 'platform', 'website']);
  });

  it('assumes the deploy role in the build account with the team as session tag, and tags everything', () => {
    expect(stacks.platform).toHaveProviderWithProperties(AwsProvider, {
      region: 'eu-west-2',
      assume_role: [
        { role_arn: 'arn:aws:iam::111111111111:role/golden-ami-deployer', session_name: 'golden-ami-platform', tags: { Team: 'platform' } },
      ],
      default_tags: [{ tags: { Team: 'platform', Source: 'teams/platform', ManagedBy: 'golden-ami-pipelines' } }],
    });
    expect(stacks.collections).toHaveProviderWithProperties(AwsProvider, {
      assume_role: [expect.objectContaining({ role_arn: 'arn:aws:iam::555555555555:role/golden-ami-deployer' })],
    });
  });

  it('assumes the read-only plan role instead when asked to (pull request plans, drift checks)', () => {
    const team = repo.fleet().teams.find((t) => t.name === 'platform')!;
    const stack = Testing.synth(new TeamStack(Testing.app(), team, { role: 'plan' }));
    expect(stack).toHaveProviderWithProperties(AwsProvider, {
      assume_role: [expect.objectContaining({ role_arn: 'arn:aws:iam::111111111111:role/golden-ami-planner' })],
    });
  });

  it('requires Terraform 1.11 or later, which S3-native locking needs', () => {
    for (const stack of Object.values(stacks)) expect(JSON.parse(stack).terraform.required_version).toBe('>= 1.11.0');
  });

  it('keeps state per team in an encrypted, S3-locked backend', () => {
    expect(JSON.parse(stacks.platform!).terraform.backend.s3).toEqual({
      bucket: 'museum-golden-ami-tfstate',
      key: 'teams/platform/terraform.tfstate',
      region: 'eu-west-2',
      encrypt: true,
      kms_key_id: 'arn:aws:kms:eu-west-2:111111111111:alias/golden-ami-state',
      use_lockfile: true,
    });
  });

  it('gives build instances only the SSM and Image Builder policies plus log writes under the team prefix', () => {
    const attachments = Object.values(resources(stacks.platform!, 'aws_iam_role_policy_attachment'))
      .filter((a) => a.role.startsWith('${aws_iam_role.build-role'))
      .map((a) => a.policy_arn);
    expect(attachments.sort()).toEqual([
      'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      'arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder',
    ]);
    const inline = Object.values(resources(stacks.platform!, 'aws_iam_role_policy')).filter((p) =>
      p.role.startsWith('${aws_iam_role.build-role'),
    );
    expect(inline).toHaveLength(1);
    expect(JSON.parse(inline[0]!.policy).Statement).toEqual([
      { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::museum-imagebuilder-logs/platform/*' },
    ]);
  });

  it('creates one component per referenced document, named after the team, kept on destroy', () => {
    const components = resources(stacks.platform!, 'aws_imagebuilder_component');
    expect(
      Object.values(components)
        .map((c) => c.name)
        .sort(),
    ).toEqual([
      'platform-agents-health-test',
      'platform-baseline-hardening',
      'platform-cloudwatch-agent',
      'platform-container-runtime',
      'platform-ssm-agent',
      'platform-update-os-linux',
    ]);
    expect(stacks.platform).toHaveResourceWithProperties(ImagebuilderComponent, {
      name: 'platform-ssm-agent',
      platform: 'Linux',
      version: '1.0.0',
      kms_key_id: KEY_LONDON,
      skip_destroy: true,
      lifecycle: { create_before_destroy: true },
    });
    const ssm = resource(stacks.platform!, 'aws_imagebuilder_component', 'ssm-agent');
    expect(ssm.data).toBe(
      repo
        .fleet()
        .teams.find((t) => t.name === 'platform')!
        .components.find((c) => c.key === 'ssm-agent')!.args.data,
    );
    expect(ssm.data).not.toContain('yaml-language-server');
  });

  it('makes a platform-neutral document once per platform that uses it', () => {
    const names = Object.values(resources(stacks.collections!, 'aws_imagebuilder_component')).map((c) => `${c.name}:${c.platform}`);
    expect(names).toContain('collections-update-os-linux:Linux');
    expect(names).toContain('collections-update-os-windows:Windows');
    expect(names).toContain('collections-kiosk-windows:Windows');
    expect(names).toContain('collections-iiif-image-server:Linux');
  });

  it('references AWS-managed components by ARN without copying them', () => {
    const recipe = resource(stacks.collections!, 'aws_imagebuilder_image_recipe', 'gallery-kiosk');
    expect(recipe.component.map((c: { component_arn: string }) => c.component_arn)).toEqual([
      '${aws_imagebuilder_component.component-update-os-windows.arn}',
      'arn:aws:imagebuilder:eu-west-2:aws:component/amazon-cloudwatch-agent-windows/x.x.x',
      '${aws_imagebuilder_component.component-kiosk-windows.arn}',
      'arn:aws:imagebuilder:eu-west-2:aws:component/simple-boot-test-windows/x.x.x',
    ]);
  });

  it('builds each recipe from the resolved parent image, ordered components and encrypted volumes', () => {
    expect(stacks.platform).toHaveResourceWithProperties(ImagebuilderImageRecipe, {
      name: 'platform-container-host',
      version: '1.0.0',
      parent_image: 'arn:aws:imagebuilder:eu-west-2:aws:image/amazon-linux-2023-x86/x.x.x',
      block_device_mapping: [
        {
          device_name: '/dev/xvda',
          ebs: { delete_on_termination: 'true', encrypted: 'true', kms_key_id: KEY_LONDON, volume_size: 40, volume_type: 'gp3' },
        },
      ],
      lifecycle: { create_before_destroy: true },
    });
    const recipe = resource(stacks.platform!, 'aws_imagebuilder_image_recipe', 'container-host');
    expect(recipe.component[2]).toEqual({
      component_arn: '${aws_imagebuilder_component.component-cloudwatch-agent.arn}',
      parameter: [{ name: 'metricsNamespace', value: 'Museum/ContainerHosts' }],
    });
    expect(recipe.component[3].parameter).toEqual([{ name: 'allowIpForwarding', value: 'true' }]);
    expect(resource(stacks.platform!, 'aws_imagebuilder_image_recipe', 'bastion-host').parent_image).toBe(
      'ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    );
  });

  it('runs builds with IMDSv2, no key pair, termination on failure and S3 logs', () => {
    const infra = resource(stacks.platform!, 'aws_imagebuilder_infrastructure_configuration', 'container-host');
    expect(infra).toMatchObject({
      name: 'platform-container-host',
      instance_types: ['m7i.large', 'm6i.large'],
      // Its container tests read instance metadata from a container: one hop more than the default.
      instance_metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 2 },
      terminate_instance_on_failure: true,
      logging: { s3_logs: { s3_bucket_name: 'museum-imagebuilder-logs', s3_key_prefix: 'platform/container-host' } },
    });
    expect(infra.key_pair).toBeUndefined();
    const bastion = resource(stacks.platform!, 'aws_imagebuilder_infrastructure_configuration', 'bastion-host');
    expect(bastion.instance_metadata_options).toEqual({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    // Failures reach the team through the EventBridge rule alone: a topic here would send each failure twice.
    expect(infra.sns_topic_arn).toBeUndefined();
    expect(stacks.platform).toHaveResourceWithProperties(ImagebuilderInfrastructureConfiguration, { terminate_instance_on_failure: true });
  });

  it('distributes to each region with its key, target accounts, launch templates and SSM parameters', () => {
    const distribution = resource(stacks.platform!, 'aws_imagebuilder_distribution_configuration', 'container-host').distribution;
    expect(distribution.map((d: { region: string }) => d.region)).toEqual(['eu-west-2', 'eu-west-1']);
    const [london, ireland] = distribution;
    expect(london.ami_distribution_configuration).toMatchObject({
      name: 'platform-container-host-{{ imagebuilder:buildDate }}',
      kms_key_id: KEY_LONDON,
      target_account_ids: ['222222222222', '333333333333', '444444444444'],
    });
    expect(london.launch_template_configuration).toEqual([
      { account_id: '222222222222', launch_template_id: 'lt-0a1b2c3d4e5f60718', default: true },
      { account_id: '444444444444', launch_template_id: 'lt-0f9e8d7c6b5a40312', default: true },
    ]);
    expect(london.ssm_parameter_configuration).toEqual([
      { parameter_name: '/golden-ami/platform/container-host/latest', data_type: 'aws:ec2:image' },
      ...['222222222222', '333333333333', '444444444444'].map((id) => ({
        parameter_name: '/golden-ami/platform/container-host/latest',
        ami_account_id: id,
        data_type: 'aws:ec2:image',
      })),
    ]);
    expect(ireland.ami_distribution_configuration.kms_key_id).toBe(KEY_IRELAND);
    expect(ireland.ami_distribution_configuration.launch_permission).toBeUndefined();
  });

  it('grants launch permission to the organisation only where asked', () => {
    expect(stacks.platform).toHaveResourceWithProperties(ImagebuilderDistributionConfiguration, {
      name: 'platform-bastion-host',
      distribution: [
        expect.objectContaining({
          ami_distribution_configuration: expect.objectContaining({
            launch_permission: { organization_arns: ['arn:aws:organizations::999999999999:organization/o-museum0001'] },
          }),
        }),
      ],
    });
  });

  it('schedules pipelines with tests and scanning enabled', () => {
    expect(stacks.platform).toHaveResourceWithProperties(ImagebuilderImagePipeline, {
      name: 'platform-container-host',
      status: 'ENABLED',
      schedule: {
        schedule_expression: 'cron(0 3 1 * ? *)',
        pipeline_execution_start_condition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
        timezone: 'Europe/London',
      },
      image_tests_configuration: { image_tests_enabled: true, timeout_minutes: 720 },
      image_scanning_configuration: { image_scanning_enabled: true },
    });
    // The kiosk is built on demand (with its rebuild-cadence waiver): its pipeline has no schedule.
    const kiosk = resource(stacks.collections!, 'aws_imagebuilder_image_pipeline', 'gallery-kiosk');
    expect(kiosk.schedule).toBeUndefined();
    expect(kiosk.image_tests_configuration).toEqual({ image_tests_enabled: true, timeout_minutes: 720 });
    expect(kiosk.image_recipe_arn).toMatch(/^\$\{aws_imagebuilder_image_recipe\.image-gallery-kiosk_recipe_\w+\.arn\}$/);
  });

  it("builds the website team's web-server on the platform team's container host by name: its parameter in web-prod, tagged with the parent, rebuilt when it moves", () => {
    const recipe = resource(stacks.website!, 'aws_imagebuilder_image_recipe', 'web-server');
    expect(recipe.parent_image).toBe('ssm:/golden-ami/platform/container-host/latest');
    expect(recipe.ami_tags).toMatchObject({ 'golden-ami:parent-team': 'platform', 'golden-ami:parent-image': 'container-host' });
    // The parent reaches web-prod (444444444444): the platform's distribution copies it there and sets the parameter.
    const parent = resource(stacks.platform!, 'aws_imagebuilder_distribution_configuration', 'container-host').distribution[0];
    expect(parent.ssm_parameter_configuration).toContainEqual({
      parameter_name: '/golden-ami/platform/container-host/latest',
      ami_account_id: '444444444444',
      data_type: 'aws:ec2:image',
    });
    expect(resource(stacks.website!, 'aws_imagebuilder_image_pipeline', 'web-server').schedule).toMatchObject({
      schedule_expression: 'cron(0 5 * * ? *)',
      pipeline_execution_start_condition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
    });
  });

  it('keeps the kiosk AMIs for good (with its ami-deprecation waiver): every other image has a lifecycle policy, the kiosk none', () => {
    const policies = [stacks.platform!, stacks.collections!].flatMap((stack) =>
      Object.values(resources(stack, 'aws_imagebuilder_lifecycle_policy')).map((p) => p.name),
    );
    expect(policies.sort()).toEqual(['collections-iiif-server', 'platform-bastion-host', 'platform-container-host']);
  });

  it('notifies the team through an encrypted topic with email subscriptions', () => {
    expect(stacks.collections).toHaveResourceWithProperties(SnsTopic, {
      name: 'collections-image-builds',
      kms_master_key_id: 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    });
    const emails = Object.values(resources(stacks.collections!, 'aws_sns_topic_subscription')).map((s) => s.endpoint);
    expect(emails.sort()).toEqual(['collections-dev@museum.example.org', 'on-call@museum.example.org']);
    expect(stacks.collections).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: 'email' });
  });

  it('outputs each pipeline ARN, and the pipelines the deploy workflow starts', () => {
    const outputs = JSON.parse(stacks.platform!).output;
    expect(Object.keys(outputs).sort()).toEqual([
      'builds-on-deploy',
      'image-bastion-host-pipeline-arn',
      'image-container-host-pipeline-arn',
    ]);
  });
});

/** A minimal team.yaml gets secure, documented defaults for everything optional. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureRepo, resource, synthesize } from './support/fixture.js';

const MINIMAL = `owners: ["@museum-digital/web"]
account: web-prod
notifications:
  emails: [web@museum.example.org]
images:
  - name: web-server
    description: Web server base image
    platform: Linux
    parentImage: amazon-linux-2023-x86
    components:
      - shared: update-os
`;

const MINIMAL_WINDOWS = MINIMAL.replace('platform: Linux', 'platform: Windows').replace(
  'amazon-linux-2023-x86',
  'windows-server-2022-english-full-base-x86',
);

describe('defaults', () => {
  let repo: FixtureRepo;
  let stack: string;
  let windows: string;

  beforeAll(() => {
    repo = new FixtureRepo({ empty: true });
    repo.write(
      'components-yaml/update-os.yaml',
      'name: update-os\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n      - name: Update\n        action: UpdateOS\n',
    );
    repo.write('teams/web/team.yaml', MINIMAL).write('teams/kiosk/team.yaml', MINIMAL_WINDOWS);
    const stacks = synthesize(repo.fleet());
    stack = stacks.web!;
    windows = stacks.kiosk!;
  });
  afterAll(() => repo.dispose());

  it('builds in the platform default region with the standard instance type', () => {
    expect(JSON.parse(stack).provider.aws[0].region).toBe('eu-west-2');
    expect(resource(stack, 'aws_imagebuilder_infrastructure_configuration', 'web-server').instance_types).toEqual(['m7i.large']);
  });

  it('encrypts a default root volume: 30 GiB gp3 on /dev/xvda (Linux), 60 GiB on /dev/sda1 (Windows)', () => {
    const ebs = {
      delete_on_termination: 'true',
      encrypted: 'true',
      kms_key_id: 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      volume_type: 'gp3',
    };
    expect(resource(stack, 'aws_imagebuilder_image_recipe', 'web-server').block_device_mapping).toEqual([
      { device_name: '/dev/xvda', ebs: { ...ebs, volume_size: 30 } },
    ]);
    expect(resource(windows, 'aws_imagebuilder_image_recipe', 'web-server').block_device_mapping).toEqual([
      { device_name: '/dev/sda1', ebs: { ...ebs, volume_size: 60 } },
    ]);
  });

  it('rebuilds monthly, and only when the parent image or a component has an update', () => {
    expect(resource(stack, 'aws_imagebuilder_image_pipeline', 'web-server').schedule).toEqual({
      schedule_expression: 'cron(0 0 1 * ? *)',
      pipeline_execution_start_condition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
      timezone: 'UTC',
    });
  });

  it('enables image tests (12 hour timeout) and image scanning', () => {
    const pipeline = resource(stack, 'aws_imagebuilder_image_pipeline', 'web-server');
    expect(pipeline.image_tests_configuration).toEqual({ image_tests_enabled: true, timeout_minutes: 720 });
    expect(pipeline.image_scanning_configuration).toEqual({ image_scanning_enabled: true });
  });

  it('distributes to the build region and account only, encrypted, shared with nobody', () => {
    expect(resource(stack, 'aws_imagebuilder_distribution_configuration', 'web-server').distribution).toEqual([
      {
        region: 'eu-west-2',
        ami_distribution_configuration: {
          name: 'web-web-server-{{ imagebuilder:buildDate }}',
          description: 'Web server base image',
          kms_key_id: 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
          ami_tags: { 'golden-ami:team': 'web', 'golden-ami:image': 'web-server', 'golden-ami:built': '{{ imagebuilder:buildDate }}' },
        },
      },
    ]);
  });

  it('runs build instances in the default VPC with IMDSv2 and no key pair', () => {
    const infra = resource(stack, 'aws_imagebuilder_infrastructure_configuration', 'web-server');
    expect(infra.subnet_id).toBeUndefined();
    expect(infra.key_pair).toBeUndefined();
    expect(infra.instance_metadata_options).toEqual({ http_tokens: 'required', http_put_response_hop_limit: 1 });
  });
});

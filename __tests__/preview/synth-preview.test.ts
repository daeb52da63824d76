/** `npm run synth-preview`: preview stacks of a branch, apart from production in names, state, accounts and locks. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliWith } from '../support/cli.js';
import { FixtureRepo } from '../support/fixture.js';
import { folderContents } from '../support/folder-contents.js';

const ENV = { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1' };
const STACK = 'collections-preview-pr-42';

let repo: FixtureRepo;
beforeEach(() => {
  repo = new FixtureRepo();
  repo.write('teams/collections/platform.yaml', 'previewAccounts: [collections-staging]\n');
});
afterEach(() => repo.dispose());

const preview = (...args: string[]) => runCliWith({ cwd: repo.root, env: ENV }, 'synth-preview', ...args);
const stackJson = (stack = STACK) => JSON.parse(readFileSync(join(repo.root, 'cdktf.out/stacks', stack, 'cdk.tf.json'), 'utf8'));
const all = (json: any, type: string): Record<string, any>[] => Object.values((json.resource?.[type] ?? {}) as Record<string, any>);

describe('npm run synth-preview', () => {
  it('writes only the preview stack, with its own state key and the preview role, every resource named and tagged for the preview', async () => {
    const run = await preview('pr-42', '--team', 'collections', '--branch', 'feature/kiosk');
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Synthesised preview stacks ${STACK} (branch feature/kiosk); no version lock written`);
    expect(readdirSync(join(repo.root, 'cdktf.out/stacks'))).toEqual([STACK]);
    const json = stackJson();
    expect(json.terraform.backend.s3.key).toBe('previews/pr-42/collections/terraform.tfstate');
    expect(json.provider.aws[0].assume_role[0].role_arn).toBe('arn:aws:iam::555555555555:role/golden-ami-preview');
    expect(json.provider.aws[0].assume_role[0].tags).toEqual({ Team: 'collections' });
    expect(json.provider.aws[0].default_tags[0].tags).toMatchObject({ Team: 'collections', 'golden-ami:preview': 'pr-42' });
    const named = [
      'aws_imagebuilder_component',
      'aws_imagebuilder_image_recipe',
      'aws_imagebuilder_image_pipeline',
      'aws_imagebuilder_infrastructure_configuration',
      'aws_imagebuilder_distribution_configuration',
      'aws_imagebuilder_lifecycle_policy',
      'aws_iam_role',
      'aws_iam_instance_profile',
      'aws_sns_topic',
      'aws_cloudwatch_event_rule',
    ];
    for (const type of named) {
      const resources = all(json, type);
      expect(resources.length, type).toBeGreaterThan(0);
      for (const resource of resources) expect(resource.name, type).toMatch(/^collections-preview-pr-42-/);
    }
    for (const infrastructure of all(json, 'aws_imagebuilder_infrastructure_configuration'))
      expect(infrastructure.logging.s3_logs.s3_key_prefix).toMatch(/^collections\/previews\/pr-42\//);
  });

  it('distributes only to the preview accounts: no launch permission, launch template or SSM parameter, no schedule', async () => {
    expect((await preview('pr-42', '--team', 'collections', '--branch', 'b')).code).toBe(0);
    const json = stackJson();
    for (const config of all(json, 'aws_imagebuilder_distribution_configuration')) {
      for (const target of config.distribution) {
        expect(target.ami_distribution_configuration.target_account_ids).toEqual(['333333333333']);
        expect(target.ami_distribution_configuration.launch_permission).toBeUndefined();
        expect(target.launch_template_configuration).toBeUndefined();
        expect(target.ssm_parameter_configuration).toBeUndefined();
        expect(target.ami_distribution_configuration.ami_tags['golden-ami:preview']).toBe('pr-42');
      }
    }
    for (const pipeline of all(json, 'aws_imagebuilder_image_pipeline')) expect(pipeline.schedule).toBeUndefined();
    expect(all(json, 'aws_ssm_parameter')).toEqual([]);
    expect(all(json, 'aws_launch_template')).toEqual([]);
  });

  it('writes no version lock, even when the branch changed a component', async () => {
    repo.edit('teams/collections/components/iiif-image-server.yaml', /$/, '\n# changed on the branch\n');
    const locks = () => folderContents(repo.root);
    const before = Object.fromEntries(Object.entries(locks()).filter(([file]) => file.endsWith('versions.lock.json')));
    expect((await preview('pr-42', '--team', 'collections', '--branch', 'b')).code).toBe(0);
    const after = Object.fromEntries(Object.entries(locks()).filter(([file]) => file.endsWith('versions.lock.json')));
    expect(after).toEqual(before);
  });

  it('leaves the production stacks as they were: granting preview accounts changes no production stack', async () => {
    repo.remove('teams/collections/platform.yaml');
    const production = await runCliWith({ cwd: repo.root, env: ENV }, 'synth');
    expect(production.code).toBe(0);
    const before = readFileSync(join(repo.root, 'cdktf.out/stacks/collections/cdk.tf.json'), 'utf8');
    repo.write('teams/collections/platform.yaml', 'previewAccounts: [collections-staging]\n');
    expect((await runCliWith({ cwd: repo.root, env: ENV }, 'synth')).code).toBe(0);
    expect(readFileSync(join(repo.root, 'cdktf.out/stacks/collections/cdk.tf.json'), 'utf8')).toBe(before);
  });

  it('refuses an id that is not safe in every AWS name, and a preview account the team is not granted, naming the file and line', async () => {
    const bad = await preview('PR_42', '--team', 'collections', '--branch', 'b');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('preview id "PR_42" is not usable');
    repo.write('teams/collections/platform.yaml', 'previewAccounts:\n  - web-prod\n');
    const ungranted = await preview('pr-42', '--team', 'collections', '--branch', 'b');
    expect(ungranted.code).toBe(1);
    expect(ungranted.stderr).toContain('teams/collections/platform.yaml:2:5');
    expect(ungranted.stderr).toContain('preview account "web-prod" is not one of team collections\'s distribution accounts');
  });
});

/** The bootstrap's joints: state that survives the second synth, the first apply, the key ARNs recorded by a command. */
import { consolePrinter } from '../src/core/output.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { initPlatform } from '../src/commands/platform-init.js';
import { recordKeys } from '../src/commands/record-keys.js';
import { synthesizeFleet } from '../src/synthesis/pipeline.js';
import { FixtureRepo } from './support/fixture.js';
import { NO_TERMINAL, ORGANISATION, outputsJson, useFixtureRepo } from './support/organisation.js';

const STATE_STACK = 'cdktf.out/stacks/foundation-image-factory';

/**
 * What `terraform init` and `terraform apply` (1.11.4, seen on this machine) leave after the first
 * step: the initialised backend in the stack folder's `.terraform/terraform.tfstate`, the dependency
 * lock file beside cdk.tf.json, and the state where the local backend's `path` says.
 */
function leaveTerraformFilesOfFirstStep(repo: FixtureRepo): void {
  const backend = JSON.parse(repo.read(`${STATE_STACK}/cdk.tf.json`)).terraform.backend;
  expect(Object.keys(backend)).toEqual(['local']);
  repo.write(
    `${STATE_STACK}/.terraform/terraform.tfstate`,
    JSON.stringify(
      {
        version: 3,
        terraform_version: '1.11.4',
        backend: { type: 'local', config: { path: backend.local.path, workspace_dir: null }, hash: 3136834934 },
      },
      null,
      2,
    ),
  );
  repo.write(
    `${STATE_STACK}/.terraform.lock.hcl`,
    '# This file is maintained automatically by "terraform init".\nprovider "registry.terraform.io/hashicorp/aws" {\n  version = "6.25.0"\n}\n',
  );
  mkdirSync(join(backend.local.path, '..'), { recursive: true });
  writeFileSync(
    backend.local.path,
    JSON.stringify({
      version: 4,
      terraform_version: '1.11.4',
      serial: 9,
      lineage: 'b0a7c6e1-0000-4000-8000-000000000001',
      outputs: {},
      resources: [{ mode: 'managed', type: 'aws_s3_bucket', name: 'state-bucket' }],
    }),
  );
}

describe('the two-step bootstrap with local backends', () => {
  const t = useFixtureRepo();

  it('keeps the backend Terraform initialised across the second synth, so init -migrate-state finds the local state and copies it', async () => {
    vi.stubEnv('GOLDEN_AMI_BOOTSTRAP', '1');
    expect(await synthesizeFleet(t.repo.root, { ci: false, outdir: t.repo.path('cdktf.out') })).toBe(0);
    leaveTerraformFilesOfFirstStep(t.repo);
    const lockFile = t.repo.read(`${STATE_STACK}/.terraform.lock.hcl`);

    vi.stubEnv('GOLDEN_AMI_BOOTSTRAP', '');
    expect(await synthesizeFleet(t.repo.root, { ci: false, outdir: t.repo.path('cdktf.out') })).toBe(0);

    // The configuration now names the S3 key; the working directory still names the local state, which
    // is what tells `terraform init -migrate-state` to copy from there (verified with terraform 1.11.4).
    expect(JSON.parse(t.repo.read(`${STATE_STACK}/cdk.tf.json`)).terraform.backend.s3.key).toBe(
      'foundation/image-factory/terraform.tfstate',
    );
    const initialised = JSON.parse(t.repo.read(`${STATE_STACK}/.terraform/terraform.tfstate`)).backend;
    expect(initialised).toEqual({
      type: 'local',
      config: { path: t.repo.path('.bootstrap/terraform.tfstate'), workspace_dir: null },
      hash: 3136834934,
    });
    expect(JSON.parse(readFileSync(initialised.config.path, 'utf8')).resources).toHaveLength(1);
    expect(t.repo.read(`${STATE_STACK}/.terraform.lock.hcl`)).toBe(lockFile);
    expect(existsSync(t.repo.path('cdktf.out.previous'))).toBe(false);
  });

  it('drops the working files of a stack no longer synthesised, with its folder', async () => {
    expect(await synthesizeFleet(t.repo.root, { ci: false, outdir: t.repo.path('cdktf.out') })).toBe(0);
    t.repo.write('cdktf.out/stacks/collections/.terraform/terraform.tfstate', '{}');
    t.repo.remove('teams/collections');
    expect(await synthesizeFleet(t.repo.root, { ci: false, outdir: t.repo.path('cdktf.out') })).toBe(0);
    expect(existsSync(t.repo.path('cdktf.out/stacks/collections'))).toBe(false);
  });
});

describe('an empty organisation', () => {
  const t = useFixtureRepo();

  const stateStack = () => JSON.parse(t.repo.read('cdktf.out/stacks/foundation-shared/cdk.tf.json'));

  it('synthesises the first apply with no kmsKeys, without preconditions; record-keys writes the keys; then the preconditions guard them', async () => {
    expect(await initPlatform(t.repo.root, ORGANISATION, NO_TERMINAL, consolePrinter)).toBe(0);
    expect(JSON.parse(t.repo.read('cdktf.json')).context.platform.kmsKeys).toBeUndefined();
    vi.stubEnv('GOLDEN_AMI_BOOTSTRAP', '1');
    expect(await synthesizeFleet(t.repo.root, { ci: false, outdir: t.repo.path('cdktf.out') }), t.errors.join('\n')).toBe(0);
    const first = stateStack();
    expect(first.terraform.backend).toEqual({ local: { path: t.repo.path('.bootstrap/terraform.tfstate') } });
    expect(Object.keys(first.output).sort()).toEqual([
      'ci-deploy-role-arn',
      'ci-foundation-role-arn',
      'ci-plan-role-arn',
      'ci-preview-role-arn',
      'ci-release-role-arn',
      'platform-key-eu-west-1-arn',
      'platform-key-eu-west-2-arn',
    ]);
    expect(Object.values(first.output).filter((output: any) => output.precondition)).toEqual([]);

    t.repo.write('foundation-outputs.json', outputsJson());
    expect(recordKeys(t.repo.root, 'foundation-outputs.json', consolePrinter), t.errors.join('\n')).toBe(0);
    expect(JSON.parse(t.repo.read('cdktf.json')).context.platform.kmsKeys).toEqual({
      'eu-west-1': 'arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      'eu-west-2': 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    });
    expect(t.out).toContain('  gh variable set GOLDEN_AMI_PLAN_ROLE_ARN --body arn:aws:iam::111111111111:role/golden-ami-ci-plan');

    vi.stubEnv('GOLDEN_AMI_BOOTSTRAP', '');
    t.repo.updateVersions();
    expect(await synthesizeFleet(t.repo.root, { ci: true, outdir: t.repo.path('cdktf.out') }), t.errors.join('\n')).toBe(0);
    const key = stateStack().output['platform-key-eu-west-2-arn'];
    expect(key.precondition).toEqual([
      {
        condition: expect.stringContaining('== "arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"'),
        error_message: expect.stringContaining('npm run platform -- record-keys'),
      },
    ]);
  });

  it('record-keys twice changes nothing the second time', async () => {
    expect(await initPlatform(t.repo.root, ORGANISATION, NO_TERMINAL, consolePrinter)).toBe(0);
    t.repo.write('foundation-outputs.json', outputsJson());
    expect(recordKeys(t.repo.root, 'foundation-outputs.json', consolePrinter)).toBe(0);
    const once = t.repo.read('cdktf.json');
    expect(recordKeys(t.repo.root, 'foundation-outputs.json', consolePrinter)).toBe(0);
    expect(t.repo.read('cdktf.json')).toBe(once);
    expect(t.out).toContain('cdktf.json already records these keys; nothing changed:');
  });

  const hostile: [string, string, unknown[]][] = [
    ['not JSON at all', 'Error: No outputs found\n', [expect.stringMatching(/^foundation-outputs.json error: not JSON \(/)]],
    ['no outputs (state not applied)', '{}\n', ['foundation-outputs.json:1:1 error: output "platform-key-eu-west-2-arn" is missing']],
    [
      'a key of another region and account',
      outputsJson({ 'platform-key-eu-west-2-arn': 'arn:aws:kms:eu-west-1:222222222222:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }),
      [
        'foundation-outputs.json:35:14 error at platform-key-eu-west-2-arn.value: the key for eu-west-1 is not in the state account shared (111111111111), where the foundation creates it',
        'foundation-outputs.json:35:14 error at platform-key-eu-west-2-arn.value: the key for eu-west-2 is in eu-west-1',
      ],
    ],
    [
      'a value that is no key ARN',
      outputsJson({ 'platform-key-eu-west-1-arn': { nested: true } }),
      ['foundation-outputs.json:30:14 error at platform-key-eu-west-1-arn.value: platform-key-eu-west-1-arn is not a KMS key ARN'],
    ],
    [
      'the outputs of another account',
      outputsJson({ 'ci-plan-role-arn': 'arn:aws:iam::444444444444:role/golden-ami-ci-plan' }),
      [
        'foundation-outputs.json:15:14 error at ci-plan-role-arn.value: ci-plan-role-arn is "arn:aws:iam::444444444444:role/golden-ami-ci-plan", not arn:aws:iam::111111111111:role/golden-ami-ci-plan',
      ],
    ],
    [
      'an output of another shape',
      outputsJson().replace('"sensitive": false,', '"sensitive": "no",'),
      ['foundation-outputs.json:3:18 error at ci-deploy-role-arn.sensitive: Invalid input: expected boolean, received string'],
    ],
  ];

  it.each(hostile)('record-keys refuses %s at its line and writes nothing', async (_name, text, messages) => {
    expect(await initPlatform(t.repo.root, ORGANISATION, NO_TERMINAL, consolePrinter)).toBe(0);
    const before = t.repo.read('cdktf.json');
    t.repo.write('foundation-outputs.json', text);
    t.errors.length = 0;
    expect(recordKeys(t.repo.root, 'foundation-outputs.json', consolePrinter)).toBe(1);
    expect(t.errors).toEqual(expect.arrayContaining(messages));
    expect(t.errors.at(-1)).toBe('Nothing was recorded.');
    expect(t.repo.read('cdktf.json')).toBe(before);
  });
});

/** The bootstrap's joints: state that survives the second synth, the first apply, the key ARNs recorded by a command. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { synthesizeFleet } from '../src/cli/synth.js';
import { FixtureRepo } from './support/fixture.js';

const STATE_STACK = 'cdktf.out/stacks/foundation-image-factory';

/**
 * What `terraform init` and `terraform apply` (1.11.4, seen on this machine) leave after the first
 * step: the initialised backend in the stack folder's `.terraform/terraform.tfstate`, the dependency
 * lock file beside cdk.tf.json, and the state where the local backend's `path` says.
 */
export function leaveTerraformFilesOfFirstStep(repo: FixtureRepo): void {
  const backend = JSON.parse(repo.read(`${STATE_STACK}/cdk.tf.json`)).terraform.backend;
  expect(Object.keys(backend)).toEqual(['local']);
  repo.write(
    `${STATE_STACK}/.terraform/terraform.tfstate`,
    `${JSON.stringify({ version: 3, terraform_version: '1.11.4', backend: { type: 'local', config: { path: backend.local.path, workspace_dir: null }, hash: 3136834934 } }, null, 2)}`,
  );
  repo.write(`${STATE_STACK}/.terraform.lock.hcl`, '# This file is maintained automatically by "terraform init".\nprovider "registry.terraform.io/hashicorp/aws" {\n  version = "6.25.0"\n}\n');
  mkdirSync(join(backend.local.path, '..'), { recursive: true });
  writeFileSync(backend.local.path, JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 9, lineage: 'b0a7c6e1-0000-4000-8000-000000000001', outputs: {}, resources: [{ mode: 'managed', type: 'aws_s3_bucket', name: 'state-bucket' }] }));
}

describe('the two-step bootstrap with local backends', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    repo.dispose();
  });

  it('keeps the backend Terraform initialised across the second synth, so init -migrate-state finds the local state and copies it', async () => {
    vi.stubEnv('GOLDEN_AMI_BOOTSTRAP', '1');
    expect(await synthesizeFleet(repo.root, { ci: false, outdir: repo.path('cdktf.out') })).toBe(0);
    leaveTerraformFilesOfFirstStep(repo);
    const lockFile = repo.read(`${STATE_STACK}/.terraform.lock.hcl`);

    vi.stubEnv('GOLDEN_AMI_BOOTSTRAP', '');
    expect(await synthesizeFleet(repo.root, { ci: false, outdir: repo.path('cdktf.out') })).toBe(0);

    // The configuration now names the S3 key; the working directory still names the local state, which
    // is what tells `terraform init -migrate-state` to copy from there (verified with terraform 1.11.4).
    expect(JSON.parse(repo.read(`${STATE_STACK}/cdk.tf.json`)).terraform.backend.s3.key).toBe('foundation/image-factory/terraform.tfstate');
    const initialised = JSON.parse(repo.read(`${STATE_STACK}/.terraform/terraform.tfstate`)).backend;
    expect(initialised).toEqual({ type: 'local', config: { path: repo.path('.bootstrap/terraform.tfstate'), workspace_dir: null }, hash: 3136834934 });
    expect(JSON.parse(readFileSync(initialised.config.path, 'utf8')).resources).toHaveLength(1);
    expect(repo.read(`${STATE_STACK}/.terraform.lock.hcl`)).toBe(lockFile);
    expect(existsSync(repo.path('cdktf.out.previous'))).toBe(false);
  });

  it('drops the working files of a stack no longer synthesised, with its folder', async () => {
    expect(await synthesizeFleet(repo.root, { ci: false, outdir: repo.path('cdktf.out') })).toBe(0);
    repo.write('cdktf.out/stacks/collections/.terraform/terraform.tfstate', '{}');
    repo.remove('teams/collections');
    expect(await synthesizeFleet(repo.root, { ci: false, outdir: repo.path('cdktf.out') })).toBe(0);
    expect(existsSync(repo.path('cdktf.out/stacks/collections'))).toBe(false);
  });
});

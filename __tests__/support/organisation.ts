/** An organisation as a platform team would describe it, what Terraform prints for its foundation, and a repository to try them in. */
import { PassThrough, Readable } from 'node:stream';
import { format } from 'node:util';
import { afterEach, beforeEach, vi } from 'vitest';
import type { Terminal } from '../../src/commands/platform-init.js';
import { FixtureRepo } from './fixture.js';

/** The answers of an organisation with one state-and-build account, one more build account and a receiving account. */
export const ORGANISATION = {
  organization: 'arn:aws:organizations::999999999999:organization/o-abc123def4',
  'state-account': 'shared=111111111111',
  'build-account': ['shared=111111111111', 'lab=222222222222'],
  'receiving-account': ['prod=333333333333'],
  region: ['eu-west-2', 'eu-west-1'],
  repository: 'acme/golden-ami-pipelines',
  owner: ['@acme/platform'],
};
/** No terminal: init takes its answers from the flags alone. */
export const NO_TERMINAL: Terminal = { input: Readable.from([]), output: new PassThrough(), interactive: false };

/** `terraform output -json` of the state account's stack as Terraform writes it, with `changes` to some values. */
export function outputsJson(changes: Record<string, unknown> = {}): string {
  const values: Record<string, unknown> = {
    'ci-deploy-role-arn': 'arn:aws:iam::111111111111:role/golden-ami-ci-deploy',
    'ci-foundation-role-arn': 'arn:aws:iam::111111111111:role/golden-ami-ci-foundation',
    'ci-plan-role-arn': 'arn:aws:iam::111111111111:role/golden-ami-ci-plan',
    'ci-preview-role-arn': 'arn:aws:iam::111111111111:role/golden-ami-ci-preview',
    'ci-release-role-arn': 'arn:aws:iam::111111111111:role/golden-ami-ci-release',
    'platform-key-eu-west-1-arn': 'arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    'platform-key-eu-west-2-arn': 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    ...changes,
  };
  const outputs = Object.entries(values).filter(([, value]) => value !== undefined);
  return `${JSON.stringify(Object.fromEntries(outputs.map(([name, value]) => [name, { sensitive: false, type: 'string', value }])), null, 2)}\n`;
}

/** A fresh copy of the example repository for each test, with what commands print captured line by line. */
export function useFixtureRepo(): { repo: FixtureRepo; out: string[]; errors: string[] } {
  const context = { repo: undefined as unknown as FixtureRepo, out: [] as string[], errors: [] as string[] };
  beforeEach(() => {
    context.repo = new FixtureRepo();
    context.out = [];
    context.errors = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void context.out.push(...format(line).split('\n')));
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void context.errors.push(...format(line).split('\n')));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    context.repo.dispose();
  });
  return context;
}

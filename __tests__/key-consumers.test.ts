/**
 * The platform key's consumers (`foundation.keyConsumers` in cdktf.json): accounts that receive
 * copies encrypted with the platform key launch them only when the key policy lets them, so
 * `validate` names each account that could not, and the key policy grants each consumer launch
 * through EC2 alone (judged with an IAM evaluator, both ways).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTerraformLiteral } from '../src/core/terraform-text.js';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { decide, kmsLauncher } from './support/iam-evaluator.js';
import { exampleFoundation, one, stackNamed } from './support/foundation.js';
import { FixtureRepo } from './support/fixture.js';

const SETTINGS = 'cdktf.json';
const CONSUMERS = '"keyConsumers": ["collections-prod", "collections-staging", "web-prod"]';
const ACCOUNT = { factory: '111111111111', collectionsProd: '222222222222', lab: '555555555555', outsider: '999988887777' };
/** eu-west-1: no image shares with the organization there, so only keyConsumers let other accounts launch. */
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT.factory}:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
const EC2 = 'ec2.eu-west-1.amazonaws.com';

describe('validate names each account receiving copies that the platform key policy does not let launch them', () => {
  let repo: FixtureRepo;
  beforeEach(() => (repo = new FixtureRepo()));
  afterEach(() => repo.dispose());

  it('one error per account and distribution, at its accounts line, with the setting to add', () => {
    repo.edit(SETTINGS, CONSUMERS, '"keyConsumers": ["web-prod"]');
    const errors = loadVersionedFleet(repo.root).problems.errors;
    expect(errors.map((e) => [e.file, e.path, e.message.replace(/ receives copies.*/, '')])).toEqual([
      ['teams/collections/team.yaml', 'images[0].distribution[0].accounts[0]', 'account collections-prod (222222222222)'],
      ['teams/collections/team.yaml', 'images[0].distribution[0].accounts[1]', 'account collections-staging (333333333333)'],
      ['teams/collections/team.yaml', 'images[1].distribution[0].accounts[0]', 'account collections-prod (222222222222)'],
      ['teams/platform/team.yaml', 'images[0].distribution[0].accounts[0]', 'account collections-prod (222222222222)'],
      ['teams/platform/team.yaml', 'images[0].distribution[0].accounts[1]', 'account collections-staging (333333333333)'],
      ['teams/platform/team.yaml', 'images[0].distribution[1].accounts[0]', 'account collections-prod (222222222222)'],
      ['teams/platform/team.yaml', 'images[1].distribution[0].accounts[0]', 'account collections-prod (222222222222)'],
      ['teams/platform/team.yaml', 'images[1].distribution[0].accounts[1]', 'account collections-staging (333333333333)'],
    ]);
    expect(errors[0]).toMatchObject({
      line: expect.any(Number),
      message:
        'account collections-prod (222222222222) receives copies encrypted with the platform key of eu-west-2, but the key policy does not let it use the key: no instance there could launch from them',
      hint: 'add "collections-prod" (or "organization") to foundation.keyConsumers in cdktf.json and deploy the foundation stack of the state account (docs/platform.md: Migrating consumers to the platform key)',
    });
  });

  it('"organization" lets every account of the organization launch, and no error remains', () => {
    repo.edit(SETTINGS, CONSUMERS, '"keyConsumers": ["organization"]');
    expect(loadVersionedFleet(repo.root).problems.errors).toEqual([]);
  });
});

describe('the key policy lets a consumer launch its copies through EC2, and nobody else', () => {
  const example = exampleFoundation();
  const keyPolicy = () =>
    readTerraformLiteral(one(stackNamed(example.stacks, 'foundation-image-factory'), 'aws_kms_key', 'platform-key-eu-west-1').policy)!;

  const use = (account: string, action: string, context: Record<string, string> = {}) =>
    decide(kmsLauncher(account), { action, resource: KEY, resourcePolicy: keyPolicy(), context });

  it('a consumer launches: EC2 decrypts, re-encrypts, makes data keys, and grants for its volumes', async () => {
    for (const action of ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey']) {
      expect(await use(ACCOUNT.collectionsProd, action, { 'kms:ViaService': EC2 }), action).toBe('Allowed');
    }
    expect(await use(ACCOUNT.collectionsProd, 'kms:CreateGrant', { 'kms:ViaService': EC2, 'kms:GrantIsForAWSResource': 'true' })).toBe(
      'Allowed',
    );
  });

  it('a consumer does not decrypt outside EC2, nor grant to anything but an AWS resource', async () => {
    expect(await use(ACCOUNT.collectionsProd, 'kms:Decrypt')).toBe('ImplicitlyDenied');
    expect(await use(ACCOUNT.collectionsProd, 'kms:Decrypt', { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' })).toBe('ImplicitlyDenied');
    expect(await use(ACCOUNT.collectionsProd, 'kms:CreateGrant', { 'kms:ViaService': EC2, 'kms:GrantIsForAWSResource': 'false' })).toBe(
      'ImplicitlyDenied',
    );
  });

  it('an account that is no consumer cannot launch, even one of the directory (a build account, beyond its build roles)', async () => {
    for (const account of [ACCOUNT.lab, ACCOUNT.outsider]) {
      expect(await use(account, 'kms:Decrypt', { 'kms:ViaService': EC2 }), account).toBe('ImplicitlyDenied');
      expect(await use(account, 'kms:CreateGrant', { 'kms:ViaService': EC2, 'kms:GrantIsForAWSResource': 'true' }), account).toBe(
        'ImplicitlyDenied',
      );
    }
  });
});

/** Extra read permissions of the build role: narrow statements generated from buildInstance.permissions, and nothing else. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPolicies } from '../src/checks/engine.js';
import { reportData } from '../src/workflows/fleet-report.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODEOWNERS_FILE } from '../src/workflows/codeowners.js';
import { runCli } from './support/cli.js';
import { COLLECTIONS } from './support/bad-input.js';
import { FixtureRepo, REPO_ROOT, resources, synthesizeForPolicies } from './support/fixture.js';

const SECRET = 'arn:aws:secretsmanager:eu-west-2:555555555555:secret:collections/iiif-licence-AbC123';
const KEY = 'arn:aws:kms:eu-west-2:555555555555:key/2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a';
const PERMISSIONS = `buildInstance:
  permissions:
    readS3:
      - bucket: museum-installers
        prefix: iiif/
      - bucket: museum-fonts
    readSecrets: [${SECRET}]
    readSsmParameters: [/collections/iiif/cache-size]
    decryptWithKmsKeys: [${KEY}]
`;

describe('build instance permissions', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const stacks = () => {
    const fleet = repo.fleet();
    return { fleet, stacks: synthesizeForPolicies(fleet) };
  };
  const extraPolicy = (stack: { json: any }) =>
    Object.values(stack.json.resource.aws_iam_role_policy as Record<string, any>).find((p) => p.name === 'extra-read-permissions');

  it('add no policy when a team names nothing', () => {
    for (const { json } of stacks().stacks) {
      const buildRolePolicies = Object.values(resources(JSON.stringify(json), 'aws_iam_role_policy')).filter((p) =>
        p.role.startsWith('${aws_iam_role.build-role'),
      );
      expect(buildRolePolicies.map((p) => p.name)).toEqual(['write-build-logs']);
    }
  });

  it('generate one inline policy of the build role with read-only statements on exactly the named resources', () => {
    repo.edit(COLLECTIONS, 'images:', `${PERMISSIONS}images:`);
    const { stacks: synthesized } = stacks();
    const collections = synthesized.find((s) => s.name === 'collections')!;
    const policy = extraPolicy(collections);
    const [roleId] = Object.entries(collections.json.resource.aws_iam_role as Record<string, any>).find(
      ([, r]) => r.name === 'collections-imagebuilder-build',
    )!;
    expect(policy.role).toBe(`\${aws_iam_role.${roleId}.id}`);
    expect(JSON.parse(policy.policy).Statement).toEqual([
      {
        Sid: 'ReadObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: ['arn:aws:s3:::museum-installers/iiif/*', 'arn:aws:s3:::museum-fonts/*'],
      },
      {
        Sid: 'ListBucket0',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: ['arn:aws:s3:::museum-installers'],
        Condition: { StringLike: { 's3:prefix': ['iiif/*'] } },
      },
      { Sid: 'ListBucket1', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::museum-fonts'] },
      { Sid: 'ReadSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [SECRET] },
      {
        Sid: 'ReadParameters',
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:GetParameters'],
        Resource: ['arn:aws:ssm:eu-west-2:555555555555:parameter/collections/iiif/cache-size'],
      },
      { Sid: 'DecryptWithKeys', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [KEY] },
    ]);
  });

  it('let build instances write under a named prefix and read buckets by pattern, each with a reason that validate and the report list', async () => {
    const wider = `buildInstance:
  permissions:
    readS3:
      - bucket: "museum-artefacts-*"
        prefix: ansible/
        reason: configuration bundles land in one bucket per environment
    writeS3:
      - bucket: museum-results
        prefix: iiif/
        reason: the build writes its compliance report for the audit team
`;
    repo.edit(COLLECTIONS, 'images:', `${wider}images:`);
    const { fleet, stacks: synthesized } = stacks();
    expect(JSON.parse(extraPolicy(synthesized.find((s) => s.name === 'collections')!).policy).Statement).toEqual([
      { Sid: 'ReadObjects', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::museum-artefacts-*/ansible/*'] },
      {
        Sid: 'ListBucket0',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: ['arn:aws:s3:::museum-artefacts-*'],
        Condition: { StringLike: { 's3:prefix': ['ansible/*'] } },
      },
      { Sid: 'WriteObjects', Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::museum-results/iiif/*'] },
    ]);
    expect(checkPolicies(synthesized, fleet).violations).toEqual([]);
    const grants = [
      { grant: 'read s3://museum-artefacts-*/ansible/*', reason: 'configuration bundles land in one bucket per environment' },
      { grant: 'write s3://museum-results/iiif/*', reason: 'the build writes its compliance report for the audit team' },
    ];
    expect(reportData(fleet).find((r) => r.image === 'iiif-server')!.buildGrants).toEqual(grants);
    repo.write(CODEOWNERS_FILE, readFileSync(join(REPO_ROOT, CODEOWNERS_FILE), 'utf8'));
    const validate = await runCli(repo.root, 'validate');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain(
      '  build instances of collections may write s3://museum-results/iiif/*: the build writes its compliance report for the audit team',
    );
  });

  it('pass every policy check as generated', () => {
    repo.edit(COLLECTIONS, 'images:', `${PERMISSIONS}images:`);
    const { fleet, stacks: synthesized } = stacks();
    expect(checkPolicies(synthesized, fleet).violations).toEqual([]);
  });

  const broadened: [string, object, RegExp[]][] = [
    ['a wildcard action', { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::museum-fonts/*' }, [/wildcard action "s3:\*"/]],
    ['a write action on every resource', { Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }, [/"s3:PutObject" on every resource/]],
    [
      'an IAM action',
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::555555555555:role/admin' },
      [/IAM action "iam:PassRole"/],
    ],
    ['NotAction', { Effect: 'Allow', NotAction: 's3:DeleteObject', Resource: 'arn:aws:s3:::museum-fonts/*' }, [/NotAction/]],
  ];
  it.each(broadened)('reject %s in the build role (build-role-scope and iam-least-privilege)', (_name, statement, messages) => {
    repo.edit(COLLECTIONS, 'images:', `${PERMISSIONS}images:`);
    const { fleet, stacks: synthesized } = stacks();
    const policy = extraPolicy(synthesized.find((s) => s.name === 'collections')!);
    const document = JSON.parse(policy.policy);
    document.Statement.push(statement);
    policy.policy = JSON.stringify(document);
    const violations = checkPolicies(synthesized, fleet).violations;
    expect(violations.map((v) => v.check)).toEqual(['iam-least-privilege', 'build-role-scope']);
    for (const message of messages) expect(violations[0]!.message).toMatch(message);
    expect(violations[1]!.message).toMatch(/do what buildInstance\.permissions names/);
  });

  it('reject a read of a resource the team did not name (build-role-scope)', () => {
    const { fleet, stacks: synthesized } = stacks();
    const collections = synthesized.find((s) => s.name === 'collections')!;
    const logs = Object.values(collections.json.resource.aws_iam_role_policy as Record<string, any>)[0];
    logs.policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [SECRET] }],
    });
    expect(checkPolicies(synthesized, fleet).violations.map((v) => v.check)).toEqual(['build-role-scope']);
  });
});

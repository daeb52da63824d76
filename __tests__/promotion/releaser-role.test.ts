/**
 * The releaser role (golden-ami-releaser) and CI's release role, judged with the IAM policy
 * evaluator over the policies the foundation stacks write: who reaches them (CI's release role from
 * the promotion environment on main, the permission sets of operators.release) and what promote may
 * do with them, and not: other parameters, other launch templates, other tags, IAM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SynthesizedStack } from '../../src/checks/synthesized.js';
import { FixtureRepo } from '../support/fixture.js';
import { readTerraformLiteral } from '../../src/core/terraform-text.js';
import { all, foundationModel, one, roleDocuments, stackNamed, synthesizeFoundation } from '../support/foundation.js';
import { decide, type Caller } from '../support/iam-evaluator.js';

const FACTORY = '111111111111';
const PROD = '222222222222';
const WEB = '444444444444';
const LAB = '555555555555';
const REPO = 'museum-digital/golden-ami-pipelines';
const PROVIDER = `arn:aws:iam::${FACTORY}:oidc-provider/token.actions.githubusercontent.com`;
const RELEASER = 'golden-ami-releaser';
const ssoRole = (set: string) =>
  `arn:aws:iam::${FACTORY}:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_${set}_0a1b2c3d4e5f6a7b`;
const anyone = (arn: string): Caller => ({
  arn,
  policies: { assume: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } },
});

let repo: FixtureRepo;
let stacks: SynthesizedStack[];
beforeAll(() => {
  repo = new FixtureRepo();
  repo.edit('cdktf.json', /"rebuild": \{/, `"release": { "permissionSets": ["Releaser"], "roles": [] },\n        "rebuild": {`);
  stacks = synthesizeFoundation(foundationModel(repo.fleet()));
});
afterAll(() => repo.dispose());

const stackOf = (account: string) =>
  stackNamed(
    stacks,
    {
      [FACTORY]: 'foundation-image-factory',
      [PROD]: 'foundation-collections-prod',
      [WEB]: 'foundation-web-prod',
      [LAB]: 'foundation-digital-lab',
    }[account]!,
  );
const trustOf = (account: string) =>
  all(stackOf(account), 'aws_iam_role').find((role) => role.name === RELEASER)!.assume_role_policy as string;
const releaser = (account: string): Caller => ({
  arn: `arn:aws:iam::${account}:role/${RELEASER}`,
  policies: roleDocuments(stackOf(account), RELEASER),
});
const may = (account: string, action: string, resource: string, context?: Record<string, string | string[]>) =>
  decide(releaser(account), { action, resource, ...(context ? { context } : {}) });
const tagKeys = (...keys: string[]) => ({ 'aws:TagKeys': keys });

describe('golden-ami-releaser', () => {
  it('is in every build account and every account that receives copies', () => {
    const withRole = stacks.filter((stack) => all(stack, 'aws_iam_role').some((role) => role.name === RELEASER)).map((stack) => stack.name);
    expect(withRole.sort()).toEqual(
      [
        'foundation-collections-prod',
        'foundation-collections-staging',
        'foundation-digital-lab',
        'foundation-image-factory',
        'foundation-web-prod',
      ].sort(),
    );
  });

  it("trusts CI's release role and the permission sets operators.release names, and no one else", async () => {
    const assume = (caller: string) =>
      decide(anyone(caller), { action: 'sts:AssumeRole', resource: `arn:aws:iam::${WEB}:role/${RELEASER}`, resourcePolicy: trustOf(WEB) });
    expect(await assume(`arn:aws:iam::${FACTORY}:role/golden-ami-ci-release`)).toBe('Allowed');
    expect(await assume(ssoRole('Releaser'))).toBe('Allowed');
    expect(await assume(ssoRole('PlatformEngineer'))).toBe('ImplicitlyDenied');
    expect(await assume(`arn:aws:iam::${FACTORY}:role/golden-ami-ci-deploy`)).toBe('ImplicitlyDenied');
    expect(await assume(`arn:aws:iam::${FACTORY}:role/golden-ami-rebuilder`)).toBe('ImplicitlyDenied');
    expect(await assume(`arn:aws:iam::888888888888:role/golden-ami-ci-release`)).toBe('ImplicitlyDenied');
  });

  it('can do what promote calls: read builds, put channel parameters, move the launch templates team.yaml names, copy, tag promoted', async () => {
    const parameter = `arn:aws:ssm:eu-west-2:${PROD}:parameter/golden-ami/platform/container-host/stable`;
    expect(await may(PROD, 'ssm:GetParameter', parameter)).toBe('Allowed');
    expect(await may(PROD, 'ssm:PutParameter', parameter)).toBe('Allowed');
    expect(await may(PROD, 'ssm:PutParameter', `arn:aws:ssm:eu-west-1:${PROD}:parameter/golden-ami/platform/container-host/stable`)).toBe(
      'Allowed',
    );
    const template = `arn:aws:ec2:eu-west-2:${PROD}:launch-template/lt-0a1b2c3d4e5f60718`;
    expect(await may(PROD, 'ec2:CreateLaunchTemplateVersion', template)).toBe('Allowed');
    expect(await may(PROD, 'ec2:ModifyLaunchTemplate', template)).toBe('Allowed');
    expect(await may(PROD, 'ec2:CopyImage', 'arn:aws:ec2:eu-west-1::image/ami-0123456789abcdef0')).toBe('Allowed');
    expect(
      await may(PROD, 'ec2:CreateTags', 'arn:aws:ec2:eu-west-1::image/ami-0123456789abcdef0', {
        ...tagKeys('golden-ami:promoted:stable'),
        'aws:RequestTag/golden-ami:promoted:stable': '2026-12-08T09:00:00.000Z by octocat: ok',
      }),
    ).toBe('Allowed');
    const image = `arn:aws:imagebuilder:eu-west-2:${FACTORY}:image/platform-container-host/1.1.0/1`;
    expect(
      await may(
        FACTORY,
        'imagebuilder:ListImagePipelineImages',
        `arn:aws:imagebuilder:eu-west-2:${FACTORY}:image-pipeline/platform-container-host`,
      ),
    ).toBe('Allowed');
    expect(
      await may(FACTORY, 'imagebuilder:TagResource', image, {
        ...tagKeys('golden-ami:promoted:stable'),
        'aws:RequestTag/golden-ami:promoted:stable': '2026-12-08T09:00:00.000Z by octocat: ok',
      }),
    ).toBe('Allowed');
  });

  it('reads with the actions that have no resource level (EC2 Describe, ListImageScanFindings) and only those on *', () => {
    const documents = Object.values(releaser(PROD).policies!).map(
      (document) => JSON.parse(document as string) as { Statement: { Action: string | string[]; Resource: string | string[] }[] },
    );
    const onEverything = documents
      .flatMap((document) => document.Statement)
      .filter((statement) => [statement.Resource].flat().includes('*'));
    expect([...new Set(onEverything.flatMap((statement) => [statement.Action].flat()))].sort()).toEqual([
      'ec2:DescribeImages',
      'ec2:DescribeLaunchTemplateVersions',
      'imagebuilder:ListImageScanFindings',
    ]);
  });

  it('uses the platform key through EC2 for the copies promote makes (its own policy and the key policy both allow it), and not directly', async () => {
    const key = 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const keyPolicy = readTerraformLiteral(one(stackOf(FACTORY), 'aws_kms_key', 'platform-key-eu-west-2').policy)!;
    const use = (action: string, context: Record<string, string>) =>
      // digital-lab: a build account that is no key consumer, so only the releaser statements can let its role copy.
      decide(releaser(LAB), { action, resource: key, resourceAccount: FACTORY, resourcePolicy: keyPolicy, context });
    const viaEc2 = { 'kms:ViaService': 'ec2.eu-west-2.amazonaws.com' };
    for (const action of ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'])
      expect(await use(action, viaEc2), action).toBe('Allowed');
    expect(await use('kms:CreateGrant', { ...viaEc2, 'kms:GrantIsForAWSResource': 'true' })).toBe('Allowed');
    expect(await use('kms:Decrypt', {})).not.toBe('Allowed');
    expect(await use('kms:CreateGrant', { ...viaEc2, 'kms:GrantIsForAWSResource': 'false' })).not.toBe('Allowed');
  });

  it('cannot write other parameters, touch launch templates team.yaml does not name, or put other tags', async () => {
    expect(await may(PROD, 'ssm:PutParameter', `arn:aws:ssm:eu-west-2:${PROD}:parameter/collections/iiif-server/ami`)).toBe(
      'ImplicitlyDenied',
    );
    expect(await may(PROD, 'ssm:PutParameter', `arn:aws:ssm:eu-west-2:${PROD}:parameter/golden-amis/x`)).toBe('ImplicitlyDenied');
    expect(
      await may(PROD, 'ssm:DeleteParameter', `arn:aws:ssm:eu-west-2:${PROD}:parameter/golden-ami/platform/container-host/stable`),
    ).toBe('ImplicitlyDenied');
    expect(await may(PROD, 'ssm:PutParameter', `arn:aws:ssm:eu-west-2:${WEB}:parameter/golden-ami/platform/container-host/stable`)).toBe(
      'ImplicitlyDenied',
    );
    expect(await may(PROD, 'ec2:CreateLaunchTemplateVersion', `arn:aws:ec2:eu-west-2:${PROD}:launch-template/lt-0badbadbadbadbad0`)).toBe(
      'ImplicitlyDenied',
    );
    expect(await may(PROD, 'ec2:ModifyLaunchTemplate', `arn:aws:ec2:eu-west-1:${PROD}:launch-template/lt-0a1b2c3d4e5f60718`)).toBe(
      'ImplicitlyDenied',
    );
    expect(await may(PROD, 'ec2:DeleteLaunchTemplate', `arn:aws:ec2:eu-west-2:${PROD}:launch-template/lt-0a1b2c3d4e5f60718`)).toBe(
      'ImplicitlyDenied',
    );
    for (const key of ['Team', 'golden-ami:started-by'])
      expect(
        await may(PROD, 'ec2:CreateTags', 'arn:aws:ec2:eu-west-2::image/ami-0123456789abcdef0', {
          ...tagKeys(key),
          [`aws:RequestTag/${key}`]: 'x',
        }),
        key,
      ).toBe('ImplicitlyDenied');
    expect(
      await may(
        PROD,
        'ec2:CreateTags',
        `arn:aws:ec2:eu-west-2:${PROD}:instance/i-0123456789abcdef0`,
        tagKeys('golden-ami:promoted:stable'),
      ),
    ).toBe('ImplicitlyDenied');
    expect(await may(PROD, 'ec2:DeregisterImage', 'arn:aws:ec2:eu-west-2::image/ami-0123456789abcdef0')).toBe('ImplicitlyDenied');
    expect(await may(PROD, 'ec2:ModifyImageAttribute', 'arn:aws:ec2:eu-west-2::image/ami-0123456789abcdef0')).toBe('ImplicitlyDenied');
    expect(
      await may(
        FACTORY,
        'imagebuilder:StartImagePipelineExecution',
        `arn:aws:imagebuilder:eu-west-2:${FACTORY}:image-pipeline/platform-container-host`,
      ),
    ).toBe('ImplicitlyDenied');
  });

  it('cannot escalate through IAM', async () => {
    for (const action of [
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'iam:AttachRolePolicy',
      'iam:UpdateAssumeRolePolicy',
      'iam:PassRole',
      'sts:AssumeRole',
    ])
      expect(await may(PROD, action, `arn:aws:iam::${PROD}:role/${RELEASER}`), action).toBe('ImplicitlyDenied');
  });
});

describe("CI's release role", () => {
  const workflow = (file: string, ref = 'refs/heads/main') => `${REPO}/.github/workflows/${file}@${ref}`;
  const trust = () =>
    (all(stackOf(FACTORY), 'aws_iam_role').find((r) => r.name === 'golden-ami-ci-release')!.assume_role_policy as string).replace(
      /\$\{aws_iam_openid_connect_provider\.[^}]+\}/,
      PROVIDER,
    );
  const assume = (subject: string, jobWorkflowRef: string) =>
    decide(
      { arn: PROVIDER },
      {
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: `arn:aws:iam::${FACTORY}:role/golden-ami-ci-release`,
        resourcePolicy: trust(),
        context: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': `repo:${REPO}:${subject}`,
          'token.actions.githubusercontent.com:job_workflow_ref': jobWorkflowRef,
        },
      },
    );

  it('is assumed only by promote.yml on main, in the promotion environment (by hand) or promotion-automatic (the schedule)', async () => {
    expect(await assume('environment:promotion', workflow('promote.yml'))).toBe('Allowed');
    expect(await assume('environment:promotion-automatic', workflow('promote.yml'))).toBe('Allowed');
    expect(await assume('environment:promotion-automatic', workflow('deploy.yml'))).toBe('ImplicitlyDenied');
    expect(await assume('environment:production', workflow('promote.yml'))).toBe('ImplicitlyDenied');
    expect(await assume('ref:refs/heads/main', workflow('promote.yml'))).toBe('ImplicitlyDenied');
    expect(await assume('environment:promotion', workflow('promote.yml', 'refs/heads/feature'))).toBe('ImplicitlyDenied');
    expect(await assume('environment:promotion', workflow('deploy.yml'))).toBe('ImplicitlyDenied');
  });

  it('may assume the releaser roles and nothing else: no state, no deploy role', async () => {
    const ci: Caller = {
      arn: `arn:aws:iam::${FACTORY}:role/golden-ami-ci-release`,
      policies: roleDocuments(stackOf(FACTORY), 'golden-ami-ci-release'),
    };
    expect(
      await decide(ci, { action: 'sts:AssumeRole', resource: `arn:aws:iam::${WEB}:role/${RELEASER}`, resourcePolicy: trustOf(WEB) }),
    ).toBe('Allowed');
    expect(await decide(ci, { action: 'sts:AssumeRole', resource: `arn:aws:iam::${WEB}:role/golden-ami-deployer` })).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await decide(ci, { action: 's3:GetObject', resource: 'arn:aws:s3:::museum-golden-ami-tfstate/teams/platform/terraform.tfstate' }),
    ).toBe('ImplicitlyDenied');
  });
});

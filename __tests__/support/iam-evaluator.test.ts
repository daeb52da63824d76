/** The evaluator judges what the foundation tests rely on it to judge. */
import { describe, expect, it } from 'vitest';
import { decide } from './iam-evaluator.js';

const ACCOUNT = '111111111111';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const deployer = (policy: string, tags?: Record<string, string>, boundary?: string) => ({
  arn: `arn:aws:iam::${ACCOUNT}:role/golden-ami-deployer`,
  policies: { deploy: policy },
  tags,
  boundary,
});
const component = (name: string) => `arn:aws:imagebuilder:eu-west-1:${ACCOUNT}:component/${name}/1.0.0/1`;

describe('the IAM evaluator', () => {
  it('denies a wildcard in the resource-type segment of an ARN, as the IAM User Guide says', async () => {
    const wide = doc({
      Effect: 'Allow',
      Action: 'imagebuilder:CreateComponent',
      Resource: `arn:aws:imagebuilder:eu-west-1:${ACCOUNT}:*/data-*`,
    });
    expect(await decide(deployer(wide), { action: 'imagebuilder:CreateComponent', resource: component('data-x') })).toBe(
      'ImplicitlyDenied',
    );
  });

  it('substitutes aws:PrincipalTag in resource ARNs', async () => {
    const byTag = doc({
      Effect: 'Allow',
      Action: 'imagebuilder:CreateComponent',
      Resource: `arn:aws:imagebuilder:eu-west-1:${ACCOUNT}:component/\${aws:PrincipalTag/Team}--*`,
    });
    const request = { action: 'imagebuilder:CreateComponent', resource: component('data--x') };
    expect(await decide(deployer(byTag, { Team: 'data' }), request)).toBe('Allowed');
    expect(await decide(deployer(byTag, { Team: 'other' }), request)).toBe('ImplicitlyDenied');
    expect(await decide(deployer(byTag), request)).toBe('ImplicitlyDenied');
  });

  it('knows the principal ARN of an IAM role, as resource policies that narrow an account root by aws:PrincipalArn need', async () => {
    const bucketPolicy = doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::logs/*',
      Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/golden-ami-deployer` } },
    });
    const anywhere = doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' });
    const put = { action: 's3:PutObject', resource: 'arn:aws:s3:::logs/x', resourceAccount: '222222222222', resourcePolicy: bucketPolicy };
    expect(await decide(deployer(anywhere), put)).toBe('Allowed');
    expect(await decide({ ...deployer(anywhere), arn: `arn:aws:iam::${ACCOUNT}:role/other` }, put)).toBe('ImplicitlyDenied');
  });

  it('substitutes aws:PrincipalTag where it starts the resource part of an ARN (an SNS topic named after the team)', async () => {
    const topics = doc({
      Effect: 'Allow',
      Action: 'sns:DeleteTopic',
      Resource: `arn:aws:sns:*:${ACCOUNT}:\${aws:PrincipalTag/Team}-image-builds`,
    });
    const request = (name: string) => ({ action: 'sns:DeleteTopic', resource: `arn:aws:sns:eu-west-2:${ACCOUNT}:${name}` });
    expect(await decide(deployer(topics, { Team: 'data' }), request('data-image-builds'))).toBe('Allowed');
    expect(await decide(deployer(topics, { Team: 'data' }), request('data-lake-image-builds'))).toBe('ImplicitlyDenied');
    expect(await decide(deployer(topics), request('data-image-builds'))).toBe('ImplicitlyDenied');
  });

  it('applies a permissions boundary and request conditions', async () => {
    const create = doc({
      Effect: 'Allow',
      Action: 'iam:CreateRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/boundary` } },
    });
    const request = { action: 'iam:CreateRole', resource: `arn:aws:iam::${ACCOUNT}:role/x` };
    expect(await decide(deployer(create), request)).toBe('ImplicitlyDenied');
    const withBoundary = { ...request, context: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/boundary` } };
    expect(await decide(deployer(create), withBoundary)).toBe('Allowed');
    const boundary = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    expect(await decide(deployer(create, undefined, boundary), withBoundary)).toBe('ImplicitlyDenied');
  });

  it('evaluates the GitHub OIDC claims of a trust policy, sub and aud included', async () => {
    const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const trust = doc({
      Effect: 'Allow',
      Principal: { Federated: provider },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': 'repo:org/repo:environment:production',
          'token.actions.githubusercontent.com:job_workflow_ref': 'org/repo/.github/workflows/deploy.yml@refs/heads/main',
        },
      },
    });
    const assume = (claims: Record<string, string>) =>
      decide(
        { arn: provider },
        {
          action: 'sts:AssumeRoleWithWebIdentity',
          resource: `arn:aws:iam::${ACCOUNT}:role/ci-deploy`,
          resourcePolicy: trust,
          context: claims,
        },
      );
    const deploy = {
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': 'repo:org/repo:environment:production',
      'token.actions.githubusercontent.com:job_workflow_ref': 'org/repo/.github/workflows/deploy.yml@refs/heads/main',
    };
    expect(await assume(deploy)).toBe('Allowed');
    expect(
      await assume({
        ...deploy,
        'token.actions.githubusercontent.com:job_workflow_ref': 'org/repo/.github/workflows/pr.yml@refs/pull/7/merge',
      }),
    ).toBe('ImplicitlyDenied');
    expect(await assume({ ...deploy, 'token.actions.githubusercontent.com:sub': 'repo:org/repo:pull_request' })).toBe('ImplicitlyDenied');
    expect(await assume({ ...deploy, 'token.actions.githubusercontent.com:aud': 'someone-else' })).toBe('ImplicitlyDenied');
  });

  it('refuses to judge a context key it would drop', async () => {
    const any = doc({ Effect: 'Allow', Action: 'imagebuilder:CreateComponent', Resource: '*' });
    await expect(
      decide(deployer(any), {
        action: 'imagebuilder:CreateComponent',
        resource: component('x'),
        context: { 'kms:ViaService': 'imagebuilder.eu-west-1.amazonaws.com' },
      }),
    ).rejects.toThrow(/would ignore kms:ViaService/);
  });
});

/**
 * The releaser role's revoke statements (src/model/foundation/revocation-policies.ts), in the role the foundation writes, judged by the
 * policy evaluator both ways: every call `npm run revoke` makes is allowed, and what it must not do
 * (other tag keys, parameters outside /golden-ami/, deregistering or launching, another account's
 * resources) is denied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureRepo } from '../support/fixture.js';
import { foundationModel, roleDocuments, stackNamed, synthesizeFoundation } from '../support/foundation.js';
import { RELEASE_TAGS, REVOCATION_TAGS } from '../../src/model/names.js';
import { decide, type Caller, type Request } from '../support/iam-evaluator.js';

const ACCOUNT = '222222222222';
const OTHER = '999999999999';
const REGION = 'eu-west-2';
const AMI = `arn:aws:ec2:${REGION}::image/ami-0123456789abcdef0`;
const IMAGE = `arn:aws:imagebuilder:${REGION}:${ACCOUNT}:image/platform-container-host/1.1.0/1`;

// The releaser role as the example's foundation writes it in collections-prod: promote's and revoke's statements together.
let releaser: Caller;
let repo: FixtureRepo;
beforeAll(() => {
  repo = new FixtureRepo();
  const stack = stackNamed(synthesizeFoundation(foundationModel(repo.fleet())), 'foundation-collections-prod');
  releaser = { arn: `arn:aws:iam::${ACCOUNT}:role/golden-ami-releaser`, policies: roleDocuments(stack, 'golden-ami-releaser') };
});
afterAll(() => repo.dispose());

const tagging = (action: string, resource: string, keys: string[]): Request => ({
  action,
  resource,
  resourceAccount: ACCOUNT,
  context: { 'aws:TagKeys': keys, ...Object.fromEntries(keys.map((key) => [`aws:RequestTag/${key}`, 'x'])) },
});
const untagging = (action: string, resource: string, keys: string[]): Request => ({
  action,
  resource,
  resourceAccount: ACCOUNT,
  context: { 'aws:TagKeys': keys },
});

const REVOKED_KEYS = [
  RELEASE_TAGS.revoked,
  RELEASE_TAGS.revokedReason,
  RELEASE_TAGS.revokedBy,
  RELEASE_TAGS.revokedAt,
  REVOCATION_TAGS.deprecationBefore,
];
const RESTORED_KEYS = Object.values(REVOCATION_TAGS).filter((key) => key !== REVOCATION_TAGS.deprecationBefore);

describe('the releaser role can revoke and restore', () => {
  it.each<[string, Request]>([
    [
      'read the pipeline',
      {
        action: 'imagebuilder:GetImagePipeline',
        resource: `arn:aws:imagebuilder:${REGION}:${ACCOUNT}:image-pipeline/platform-container-host`,
      },
    ],
    [
      'list its images',
      {
        action: 'imagebuilder:ListImagePipelineImages',
        resource: `arn:aws:imagebuilder:${REGION}:${ACCOUNT}:image-pipeline/platform-container-host`,
      },
    ],
    ['read an image', { action: 'imagebuilder:GetImage', resource: IMAGE }],
    ['tag the image revoked', tagging('imagebuilder:TagResource', IMAGE, REVOKED_KEYS.slice(0, 4))],
    ['tag the image restored', tagging('imagebuilder:TagResource', IMAGE, RESTORED_KEYS)],
    ['remove the revoked tags of the image', untagging('imagebuilder:UntagResource', IMAGE, REVOKED_KEYS.slice(0, 4))],
    ['describe AMIs', { action: 'ec2:DescribeImages', resource: '*' }],
    ['tag an AMI revoked', tagging('ec2:CreateTags', AMI, REVOKED_KEYS)],
    ['remove the revoked tags of an AMI', untagging('ec2:DeleteTags', AMI, REVOKED_KEYS)],
    ['deprecate an AMI', { action: 'ec2:EnableImageDeprecation', resource: AMI, resourceAccount: ACCOUNT }],
    ['cancel a deprecation', { action: 'ec2:DisableImageDeprecation', resource: AMI, resourceAccount: ACCOUNT }],
    [
      'read a channel parameter',
      { action: 'ssm:GetParameter', resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/golden-ami/platform/container-host/stable` },
    ],
    [
      'move a channel parameter',
      { action: 'ssm:PutParameter', resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/golden-ami/platform/container-host/stable` },
    ],
    ['read launch templates', { action: 'ec2:DescribeLaunchTemplateVersions', resource: '*' }],
    [
      'add a launch template version',
      { action: 'ec2:CreateLaunchTemplateVersion', resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:launch-template/lt-0a1b2c3d4e5f60718` },
    ],
    [
      'set the default version',
      { action: 'ec2:ModifyLaunchTemplate', resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:launch-template/lt-0a1b2c3d4e5f60718` },
    ],
  ])('%s', async (_name, request) => {
    expect(await decide(releaser, request)).toBe('Allowed');
  });
});

describe('the releaser role cannot do more', () => {
  it.each<[string, Request]>([
    ['tag an AMI with another key', tagging('ec2:CreateTags', AMI, [RELEASE_TAGS.revoked, 'Retain'])],
    [
      'remove the promote tags of an AMI (promote only adds them)',
      untagging('ec2:DeleteTags', AMI, [`${RELEASE_TAGS.promotedPrefix}stable`]),
    ],
    ['remove the team tag of an AMI', untagging('ec2:DeleteTags', AMI, ['Team'])],
    ['tag an image with another key', tagging('imagebuilder:TagResource', IMAGE, ['Team'])],
    ['tag an instance', tagging('ec2:CreateTags', `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`, [RELEASE_TAGS.revoked])],
    ['deregister an AMI', { action: 'ec2:DeregisterImage', resource: AMI, resourceAccount: ACCOUNT }],
    ['launch an instance', { action: 'ec2:RunInstances', resource: AMI, resourceAccount: ACCOUNT }],
    [
      'write a parameter outside /golden-ami/',
      { action: 'ssm:PutParameter', resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/database-password` },
    ],
    [
      'read a secret parameter outside /golden-ami/',
      { action: 'ssm:GetParameter', resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/database-password` },
    ],
    [
      'delete a channel parameter',
      { action: 'ssm:DeleteParameter', resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/golden-ami/platform/container-host/stable` },
    ],
    [
      'move a parameter of another account',
      { action: 'ssm:PutParameter', resource: `arn:aws:ssm:${REGION}:${OTHER}:parameter/golden-ami/x/y/stable`, resourceAccount: OTHER },
    ],
    [
      'delete a launch template',
      { action: 'ec2:DeleteLaunchTemplate', resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:launch-template/lt-0a1b2c3d4e5f60718` },
    ],
    [
      'start a pipeline',
      {
        action: 'imagebuilder:StartImagePipelineExecution',
        resource: `arn:aws:imagebuilder:${REGION}:${ACCOUNT}:image-pipeline/platform-container-host`,
      },
    ],
    ['delete an image', { action: 'imagebuilder:DeleteImage', resource: IMAGE }],
    [
      'change a lifecycle policy',
      {
        action: 'imagebuilder:UpdateLifecyclePolicy',
        resource: `arn:aws:imagebuilder:${REGION}:${ACCOUNT}:lifecycle-policy/platform-container-host`,
      },
    ],
  ])('%s', async (_name, request) => {
    expect(await decide(releaser, request)).not.toBe('Allowed');
  });
});

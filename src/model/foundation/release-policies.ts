/**
 * The releaser role (`golden-ami-releaser`) in every account of the fleet: whom it trusts (CI's
 * release role from the promotion environment, and the people `operators.release` names) and what
 * it may do. Each release command's statements are a function of their own (promote's here,
 * revoke's in revocation-policies.ts), and the role's policy is their union.
 */
import type { Foundation } from './foundation.js';
import { channelParametersArn, RELEASE_TAGS } from '../names.js';
import {
  ciRoleArn,
  namedLaunchTemplateArns,
  operatorsNamed,
  policy,
  roots,
  type PolicyDocument,
  type Statement,
} from './policy-document.js';
import { operatorTrustPolicy } from './operator-policies.js';
import { revocationStatements } from './revocation-policies.js';

/** Trust of the releaser role: CI's release role (state account), and the permission sets and roles of `operators.release`. */
export function releaseTrustPolicy(f: Foundation): PolicyDocument {
  const people = operatorsNamed(f, 'release') ? operatorTrustPolicy(f, 'release').Statement : [];
  return policy(
    {
      Sid: 'ContinuousIntegration',
      Effect: 'Allow',
      Principal: roots(f, [f.stateAccount.id]),
      Action: 'sts:AssumeRole',
      Condition: { ArnEquals: { 'aws:PrincipalArn': ciRoleArn(f, 'release') } },
    },
    ...people,
  );
}

/** Tag keys only promote writes: `golden-ami:promoted:<channel>`. */
const PROMOTED_KEYS = { 'ForAllValues:StringLike': { 'aws:TagKeys': `${RELEASE_TAGS.promotedPrefix}*` } };

/**
 * What `npm run promote` calls in an account: read the pipeline's builds and their scan findings,
 * read and put channel parameters (`/golden-ami/*` only), add versions to and set the default of the
 * launch templates team.yaml names in this account (no other), copy an AMI (encrypted with the
 * platform key of its region, through EC2 only) and put the promoted tag on AMIs and Image Builder
 * images (that tag key only). EC2's Describe actions and ListImageScanFindings have no resource
 * level (Service Authorization Reference, Amazon EC2 and EC2 Image Builder), hence `*`.
 */
export function promoteStatements(f: Foundation, accountId: string): Statement[] {
  const p = f.partition;
  const templates = namedLaunchTemplateArns(f, accountId);
  const keys = f.regions.flatMap((key) => (key.recordedArn ? [{ region: key.region, arn: key.recordedArn }] : []));
  const statements: (Statement | false)[] = [
    {
      Sid: 'PromoteReads',
      Effect: 'Allow',
      Action: ['ec2:DescribeImages', 'ec2:DescribeLaunchTemplateVersions', 'imagebuilder:ListImageScanFindings'],
      Resource: '*',
    },
    {
      Sid: 'PromoteReadBuilds',
      Effect: 'Allow',
      Action: ['imagebuilder:GetImage', 'imagebuilder:ListImagePipelineImages'],
      Resource: [`arn:${p}:imagebuilder:*:${accountId}:image-pipeline/*`, `arn:${p}:imagebuilder:*:${accountId}:image/*`],
    },
    {
      Sid: 'PromoteChannelParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:PutParameter'],
      Resource: channelParametersArn(p, accountId),
    },
    templates.length > 0 && {
      Sid: 'PromoteLaunchTemplates',
      Effect: 'Allow',
      Action: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
      Resource: templates,
    },
    {
      Sid: 'PromoteCopies',
      Effect: 'Allow',
      Action: 'ec2:CopyImage',
      Resource: `arn:${p}:ec2:*::image/*`,
    },
    {
      Sid: 'PromoteTagCopies',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: `arn:${p}:ec2:*::image/*`,
      Condition: { StringEquals: { 'ec2:CreateAction': 'CopyImage' }, ...PROMOTED_KEYS },
    },
    {
      Sid: 'PromoteTagAmis',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: `arn:${p}:ec2:*::image/*`,
      Condition: PROMOTED_KEYS,
    },
    {
      Sid: 'PromoteTagImages',
      Effect: 'Allow',
      Action: 'imagebuilder:TagResource',
      Resource: `arn:${p}:imagebuilder:*:${accountId}:image/*`,
      Condition: PROMOTED_KEYS,
    },
    keys.length > 0 && {
      Sid: 'PromoteCopyKeys',
      Effect: 'Allow',
      Action: [
        'kms:CreateGrant',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
      ],
      Resource: keys.map((key) => key.arn),
      Condition: { StringLike: { 'kms:ViaService': 'ec2.*.amazonaws.com' } },
    },
  ];
  return statements.filter((statement) => statement !== false);
}

/** The releaser role's permissions in an account: what promote and revoke call there. */
export function releaseRolePermissions(f: Foundation, accountId: string): PolicyDocument {
  return policy(...promoteStatements(f, accountId), ...revocationStatements(f, accountId));
}

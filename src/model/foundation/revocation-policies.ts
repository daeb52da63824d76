/**
 * What `npm run revoke` needs of the releaser role (RELEASE_ROLE_NAME) in each account of the fleet:
 * read the pipeline's images, tag and untag images and AMIs with the revocation tags only, deprecate
 * AMIs and cancel it, move the golden-ami parameters and the launch templates team.yaml names back. Nothing else: no
 * other tag key, no parameter outside /golden-ami/, no AMI deregistration, no launch.
 */
import { REVOCATION_TAG_PATTERN } from '../names.js';
import type { Foundation } from './foundation.js';
import { namedLaunchTemplateArns, type Statement } from './policy-document.js';

/** The parameters revoke moves: channel parameters and the team.yaml `ssmParameter`s under the default prefix. */
const PARAMETERS = 'parameter/golden-ami/*';

/** Tag keys of a request: only the revocation tags, and at least one (ForAllValues alone holds for none). */
const onlyRevocationTags = {
  'ForAllValues:StringLike': { 'aws:TagKeys': REVOCATION_TAG_PATTERN },
  Null: { 'aws:TagKeys': 'false' },
};

/** The revoke statements of the releaser role in one account. */
export function revocationStatements(f: Pick<Foundation, 'partition' | 'launchTemplates'>, accountId: string): Statement[] {
  const p = f.partition;
  const templates = namedLaunchTemplateArns(f, accountId);
  // AMI ARNs have no account (arn:aws:ec2:<region>::image/ami-…); EC2 only lets an account tag or deprecate the AMIs it owns.
  const amis = `arn:${p}:ec2:*::image/*`;
  const images = `arn:${p}:imagebuilder:*:${accountId}:image/*`;
  const statements: (Statement | false)[] = [
    {
      Sid: 'RevokeReadImages',
      Effect: 'Allow',
      Action: ['imagebuilder:GetImagePipeline', 'imagebuilder:ListImagePipelineImages', 'imagebuilder:GetImage'],
      Resource: [`arn:${p}:imagebuilder:*:${accountId}:image-pipeline/*`, images],
    },
    {
      Sid: 'RevokeTagImages',
      Effect: 'Allow',
      Action: ['imagebuilder:TagResource', 'imagebuilder:UntagResource'],
      Resource: images,
      Condition: onlyRevocationTags,
    },
    {
      // Describe actions take no resource-level permissions (Service Authorization Reference, Amazon EC2).
      Sid: 'RevokeReadAmisAndTemplates',
      Effect: 'Allow',
      Action: ['ec2:DescribeImages', 'ec2:DescribeLaunchTemplateVersions'],
      Resource: '*',
    },
    { Sid: 'RevokeTagAmis', Effect: 'Allow', Action: ['ec2:CreateTags', 'ec2:DeleteTags'], Resource: amis, Condition: onlyRevocationTags },
    {
      Sid: 'RevokeDeprecateAmis',
      Effect: 'Allow',
      Action: ['ec2:EnableImageDeprecation', 'ec2:DisableImageDeprecation'],
      Resource: amis,
    },
    {
      Sid: 'RevokeMoveParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:PutParameter'],
      Resource: `arn:${p}:ssm:*:${accountId}:${PARAMETERS}`,
    },
    templates.length > 0 && {
      Sid: 'RevokeMoveLaunchTemplates',
      Effect: 'Allow',
      Action: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
      Resource: templates,
    },
  ];
  return statements.filter((statement) => statement !== false);
}

/**
 * The one role the foundation cannot create, because every foundation stack runs as it:
 * `foundation.foundationRole`, in every account with a foundation stack. Each stack's provider
 * assumes it (stack.ts), both when a person bootstraps and when the Foundation deploy workflow runs,
 * so its trust names exactly the callers: the people who bootstrap (by `aws:PrincipalArn`, their
 * own role, never this one: the provider assumes it from outside, so no self-trust is needed) and
 * the CI foundation role of the state account. Written as a CloudFormation template that a person
 * with administrator access deploys once per account.
 */
import { partitionOf } from '../../config/aws-names.js';
import type { PlatformSettings } from '../../config/platform-schema.js';
import { accountRoot, CI_ROLE_NAMES, roleArn, roleNameOfTemplate } from '../names.js';
import { policy, principalArn, type PolicyDocument } from './policy-document.js';

/**
 * The IAM service of each Terraform resource type the foundation stacks create (by type prefix).
 * The role may use these services only; `__tests__/bootstrap.test.ts` fails when a stack creates a
 * type none of them covers.
 */
export const FOUNDATION_SERVICES: Record<string, string> = {
  aws_iam_: 'iam',
  aws_kms_: 'kms',
  aws_s3_: 's3',
  aws_cloudwatch_event_: 'events',
};

/** What the role is made from: the platform settings (with foundation settings) and who bootstraps. */
export interface FoundationRoleInputs {
  platform: Pick<PlatformSettings, 'stateRegion' | 'accounts'> & { foundation: NonNullable<PlatformSettings['foundation']> };
  /** Role or user ARNs of the people who bootstrap; `*` may stand for the generated part of an IAM Identity Center role name. */
  bootstrapPrincipals: readonly string[];
}

/** The trust policy: the bootstrap principals and the CI foundation role, each by `aws:PrincipalArn`. */
export function foundationRoleTrust({ platform, bootstrapPrincipals }: FoundationRoleInputs): PolicyDocument {
  const partition = partitionOf(platform.stateRegion);
  const callers = [
    ...bootstrapPrincipals,
    roleArn(partition, platform.accounts[platform.foundation.stateAccount]!, CI_ROLE_NAMES.foundation),
  ];
  const accounts = [...new Set(callers.map((arn) => arn.split(':')[4]!))].sort();
  return policy({
    Sid: 'BootstrapAndFoundationDeploys',
    Effect: 'Allow',
    Principal: { AWS: accounts.map((id) => accountRoot(partition, id)) },
    Action: 'sts:AssumeRole',
    Condition: principalArn(callers),
  });
}

/**
 * The permissions: every action of the services the foundation stacks create resources with (and
 * the S3 and KMS use of the state backend), on every resource. This role creates roles and writes
 * their policies, so it administers the platform's accounts whatever its policy says: narrower
 * resource names would not make it less powerful, only the trust above keeps it in the right hands.
 */
export function foundationRolePermissions(): PolicyDocument {
  return policy({
    Sid: 'FoundationServices',
    Effect: 'Allow',
    Action: Object.values(FOUNDATION_SERVICES).map((service) => `${service}:*`),
    Resource: '*',
  });
}

/** The CloudFormation template of the role (one stack per account, `CAPABILITY_NAMED_IAM`). */
export function foundationRoleTemplate(inputs: FoundationRoleInputs): Record<string, unknown> {
  const { foundation } = inputs.platform;
  const name = roleNameOfTemplate(foundation.foundationRole);
  const slash = name.lastIndexOf('/');
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `The role the golden AMI foundation stacks run as (${foundation.repository}); trusted by the bootstrap principals and ${CI_ROLE_NAMES.foundation}`,
    Resources: {
      FoundationRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: name.slice(slash + 1),
          ...(slash >= 0 ? { Path: `/${name.slice(0, slash + 1)}` } : {}),
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: foundationRoleTrust(inputs),
          Policies: [{ PolicyName: 'golden-ami-foundation', PolicyDocument: foundationRolePermissions() }],
        },
      },
    },
  };
}

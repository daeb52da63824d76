/**
 * An account that receives AMIs: the cross-account distribution role Image Builder expects, with
 * the AWS managed distribution policy and the key, launch template and parameter permissions the
 * fleet needs there, trusting only the build accounts that distribute to it; and the lifecycle
 * role with which the team stacks' lifecycle policies deprecate and delete the copies made here.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import type { Foundation, FoundationAccount } from '../../model/foundation/foundation.js';
import {
  awsManagedPolicyArn,
  CROSS_ACCOUNT_LIFECYCLE_ROLE_NAME,
  DISTRIBUTION_MANAGED_POLICY,
  DISTRIBUTION_ROLE_NAME,
  LIFECYCLE_MANAGED_POLICY,
} from '../../model/names.js';
import {
  crossAccountLifecycleTrustPolicy,
  distributionRolePermissions,
  distributionTrustPolicy,
} from '../../model/foundation/account-policies.js';
import { grantRolePermissions } from './account-roles.js';

/** The distribution role and its permissions, and the lifecycle role. */
export class ReceivingAccount extends Construct {
  constructor(scope: Construct, id: string, f: Foundation, account: FoundationAccount) {
    super(scope, id);
    const role = new IamRole(this, 'distribution-role', {
      name: DISTRIBUTION_ROLE_NAME,
      description: 'EC2 Image Builder cross-account distribution from the golden AMI build accounts',
      assumeRolePolicy: JSON.stringify(distributionTrustPolicy(f, account)),
    });
    new IamRolePolicyAttachment(this, 'distribution-managed-policy', {
      role: role.name,
      policyArn: awsManagedPolicyArn(f.partition, DISTRIBUTION_MANAGED_POLICY),
    });
    grantRolePermissions(
      this,
      'distribution',
      role,
      DISTRIBUTION_ROLE_NAME,
      'golden-ami-distribution',
      distributionRolePermissions(f, account),
    );
    const lifecycle = new IamRole(this, 'lifecycle-role', {
      name: CROSS_ACCOUNT_LIFECYCLE_ROLE_NAME,
      description: 'EC2 Image Builder lifecycle actions on AMI copies from the golden AMI build accounts',
      assumeRolePolicy: JSON.stringify(crossAccountLifecycleTrustPolicy(f, account)),
    });
    new IamRolePolicyAttachment(this, 'lifecycle-managed-policy', {
      role: lifecycle.name,
      policyArn: awsManagedPolicyArn(f.partition, LIFECYCLE_MANAGED_POLICY),
    });
  }
}

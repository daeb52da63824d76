/**
 * The roles CI reaches an account through: the plan role (every foundation account) and, in a
 * build account, the deploy role; both trust only their CI role in the state account. A build
 * account also gets Amazon Inspector EC2 scanning, which Image Builder's image scanning reports from.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Inspector2Enabler } from '@cdktf/provider-aws/lib/inspector2-enabler';
import { Construct } from 'constructs';
import type { Foundation, FoundationAccount } from './model.js';
import { roleNameOfTemplate } from './names.js';
import { deployRolePermissions, planRolePermissions } from './account-policies.js';
import { assumedByPolicy } from './ci-policies.js';
import { ciRoleArn, type PolicyDocument } from './policy-document.js';

/** The name and path of a role from a settings template (`role/<path>/<name>`). */
function nameAndPath(template: string): { name: string; path?: string } {
  const full = roleNameOfTemplate(template);
  const slash = full.lastIndexOf('/');
  return slash < 0 ? { name: full } : { name: full.slice(slash + 1), path: `/${full.slice(0, slash + 1)}` };
}

/** A role only one CI role may assume, with its inline policy when it has one. */
function chainedRole(scope: Construct, id: string, template: string, description: string, trust: PolicyDocument, permissions: PolicyDocument | undefined): void {
  const role = new IamRole(scope, id, { ...nameAndPath(template), description, assumeRolePolicy: JSON.stringify(trust), maxSessionDuration: 3600 });
  if (permissions) new IamRolePolicy(scope, `${id}-permissions`, { name: 'golden-ami', role: role.id, policy: JSON.stringify(permissions) });
}

/** The plan role, and in a build account the deploy role and Inspector. */
export class AccountRoles extends Construct {
  constructor(scope: Construct, id: string, f: Foundation, account: FoundationAccount) {
    super(scope, id);
    const stateRegion = f.platform.stateRegion;
    chainedRole(
      this,
      'plan-role',
      f.platform.planRole!,
      'Golden AMI plans: reads configuration, never data',
      assumedByPolicy(f, ciRoleArn(f, 'plan')),
      planRolePermissions(f, account),
    );
    if (!account.build) return;
    chainedRole(
      this,
      'deploy-role',
      f.platform.deployRole,
      "Golden AMI deploys of the team stacks building in this account, on their teams' names",
      assumedByPolicy(f, ciRoleArn(f, 'deploy')),
      deployRolePermissions(f, account),
    );
    for (const region of f.settings.regions) {
      new Inspector2Enabler(this, `inspector-${region}`, {
        region: region === stateRegion ? undefined : region,
        accountIds: [account.id],
        resourceTypes: ['EC2'],
      });
    }
  }
}

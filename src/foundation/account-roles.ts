/**
 * The roles CI reaches an account through: the plan role (every foundation account) and, in a
 * build account, the deploy role; both trust only their CI role in the state account. A build
 * account also gets the permissions boundary of every team role, and Amazon Inspector EC2 scanning,
 * which Image Builder's image scanning reports from.
 *
 * A role's inline policy holds what does not grow with the number of teams (for the deploy and plan
 * roles, everything: account-policies.ts); what does is in customer-managed policies attached to it,
 * as many as fit (policy-document.ts rolePermissionsOf, packedPolicies). All are in this foundation stack.
 */
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Inspector2Enabler } from '@cdktf/provider-aws/lib/inspector2-enabler';
import { Construct } from 'constructs';
import { regionArgument, type Foundation, type FoundationAccount } from './model.js';
import { roleNameOfTemplate, policyPartName, TEAM_BOUNDARY_NAME } from './names.js';
import { deployRolePermissions, planRolePermissions, teamBoundaryPolicy } from './account-policies.js';
import { policyJson } from '../stacks/terraform-text.js';
import { assumedByPolicy } from './ci-policies.js';
import { ciRoleArn, type PolicyDocument, type RolePermissions } from './policy-document.js';

/** The name and path of a role from a settings template (`role/<path>/<name>`). */
function nameAndPath(template: string): { name: string; path?: string } {
  const full = roleNameOfTemplate(template);
  const slash = full.lastIndexOf('/');
  return slash < 0 ? { name: full } : { name: full.slice(slash + 1), path: `/${full.slice(0, slash + 1)}` };
}

/**
 * A role's permissions: its inline policy (named `inlineName`) when it has one, and its managed
 * policies, `<role>-part-<n>` (n from 1, in order), attached.
 */
export function grantRolePermissions(scope: Construct, id: string, role: IamRole, roleName: string, inlineName: string, permissions: RolePermissions | undefined): void {
  if (permissions?.inline?.Statement.length) new IamRolePolicy(scope, `${id}-permissions`, { name: inlineName, role: role.id, policy: policyJson(permissions.inline) });
  permissions?.managed.forEach((document, index) => {
    const part = index + 1;
    // A constant description: it is ForceNew, and what a part holds may change.
    const managed = new IamPolicy(scope, `${id}-part-${part}`, {
      name: policyPartName(roleName, part),
      description: `Golden AMI: part ${part} of the permissions of role ${roleName}`,
      policy: policyJson(document),
    });
    new IamRolePolicyAttachment(scope, `${id}-part-${part}-attachment`, { role: role.name, policyArn: managed.arn });
  });
}

/** A role only one CI role may assume, with its permissions (grantRolePermissions). */
function chainedRole(scope: Construct, id: string, template: string, description: string, trust: PolicyDocument, permissions: RolePermissions | undefined): void {
  const { name, path } = nameAndPath(template);
  const role = new IamRole(scope, id, { name, path, description, assumeRolePolicy: JSON.stringify(trust), maxSessionDuration: 3600 });
  grantRolePermissions(scope, id, role, name, 'golden-ami', permissions);
}

/** The plan role, and in a build account the deploy role and Inspector. */
export class AccountRoles extends Construct {
  constructor(scope: Construct, id: string, f: Foundation, account: FoundationAccount) {
    super(scope, id);
    chainedRole(
      this,
      'plan-role',
      f.platform.planRole!,
      'Golden AMI plans: reads configuration, never data',
      assumedByPolicy(f, ciRoleArn(f, 'plan')),
      planRolePermissions(f, account),
    );
    if (!account.build) return;
    new IamPolicy(this, 'team-boundary', {
      name: TEAM_BOUNDARY_NAME,
      description: 'Golden AMI: the most any team role may do; the deploy role cannot create or change a team role without it',
      policy: policyJson(teamBoundaryPolicy(f, account)),
    });
    chainedRole(
      this,
      'deploy-role',
      f.platform.deployRole,
      "Golden AMI deploys of the team stacks building in this account, each on the resources of the team in its session's Team tag",
      assumedByPolicy(f, ciRoleArn(f, 'deploy')),
      deployRolePermissions(f, account),
    );
    for (const region of f.settings.regions) {
      new Inspector2Enabler(this, `inspector-${region}`, {
        region: regionArgument(f, region),
        accountIds: [account.id],
        resourceTypes: ['EC2'],
      });
    }
  }
}

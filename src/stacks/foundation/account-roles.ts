/**
 * The roles CI reaches an account through: the plan role (every foundation account) and, in a
 * build account, the deploy role; both trust only their CI role in the state account (and the plan
 * role the read-only operator role). A build account may also get the rebuild operator role. A build
 * account also gets the permissions boundary of every team role. Amazon Inspector, which Image
 * Builder's image scanning reports from, is left as the account has it (forgetInspectorEnablers).
 *
 * A role's inline policy holds what does not grow with the number of teams (for the deploy and plan
 * roles, everything: account-policies.ts); what does is in customer-managed policies attached to it,
 * as many as fit (policy-document.ts rolePermissionsOf, packedPolicies). All are in this foundation stack.
 */
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { Foundation, FoundationAccount } from '../../model/foundation/foundation.js';
import {
  PREVIEW_ROLE_NAME,
  rebuildRoleArn,
  releaseRoleArn,
  roleArn,
  roleNameOfTemplate,
  policyPartName,
  TEAM_BOUNDARY_NAME,
} from '../../model/names.js';
import { previewRolePermissions } from '../../model/foundation/preview-policies.js';
import { operatorTrustPolicy, rebuildRolePermissions } from '../../model/foundation/operator-policies.js';
import { deployRolePermissions, planRolePermissions, teamBoundaryPolicy } from '../../model/foundation/account-policies.js';
import { policyJson } from '../../core/terraform-text.js';
import { assumedByPolicy } from '../../model/foundation/ci-policies.js';
import {
  ciRoleArn,
  hasOperators,
  planReaders,
  rolePermissionsOf,
  type PolicyDocument,
  type RolePermissions,
} from '../../model/foundation/policy-document.js';
import { releaseRolePermissions, releaseTrustPolicy } from '../../model/foundation/release-policies.js';

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
export function grantRolePermissions(
  scope: Construct,
  id: string,
  role: IamRole,
  roleName: string,
  inlineName: string,
  permissions: RolePermissions | undefined,
): void {
  if (permissions?.inline?.Statement.length)
    new IamRolePolicy(scope, `${id}-permissions`, { name: inlineName, role: role.id, policy: policyJson(permissions.inline) });
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

/** A role of the account (its name and path from a template or ARN), with its trust and permissions (grantRolePermissions). */
function chainedRole(
  scope: Construct,
  id: string,
  template: string,
  description: string,
  trust: PolicyDocument,
  permissions: RolePermissions | undefined,
): void {
  const { name, path } = nameAndPath(template);
  const role = new IamRole(scope, id, { name, path, description, assumeRolePolicy: JSON.stringify(trust), maxSessionDuration: 3600 });
  grantRolePermissions(scope, id, role, name, 'golden-ami', permissions);
}

/**
 * The foundation switches no Amazon Inspector scanner on or off. The provider's
 * `aws_inspector2_enabler` turns off, when created, every scan type that is on and not listed, on
 * update every type not listed, and on destroy every type (hashicorp/terraform-provider-aws
 * internal/service/inspector2/enabler.go: resourceEnablerCreate, resourceEnablerUpdate,
 * disableAccounts), and hashicorp/aws 6.25 has nothing that switches on EC2 scanning alone. So a
 * person enables EC2 scanning (docs/platform.md, "Setting up the platform"), and the enablers an earlier
 * foundation created, `roles/inspector-<region>`, are forgotten by Terraform (a `removed` block,
 * `destroy = false`), never destroyed; for an address not in the state the block does nothing.
 */
function forgetInspectorEnablers(scope: Construct, f: Foundation): void {
  const stack = TerraformStack.of(scope);
  // The logical id the enabler had: a construct at its path, which synthesises nothing.
  const addresses = f.settings.regions.map(
    (region) => `aws_inspector2_enabler.${stack.getLogicalId(new Construct(scope, `inspector-${region}`).node)}`,
  );
  stack.addOverride(
    'removed',
    addresses.map((from) => ({ from, lifecycle: { destroy: false } })),
  );
}

/** The plan role, the releaser role in every build and receiving account, and in a build account the deploy role, the team boundary and the rebuild operator role. */
export class AccountRoles extends Construct {
  constructor(scope: Construct, id: string, f: Foundation, account: FoundationAccount) {
    super(scope, id);
    // Every account: the sweep deletes preview AMIs wherever they were copied; a build account's deploys and destroys previews too.
    chainedRole(
      this,
      'preview-role',
      roleArn(f.partition, account.id, PREVIEW_ROLE_NAME),
      'Golden AMI previews (pull-request code): resources named <team>-preview-<id> and tagged golden-ami:preview only',
      assumedByPolicy(f, [ciRoleArn(f, 'preview')]),
      previewRolePermissions(f, account),
    );
    chainedRole(
      this,
      'plan-role',
      f.platform.planRole!,
      'Golden AMI plans: reads configuration, never data',
      // People chain through the read-only operator role as CI chains through its plan role.
      assumedByPolicy(f, planReaders(f)),
      planRolePermissions(f, account),
    );
    if (account.build || account.receiving) {
      chainedRole(
        this,
        'release-role',
        releaseRoleArn(f.partition, account.id),
        'Golden AMI releases (npm run promote): channel parameters, the launch templates team.yaml names, promoted tags, AMI copies',
        releaseTrustPolicy(f),
        rolePermissionsOf(releaseRolePermissions(f, account.id)),
      );
    }
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
      assumedByPolicy(f, [ciRoleArn(f, 'deploy')]),
      deployRolePermissions(f, account),
    );
    if (hasOperators(f, 'rebuild')) {
      chainedRole(
        this,
        'rebuild-role',
        rebuildRoleArn(f.platform, account.id),
        "Golden AMI urgent rebuilds by people: starts the pipelines of the team in its session's Team tag",
        operatorTrustPolicy(f, 'rebuild'),
        { inline: rebuildRolePermissions(f, account.id), managed: [] },
      );
    }
    forgetInspectorEnablers(this, f);
  }
}

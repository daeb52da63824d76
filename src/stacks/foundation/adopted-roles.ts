/**
 * Roles an account already has that the foundation adopts (`foundation.adoptRoles`): an account
 * baseline often creates `EC2ImageBuilderDistributionCrossAccountRole` in every account, and a
 * foundation creating it again fails with EntityAlreadyExists. Image Builder looks the role up by
 * that exact name (Image Builder User Guide, "Set up cross-account AMI distribution"), so it cannot
 * be renamed: Terraform imports it instead (`import { to, id }`, Terraform >= 1.5), and then manages
 * it as the foundation defines it. The imports come from the settings alone, never from AWS, so
 * every synth writes the same blocks.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { Construct } from 'constructs';
import type { Problem } from '../../core/problems.js';
import type { SynthesizedStack } from '../../checks/synthesized.js';
import { resourcesOf } from '../../checks/synthesized.js';
import { foundationStackName } from '../../model/names.js';
import type { FoundationSettings } from '../../config/foundation-schema.js';

/**
 * Marks each role of the stack whose name is adopted for import; an `aws_iam_role` is imported by
 * its name (hashicorp/terraform-provider-aws website/docs/r/iam_role.html.markdown, "Import").
 */
export function adoptExistingRoles(stack: Construct, roleNames: readonly string[]): void {
  for (const role of stack.node.findAll()) {
    if (role instanceof IamRole && role.nameInput !== undefined && roleNames.includes(role.nameInput)) role.importFrom(role.nameInput);
  }
}

/** One adopted role that its account's foundation stack does not create (so nothing would import it). */
export interface UnknownAdoptedRole {
  account: string;
  index: number;
  role: string;
  /** The role names the stack does create. */
  created: string[];
}

/** Every adopted role that the synthesised foundation stack of its account does not create. */
export function unknownAdoptedRoles(
  stacks: readonly SynthesizedStack[],
  settings: Pick<FoundationSettings, 'adoptRoles'>,
): UnknownAdoptedRole[] {
  return Object.entries(settings.adoptRoles).flatMap(([account, roles]) => {
    const stack = stacks.find((candidate) => candidate.name === foundationStackName(account));
    const created = stack
      ? resourcesOf(stack, 'aws_iam_role')
          .map((role) => String(role.config.name))
          .sort()
      : [];
    return roles.flatMap((role, index) => (created.includes(role) ? [] : [{ account, index, role, created }]));
  });
}

/** An unknown adopted role as a problem at its place in the settings. */
export function unknownAdoptedRoleProblem(
  { account, role, created }: UnknownAdoptedRole,
  where: Pick<Problem, 'file' | 'path' | 'line' | 'column'>,
): Problem {
  return {
    severity: 'error',
    ...where,
    message: `the foundation stack of ${account} creates no role "${role}", so there is nothing to adopt`,
    hint: created.length
      ? `adopt one of the roles it creates: ${created.join(', ')}`
      : `account ${account} has no foundation stack with roles: remove the entry`,
  };
}

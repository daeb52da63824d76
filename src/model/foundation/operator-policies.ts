/**
 * The operator roles people work through (`context.platform.foundation.operators`): whom they trust
 * and what they may do. The read-only role does what the CI plan role does (ci-policies.ts) and is
 * trusted by each account's plan role beside it; the rebuild role starts its session team's pipelines.
 */
import type { Foundation } from './foundation.js';
import { permissionSetRolePatterns } from '../names.js';
import { operatorsNamed, policy, roots, type OperatorRole, type PolicyDocument } from './policy-document.js';
import { startTeamPipelines } from './account-policies.js';

/**
 * Trust of an operator role: the permission sets' roles in the state account (`ArnLike` on the
 * pattern IAM Identity Center names them by) and the exact role ARNs named, each through its
 * account. The rebuild role's sessions carry the `Team` tag its statements are bound to (sts:TagSession).
 */
export function operatorTrustPolicy(f: Foundation, role: OperatorRole): PolicyDocument {
  const { permissionSets, roles } = operatorsNamed(f, role)!;
  const Action = role === 'rebuild' ? ['sts:AssumeRole', 'sts:TagSession'] : 'sts:AssumeRole';
  const one = (values: string[]) => (values.length === 1 ? values[0]! : values);
  const accountsOf = [...new Set(roles.map((arn) => arn.split(':')[4]!))];
  return policy(
    permissionSets.length > 0 && {
      Sid: 'PermissionSets',
      Effect: 'Allow',
      Principal: roots(f, [f.stateAccount.id]),
      Action,
      Condition: {
        ArnLike: {
          'aws:PrincipalArn': one(permissionSets.flatMap((set) => permissionSetRolePatterns(f.partition, f.stateAccount.id, set))),
        },
      },
    },
    roles.length > 0 && {
      Sid: 'Roles',
      Effect: 'Allow',
      Principal: roots(f, accountsOf),
      Action,
      Condition: { ArnEquals: { 'aws:PrincipalArn': one(roles) } },
    },
  );
}

/** The rebuild role's permissions in a build account: start the pipelines of its session's team (what `npm run rebuild` calls). */
export function rebuildRolePermissions(f: Foundation, accountId: string): PolicyDocument {
  return policy(...startTeamPipelines(f, accountId));
}

/**
 * The releaser role's permissions (RELEASE_ROLE_NAME, in every account of the fleet): one statement
 * list per release command, each from its own module, so that promote and revoke grow apart.
 */
import type { Foundation } from './foundation.js';
import { policy, type PolicyDocument } from './policy-document.js';
import { revocationStatements } from './revocation-policies.js';

/** The releaser role's identity policy in one account. */
export function releaserRolePermissions(f: Pick<Foundation, 'partition'>, accountId: string): PolicyDocument {
  return policy(...revocationStatements(f, accountId));
}

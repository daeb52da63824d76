/**
 * Which role an AWS-facing command works with (`--role`, else GOLDEN_AMI_ROLE, else the command's
 * default), and the roles it assumes, in order, to act as it in an account.
 */
import type { PlatformSettings } from '../config/platform-schema.js';
import { deployRoleArn, operatorRoleArn, planRoleArn, rebuildRoleArn, releaseRoleArn } from './names.js';

/** The environment variable that names the role, for the commands and for synth (`deploy`, or read-only). */
export const ROLE_VARIABLE = 'GOLDEN_AMI_ROLE';

/** The roles, and how each is reached from the credentials of the environment. */
export const COMMAND_ROLES = {
  plan: "each account's plan role, from CI's plan role or a profile of the operator role",
  operator: "the read-only operator role of the state account, then each account's plan role, from a permission set the platform names",
  rebuild: "the build account's rebuild role, from a permission set the platform names",
  deploy: "the build account's deploy role, from CI's deploy role",
  release: "each account's golden-ami-releaser role (promote, revoke), from a permission set the platform names",
  current: 'the credentials of the environment, no role assumed',
} as const;

/** A role a command may work with. */
export type CommandRole = keyof typeof COMMAND_ROLES;

const isRole = (value: string): value is CommandRole => Object.hasOwn(COMMAND_ROLES, value);

/** The platform settings the roles are derived from. */
export type RoleSettings = Pick<PlatformSettings, 'deployRole' | 'planRole' | 'foundation' | 'accounts' | 'stateRegion'>;

/** The role chosen by `--role`, else by GOLDEN_AMI_ROLE, else `fallback`; or why the choice is refused. */
export function chooseRole(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  accepted: readonly CommandRole[],
  fallback: CommandRole,
): { role: CommandRole; from: string } | { problem: string } {
  const [value, from] =
    flag !== undefined ? [flag, '--role'] : env[ROLE_VARIABLE] ? [env[ROLE_VARIABLE], ROLE_VARIABLE] : [fallback, 'default'];
  const list = accepted.join(', ');
  if (!isRole(value)) return { problem: `${from === '--role' ? '--role' : ROLE_VARIABLE}=${value} is not a role: use one of ${list}` };
  if (!accepted.includes(value))
    return { problem: `${from === '--role' ? '--role' : ROLE_VARIABLE}=${value} cannot do this command's work: use one of ${list}` };
  return { role: value, from };
}

/** Why the platform has no such role: the operator roles exist only where the platform names people for them. */
export function missingRole(platform: RoleSettings, role: CommandRole): string | undefined {
  if (role !== 'operator' && role !== 'rebuild') return undefined;
  const group = role === 'operator' ? 'readOnly' : 'rebuild';
  const named = platform.foundation?.operators?.[group];
  if (named && named.permissionSets.length + named.roles.length > 0) return undefined;
  return `--role ${role}: the platform names nobody for it (context.platform.foundation.operators.${group} in cdktf.json), so the foundation has no such role; ask the platform team`;
}

/** The roles to assume, in order, to act as `role` in an account (none: the credentials of the environment). */
export function roleChain(platform: RoleSettings, role: CommandRole, accountId: string): string[] {
  switch (role) {
    case 'plan':
      return [planRoleArn(platform, accountId)];
    case 'operator':
      return [operatorRoleArn(platform)!, planRoleArn(platform, accountId)];
    case 'rebuild':
      return [rebuildRoleArn(platform, accountId)];
    case 'deploy':
      return [deployRoleArn(platform, accountId)];
    case 'release':
      return [releaseRoleArn(platform, accountId)];
    case 'current':
      return [];
  }
}

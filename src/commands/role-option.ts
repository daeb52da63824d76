/**
 * The `--role` option of every AWS-facing command: which role it works with (command-role.ts), said
 * on a terminal before the first call, and credentials checked once before any work, so that missing
 * credentials or a role that cannot be assumed end the command with what to configure.
 */
import { chooseRole, COMMAND_ROLES, missingRole, ROLE_VARIABLE, type CommandRole, type RoleSettings } from '../model/command-roles.js';
import { roleAccess, type RoleAccess, type RoleAccessOptions } from '../operations/aws/role-access.js';
import { usageError, type CommandIo, type CommandSpec, type OptionSpec, type OptionSpecs } from './command.js';

/** The roles a command accepts, the first its default. */
export type AcceptedRoles = readonly [CommandRole, ...CommandRole[]];

/** The `--role` option of a command that accepts `roles` (the first is the default). */
export function roleOption(roles: AcceptedRoles): OptionSpec {
  const lines = roles.map((role) => `${role}: ${COMMAND_ROLES[role]}`).join('; ');
  return {
    type: 'string',
    value: `<${roles.join('|')}>`,
    description: `the role to work with (default ${roles[0]}, or ${ROLE_VARIABLE}): ${lines}`,
  };
}

/**
 * The command's access to AWS as the role chosen, its credentials in `accountIds[0]` checked now; on a
 * terminal, a line on stderr says which role and accounts it uses. The exit code when the command ends
 * here: 2 for a role it does not take, 1 for credentials it cannot have (the message says what to configure).
 */
export async function openRoleAccess(
  spec: CommandSpec<OptionSpecs>,
  flag: string | undefined,
  roles: AcceptedRoles,
  platform: RoleSettings,
  accountIds: readonly string[],
  options: Omit<RoleAccessOptions, 'env'>,
  io: Pick<CommandIo, 'env' | 'stderr' | 'out' | 'err'>,
): Promise<RoleAccess | number> {
  const chosen = chooseRole(flag, io.env, roles, roles[0]);
  if ('problem' in chosen) return usageError(spec, chosen.problem, io);
  const missing = missingRole(platform, chosen.role);
  if (missing) return usageError(spec, missing, io);
  const access = roleAccess(platform, chosen.role, { ...options, env: io.env });
  if (io.stderr.isTTY) io.err(access.describe(accountIds));
  const problem = accountIds.length ? await access.check(accountIds[0]!) : undefined;
  if (!problem) return access;
  io.err(`${spec.name}: ${problem}`);
  return 1;
}

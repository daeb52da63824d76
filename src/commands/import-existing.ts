/**
 * `npm run platform -- import-existing --account <name> [--role <name>]...`: records in
 * `foundation.adoptRoles` of cdktf.json that an account already has foundation roles (made by its
 * account baseline); every synth then writes a Terraform import block for each, so the next
 * foundation deploy adopts them instead of failing with EntityAlreadyExists. Writes nothing on a
 * problem; running it again changes nothing.
 */
import { PLATFORM_FILE } from '../config/platform.js';
import type { Printer } from '../core/output.js';
import { DISTRIBUTION_ROLE_NAME, foundationStackName } from '../model/names.js';
import { adoptExistingRoles } from '../workflows/platform-setup.js';
import type { CommandSpec } from './command.js';

const options = {
  account: { type: 'string', value: '<name>', description: 'the account (a name in "accounts") whose roles already exist' },
  role: {
    type: 'string',
    value: '<role>',
    multiple: true,
    description: `a role the foundation creates there that already exists (default ${DISTRIBUTION_ROLE_NAME})`,
  },
} as const;

export const importExistingCommand: CommandSpec<typeof options> = {
  name: 'platform',
  subcommand: 'import-existing',
  summary:
    "Adopt roles an account already has (its account baseline's EC2ImageBuilderDistributionCrossAccountRole): synth then writes Terraform import blocks for them.",
  synopsis: '--account <name> [--role <role>]...',
  options,
  details: [
    'Records the roles in foundation.adoptRoles of cdktf.json; every synth writes an import block (import { to, id }) for each in the foundation stack of the account, from the settings alone.',
    'The next foundation plan shows each role as imported, with the changes the foundation makes to it (trust policy, description, permissions): review them. Take the role out of the account baseline, or the two will undo each other.',
    'Exit codes: 0 recorded (or already recorded), 1 problems, 2 usage errors.',
  ],
  examples: [
    'npm run platform -- import-existing --account collections-prod',
    'npm run platform -- import-existing --account web-prod --role EC2ImageBuilderDistributionCrossAccountRole --role Ec2ImageBuilderCrossAccountLifecycleAccess',
  ],
  run: (values, _positionals, io) => {
    if (!values.account) {
      io.err('missing --account <name>\nusage: npm run platform -- import-existing --account <name> [--role <role>]...');
      return 2;
    }
    return importExisting(io.cwd, values.account, values.role?.length ? values.role : [DISTRIBUTION_ROLE_NAME], io);
  },
};

/** Adds the roles to `foundation.adoptRoles[account]` in cdktf.json and says what to plan next; returns the exit code. */
export function importExisting(root: string, account: string, roles: readonly string[], io: Printer): number {
  const adopted = adoptExistingRoles(root, account, roles, io);
  if (!adopted) return 1;
  io.out(
    adopted.changed
      ? `Recorded in ${PLATFORM_FILE} (context.platform.foundation.adoptRoles.${account}): ${adopted.roles.join(', ')}`
      : `${PLATFORM_FILE} already adopts these roles in ${account}; nothing changed.`,
  );
  io.out(
    `Next: npm run synth, and plan ${foundationStackName(account)}: each role shows as imported, with the changes the foundation makes to it. Review them, then merge.`,
  );
  return 0;
}

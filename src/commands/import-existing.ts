/**
 * `npm run platform -- import-existing --account <name> [--role <name>]...`: records in
 * `foundation.adoptRoles` of cdktf.json that an account already has foundation roles (made by its
 * account baseline); every synth then writes a Terraform import block for each, so the next
 * foundation deploy adopts them instead of failing with EntityAlreadyExists. Writes nothing on a
 * problem; running it again changes nothing.
 */
import { checkPlatformText, readCdktfJson, withPlatformSettings } from '../config/platform-edit.js';
import { loadPlatformSettings, PLATFORM_FILE, PLATFORM_PATH } from '../config/platform.js';
import { Problems } from '../core/problems.js';
import { DISTRIBUTION_ROLE_NAME, foundationStackName } from '../model/names.js';
import type { CommandSpec } from './command.js';
import { reportProblems, writeOrReport, type Printer } from '../core/output.js';

const options = {
  account: { type: 'string', value: '<name>', description: 'the account (a name in "accounts") whose roles already exist' },
  role: { type: 'string', value: '<role>', multiple: true, description: `a role the foundation creates there that already exists (default ${DISTRIBUTION_ROLE_NAME})` },
} as const;

export const importExistingCommand: CommandSpec<typeof options> = {
  name: 'platform',
  subcommand: 'import-existing',
  summary: "Adopt roles an account already has (its account baseline's EC2ImageBuilderDistributionCrossAccountRole): synth then writes Terraform import blocks for them.",
  synopsis: '--account <name> [--role <role>]...',
  options,
  details: [
    'Records the roles in foundation.adoptRoles of cdktf.json; every synth writes an import block (import { to, id }) for each in the foundation stack of the account, from the settings alone.',
    'The next foundation plan shows each role as imported, with the changes the foundation makes to it (trust policy, description, permissions): review them. Take the role out of the account baseline, or the two will undo each other.',
    'Exit codes: 0 recorded (or already recorded), 1 problems, 2 usage errors.',
  ],
  examples: ['npm run platform -- import-existing --account collections-prod', 'npm run platform -- import-existing --account web-prod --role EC2ImageBuilderDistributionCrossAccountRole --role Ec2ImageBuilderCrossAccountLifecycleAccess'],
  run: (values, _positionals, io) => {
    if (!values.account) {
      io.err('missing --account <name>\nusage: npm run platform -- import-existing --account <name> [--role <role>]...');
      return 2;
    }
    return importExisting(io.cwd, values.account, values.role?.length ? values.role : [DISTRIBUTION_ROLE_NAME], io);
  },
};

/** Adds the roles to `foundation.adoptRoles[account]` in cdktf.json, checked like the file itself; returns the exit code. */
export function importExisting(root: string, account: string, roles: readonly string[], io: Printer): number {
  const problems = new Problems();
  const settings = loadPlatformSettings(root, problems);
  if (reportProblems(problems, io) || !settings) return failed(io, 'Fix cdktf.json first.');
  if (!settings.foundation) {
    io.err(`${PLATFORM_FILE}: the platform settings have no "foundation": there are no foundation roles to adopt.\n    hint: run \`npm run platform -- init\` first`);
    return failed(io);
  }
  if (!Object.hasOwn(settings.accounts, account)) {
    io.err(`no account "${account}" in "accounts" of ${PLATFORM_FILE} (accounts: ${Object.keys(settings.accounts).join(', ')})`);
    return failed(io);
  }
  const cdktf = readCdktfJson(root);
  const platform = (cdktf.context as Record<string, Record<string, unknown>>)[PLATFORM_PATH[1]]!;
  const foundation = platform.foundation as Record<string, unknown>;
  const adopted = { ...(foundation.adoptRoles as Record<string, string[]> | undefined) };
  const before = adopted[account] ?? [];
  adopted[account] = [...new Set([...before, ...roles])].sort();
  const text = withPlatformSettings(cdktf, { ...platform, foundation: { ...foundation, adoptRoles: adopted } });
  const checked = new Problems();
  checkPlatformText(text, checked);
  if (reportProblems(checked, io)) return failed(io);
  const changed = adopted[account].length !== before.length;
  if (changed && !writeOrReport(root, PLATFORM_FILE, text, io)) return failed(io);
  io.out(changed ? `Recorded in ${PLATFORM_FILE} (context.platform.foundation.adoptRoles.${account}): ${adopted[account].join(', ')}` : `${PLATFORM_FILE} already adopts these roles in ${account}; nothing changed.`);
  io.out(`Next: npm run synth, and plan ${foundationStackName(account)}: each role shows as imported, with the changes the foundation makes to it. Review them, then merge.`);
  return 0;
}

function failed(io: Printer, what = ''): number {
  io.err(`${what ? `${what} ` : ''}Nothing was recorded.`);
  return 1;
}

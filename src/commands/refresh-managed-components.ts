/**
 * `npm run refresh-managed-components`: rewrites the catalog of AWS-managed components
 * (src/model/fleet/aws-managed-components.json) from Image Builder's ListComponents with owner Amazon,
 * so that `aws:` references in team.yaml are checked against what AWS publishes today. Prints
 * the names added and removed per platform; writes nothing when the listing fails or is empty.
 */
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { awsClients } from '../operations/aws/clients.js';
import { findAccount } from '../config/account-directory.js';
import { regionSchema } from '../config/aws-names.js';
import { loadPlatformSettings } from '../config/platform.js';
import { Problems } from '../core/problems.js';
import { CATALOG_FILE } from '../model/fleet/managed-component-catalog.js';
import { refreshCatalog } from '../operations/managed-components/refresh.js';
import { commandOf, usageError, type CommandSpec } from './command.js';
import { reportProblems } from '../core/output.js';
import { openRoleAccess, roleOption, type AcceptedRoles } from './role-option.js';

const ROLES = ['plan', 'operator', 'current'] as const satisfies AcceptedRoles;

const options = {
  region: { type: 'string', value: '<region>', description: "the region to ask (default: the platform's default region)" },
  account: {
    type: 'string',
    value: '<name|id>',
    description: 'the account whose plan role asks (default: the first account of the platform directory)',
  },
  role: roleOption(ROLES),
} as const;

const command: CommandSpec<typeof options> = {
  name: 'refresh-managed-components',
  summary: `Rewrite the catalog of AWS-managed components (${CATALOG_FILE}) from Image Builder's ListComponents (owner Amazon), which validate checks every aws: component against.`,
  synopsis: '[--region <region>] [--account <name|id>] [--role <plan|operator|current>]',
  options,
  details: [
    "Assumes the platform's plan role (planRole, else deployRole) in the account, which may call imagebuilder:ListComponents. Entries that are not AWS-owned component ARNs of a known platform are left out and listed.",
    'Writes nothing when the listing fails, does not end (a repeated page token, or more than 200 pages) or is empty. Commit the file in a pull request; validate then reports every aws: reference AWS no longer publishes.',
    'Exit codes: 0 written, 1 not written, 2 usage errors.',
  ],
  examples: ['npm run refresh-managed-components', 'npm run refresh-managed-components -- --region us-east-1 --role current'],
  async run(values, _positionals, io) {
    const root = io.cwd;
    const problems = new Problems();
    const platform = loadPlatformSettings(root, problems);
    if (reportProblems(problems, io) || !platform) {
      io.err('The catalog was not changed: fix the platform settings above first.');
      return 1;
    }
    const region = values.region ?? platform.defaultRegion;
    if (!regionSchema.safeParse(region).success)
      return usageError(command, `--region ${region}: not an AWS region Image Builder runs in`, io);
    const accountName = values.account ?? Object.keys(platform.accounts)[0]!;
    const account = findAccount(accountName, platform.accounts);
    if (!account)
      return usageError(
        command,
        `--account ${accountName}: no such account in the platform directory (${Object.keys(platform.accounts).join(', ')}) and not a 12-digit id`,
        io,
      );
    const access = await openRoleAccess(
      command,
      values.role,
      ROLES,
      platform,
      [account.id],
      { sessionName: 'golden-ami-refresh-managed-components' },
      io,
    );
    if (typeof access === 'number') return access;
    const clientFor = awsClients(access);
    const outcome = await refreshCatalog(
      root,
      clientFor(ImagebuilderClient, region, account.id),
      region,
      new Date().toISOString().slice(0, 10),
    );
    for (const line of outcome.errors) io.err(line);
    for (const line of outcome.report) io.out(line);
    return outcome.written ? 0 : 1;
  },
};

/** `npm run refresh-managed-components`. */
export const refreshManagedComponents = commandOf(command);

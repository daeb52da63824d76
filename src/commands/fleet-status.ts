/**
 * `npm run fleet-status`: asks AWS, read-only, how each team's images are doing (pipeline state,
 * last builds, newest image and its age) and who still uses an AMI they superseded, in the build
 * account and every account that received copies (src/fleet-status/). Assumes the platform's
 * plan role in every account, build and receiving alike.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { SSMClient } from '@aws-sdk/client-ssm';
import { awsClients } from '../operations/aws/clients.js';
import { gatherFleetStatus, type Clients } from '../operations/fleet-status/gather.js';
import { FAILING_AFTER } from '../operations/fleet-status/status.js';
import { renderJson } from '../operations/fleet-status/render-json.js';
import { renderMarkdown } from '../operations/fleet-status/render-markdown.js';
import { renderText } from '../operations/fleet-status/render-text.js';
import { reportSections } from '../operations/fleet-status/sections.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { commandOf, usageError, type CommandSpec } from './command.js';
import { reportProblems, type TextStream } from '../core/output.js';
import { openRoleAccess, roleOption, type AcceptedRoles } from './role-option.js';
import type { RoleAccess } from '../operations/aws/role-access.js';

const ROLES = ['plan', 'operator', 'current'] as const satisfies AcceptedRoles;

const options = {
  team: { type: 'string', value: '<team>', multiple: true, description: 'only this team' },
  image: { type: 'string', value: '<image>', multiple: true, description: 'only images of this name' },
  markdown: { type: 'boolean', description: 'print Markdown, for an issue or a pull-request comment' },
  json: { type: 'boolean', description: "print JSON (with each team's Markdown), for the scheduled audit" },
  role: roleOption(ROLES),
} as const;

/** The three services fleet-status asks, with the role of the command in each account. */
function fleetStatusClients(access: RoleAccess): Clients {
  const clientFor = awsClients(access);
  return {
    imagebuilder: (region, accountId) => clientFor(ImagebuilderClient, region, accountId),
    ec2: (region, accountId) => clientFor(EC2Client, region, accountId),
    ssm: (region, accountId) => clientFor(SSMClient, region, accountId),
  };
}

/** A progress line on stderr, only when it is a terminal. */
function progressLine(stderr: TextStream): { update: (done: number, total: number, current: string) => void; clear: () => void } {
  const tty = stderr.isTTY;
  return {
    update: (done, total, current) => {
      if (tty) stderr.write(`\r\x1b[K[${done}/${total}] ${current}`.slice(0, Math.max(20, (stderr.columns ?? 80) - 1)));
    },
    clear: () => {
      if (tty) stderr.write('\r\x1b[K');
    },
  };
}

const command: CommandSpec<typeof options> = {
  name: 'fleet-status',
  summary:
    "Report, read-only from AWS, each image's pipeline state, last builds and newest image, and the instances, launch templates and SSM parameters still on an AMI it superseded.",
  synopsis: '[--team <team>]... [--image <image>]... [--markdown | --json] [--role <plan|operator|current>]',
  options,
  details: [
    `Findings: disabled (pipeline disabled), failing (the last ${FAILING_AFTER} finished builds failed), stale (newest image older than maxRebuildIntervalDays, or none), lagging (a consumer more than consumerGraceDays behind), missing (no pipeline), undated (a build without a creation date: ages unknown), incomplete (an account could not be fully checked).`,
    "Assumes the platform's plan role (planRole, else deployRole) in each build and receiving account, from CI's plan role or a profile of the operator role (--role plan), or from an IAM Identity Center permission set through the operator role (--role operator). A missing permission, throttling or an unreachable account is reported for that account; the rest of the report still completes.",
    'Exits 0 when every selected image is healthy, 1 when anything has a finding, 2 on a usage or configuration error.',
  ],
  examples: [
    'npm run fleet-status',
    'npm run fleet-status -- --role operator',
    'npm run fleet-status -- --team payments --markdown',
    'npm run --silent fleet-status -- --json > fleet-status.json',
  ],
  async run(values, _positionals, io) {
    if (values.markdown && values.json) return usageError(command, '--markdown and --json exclude each other', io);
    const { fleet, problems } = loadVersionedFleet(io.cwd);
    if (reportProblems(problems, io) || !fleet) {
      io.err('fleet-status needs a valid configuration: fix the problems above first.');
      return 2;
    }
    const teams = values.team ?? [];
    const images = values.image ?? [];
    const unknownTeams = teams.filter((name) => !fleet.teams.some((team) => team.name === name));
    if (unknownTeams.length)
      return usageError(
        command,
        `no such team: ${unknownTeams.join(', ')} (teams: ${fleet.teams.map((team) => team.name).join(', ')})`,
        io,
      );
    const selected = fleet.teams.filter((team) => !teams.length || teams.includes(team.name));
    const unknownImages = images.filter((name) => !selected.some((team) => team.images.some((image) => image.name === name)));
    if (unknownImages.length) return usageError(command, `no such image in the selected teams: ${unknownImages.join(', ')}`, io);
    const accountIds = [...new Set(selected.map((team) => team.account.id))];
    const access = await openRoleAccess(
      command,
      values.role,
      ROLES,
      fleet.platform,
      accountIds,
      { sessionName: 'golden-ami-fleet-status' },
      io,
    );
    if (typeof access === 'number') return access;
    const progress = progressLine(io.stderr);
    const clients = fleetStatusClients(access);
    const report = await gatherFleetStatus(fleet, {
      clients,
      teams,
      images,
      progress: progress.update,
    });
    const sections = await reportSections(fleet, clients);
    progress.clear();
    if (values.json)
      io.out(
        JSON.stringify(
          { ...(JSON.parse(renderJson(report)) as object), ...Object.fromEntries(sections.map((s) => [s.key, s.json])) },
          null,
          2,
        ),
      );
    else io.out([values.markdown ? renderMarkdown(report) : renderText(report), ...sections.flatMap((s) => ['', ...s.lines])].join('\n'));
    return report.ok ? 0 : 1;
  },
};

/** `npm run fleet-status`. */
export const fleetStatus = commandOf(command);

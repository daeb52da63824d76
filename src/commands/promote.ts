/**
 * `npm run promote -- <team>/<image> [--channel <name>] [--version <v>] [--reason "<why>"] [--dry-run]`
 * and `npm run promote -- --automatic [<team>/<image>]`: moves a later channel of an image (its
 * parameter and launch templates in every account of its stage) to a version the channel before it
 * holds, with the releaser role of each account; the automatic rule promotes the channels with
 * `soakDays` whose version has soaked.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { SSMClient } from '@aws-sdk/client-ssm';
import { RELEASE_ROLE_NAME } from '../model/names.js';
import type { Fleet, Image, Team } from '../model/fleet/fleet.js';
import { awsClients } from '../operations/aws/clients.js';
import type { RoleAccess } from '../operations/aws/role-access.js';
import { findRebuildTarget, MAX_REASON_LENGTH, reasonProblem } from '../operations/builds/rebuild.js';
import { requester } from '../operations/builds/start-pipeline.js';
import { promoteAutomatically } from '../operations/promotion/automatic.js';
import { promote, type PromoteOutcome, type ReleaseClients } from '../operations/promotion/promote.js';
import { stageLocations } from '../operations/promotion/stage.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { reportProblems } from '../core/output.js';
import { commandOf, usageError, type CommandIo, type CommandSpec } from './command.js';
import { openRoleAccess, roleOption, type AcceptedRoles } from './role-option.js';

/** People and CI promote with the releaser role of each account. */
const ROLES = ['release', 'current'] as const satisfies AcceptedRoles;

const options = {
  channel: {
    type: 'string',
    value: '<name>',
    description: 'the channel to move (default: the one after the last channel holding the newest build)',
  },
  version: { type: 'string', value: '<x.y.z/n>', description: 'the image build version (default: what the channel before holds now)' },
  reason: {
    type: 'string',
    value: '"<why>"',
    description: `why, one line of at most ${MAX_REASON_LENGTH} characters (tagged on the image and its AMIs with who and when)`,
  },
  'dry-run': { type: 'boolean', description: 'print every change and make none' },
  automatic: { type: 'boolean', description: 'apply the automatic rule (soakDays channels) to every image, or to the one named' },
  role: roleOption(ROLES),
} as const;

/** The SDK clients of the role in each account. */
function releaseClients(access: RoleAccess): ReleaseClients {
  const clientFor = awsClients(access);
  return {
    imagebuilder: (region, accountId) => clientFor(ImagebuilderClient, region, accountId),
    ec2: (region, accountId) => clientFor(EC2Client, region, accountId),
    ssm: (region, accountId) => clientFor(SSMClient, region, accountId),
  };
}

/** Prints an outcome; whether it was a complete promotion. */
function printOutcome(label: string, outcome: PromoteOutcome | { kind: 'waiting'; message: string }, io: CommandIo): boolean {
  switch (outcome.kind) {
    case 'waiting':
      io.out(`${label}: waits: ${outcome.message}`);
      return true;
    case 'refused':
      io.err(`${label}: refused: ${outcome.message}`);
      return false;
    case 'promoted':
      for (const failure of outcome.failures) io.err(`${label}: not moved: ${failure}`);
      io.out(
        `${label}: ${outcome.failures.length ? 'partly ' : ''}promoted ${outcome.version} to ${outcome.channel}${outcome.failures.length ? ` (${outcome.failures.length} location(s) failed; once fixed, run again with --channel ${outcome.channel} --version ${outcome.version}: nothing is applied twice)` : ''}`,
      );
      return outcome.failures.length === 0;
  }
}

/** Every account an image's later channels and build touch, build account first. */
function accountsOf(targets: { team: Team; image: Image }[]): string[] {
  const ids = targets.flatMap(({ team, image }) => [
    team.account.id,
    ...image.channels.slice(1).flatMap((channel) => stageLocations(image, channel).map((location) => location.accountId)),
  ]);
  return [...new Set(ids)];
}

/** The images `target` names (all with channels when absent), or why it names none. */
function targetsOf(fleet: Fleet, target: string | undefined): { team: Team; image: Image }[] | string {
  if (target === undefined)
    return fleet.teams.flatMap((team) => team.images.filter((image) => image.channels.length > 1).map((image) => ({ team, image })));
  const found = findRebuildTarget(fleet, target);
  return typeof found === 'string' ? found : [{ team: found.team, image: found.image }];
}

const command: CommandSpec<typeof options> = {
  name: 'promote',
  summary: "Move an image's later channel to the version the channel before it holds, in every account of its stage.",
  synopsis: '<team>/<image> [--channel <name>] [--version <x.y.z/n>] [--reason "<why>"] [--dry-run] | --automatic [<team>/<image>]',
  options,
  positionals: [
    { name: '<team>/<image>', description: 'the image, e.g. web/api (every image with channels for --automatic)', required: false },
  ],
  details: [
    `Assumes ${RELEASE_ROLE_NAME} in the build account and every account of the channel's stage (from CI's release role, or a permission set in context.platform.foundation.operators.release). In each account and distribution region it finds the version's AMI (else copies the build account's AMI), puts the channel's parameter /golden-ami/<team>/<image>/<channel>, adds a launch template version with the AMI to each launch template team.yaml names there (the default version too where setDefaultVersion says so), and tags the AMI and the Image Builder image golden-ami:promoted:<channel> = "<time> by <who>: <why>".`,
    'Refuses a revoked version, a version this image did not build or that did not pass its tests, a version never in the channel before, an unknown channel and the first channel. A change already made is skipped, so a re-run applies nothing twice.',
    '--automatic promotes a channel with soakDays (and no approval) once the version has been in the channel before for that many days, is AVAILABLE and has no open CRITICAL image scan finding.',
    'Exits 0 when everything asked was promoted (or, with --automatic, decided), 1 when a promotion was refused or an account failed (the others are still moved), 2 on a usage error.',
  ],
  examples: [
    'npm run promote -- web/api --dry-run',
    'npm run promote -- web/api --channel stable --version 1.4.0/2 --reason "CAB-1234 approved"',
    'npm run promote -- --automatic',
  ],
  async run(values, positionals, io) {
    const target = positionals[0];
    if (target !== undefined && !/^[^/]+\/[^/]+$/.test(target))
      return usageError(command, `${JSON.stringify(target)} is not <team>/<image>`, io);
    if (!values.automatic && target === undefined)
      return usageError(command, 'name the image to promote (<team>/<image>), or use --automatic', io);
    if (values.automatic && (values.channel !== undefined || values.version !== undefined))
      return usageError(command, '--automatic chooses channels and versions itself: leave out --channel and --version', io);
    const refused = values.reason === undefined ? undefined : reasonProblem(values.reason);
    if (refused) return usageError(command, `${refused}: nothing was promoted`, io);
    const { fleet, problems } = loadVersionedFleet(io.cwd);
    if (reportProblems(problems, io) || !fleet) {
      io.err('Nothing was promoted: fix the problems above first (channels and accounts are read from the team files).');
      return 1;
    }
    const targets = targetsOf(fleet, target);
    if (typeof targets === 'string') {
      io.err(targets);
      return 1;
    }
    const access = await openRoleAccess(
      command,
      values.role,
      ROLES,
      fleet.platform,
      accountsOf(targets),
      { sessionName: 'golden-ami-promote' },
      io,
    );
    if (typeof access === 'number') return access;
    const common = {
      who: requester(io.env),
      dryRun: values['dry-run'] ?? false,
      now: new Date(),
      clients: releaseClients(access),
      say: (line: string) => io.out(`  ${line}`),
    };
    if (values.automatic) {
      const decisions = await promoteAutomatically(targets, common);
      const ok = decisions.map((decision) => printOutcome(`${decision.image} ${decision.channel}`, decision.outcome, io));
      if (!decisions.length) io.out('No image has a channel the automatic rule promotes (soakDays without approval).');
      return ok.every(Boolean) ? 0 : 1;
    }
    const { team, image } = targets[0]!;
    const outcome = await promote({
      ...common,
      team,
      image,
      ...(values.channel !== undefined ? { channel: values.channel } : {}),
      ...(values.version !== undefined ? { version: values.version } : {}),
      reason: values.reason?.trim() || 'no reason given',
    });
    return printOutcome(`${team.name}/${image.name}`, outcome, io) ? 0 : 1;
  },
};

/** `npm run promote`. */
export const promoteCommand = commandOf(command);

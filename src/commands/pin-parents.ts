/**
 * `npm run pin-parents`: pins every parent lookup (`parentImage: { owner, name }`) to the newest
 * AMI it matches, in the team's lock, and bumps the recipes whose parent moved ("parent image
 * updated"). Asks EC2 as the plan role of each build account (--role). A lookup that fails is
 * reported with what to do and does not stop the others; the exit code is 1 when any failed. The
 * locks it changes are written all or none.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { awsClients } from '../operations/aws/clients.js';
import { lookupLabel } from '../config/parent-lookup.js';
import { loadPlatformSettings } from '../config/platform.js';
import { formatProblem, formatProblems, Problems } from '../core/problems.js';
import { loadTeams } from '../config/teams.js';
import { applyPins } from '../operations/parents/apply-pins.js';
import { findNewestParents, parentLookups, type LookupResult } from '../operations/parents/lookups.js';
import { readLock } from '../versioning/lock-file.js';
import { lockFileOf } from '../versioning/planner.js';
import { formatBump } from '../versioning/sync.js';
import { WriteError } from '../core/write-together.js';
import { commandOf, type CommandSpec } from './command.js';
import { reportProblems } from '../core/output.js';
import { openRoleAccess, roleOption, type AcceptedRoles } from './role-option.js';

const ROLES = ['plan', 'operator', 'current'] as const satisfies AcceptedRoles;

const options = {
  team: { type: 'string', value: '<team>', multiple: true, description: 'only this team' },
  image: { type: 'string', value: '<image>', multiple: true, description: 'only images of this name' },
  check: { type: 'boolean', description: 'change nothing; exit 1 when a lookup matches a newer AMI than the one pinned' },
  role: roleOption(ROLES),
} as const;

/** `web/api: 309956199498/RHEL-9.* (x86_64) in eu-west-2 -> ami-... (name, created ...)` and how it compares to the pin. */
function describe(result: LookupResult, pinned: string | undefined): string {
  const subject = `${result.team}/${result.image}: ${lookupLabel(result.lookup)} (${result.lookup.architecture}) in ${result.region}`;
  if ('error' in result) return `${subject}: ${result.error}${result.hint ? `\n    hint: ${result.hint}` : ''}`;
  const found = `${result.pin.imageId} (${result.pin.imageName}, created ${result.pin.created})`;
  return `${subject} -> ${found}${pinned === result.pin.imageId ? ', already pinned' : pinned ? `, newer than the pinned ${pinned}` : ', not pinned yet'}`;
}

const command: CommandSpec<typeof options> = {
  name: 'pin-parents',
  summary: 'Pin each parent lookup (parentImage: { owner, name }) to the newest AMI it matches, and bump the recipes whose parent moved.',
  synopsis: '[--team <team>]... [--image <image>]... [--check] [--role <plan|operator|current>]',
  options,
  details: [
    "Assumes each team's plan role (platform planRole, else deployRole) in its build account (--role plan; --role operator through the operator role), which needs ec2:DescribeImages; only available machine images of the lookup's architecture match, deprecated ones only with includeDeprecated: true.",
    'Writes the pins into teams/<team>/versions.lock.json with the recipe bumps ("parent image updated"); commit them in a pull request.',
    'A lookup that fails is reported with a hint and the others are still pinned; the exit code is then 1. Writes nothing when the config has other errors.',
  ],
  examples: ['npm run pin-parents', 'npm run pin-parents -- --team web --check'],
  async run(values, _positionals, io) {
    const root = io.cwd;
    const problems = new Problems();
    const platform = loadPlatformSettings(root, problems);
    const teams = loadTeams(root, problems);
    if (reportProblems(problems, io) || !platform) {
      io.err('Nothing was pinned: fix the problems above first.');
      return 1;
    }
    const only = { teams: values.team ?? [], images: values.image ?? [] };
    const unknown = only.teams.filter((name) => !teams.some((team) => team.name === name));
    if (unknown.length) {
      io.err(`no such team: ${unknown.join(', ')} (teams: ${teams.map((team) => team.name).join(', ')})`);
      return 1;
    }
    const uses = parentLookups(teams, platform, only);
    if (!uses.length) {
      io.out('No selected image finds its parent by { owner, name }: nothing to pin.');
      return 0;
    }
    const access = await openRoleAccess(
      command,
      values.role,
      ROLES,
      platform,
      [...new Set(uses.flatMap((use) => use.accountId ?? []))],
      { sessionName: 'golden-ami-pin-parents' },
      io,
    );
    if (typeof access === 'number') return access;
    const clientFor = awsClients(access);
    const results = await findNewestParents(uses, (region, accountId) => clientFor(EC2Client, region, accountId));
    // Each team's lock read once, however many of its images have lookups.
    const locks = new Map([...new Set(results.map((result) => result.team))].map((team) => [team, readLock(root, lockFileOf(team)).lock]));
    const pinned = (result: LookupResult) => locks.get(result.team)!.parents?.[result.image]?.imageId;
    for (const result of results) ('error' in result ? io.err : io.out)(describe(result, pinned(result)));
    const failed = results.filter((result) => 'error' in result);
    const failures = () =>
      failed.length && io.err(`${failed.length} lookup(s) failed (above): they keep their pins, if any, and were not changed.`);
    if (values.check) {
      const behind = results.filter((result) => 'pin' in result && result.pin.imageId !== pinned(result));
      if (behind.length)
        io.err(`${behind.length} lookup(s) match a newer AMI than the one pinned: run \`npm run pin-parents\` and commit the locks.`);
      failures();
      return behind.length || failed.length ? 1 : 0;
    }
    try {
      const outcome = applyPins(root, results);
      if ('blocked' in outcome) {
        io.err(formatProblems(outcome.blocked));
        io.err('Nothing was pinned: fix the problems above first.');
        return 1;
      }
      for (const bump of outcome.bumps) io.out(formatBump(bump));
      io.out(
        outcome.written.length
          ? `Updated ${outcome.written.join(', ')}.`
          : 'Every lookup that matched was already pinned to its newest AMI.',
      );
      // Validate and synth stop at these until they are pinned (by a run that selects them).
      for (const problem of outcome.unselected) io.err(`not selected in this run: ${formatProblem({ ...problem, severity: 'warning' })}`);
      failures();
      return failed.length ? 1 : 0;
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      io.err(formatProblems([error.problem]));
      return 1;
    }
  },
};

/** `npm run pin-parents`. */
export const pinParents = commandOf(command);

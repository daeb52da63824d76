/**
 * `npm run pin-parents`: pins every parent lookup (`parentImage: { owner, name }`) to the newest
 * AMI it matches, in the team's lock, and bumps the recipes whose parent moved ("parent image
 * updated"). Asks EC2 with the credentials of the environment; writes all locks or none.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { awsClients } from '../aws/clients.js';
import { planRoleArn } from '../foundation/names.js';
import { lookupLabel } from '../config/parent-lookup.js';
import { loadPlatformSettings } from '../config/platform.js';
import { formatProblems, Problems } from '../config/problems.js';
import { loadTeams } from '../config/teams.js';
import { findNewestParents, parentLookups, pinsOf, type LookupResult } from '../parents/lookups.js';
import { readLock } from '../versioning/lock-file.js';
import { lockFileOf } from '../versioning/planner.js';
import { formatBump, loadVersionedFleet, writeLocks } from '../versioning/sync.js';
import { WriteError } from '../versioning/write-together.js';
import { runCommand, type CommandSpec } from './command.js';
import { reportProblems } from './output.js';

const options = {
  team: { type: 'string', value: '<team>', multiple: true, description: 'only this team' },
  image: { type: 'string', value: '<image>', multiple: true, description: 'only images of this name' },
  check: { type: 'boolean', description: 'change nothing; exit 1 when a lookup matches a newer AMI than the one pinned' },
  'current-credentials': { type: 'boolean', description: "ask EC2 with the environment's credentials instead of assuming each build account's plan role" },
} as const;

/** `web/api: 309956199498/RHEL-9.* (x86_64) in eu-west-2 -> ami-... (name, created ...)` and how it compares to the pin. */
function describe(result: LookupResult, pinned: string | undefined): string {
  const subject = `${result.team}/${result.image}: ${lookupLabel(result.lookup)} (${result.lookup.architecture}) in ${result.region}`;
  if ('error' in result) return `${subject}: ${result.error}`;
  const found = `${result.pin.imageId} (${result.pin.imageName}, created ${result.pin.created})`;
  return `${subject} -> ${found}${pinned === result.pin.imageId ? ', already pinned' : pinned ? `, newer than the pinned ${pinned}` : ', not pinned yet'}`;
}

const command: CommandSpec<typeof options> = {
  name: 'pin-parents',
  summary: 'Pin each parent lookup (parentImage: { owner, name }) to the newest AMI it matches, and bump the recipes whose parent moved.',
  synopsis: '[--team <team>]... [--image <image>]... [--check]',
  options,
  details: [
    "Assumes each team's plan role (platform planRole, else deployRole) in its build account, which needs ec2:DescribeImages; only available machine images of the lookup's architecture match, deprecated ones only with includeDeprecated: true.",
    'Writes the pins into teams/<team>/versions.lock.json with the recipe bumps ("parent image updated"); commit them in a pull request.',
    'Writes nothing when any lookup fails or the config has errors.',
  ],
  examples: ['npm run pin-parents', 'npm run pin-parents -- --team web --check'],
  async run(values) {
    const root = process.cwd();
    const problems = new Problems();
    const platform = loadPlatformSettings(root, problems);
    const teams = loadTeams(root, problems);
    if (reportProblems(problems) || !platform) {
      console.error('Nothing was pinned: fix the problems above first.');
      return 1;
    }
    const only = { teams: values.team ?? [], images: values.image ?? [] };
    const unknown = only.teams.filter((name) => !teams.some((team) => team.name === name));
    if (unknown.length) {
      console.error(`no such team: ${unknown.join(', ')} (teams: ${teams.map((team) => team.name).join(', ')})`);
      return 1;
    }
    const uses = parentLookups(teams, platform, only);
    if (!uses.length) {
      console.log('No selected image finds its parent by { owner, name }: nothing to pin.');
      return 0;
    }
    const clientFor = awsClients(values['current-credentials'] ? undefined : (accountId) => planRoleArn(platform, accountId), 'golden-ami-pin-parents');
    const results = await findNewestParents(uses, (region, accountId) => clientFor(EC2Client, region, accountId));
    // Each team's lock read once, however many of its images have lookups.
    const locks = new Map([...new Set(results.map((result) => result.team))].map((team) => [team, readLock(root, lockFileOf(team)).lock]));
    const pinned = (result: LookupResult) => locks.get(result.team)!.parents?.[result.image]?.imageId;
    for (const result of results) ('error' in result ? console.error : console.log)(describe(result, pinned(result)));
    if (results.some((result) => 'error' in result)) {
      console.error('Nothing was pinned: every lookup must succeed (narrow the run with --team or --image).');
      return 1;
    }
    if (values.check) {
      const behind = results.filter((result) => 'pin' in result && result.pin.imageId !== pinned(result));
      if (behind.length) console.error(`${behind.length} lookup(s) match a newer AMI than the one pinned: run \`npm run pin-parents\` and commit the locks.`);
      return behind.length ? 1 : 0;
    }
    const { problems: fleetProblems, plan } = loadVersionedFleet(root, { newPins: pinsOf(results) });
    if (reportProblems(fleetProblems) || !plan) {
      console.error('Nothing was pinned: fix the problems above first.');
      return 1;
    }
    try {
      const written = writeLocks(root, plan);
      for (const bump of plan.bumps) console.log(formatBump(bump));
      console.log(written.length ? `Updated ${written.join(', ')}.` : 'Every lookup was already pinned to its newest AMI.');
      return 0;
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      console.error(formatProblems([error.problem]));
      return 1;
    }
  },
};

void runCommand(command);

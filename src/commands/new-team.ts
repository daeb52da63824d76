/**
 * `npm run new-team -- <name> [--account <name|id>] [--owner @org/team] [--email <address>]`:
 * creates `teams/<name>/team.yaml` from the documented template, the team's version lock and its
 * rule in `.github/CODEOWNERS`, so that the new folder passes `npm run validate` as written (once a
 * real address replaces the placeholder). Defaults: the first account of the platform directory,
 * the platform's default region, `@<org>/<name>` with the org of the existing owners, and a
 * placeholder address to replace. Refuses bad names and existing folders.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODEOWNERS_FILE, readOwners, writeCodeownersFile } from '../workflows/codeowners.js';
import { defaultOwner, placeholderEmail, starterComponent, teamYaml, type NewTeam } from '../workflows/new-team.js';
import { loadComponentLibrary } from '../components/library.js';
import { SHARED_COMPONENTS_FOLDER } from '../core/paths.js';
import { loadPlatformSettings } from '../config/platform.js';
import { formatProblems, Problems } from '../core/problems.js';
import { checkAgainstSchema } from '../core/schema-check.js';
import { teamSchema } from '../config/team-schema.js';
import { loadTeams, TEAM_FILE, TEAMS_FOLDER, teamNameProblem } from '../config/teams.js';
import { parseYaml } from '../core/yaml-source.js';
import { lockFileOf } from '../versioning/planner.js';
import { loadVersionedFleet, writeLocks } from '../versioning/sync.js';
import { WriteError } from '../core/write-together.js';
import { runCommand, type CommandSpec, type OptionValues } from './command.js';
import { reportProblems } from './output.js';

const options = {
  account: {
    type: 'string',
    value: '<name|id>',
    description: 'build account: a name from the platform account directory or a 12-digit id (default: the first account of the directory)',
  },
  owner: { type: 'string', value: '@org/team', description: 'GitHub team that owns the folder (default: @<org>/<name>, with the org of the existing owners)' },
  email: { type: 'string', value: '<address>', description: 'address that hears about failed builds (default: a placeholder that validate reports until you replace it)' },
} as const;

const command: CommandSpec<typeof options> = {
  name: 'new-team',
  summary: "Create a team folder: teams/<name>/team.yaml from the documented template, the team's version lock, and its rule in .github/CODEOWNERS.",
  synopsis: '<name> [--account <name|id>] [--owner @org/team] [--email <address>]',
  options,
  positionals: [{ name: '<name>', description: 'the team name: 2-32 lower-case letters, digits and single hyphens', required: true }],
  details: [
    'Refuses an invalid name and an existing folder, and checks team.yaml before writing anything. The build region is the platform default region.',
    'Exit codes: 0 created, 1 refused, 2 usage errors.',
  ],
  examples: ['npm run new-team -- web --account web-prod --owner @museum-digital/web --email web-team@museum.example.org', 'npm run new-team -- data-science'],
  run: (values, positionals) => createTeam(process.cwd(), positionals[0]!, values),
};

/** Owners already in use: the platform's, then every team's (only their org is borrowed). */
function knownOwners(root: string, platformOwners: readonly string[]): string[] {
  const teams = loadTeams(root, new Problems());
  return [...platformOwners, ...teams.flatMap((team) => team.config.owners)];
}

/** Checks the generated text as `npm run validate` would check the file; true when it holds. */
function isValidTeamFile(text: string, file: string): boolean {
  const problems = new Problems();
  const source = parseYaml(text, file, problems);
  if (source) checkAgainstSchema(teamSchema, source, problems, TEAM_FILE);
  return !reportProblems(problems);
}

type Options = OptionValues<typeof options>;

/** The template's values from the options and the repository's settings, or why there are none. */
function templateValues(root: string, name: string, options: Options): NewTeam | string {
  const problems = new Problems();
  const platform = loadPlatformSettings(root, problems);
  if (reportProblems(problems) || !platform) return 'Nothing was written: fix the platform settings above first.';
  const directory = Object.keys(platform.accounts);
  const account = options.account ?? directory[0]!;
  if (!directory.includes(account) && !/^\d{12}$/.test(account)) {
    return `--account ${account}: no such account in the platform directory (${directory.join(', ')}) and not a 12-digit id`;
  }
  const owner = options.owner ?? defaultOwner(name, knownOwners(root, platform.owners));
  if (owner === undefined) return 'no owner known to borrow the GitHub org from: pass --owner @<org>/<team>';
  const shared = loadComponentLibrary(root, SHARED_COMPONENTS_FOLDER, 'shared', new Problems()).documents;
  return {
    name,
    owner,
    account,
    region: platform.defaultRegion,
    email: options.email ?? placeholderEmail(name),
    component: starterComponent([...shared.keys()]),
  };
}

/** Writes the team folder, its lock and CODEOWNERS; returns the exit code. */
function createTeam(root: string, name: string, values: Options): number {
  const folder = `${TEAMS_FOLDER}/${name}`;
  const file = `${folder}/${TEAM_FILE}`;
  const nameProblem = teamNameProblem(name);
  if (nameProblem) {
    console.error(`${nameProblem} (a team name prefixes every AWS resource name of the team).`);
    return 1;
  }
  if (existsSync(join(root, folder))) {
    console.error(`${folder} already exists: pick another name, or edit ${file} instead.`);
    return 1;
  }
  const team = templateValues(root, name, values);
  if (typeof team === 'string') {
    console.error(team);
    return 1;
  }
  const text = teamYaml(team);
  if (!isValidTeamFile(text, file)) {
    console.error('Nothing was written: fix the options above.');
    return 1;
  }

  mkdirSync(join(root, folder), { recursive: true });
  writeFileSync(join(root, file), text, { flag: 'wx' });
  console.log(`Created ${file}: owner ${team.owner}, build account ${team.account}, region ${team.region}.`);
  const lock = writeTeamLock(root, name);
  const placeholder = values.email === undefined ? ', the placeholder address among them' : '';
  console.log(
    lock
      ? `Created ${lock}: the versions of the team's components and recipes.`
      : `  ${lockFileOf(name)} was not written: the configuration has errors (npm run validate lists them${placeholder}); fix them, then run npm run versions.`,
  );
  const owners = readOwners(root);
  if (owners) writeCodeownersFile(root, owners);
  console.log(
    owners
      ? `Updated ${CODEOWNERS_FILE}: ${team.owner} owns /${folder}/.`
      : `  ${CODEOWNERS_FILE} was not updated: a team file or the platform settings have errors (npm run validate lists them); fix them, then run npm run codeowners.`,
  );
  if (values.owner === undefined) console.log(`  Check that the GitHub team ${team.owner} exists, or pass --owner.`);
  if (values.email === undefined) console.log(`  Replace the placeholder address ${team.email} in ${file}.`);
  console.log(`Next: describe your images in ${file}, then run npm run versions, npm run codeowners and npm run validate;`);
  console.log(`commit ${folder}/ and ${CODEOWNERS_FILE}, and open a pull request (see "Onboarding a team" in docs/teams.md).`);
  return 0;
}

/**
 * Writes the new team's version lock as `npm run versions` would (versions above any its name had
 * in the lock history), and only when it would: the whole configuration without errors. Returns
 * the file, or undefined when it was not written. Other locks are left alone.
 */
function writeTeamLock(root: string, name: string): string | undefined {
  const { fleet, plan } = loadVersionedFleet(root);
  const update = plan?.staleLocks.find((candidate) => candidate.read.file === lockFileOf(name));
  if (!fleet || !plan || !update) return undefined;
  try {
    return writeLocks(root, { ...plan, staleLocks: [update] })[0];
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    console.error(formatProblems([error.problem]));
    return undefined;
  }
}

void runCommand(command);

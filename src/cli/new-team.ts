/**
 * `npm run new-team -- <name> [--account <name|id>] [--owner @org/team] [--email <address>]`:
 * creates `teams/<name>/team.yaml` from the documented template. Defaults: the first account of
 * the platform directory, the platform's default region, `@<org>/<name>` with the org of the
 * existing owners, and a placeholder address to replace. Refuses bad names and existing folders.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultOwner, placeholderEmail, starterComponent, teamYaml, type NewTeam } from '../ci/new-team.js';
import { loadComponentLibrary } from '../components/library.js';
import { SHARED_COMPONENTS_FOLDER } from '../config/paths.js';
import { loadPlatformSettings } from '../config/platform.js';
import { Problems } from '../config/problems.js';
import { checkAgainstSchema } from '../config/schema-check.js';
import { teamSchema } from '../config/team-schema.js';
import { loadTeams, TEAM_FILE, TEAMS_FOLDER, teamNameProblem } from '../config/teams.js';
import { parseYaml } from '../config/yaml-source.js';
import { reportProblems } from './output.js';

const USAGE = 'usage: npm run new-team -- <name> [--account <name|id>] [--owner @org/team] [--email <address>]';

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

interface Options {
  account?: string;
  owner?: string;
  email?: string;
}

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

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { account: { type: 'string' }, owner: { type: 'string' }, email: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const root = process.cwd();
  const name = positionals[0]!;
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
  if (values.owner === undefined) console.log(`  Check that the GitHub team ${team.owner} exists, or pass --owner.`);
  if (values.email === undefined) console.log(`  Replace the placeholder address ${team.email} in ${file}.`);
  console.log(`Next: edit ${file}, then npm run validate, npm run versions and npm run codeowners;`);
  console.log(`commit ${folder}/, .github/CODEOWNERS and the versions.lock.json files, and open a pull request.`);
  return 0;
}

process.exitCode = main();

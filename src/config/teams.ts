/** Finding team folders and loading each team.yaml. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nameSchema, TEAM_NAME_MAX } from './aws-names.js';
import type { Problems } from './problems.js';
import { checkAgainstSchema } from './schema-check.js';
import { teamSchema, type TeamConfig } from './team-schema.js';
import { loadYamlFile, type YamlSource } from './yaml-source.js';

export const TEAMS_FOLDER = 'teams';
export const TEAM_FILE = 'team.yaml';

/** A team's validated config and the source it came from (for locating later problems). */
export interface LoadedTeam {
  name: string;
  /** `teams/<name>`, relative to the repository root. */
  folder: string;
  source: YamlSource;
  config: TeamConfig;
}

const teamName = nameSchema('team', TEAM_NAME_MAX);

/** Why `name` cannot name a team (the rule `teams/<name>` folders are held to), or undefined. */
export function teamNameProblem(name: string): string | undefined {
  const result = teamName.safeParse(name);
  return result.success ? undefined : result.error.issues[0]!.message;
}

/** Names of the folders under teams/, sorted; hidden folders are ignored. */
export function listTeamFolders(root: string): string[] {
  const absolute = join(root, TEAMS_FOLDER);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

/** Loads and validates every team; teams with problems are reported and left out. */
export function loadTeams(root: string, problems: Problems): LoadedTeam[] {
  const teams: LoadedTeam[] = [];
  for (const name of listTeamFolders(root)) {
    const folder = `${TEAMS_FOLDER}/${name}`;
    const file = `${folder}/${TEAM_FILE}`;
    const nameProblem = teamNameProblem(name);
    if (nameProblem) {
      problems.add({ file: folder, path: '', message: nameProblem, hint: 'rename the folder; the team name prefixes every AWS resource name of the team' });
      continue;
    }
    if (!existsSync(join(root, file))) {
      problems.add({
        file: folder,
        path: '',
        message: `the team folder has no ${TEAM_FILE}`,
        hint: `run npm run new-team -- ${name} to write one (see "Onboarding a team" in README.md), or remove the folder`,
      });
      continue;
    }
    const source = loadYamlFile(join(root, file), file, problems);
    const config = source && checkAgainstSchema(teamSchema, source, problems, TEAM_FILE);
    if (source && config) teams.push({ name, folder, source, config });
  }
  return teams;
}

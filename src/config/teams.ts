/** Finding team folders and loading each team.yaml. */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { checkWrittenAccountIds } from './account-ids.js';
import { nameSchema, TEAM_NAME_MAX } from './aws-names.js';
import { readFolder, reportLink } from '../core/file-read.js';
import { Problems } from '../core/problems.js';
import { checkAgainstSchema, readInPart } from '../core/schema-check.js';
import { teamSchema, type TeamConfig } from './team-schema.js';
import { contentOf, loadYamlFile, type YamlSource } from '../core/yaml-source.js';

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

/** Prefix of the platform's foundation stacks (`foundation-<account>`); a team stack may never take one's name. */
export const FOUNDATION_STACK_PREFIX = 'foundation-';

/** What preview stacks (`<team>-preview-<id>`) put in their names; no team name holds it, so no team's resources look like a preview's. */
export const PREVIEW_NAME_MARK = '-preview-';

const teamName = nameSchema('team', TEAM_NAME_MAX)
  .refine((name) => !name.startsWith(FOUNDATION_STACK_PREFIX), {
    error: (issue) =>
      `team name ${String(issue.input)} starts with "${FOUNDATION_STACK_PREFIX}", which the platform's foundation stacks use`,
  })
  .refine((name) => !`-${name}-`.includes(PREVIEW_NAME_MARK), {
    error: (issue) => `team name ${String(issue.input)} holds "preview" as a word, which preview stacks (<team>-preview-<id>) use`,
  });

/**
 * Why `name` cannot name a team, or undefined: the one rule `teams/<name>` folders are held to, by
 * validate and by new-team alike.
 */
export function teamNameProblem(name: string): string | undefined {
  const result = teamName.safeParse(name);
  return result.success ? undefined : result.error.issues[0]!.message;
}

/**
 * Names of the folders under teams/, sorted; hidden entries and files are ignored. Symbolic links
 * (and a teams/ that is one) are reported to `problems`, never followed.
 */
export function listTeamFolders(root: string, problems = new Problems()): string[] {
  const entries = readFolder(join(root, TEAMS_FOLDER), TEAMS_FOLDER, problems).filter((entry) => !entry.name.startsWith('.'));
  for (const link of entries.filter((entry) => entry.isSymbolicLink())) reportLink(`${TEAMS_FOLDER}/${link.name}`, problems);
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Loads and validates every team. A team.yaml that cannot be read is reported and left out; one
 * that fails the schema is reported and kept in part (readInPart: what passes once the refused
 * values are left out), so that the checks after the schema report the rest of it in the same run.
 */
export function loadTeams(root: string, problems: Problems): LoadedTeam[] {
  const teams: LoadedTeam[] = [];
  for (const name of listTeamFolders(root, problems)) {
    const folder = `${TEAMS_FOLDER}/${name}`;
    const file = `${folder}/${TEAM_FILE}`;
    const nameProblem = teamNameProblem(name);
    if (nameProblem) {
      problems.add({
        file: folder,
        path: '',
        message: nameProblem,
        hint: 'rename the folder; the team name prefixes every AWS resource name of the team',
      });
      continue;
    }
    if (!lstatSync(join(root, file), { throwIfNoEntry: false })) {
      problems.add({
        file: folder,
        path: '',
        message: `the team folder has no ${TEAM_FILE}`,
        hint: `run npm run new-team -- ${name} to write one (see "Onboarding a team" in docs/teams.md), or remove the folder`,
      });
      continue;
    }
    const source = loadYamlFile(join(root, file), file, problems);
    if (!source) continue;
    const config = checkAgainstSchema(teamSchema, source, problems, TEAM_FILE);
    checkWrittenAccountIds(source, problems);
    if (config) {
      teams.push({ name, folder, source, config });
      continue;
    }
    const part = readInPart(teamSchema, contentOf(source));
    if (part) teams.push({ name, folder, source: { ...source, inFile: part.inFile }, config: part.value });
  }
  return teams;
}

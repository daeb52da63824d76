/**
 * `teams/<team>/platform.yaml`: what the platform grants one team, in the team's folder so that a
 * change affects that team alone, and owned by the platform in CODEOWNERS (not by the team). Today
 * the accounts the team may distribute to besides its build account. Entries follow the rule of
 * cdktf.json's `distributionAccounts` (which still works, for repositories that have it; a team
 * granted in both places is an error, so a grant has one place).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { distributionAccountProblem, type PlatformSettings } from './platform-schema.js';
import { PLATFORM_FILE } from './platform.js';
import type { Problems } from '../core/problems.js';
import { checkAgainstSchema } from '../core/schema-check.js';
import { TEAMS_FOLDER } from './teams.js';
import { loadYamlFile, reportAt } from '../core/yaml-source.js';

/** The file's name in a team folder. */
export const TEAM_GRANTS_FILE = 'platform.yaml';

/** The schema of a team's platform.yaml. */
export const teamGrantsSchema = z
  .object({
    distributionAccounts: z
      .array(z.string().min(1))
      .default([])
      .describe('Accounts (names from "accounts" in cdktf.json, or 12-digit ids) the team may distribute to besides its build account.'),
    previewAccounts: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "The team's test accounts, the only ones its preview builds (npm run synth-preview) distribute to: names or ids from distributionAccounts; empty: a preview's AMIs stay in the build account.",
      ),
  })
  .strict();

/**
 * The platform settings with each team's `platform.yaml` grants in `distributionAccounts`, as if
 * written there; every problem of a file is reported at its line.
 */
export function withTeamGrants(root: string, platform: PlatformSettings, teams: readonly string[], problems: Problems): PlatformSettings {
  const distributionAccounts = { ...platform.distributionAccounts };
  const names = new Map(Object.entries(platform.accounts).map(([name, id]) => [id, name]));
  for (const team of teams) {
    const file = `${TEAMS_FOLDER}/${team}/${TEAM_GRANTS_FILE}`;
    if (!existsSync(join(root, file))) continue;
    const source = loadYamlFile(join(root, file), file, problems);
    const grants = source && checkAgainstSchema(teamGrantsSchema, source, problems, file);
    if (!source || !grants) continue;
    // A file with preview accounts only leaves a cdktf.json grant in place (previewAccountIds checks against it).
    if (!grants.distributionAccounts.length && grants.previewAccounts.length) continue;
    if (Object.hasOwn(platform.distributionAccounts, team)) {
      reportAt(
        problems,
        source,
        ['distributionAccounts'],
        `team ${team} is also granted accounts in "distributionAccounts" of ${PLATFORM_FILE}`,
        `keep the grant here and remove "${team}" from ${PLATFORM_FILE}`,
        { preferKey: true },
      );
      continue;
    }
    grants.distributionAccounts.forEach((account, index) => {
      const problem = distributionAccountProblem(account, platform.accounts, names);
      if (problem) reportAt(problems, source, ['distributionAccounts', index], problem.message, problem.hint);
    });
    distributionAccounts[team] = grants.distributionAccounts;
  }
  return { ...platform, distributionAccounts };
}

/**
 * The ids of a team's preview accounts (`previewAccounts` of its platform.yaml): each must be one
 * of the team's distribution accounts (`platform` as withTeamGrants returns it), so that the
 * foundation already prepared it to receive copies. Problems are reported at the entry's line.
 */
export function previewAccountIds(root: string, platform: PlatformSettings, team: string, problems: Problems): string[] {
  const file = `${TEAMS_FOLDER}/${team}/${TEAM_GRANTS_FILE}`;
  if (!existsSync(join(root, file))) return [];
  const source = loadYamlFile(join(root, file), file, problems);
  const grants = source && checkAgainstSchema(teamGrantsSchema, source, problems, file);
  if (!source || !grants) return [];
  const idOf = (account: string) => (Object.hasOwn(platform.accounts, account) ? platform.accounts[account]! : account);
  const granted = new Set((Object.hasOwn(platform.distributionAccounts, team) ? platform.distributionAccounts[team]! : []).map(idOf));
  return grants.previewAccounts.flatMap((account, index) => {
    if (granted.has(idOf(account))) return [idOf(account)];
    reportAt(
      problems,
      source,
      ['previewAccounts', index],
      `preview account "${account}" is not one of team ${team}'s distribution accounts`,
      `add it to distributionAccounts first (the foundation prepares those to receive copies), or remove it here`,
    );
    return [];
  });
}

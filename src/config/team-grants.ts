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

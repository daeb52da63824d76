/**
 * What the platform lets a team write outside its own stack: SSM parameters under its prefix
 * (`ssmParameterPrefix`), AMI copies, launch templates and parameters only in its own accounts
 * (its build account and its `distributionAccounts`).
 */
import { PLATFORM_FILE } from '../../config/platform.js';
import type { PlatformSettings } from '../../config/platform-schema.js';
import { TEAM_GRANTS_FILE } from '../../config/team-grants.js';
import { TEAMS_FOLDER } from '../../config/teams.js';
import type { Account } from './fleet.js';

/** Why a team may not write something, and which setting would change that. */
export interface Refusal {
  message: string;
  hint: string;
}

/** The prefix every SSM parameter of the team starts with. */
export function ssmParameterPrefixOf(platform: Pick<PlatformSettings, 'ssmParameterPrefix'>, team: string): string {
  return platform.ssmParameterPrefix.replace('{team}', team);
}

/** Whether an SSM parameter name is under the team's prefix (and more than the prefix). */
export function isTeamSsmParameter(platform: PlatformSettings, team: string, name: string): boolean {
  const prefix = ssmParameterPrefixOf(platform, team);
  return name.startsWith(prefix) && name.length > prefix.length;
}

/** The accounts, as written in `distributionAccounts`, the platform lists for a team besides its build account. */
function listedAccountsOf(platform: PlatformSettings, team: string): string[] {
  return Object.hasOwn(platform.distributionAccounts, team) ? platform.distributionAccounts[team]! : [];
}

/** Ids of the team's own accounts: its build account and the accounts the platform lists for it. */
export function ownAccountIds(platform: PlatformSettings, team: string, buildAccountId: string): Set<string> {
  const listed = listedAccountsOf(platform, team).map((ref) => (Object.hasOwn(platform.accounts, ref) ? platform.accounts[ref]! : ref));
  return new Set([buildAccountId, ...listed]);
}

/** Why the team may not write an SSM parameter of this name, or undefined. */
export function ssmParameterRefusal(platform: PlatformSettings, team: string, name: string): Refusal | undefined {
  if (isTeamSsmParameter(platform, team, name)) return undefined;
  const prefix = ssmParameterPrefixOf(platform, team);
  return {
    message: `SSM parameter ${name} does not start with ${prefix}, the prefix of team ${team}`,
    hint: `name it ${prefix}<image>/latest or similar; the prefix is "ssmParameterPrefix" in ${PLATFORM_FILE} (platform team)`,
  };
}

/** Why the team, building in `build`, may not distribute to `target`, or undefined. */
export function distributionAccountRefusal(platform: PlatformSettings, team: string, build: Account, target: Account): Refusal | undefined {
  if (ownAccountIds(platform, team, build.id).has(target.id)) return undefined;
  const listed = listedAccountsOf(platform, team);
  const label = target.name ?? target.id;
  const own = [`its build account ${build.name ?? build.id}`, ...(listed.length ? [listed.join(', ')] : [])].join(' and ');
  return {
    message: `team ${team} may not distribute to account ${label}: the platform lets it distribute to ${own}`,
    hint: `remove the account, or ask the platform team to add "${label}" to "distributionAccounts" in ${TEAMS_FOLDER}/${team}/${TEAM_GRANTS_FILE}`,
  };
}

/**
 * Which foundation stacks a change touches. The foundation is built from the platform settings,
 * the app's code and the team files (build accounts, regions, distribution targets, launch
 * templates, the grants of each team's platform.yaml), so any change to those affects every foundation stack; component documents, locks,
 * docs and tests affect none. Team deploys never select a foundation stack: they are planned on
 * pull requests and deployed by the foundation workflow only.
 */
import type { ChangedPath } from '../core/git.js';
import type { PlatformSettings } from '../config/platform-schema.js';
import { foundationStackName } from '../model/names.js';
import { isPlatformPath } from '../model/stack-sources.js';

/** A team's team.yaml, and the grants of its platform.yaml (receiving accounts' roles and policies). */
const TEAM_FILE = /^teams\/[^/]+\/(team\.ya?ml|platform\.yaml)$/;

/** The foundation stacks of the settings, for the teams that exist: state and build accounts, and every account a team may distribute to; the state account's first. */
export function foundationStackNames(
  platform: Pick<PlatformSettings, 'foundation' | 'accounts' | 'distributionAccounts'>,
  teams: readonly string[],
): string[] {
  const settings = platform.foundation;
  if (!settings) return [];
  const receiving = teams.flatMap((team) =>
    Object.hasOwn(platform.distributionAccounts, team) ? platform.distributionAccounts[team]! : [],
  );
  const names = new Set([
    settings.stateAccount,
    ...settings.buildAccounts,
    ...receiving.filter((name) => Object.hasOwn(platform.accounts, name)),
  ]);
  // The state account first (it holds what the others refer to), then directory order.
  const ordered = [settings.stateAccount, ...Object.keys(platform.accounts).filter((name) => name !== settings.stateAccount)];
  return ordered.filter((name) => names.has(name)).map(foundationStackName);
}

/** The foundation stacks the changed paths affect (all or none), with the paths that decided it. */
export function affectedFoundationStacks(
  changes: readonly ChangedPath[],
  stacks: readonly string[],
): { stacks: string[]; reasons: Record<string, string[]> } {
  const deciding = changes.map((change) => change.path).filter((path) => isPlatformPath(path) || TEAM_FILE.test(path));
  if (!deciding.length) return { stacks: [], reasons: {} };
  const shown = deciding.slice(0, 3).join(', ') + (deciding.length > 3 ? ` and ${deciding.length - 3} more` : '');
  const sorted = [...stacks].sort();
  return { stacks: sorted, reasons: Object.fromEntries(sorted.map((stack) => [stack, [`foundation inputs changed: ${shown}`]])) };
}

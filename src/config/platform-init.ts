/**
 * The platform settings of a new organisation, from the answers `npm run platform -- init` takes:
 * plain data. Every value the answers do not give is derived from them (bucket names from the state
 * account's id, role names of docs/platform.md), and each path of the settings remembers the answer it
 * came from, so that a problem the settings rule finds is reported at that answer.
 */
import { partitionOf } from './aws-names.js';
import { PLATFORM_PATH } from './platform.js';
import { formatPath, type YamlPath } from '../core/yaml-source.js';

/** An account as answered: `<name>=<12-digit id>`. */
export interface AccountAnswer {
  name: string;
  id: string;
  /** The answer that gave it, e.g. `--build-account`. */
  answer: string;
}

/** What init asks for. */
export interface InitAnswers {
  organizationArn: string;
  stateAccount: AccountAnswer;
  buildAccounts: AccountAnswer[];
  receivingAccounts: AccountAnswer[];
  /** The first is the default build region and the state bucket's region. */
  regions: string[];
  repository: string;
  owners: string[];
  productionEnvironment: string;
  foundationEnvironment: string;
}

/** The settings init writes, and the answer each settings path came from. */
export interface InitSettings {
  platform: Record<string, unknown>;
  /** Formatted settings path (`context.platform.foundation.regions[1]`) → answer (`--region`); a path's closest listed ancestor answers for it. */
  answers: Map<string, string>;
  /** An account named twice with different ids: `<name>` → both answers. */
  conflicts: { name: string; answers: [AccountAnswer, AccountAnswer] }[];
}

/** Role names of "Setting up the platform" in docs/platform.md. */
export const INIT_ROLE_NAMES = {
  deploy: 'golden-ami-deployer',
  plan: 'golden-ami-planner',
  foundation: 'golden-ami-foundation-admin',
} as const;

/**
 * The platform settings for the answers. `kept` holds the settings init does not ask for that the
 * organisation already has (recorded `kmsKeys`, bucket names, `distributionAccounts`…): they stay.
 */
export function platformSettingsFromAnswers(answers: InitAnswers, kept: Record<string, unknown> = {}): InitSettings {
  const at = (...path: (string | number)[]) => formatPath([...PLATFORM_PATH, ...path] as YamlPath);
  const map = new Map<string, string>();
  const accounts: Record<string, string> = {};
  const conflicts: InitSettings['conflicts'] = [];
  const seen = new Map<string, AccountAnswer>();
  for (const account of [answers.stateAccount, ...answers.buildAccounts, ...answers.receivingAccounts]) {
    const earlier = seen.get(account.name);
    if (earlier && earlier.id !== account.id) conflicts.push({ name: account.name, answers: [earlier, account] });
    if (earlier) continue;
    seen.set(account.name, account);
    accounts[account.name] = account.id;
    map.set(at('accounts', account.name), account.answer);
  }
  const partition = partitionOf(answers.regions[0] ?? '');
  const role = (name: string) => `arn:${partition}:iam::{accountId}:role/${name}`;
  const stateId = answers.stateAccount.id;
  const keptFoundation = (kept.foundation ?? {}) as Record<string, unknown>;
  // Derived values first, then what the organisation's settings already hold, then the answers.
  const platform = {
    stateBucket: `golden-ami-tfstate-${stateId}`,
    logBucket: `golden-ami-logs-${stateId}`,
    componentBucket: `golden-ami-components-${stateId}`,
    deployRole: role(INIT_ROLE_NAMES.deploy),
    planRole: role(INIT_ROLE_NAMES.plan),
    ...kept,
    stateRegion: answers.regions[0],
    defaultRegion: answers.regions[0],
    accounts,
    owners: answers.owners,
    organizationArn: answers.organizationArn,
    foundation: {
      foundationRole: role(INIT_ROLE_NAMES.foundation),
      ...keptFoundation,
      repository: answers.repository,
      stateAccount: answers.stateAccount.name,
      buildAccounts: answers.buildAccounts.map((account) => account.name),
      regions: answers.regions,
      productionEnvironment: answers.productionEnvironment,
      foundationEnvironment: answers.foundationEnvironment,
    },
  };
  const answered: [string, string][] = [
    [at('organizationArn'), '--organization'],
    [at('owners'), '--owner'],
    [at('stateRegion'), '--region'],
    [at('defaultRegion'), '--region'],
    [at('foundation', 'regions'), '--region'],
    [at('foundation', 'repository'), '--repository'],
    [at('foundation', 'stateAccount'), '--state-account'],
    [at('foundation', 'buildAccounts'), '--build-account'],
    [at('foundation', 'productionEnvironment'), '--production-environment'],
    [at('foundation', 'foundationEnvironment'), '--foundation-environment'],
    // Derived from the state account's id: a problem there is one of that answer.
    [at('stateBucket'), '--state-account'],
    [at('logBucket'), '--state-account'],
    [at('componentBucket'), '--state-account'],
  ];
  for (const [path, answer] of answered) map.set(path, answer);
  return { platform, answers: map, conflicts };
}

/** The answer a settings path came from (its own, or its closest answered ancestor's), if any. */
export function answerOf(settings: InitSettings, path: string): string | undefined {
  for (let prefix = path; prefix; prefix = prefix.replace(/(\.[^.[]+|\[\d+\])$/, '')) {
    const answer = settings.answers.get(prefix);
    if (answer) return answer;
    if (!/(\.[^.[]+|\[\d+\])$/.test(prefix)) break;
  }
  return undefined;
}

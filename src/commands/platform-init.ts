/**
 * `npm run platform -- init`: writes the platform settings of an organisation into cdktf.json from
 * flags, asking on a terminal for what the flags leave out (without a terminal, a missing flag is a
 * usage error that lists them all). The settings are checked by the rule that checks cdktf.json,
 * each problem reported at the flag that gave the value; nothing is written unless all hold. The
 * example teams go (with their CODEOWNERS rules) the first time, while cdktf.json still holds the
 * example's settings; running it again rewrites the same settings and duplicates nothing.
 */
import { createInterface } from 'node:readline/promises';
import { Readable } from 'node:stream';
import { PLATFORM_FILE } from '../config/platform.js';
import type { AccountAnswer, InitAnswers } from '../config/platform-init.js';
import type { Printer, TextStream } from '../core/output.js';
import { Problems } from '../core/problems.js';
import { CODEOWNERS_FILE } from '../workflows/codeowners.js';
import { foundationStackName } from '../model/names.js';
import { BOOTSTRAP_VARIABLE } from '../synthesis/foundation.js';
import { TEAMS_FOLDER } from '../config/teams.js';
import { writeInitialSettings } from '../workflows/platform-setup.js';
import { usageError, type CommandSpec, type OptionValues } from './command.js';

const options = {
  organization: {
    type: 'string',
    value: '<arn>',
    description: 'the AWS Organization AMIs may be shared with: `aws organizations describe-organization --query Organization.Arn`',
  },
  'state-account': {
    type: 'string',
    value: '<name>=<id>',
    description: 'the shared-services account: state bucket, CI roles, keys, log and component buckets',
  },
  'build-account': {
    type: 'string',
    multiple: true,
    value: '<name>=<id>',
    description: 'an account teams build in (the state account may be one)',
  },
  'receiving-account': {
    type: 'string',
    multiple: true,
    value: '<name>=<id>',
    description: 'an account teams distribute AMIs to (its foundation stack appears once a team does)',
  },
  region: {
    type: 'string',
    multiple: true,
    value: '<region>',
    description: 'a build or distribution region; the first is the default build region and holds the state bucket',
  },
  repository: { type: 'string', value: '<owner>/<name>', description: 'this repository on GitHub (the CI roles trust its workflows only)' },
  owner: {
    type: 'string',
    multiple: true,
    value: '@org/team',
    description: 'GitHub team of the platform (CODEOWNERS: everything outside teams/)',
  },
  'production-environment': { type: 'string', value: '<name>', description: 'GitHub environment of team deploys (default: production)' },
  'foundation-environment': {
    type: 'string',
    value: '<name>',
    description: 'GitHub environment of foundation deploys (default: foundation)',
  },
} as const;

type Values = OptionValues<typeof options>;
type Flag = keyof typeof options;

/** Where answers come from when flags leave some out. */
export interface Terminal {
  input: Readable;
  output: TextStream;
  /** Whether a person can answer (stdin is a terminal). */
  interactive: boolean;
}

/** The question for each answer init needs; flags with a default are asked only on a terminal. */
const QUESTIONS: [Flag, string][] = [
  ['organization', 'Organization ARN (arn:aws:organizations::<management account>:organization/o-…)'],
  ['state-account', 'State (shared-services) account, <name>=<12-digit id>'],
  ['build-account', 'Build accounts, <name>=<id>, comma-separated'],
  ['receiving-account', 'Receiving accounts, <name>=<id>, comma-separated (empty: none yet)'],
  ['region', 'Regions, comma-separated, the default build region first'],
  ['repository', 'GitHub repository, <owner>/<name>'],
  ['owner', 'Platform GitHub teams, @org/team, comma-separated'],
  ['production-environment', 'GitHub environment of team deploys'],
  ['foundation-environment', 'GitHub environment of foundation deploys'],
];
const REQUIRED: Flag[] = ['organization', 'state-account', 'build-account', 'region', 'repository', 'owner'];
const DEFAULTS: Partial<Record<Flag, string>> = {
  'production-environment': 'production',
  'foundation-environment': 'foundation',
  'receiving-account': '',
};

export const initCommand: CommandSpec<typeof options> = {
  name: 'platform',
  subcommand: 'init',
  summary:
    'Write the platform settings of your organisation into cdktf.json, remove the example teams, and print the next commands of the bootstrap.',
  synopsis:
    '--organization <arn> --state-account <name>=<id> --build-account <name>=<id>... [--receiving-account <name>=<id>]... --region <region>... --repository <owner>/<name> --owner @org/team... [--production-environment <name>] [--foundation-environment <name>]',
  options,
  details: [
    'On a terminal, init asks for what the flags leave out; otherwise a missing flag is an error (exit 2) that lists them.',
    'The settings are checked by the same rules as cdktf.json; each problem is reported at the flag that gave the value, and nothing is written. Bucket names are derived from the state account id (edit cdktf.json to change them).',
    'Running it again rewrites the same settings: nothing is added twice, and settings it does not ask for (recorded kmsKeys, distributionAccounts) stay.',
  ],
  examples: [
    'npm run platform -- init --organization arn:aws:organizations::999999999999:organization/o-abc123def4 --state-account shared=111111111111 --build-account shared=111111111111 --receiving-account prod=222222222222 --region eu-west-2 --region eu-west-1 --repository acme/golden-ami-pipelines --owner @acme/platform',
    'npm run platform -- init   # on a terminal: asks for each answer',
  ],
  run: (values, _positionals, io) =>
    initPlatform(io.cwd, values, { input: io.stdin ?? Readable.from([]), output: io.stdout, interactive: Boolean(io.stdin?.isTTY) }, io),
};

/** Runs init in `root`; returns the exit code. */
export async function initPlatform(root: string, values: Values, terminal: Terminal, io: Printer): Promise<number> {
  const given = { ...values } as Record<Flag, string | string[] | undefined>;
  const missing = QUESTIONS.map(([flag]) => flag).filter((flag) => given[flag] === undefined);
  if (missing.length && terminal.interactive) await ask(missing, given, terminal);
  else {
    const absent = REQUIRED.filter((flag) => given[flag] === undefined);
    if (absent.length)
      return usageError(initCommand, `missing ${absent.map((flag) => `--${flag}`).join(', ')} (no terminal to ask on)`, io);
  }
  const problems = new Problems();
  const answers = answersOf(given, problems);
  const written = writeInitialSettings(root, answers, problems, io);
  if (!written) return 1;
  printDone(answers, written.removedTeams, written.leftoverBootstrap, io);
  return 0;
}

/** Asks for each missing answer (comma-separated lists; Enter keeps a default). */
async function ask(missing: Flag[], given: Record<Flag, string | string[] | undefined>, terminal: Terminal): Promise<void> {
  const lines = createInterface({ input: terminal.input, terminal: false });
  const queued: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let closed = false;
  lines.on('line', (line) => (waiting.length ? waiting.shift()!(line) : queued.push(line)));
  lines.on('close', () => {
    closed = true;
    for (const resolve of waiting.splice(0)) resolve(undefined);
  });
  const next = () =>
    new Promise<string | undefined>((resolve) =>
      queued.length ? resolve(queued.shift()) : closed ? resolve(undefined) : waiting.push(resolve),
    );
  try {
    for (const [flag, question] of QUESTIONS.filter(([flag]) => missing.includes(flag))) {
      const fallback = DEFAULTS[flag];
      terminal.output.write(`${question}${fallback ? ` [${fallback}]` : ''}: `);
      const answer = ((await next()) ?? '').trim() || fallback;
      if (answer === undefined) continue;
      given[flag] =
        'multiple' in options[flag]
          ? answer
              .split(',')
              .map((part) => part.trim())
              .filter(Boolean)
          : answer;
    }
  } finally {
    lines.close();
  }
}

/** The answers from the flags; a malformed `<name>=<id>` is a problem at its flag. */
function answersOf(given: Record<Flag, string | string[] | undefined>, problems: Problems): InitAnswers {
  const list = (flag: Flag) => [given[flag] ?? []].flat();
  const account =
    (flag: Flag) =>
    (value: string): AccountAnswer => {
      const [name = '', id = ''] = value.split('=', 2).map((part) => part.trim());
      if (!value.includes('='))
        problems.add({
          file: `--${flag}`,
          path: '',
          message: `"${value}" is not <name>=<12-digit account id>`,
          hint: `write e.g. --${flag} ${value || 'shared'}=111111111111`,
        });
      return { name, id, answer: `--${flag}` };
    };
  return {
    organizationArn: list('organization')[0] ?? '',
    stateAccount: account('state-account')(list('state-account')[0] ?? ''),
    buildAccounts: list('build-account').map(account('build-account')),
    receivingAccounts: list('receiving-account').map(account('receiving-account')),
    regions: list('region'),
    repository: list('repository')[0] ?? '',
    owners: list('owner'),
    productionEnvironment: list('production-environment')[0] ?? DEFAULTS['production-environment']!,
    foundationEnvironment: list('foundation-environment')[0] ?? DEFAULTS['foundation-environment']!,
  };
}

/** What was written, and the next commands of the bootstrap (docs/platform.md, "Setting up the platform"). */
function printDone(answers: InitAnswers, removedTeams: string[], leftoverBootstrap: boolean, io: Printer): void {
  const stack = foundationStackName(answers.stateAccount.name);
  io.out(`Wrote ${PLATFORM_FILE} (context.platform) and ${CODEOWNERS_FILE}.`);
  if (removedTeams.length) io.out(`Removed the example teams: ${removedTeams.map((team) => `${TEAMS_FOLDER}/${team}/`).join(', ')}.`);
  if (leftoverBootstrap)
    io.out('Note: .bootstrap/ already exists: it holds the local state of an earlier bootstrap; keep it until that state is migrated.');
  io.out('');
  io.out('Next (docs/platform.md, "Setting up the platform", from step 2):');
  io.out('  npm run versions   # the shared components record the platform key, which is not recorded yet');
  io.out('  npm run validate');
  io.out(
    '  npm run -s platform -- foundation-role --bootstrap-principal <your role ARN> > foundation-role.json   # then create it in every account',
  );
  io.out(`  ${BOOTSTRAP_VARIABLE}=1 npx cdktf deploy ${stack}`);
  io.out('  npm run synth');
  io.out(`  terraform -chdir=cdktf.out/stacks/${stack} init -migrate-state`);
}

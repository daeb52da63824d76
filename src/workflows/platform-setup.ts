/**
 * The platform team's edits of cdktf.json: the settings of a new organisation from init's answers
 * (`npm run platform -- init`), then, after the bootstrap's first deploy, recording the platform key ARNs the state account's foundation stack outputs (`npm run platform -- record-keys`), and
 * adopting foundation roles an account already has (`npm run platform -- import-existing`). Each
 * checks the new settings by the same rule as cdktf.json itself, prints every problem located, and
 * writes nothing on a problem; running it again with the same input changes nothing.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { partitionOf } from '../config/aws-names.js';
import { checkPlatformText, readCdktfJson, withPlatformSettings } from '../config/platform-edit.js';
import { loadPlatformSettings, PLATFORM_FILE, PLATFORM_PATH } from '../config/platform.js';
import { answerOf, platformSettingsFromAnswers, type InitAnswers } from '../config/platform-init.js';
import { loadTeams, TEAMS_FOLDER } from '../config/teams.js';
import { WriteError, writeTogether } from '../core/write-together.js';
import { codeownersText, CODEOWNERS_FILE } from './codeowners.js';
import { reportProblems, writeOrReport, type Printer } from '../core/output.js';
import { Problems, type Problem } from '../core/problems.js';
import { formatPath, parseYaml, positionOf, readUtf8, type YamlSource } from '../core/yaml-source.js';
import { readFoundationOutputs, type FoundationOutputs } from '../model/foundation/state-outputs.js';
import { platformKeyOutputName } from '../model/names.js';

/** The repository the example settings name: while cdktf.json names it, its teams are the example's. */
export const EXAMPLE_REPOSITORY = 'museum-digital/golden-ami-pipelines';

/** What init wrote besides the settings. */
export interface InitialSettingsWritten {
  /** The example's teams, removed the first time (while cdktf.json held the example's settings). */
  removedTeams: string[];
  /** Whether .bootstrap/ (an earlier bootstrap's local state) is already there. */
  leftoverBootstrap: boolean;
}

/**
 * Writes the platform settings of `answers` into cdktf.json and CODEOWNERS (both or neither), with
 * the `problems` found in the answers themselves and those the settings rule finds, each at the
 * answer it came from; removes the example teams the first time. Undefined, with the problems and
 * "Nothing was written" printed, when there is any.
 */
export function writeInitialSettings(
  root: string,
  answers: InitAnswers,
  problems: Problems,
  print: Printer,
): InitialSettingsWritten | undefined {
  const cdktf = readCdktfJson(root);
  const current = ((cdktf.context ?? {}) as Record<string, Record<string, unknown>>)[PLATFORM_PATH[1]] ?? {};
  const example = (current.foundation as { repository?: string } | undefined)?.repository === EXAMPLE_REPOSITORY;
  const kept = example || current.organizationArn !== answers.organizationArn ? {} : current;
  const settings = platformSettingsFromAnswers(answers, kept);
  for (const {
    name,
    answers: [first, second],
  } of settings.conflicts) {
    problems.add({
      file: second.answer,
      path: name,
      message: `account "${name}" is ${first.id} in ${first.answer} and ${second.id} here`,
      hint: 'give each account one id',
    });
  }
  const text = withPlatformSettings(cdktf, settings.platform);
  const checked = new Problems();
  checkPlatformText(text, checked);
  // An answer already refused as written is not judged again for what it made of the settings.
  const refused = new Set(problems.all.map((problem) => problem.file));
  for (const problem of checked.all) {
    const answer = answerOf(settings, problem.path);
    if (answer && refused.has(answer)) continue;
    // Lines of a file not yet written mean nothing: the flag, or the settings path alone, locate it.
    const { line: _line, column: _column, ...unplaced } = problem;
    problems.add({ ...unplaced, file: answer ?? `${PLATFORM_FILE} (as init would write it)` });
  }
  if (reportProblems(problems, print)) {
    print.err('Nothing was written: fix the answers above.');
    return undefined;
  }

  const teams = example ? loadTeams(root, new Problems()).map((team) => team.name) : [];
  const remaining = example ? [] : loadTeams(root, new Problems());
  try {
    mkdirSync(dirname(join(root, CODEOWNERS_FILE)), { recursive: true });
    writeTogether(root, [
      { file: PLATFORM_FILE, text },
      { file: CODEOWNERS_FILE, text: codeownersText(remaining, answers.owners) },
    ]);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    print.err(`${error.message}\nNothing was written.`);
    return undefined;
  }
  for (const team of teams) rmSync(join(root, TEAMS_FOLDER, team), { recursive: true, force: true });
  return { removedTeams: teams, leftoverBootstrap: existsSync(join(root, '.bootstrap')) };
}

/** What record-keys found in the outputs, and whether cdktf.json changed. */
export interface RecordedKeys extends FoundationOutputs {
  changed: boolean;
  /** The state account's name: its foundation stack's outputs were read. */
  stateAccount: string;
}

/**
 * Records the key ARNs of `outputsFile` (what `terraform output -json` printed in the state
 * account's foundation stack folder) in `kmsKeys` of cdktf.json. Undefined, with the problems and
 * "Nothing was recorded." printed, when anything is wrong.
 */
export function recordFoundationKeys(root: string, outputsFile: string, print: Printer): RecordedKeys | undefined {
  const problems = new Problems();
  const settings = loadPlatformSettings(root, problems);
  if (reportProblems(problems, print) || !settings) {
    nothingRecorded(print, 'Fix cdktf.json first.');
    return;
  }
  const foundation = settings.foundation;
  if (!foundation) {
    print.err(
      `${PLATFORM_FILE}: the platform settings have no "foundation": there are no foundation stacks whose outputs to record.\n    hint: run \`npm run platform -- init\` first`,
    );
    return undefined;
  }
  const source = loadOutputsFile(root, outputsFile, problems);
  const stateAccountId = settings.accounts[foundation.stateAccount]!;
  const outputs =
    source &&
    readFoundationOutputs(source, { partition: partitionOf(settings.stateRegion), stateAccountId, regions: foundation.regions }, problems);
  if (reportProblems(problems, print) || !source || !outputs) {
    nothingRecorded(print);
    return;
  }

  const cdktf = readCdktfJson(root);
  const platform = (cdktf.context as Record<string, Record<string, unknown>>)[PLATFORM_PATH[1]]!;
  const recorded = { ...(platform.kmsKeys as Record<string, string> | undefined), ...outputs.kmsKeys };
  const text = withPlatformSettings(cdktf, { ...platform, kmsKeys: recorded });
  const checked = new Problems();
  checkPlatformText(text, checked);
  const relocated = new Problems();
  relocated.addAll(checked.all.map((problem) => locatedInOutputs(problem, source)));
  if (reportProblems(relocated, print)) {
    nothingRecorded(print);
    return;
  }
  const changed = JSON.stringify(platform.kmsKeys ?? {}) !== JSON.stringify(recorded);
  if (changed && !writeOrReport(root, PLATFORM_FILE, text, print)) {
    nothingRecorded(print);
    return;
  }
  return { ...outputs, changed, stateAccount: foundation.stateAccount };
}

/** The outputs file with positions; it must be JSON (what `terraform output -json` prints), not any YAML. */
function loadOutputsFile(root: string, file: string, problems: Problems): YamlSource | undefined {
  const text = readUtf8(resolve(root, file), file, problems);
  if (text === undefined) return undefined;
  try {
    JSON.parse(text);
  } catch (error) {
    problems.add({
      file,
      path: '',
      message: `not JSON (${(error as Error).message})`,
      hint: "write it with `terraform output -json > <file>` in the state account's foundation stack folder",
    });
    return undefined;
  }
  return parseYaml(text, file, problems);
}

/** A problem the new kmsKeys cause, moved to the output it came from. */
function locatedInOutputs(problem: Problem, outputs: YamlSource): Problem {
  const prefix = formatPath([...PLATFORM_PATH, 'kmsKeys']);
  if (!problem.path.startsWith(`${prefix}.`)) return problem;
  const region = problem.path.slice(prefix.length + 1).split('.')[0]!;
  const path = [platformKeyOutputName(region), 'value'];
  return { ...problem, file: outputs.file, path: formatPath(path), ...positionOf(outputs, path) };
}

/** What import-existing adopted in the account, and whether cdktf.json changed. */
export interface AdoptedRoles {
  changed: boolean;
  /** Every role adopted in the account now, sorted. */
  roles: string[];
}

/**
 * Adds `roles` to `foundation.adoptRoles[account]` in cdktf.json, checked like the file itself.
 * Undefined, with the problems and "Nothing was recorded." printed, when anything is wrong.
 */
export function adoptExistingRoles(root: string, account: string, roles: readonly string[], print: Printer): AdoptedRoles | undefined {
  const problems = new Problems();
  const settings = loadPlatformSettings(root, problems);
  if (reportProblems(problems, print) || !settings) {
    nothingRecorded(print, 'Fix cdktf.json first.');
    return;
  }
  if (!settings.foundation) {
    print.err(
      `${PLATFORM_FILE}: the platform settings have no "foundation": there are no foundation roles to adopt.\n    hint: run \`npm run platform -- init\` first`,
    );
    nothingRecorded(print);
    return;
  }
  if (!Object.hasOwn(settings.accounts, account)) {
    print.err(`no account "${account}" in "accounts" of ${PLATFORM_FILE} (accounts: ${Object.keys(settings.accounts).join(', ')})`);
    nothingRecorded(print);
    return;
  }
  const cdktf = readCdktfJson(root);
  const platform = (cdktf.context as Record<string, Record<string, unknown>>)[PLATFORM_PATH[1]]!;
  const foundation = platform.foundation as Record<string, unknown>;
  const adopted = { ...(foundation.adoptRoles as Record<string, string[]> | undefined) };
  const before = adopted[account] ?? [];
  const after = [...new Set([...before, ...roles])].sort();
  adopted[account] = after;
  const text = withPlatformSettings(cdktf, { ...platform, foundation: { ...foundation, adoptRoles: adopted } });
  const checked = new Problems();
  checkPlatformText(text, checked);
  if (reportProblems(checked, print)) {
    nothingRecorded(print);
    return;
  }
  const changed = after.length !== before.length;
  if (changed && !writeOrReport(root, PLATFORM_FILE, text, print)) {
    nothingRecorded(print);
    return;
  }
  return { changed, roles: after };
}

/** Prints that nothing was recorded (after `what`, if given). */
function nothingRecorded(print: Printer, what = ''): undefined {
  print.err(`${what ? `${what} ` : ''}Nothing was recorded.`);
  return undefined;
}

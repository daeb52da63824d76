/**
 * `npm run platform -- record-keys --outputs <file>`: writes the platform key ARNs that the state
 * account's foundation stack outputs into `kmsKeys` of cdktf.json, and prints the CI roles'
 * repository variables. The outputs are checked (foundation regions, state account, CI role names)
 * and the new settings by the same rule as cdktf.json itself; a problem in a value read is reported
 * at its line in the outputs file, and nothing is written.
 */
import { resolve } from 'node:path';
import { checkPlatformText, readCdktfJson, withPlatformSettings } from '../config/platform-edit.js';
import { loadPlatformSettings, PLATFORM_FILE, PLATFORM_PATH } from '../config/platform.js';
import { partitionOf } from '../config/aws-names.js';
import { Problems, type Problem } from '../core/problems.js';
import { formatPath, parseYaml, positionOf, readUtf8, type YamlSource } from '../core/yaml-source.js';
import { CI_ROLE_NAMES, ciRoleVariable, foundationStackName, platformKeyOutputName } from '../model/names.js';
import { readFoundationOutputs } from '../model/foundation/state-outputs.js';
import type { CommandSpec } from './command.js';
import { reportProblems, writeOrReport, type Printer } from '../core/output.js';

const options = {
  outputs: { type: 'string', value: '<file>', description: 'what `terraform output -json` printed in the state account\'s foundation stack folder' },
} as const;

export const recordKeysCommand: CommandSpec<typeof options> = {
  name: 'platform',
  subcommand: 'record-keys',
  summary: "Record the platform key ARNs the state account's foundation stack outputs in kmsKeys of cdktf.json, and print the CI roles' repository variables.",
  synopsis: '--outputs <file>',
  options,
  details: [
    'Checks every output it reads (one key per foundation region, in the state account; the CI roles of the state account) and the new settings by the same rules as cdktf.json. Any problem is reported at its line and nothing is written.',
    'Running it again with the same outputs changes nothing. Exit codes: 0 recorded (or already recorded), 1 problems, 2 usage errors.',
  ],
  examples: [
    'npm run platform -- record-keys --outputs foundation-outputs.json',
    'terraform -chdir=cdktf.out/stacks/foundation-image-factory output -json > foundation-outputs.json   # first',
  ],
  run: (values, _positionals, io) => (values.outputs ? recordKeys(io.cwd, values.outputs, io) : missingOutputs(io)),
};

function missingOutputs(io: Printer): number {
  io.err('missing --outputs <file>\nusage: npm run platform -- record-keys --outputs <file>');
  return 2;
}

/** Records the key ARNs of the outputs file in cdktf.json; returns the exit code. */
export function recordKeys(root: string, outputsFile: string, io: Printer): number {
  const problems = new Problems();
  const settings = loadPlatformSettings(root, problems);
  if (reportProblems(problems, io) || !settings) return failed(io, 'Fix cdktf.json first.');
  const foundation = settings.foundation;
  if (!foundation) {
    io.err(`${PLATFORM_FILE}: the platform settings have no "foundation": there are no foundation stacks whose outputs to record.\n    hint: run \`npm run platform -- init\` first`);
    return 1;
  }
  const source = loadOutputsFile(root, outputsFile, problems);
  const stateAccountId = settings.accounts[foundation.stateAccount]!;
  const outputs = source && readFoundationOutputs(source, { partition: partitionOf(settings.stateRegion), stateAccountId, regions: foundation.regions }, problems);
  if (reportProblems(problems, io) || !source || !outputs) return failed(io);

  const cdktf = readCdktfJson(root);
  const platform = (cdktf.context as Record<string, Record<string, unknown>>)[PLATFORM_PATH[1]]!;
  const recorded = { ...(platform.kmsKeys as Record<string, string> | undefined), ...outputs.kmsKeys };
  const text = withPlatformSettings(cdktf, { ...platform, kmsKeys: recorded });
  const checked = new Problems();
  checkPlatformText(text, checked);
  const relocated = new Problems();
  relocated.addAll(checked.all.map((problem) => locatedInOutputs(problem, source)));
  if (reportProblems(relocated, io)) return failed(io);
  const changed = JSON.stringify(platform.kmsKeys ?? {}) !== JSON.stringify(recorded);
  if (changed && !writeOrReport(root, PLATFORM_FILE, text, io)) return failed(io);
  io.out(changed ? `Recorded in ${PLATFORM_FILE} (context.platform.kmsKeys):` : `${PLATFORM_FILE} already records these keys; nothing changed:`);
  for (const [region, arn] of Object.entries(outputs.kmsKeys)) io.out(`  ${region}  ${arn}`);
  io.out('');
  io.out('Set the repository variables (Settings → Secrets and variables → Actions → Variables), before merging anything:');
  for (const role of Object.keys(CI_ROLE_NAMES) as (keyof typeof CI_ROLE_NAMES)[]) io.out(`  gh variable set ${ciRoleVariable(role)} --body ${outputs.ciRoles[role]}`);
  io.out('');
  if (changed) io.out('Next: npm run versions (components record the key they are encrypted with), then commit cdktf.json and the version locks;');
  io.out(`npm run synth, and plan ${foundationStackName(foundation.stateAccount)} again: its key outputs now check that the keys are the recorded ones.`);
  return 0;
}

/** The outputs file with positions; it must be JSON (what `terraform output -json` prints), not any YAML. */
function loadOutputsFile(root: string, file: string, problems: Problems): YamlSource | undefined {
  const text = readUtf8(resolve(root, file), file, problems);
  if (text === undefined) return undefined;
  try {
    JSON.parse(text);
  } catch (error) {
    problems.add({ file, path: '', message: `not JSON (${(error as Error).message})`, hint: "write it with `terraform output -json > <file>` in the state account's foundation stack folder" });
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

function failed(io: Printer, what = ''): number {
  io.err(`${what ? `${what} ` : ''}Nothing was recorded.`);
  return 1;
}

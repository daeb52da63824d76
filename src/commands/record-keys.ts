/**
 * `npm run platform -- record-keys --outputs <file>`: writes the platform key ARNs that the state
 * account's foundation stack outputs into `kmsKeys` of cdktf.json, and prints the CI roles'
 * repository variables. The outputs are checked (foundation regions, state account, CI role names)
 * and the new settings by the same rule as cdktf.json itself; a problem in a value read is reported
 * at its line in the outputs file, and nothing is written (src/workflows/platform-setup.ts).
 */
import { PLATFORM_FILE } from '../config/platform.js';
import type { Printer } from '../core/output.js';
import { CI_ROLE_NAMES, ciRoleVariable, foundationStackName } from '../model/names.js';
import { recordFoundationKeys } from '../workflows/platform-setup.js';
import type { CommandSpec } from './command.js';

const options = {
  outputs: {
    type: 'string',
    value: '<file>',
    description: "what `terraform output -json` printed in the state account's foundation stack folder",
  },
} as const;

export const recordKeysCommand: CommandSpec<typeof options> = {
  name: 'platform',
  subcommand: 'record-keys',
  summary:
    "Record the platform key ARNs the state account's foundation stack outputs in kmsKeys of cdktf.json, and print the CI roles' repository variables.",
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

/** Records the key ARNs of the outputs file in cdktf.json and prints the repository variables; returns the exit code. */
export function recordKeys(root: string, outputsFile: string, io: Printer): number {
  const recorded = recordFoundationKeys(root, outputsFile, io);
  if (!recorded) return 1;
  io.out(
    recorded.changed
      ? `Recorded in ${PLATFORM_FILE} (context.platform.kmsKeys):`
      : `${PLATFORM_FILE} already records these keys; nothing changed:`,
  );
  for (const [region, arn] of Object.entries(recorded.kmsKeys)) io.out(`  ${region}  ${arn}`);
  io.out('');
  io.out('Set the repository variables (Settings → Secrets and variables → Actions → Variables), before merging anything:');
  for (const role of Object.keys(CI_ROLE_NAMES) as (keyof typeof CI_ROLE_NAMES)[])
    io.out(`  gh variable set ${ciRoleVariable(role)} --body ${recorded.ciRoles[role]}`);
  io.out('');
  if (recorded.changed)
    io.out('Next: npm run versions (components record the key they are encrypted with), then commit cdktf.json and the version locks;');
  io.out(
    `npm run synth, and plan ${foundationStackName(recorded.stateAccount)} again: its key outputs now check that the keys are the recorded ones.`,
  );
  return 0;
}

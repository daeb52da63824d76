/**
 * `npm run validate`: every check CI makes of the configuration, short of AWS. Passes exactly when
 * CI's `validate`, `versions -- --check` and `synth -- --hcl` steps pass: loads and checks all
 * config (platform settings, team.yaml, component documents with the AWSTOE linter), the version
 * locks as `versions -- --check` does, and CODEOWNERS; then synthesises into a scratch folder, runs
 * the policy and provider checks and renders the HCL review copies in memory. Lists every problem;
 * exits 1 on any error. Writes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCodeownersFile } from '../workflows/codeowners.js';
import { reasonedBuildGrants } from '../model/fleet/build-permissions.js';
import type { Problem } from '../core/problems.js';
import { listTeamFolders } from '../config/teams.js';
import { findingProblems } from '../checks/engine.js';
import { channelSummary, componentLine, reportData } from '../workflows/fleet-report.js';
import type { SynthesizedStack } from '../checks/synthesized.js';
import { renderHcl } from '../synthesis/hcl.js';
import { withSynthesisThreads, type SynthesisThreads } from '../synthesis/parallel.js';
import { lockCheckProblems } from '../versioning/lock-check.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { commandOf, type CommandIo, type CommandSpec } from './command.js';
import { reportProblems } from '../core/output.js';
import { DEFAULT_OUTDIR, HCL_FOLDER, synthesizeAndCheck, teamSourcesOf } from '../synthesis/pipeline.js';

const options = {} as const;

const command: CommandSpec<typeof options> = {
  name: 'validate',
  summary:
    'Check every file as CI does (config, component documents, version locks, CODEOWNERS, policy and provider checks on the synthesised stacks); write nothing.',
  synopsis: '',
  options,
  details: [
    "Passes exactly when CI's checks of the configuration pass: validate, versions --check and synth --hcl.",
    'The version locks are checked once the configuration has no errors, and CODEOWNERS once every team file reads: npm run versions and npm run codeowners, which fix them, need that first.',
    'Exit codes: 0 valid, 1 problems found, 2 usage errors.',
  ],
  examples: ['npm run validate'],
  run(_values, _positionals, io) {
    const root = io.cwd;
    // The threads start first, so that the workers load their modules while the configuration is read.
    return withSynthesisThreads(listTeamFolders(root).length, (threads) => validateFleet(root, threads, io));
  },
};

async function validateFleet(root: string, threads: SynthesisThreads, io: CommandIo): Promise<number> {
  const { fleet, sources, problems, plan } = loadVersionedFleet(root);
  if (plan?.historyWarning) io.err(`warning: ${plan.historyWarning}`);
  checkCodeownersFile(root, problems);
  // `npm run versions` refuses a configuration with errors: report its findings once it can run.
  const configErrors = problems.hasErrors();
  if (!configErrors && plan) problems.addAll(lockCheckProblems(plan));
  if (!fleet || configErrors) {
    reportProblems(problems, io);
    if (sources) io.err('The version locks are checked once the errors above are fixed.');
    return 1;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'golden-ami-validate-'));
  try {
    const { violations, waived, conformance, stacks } = await synthesizeAndCheck(fleet, scratch, {
      threads,
      root,
      env: io.env,
      teamSources: teamSourcesOf({ sources }),
    });
    problems.addAll([...findingProblems(violations), ...conformance, ...hclProblems(stacks)]);
    if (reportProblems(problems, io)) return 1;
    const images = fleet.teams.reduce((n, team) => n + team.images.length, 0);
    const waivers =
      waived.length === 1 ? '1 policy check waived for one image' : `${waived.length} policy checks waived, each for one image`;
    const others = stacks.length - fleet.teams.length;
    const foundation = others > 0 ? ` and ${others} foundation stack${others === 1 ? '' : 's'}` : '';
    io.out(
      `Valid: ${fleet.teams.length} teams, ${images} images${foundation}; version locks current; every policy check and the provider's validation pass (${waivers}).`,
    );
    // Named by image, as the report names them: the YAML path is in the waiver's source.
    const imageAt = (team: string, path: string) =>
      fleet.teams.find((t) => t.name === team)?.images.find((i) => i.source.path === path)?.name ?? path;
    for (const w of waived) io.out(`  waived ${w.check} for ${w.stack}/${imageAt(w.stack, w.source.path)}: ${w.waiver!.reason}`);
    for (const report of reportData(fleet)) {
      if (report.channels.length)
        io.out(`  ${report.team}/${report.image} channels: ${channelSummary(report.channels, (account) => account.name ?? account.id)}`);
    }
    for (const team of fleet.teams) {
      for (const { grant, reason } of reasonedBuildGrants(team.buildPermissions))
        io.out(`  build instances of ${team.name} may ${grant}: ${reason}`);
      for (const image of team.images) {
        const golden = image.parentImage.golden;
        if (golden)
          io.out(
            `  ${team.name}/${image.name} builds on ${golden.team}/${golden.image}${golden.channel === undefined ? '' : ` (channel ${golden.channel})`} through ${image.parentImage.value}`,
          );
        for (const pin of image.componentPins)
          io.out(`  ${team.name}/${image.name}: ${componentLine({ name: pin.key, version: pin.version, managed: false, pinned: pin })}`);
      }
    }
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The stacks `synth -- --hcl` could not write as HCL review copies. */
function hclProblems(stacks: readonly SynthesizedStack[]): Problem[] {
  return stacks.flatMap((stack): Problem[] => {
    try {
      renderHcl(stack.json);
      return [];
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const file = `${DEFAULT_OUTDIR}/${HCL_FOLDER}/${stack.name}/cdk.tf`;
      return [
        {
          severity: 'error',
          file,
          path: '',
          message: `stack ${stack.name} cannot be written as HCL, so \`npm run synth -- --hcl\` fails: ${reason}`,
        },
      ];
    }
  });
}

/** `npm run validate`. */
export const validate = commandOf(command);

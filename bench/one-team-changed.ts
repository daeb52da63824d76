/**
 * The "one team changed" case of the benchmark (`npm run bench -- --one-team-changed`): on a fleet
 * of N teams, a full `npm run synth -- --full`, then repeatedly one team's team.yaml changed (an
 * image description: a new recipe version, so the run also brings that team's lock up to date, as
 * a developer's local synth does) and `npm run synth` timed. It checks that each run kept every
 * other stack, and that the last output is byte for byte what a full synth of the same fleet writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSuccessfully, summarize, type Command, type Measurement } from './measure.js';

/** Outside CI: a stale lock is brought up to date, as on a developer's machine. */
const LOCAL_ENV = { CHECKPOINT_DISABLE: '1' };

/** What the case measured on one fleet. */
export interface OneTeamChangedResult {
  teams: number;
  /** `npm run synth -- --full` on the unchanged fleet. */
  full: Measurement;
  /** `npm run synth` after one team's file changed, once per repetition. */
  incremental: Measurement;
}

/** `npm run synth -- --output <outdir> [args]` in `root`, outside CI. */
export function synthCommand(root: string, outdir: string, ...args: string[]): Command {
  return {
    label: `npm run synth ${args.join(' ')} (${root})`,
    program: ['npm', 'run', '--silent', 'synth', '--', '--output', outdir, ...args],
    cwd: root,
    env: LOCAL_ENV,
  };
}

/**
 * Runs the case on the fleet at `root` (generated, locks current): one full synth, then
 * `repetitions` incremental ones, each after changing another team. `assertSameOutput` compares
 * the incremental output with a full synth's at the end.
 */
export async function benchOneTeamChanged(
  root: string,
  teams: readonly string[],
  repetitions: number,
  assertSameOutput: (label: string, expected: string, actual: string) => void,
  progress: (message: string) => void,
): Promise<OneTeamChangedResult> {
  const outdir = join(root, 'cdktf.out');
  progress(`${teams.length} teams, one team changed: full synth`);
  const full = await runSuccessfully(synthCommand(root, outdir, '--full'));
  const incremental = [];
  for (let i = 1; i <= repetitions; i++) {
    const team = teams[(i * 97) % teams.length]!;
    changeDescription(join(root, 'teams', team, 'team.yaml'), i);
    progress(`${teams.length} teams, one team changed: ${team}, incremental synth ${i}/${repetitions}`);
    const run = await runSuccessfully(synthCommand(root, outdir));
    const kept = new RegExp(`\\((\\d+) of (\\d+) stacks unchanged since the last synth, kept\\)`).exec(run.stdout);
    if (!kept || Number(kept[1]) !== Number(kept[2]) - 1)
      throw new Error(`the synth after changing ${team} did not keep every other stack:\n${run.stdout}${run.stderr}`);
    incremental.push(run);
  }
  progress(`${teams.length} teams, one team changed: checking the output against a full synth`);
  const check = join(root, 'cdktf-full.out');
  await runSuccessfully(synthCommand(root, check, '--full'));
  assertSameOutput(`${teams.length} teams, one team changed`, check, outdir);
  return { teams: teams.length, full: summarize([full]), incremental: summarize(incremental) };
}

/** Changes the first image description of a team.yaml (a new recipe version). */
function changeDescription(file: string, change: number): void {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(/^( {4}description: .*?)( \(change \d+\))?$/m, `$1 (change ${change})`);
  if (changed === text) throw new Error(`${file}: no image description to change`);
  writeFileSync(file, changed);
}

/** The case's figures as a Markdown table: wall and CPU time (all processes; barely affected by other work on the machine). */
export function formatOneTeamChanged(results: readonly OneTeamChangedResult[]): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    '| teams | full synth wall | full synth CPU | one team changed: wall (best, median) | CPU (best) | peak RSS (full, changed) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map(
      ({ teams, full, incremental }) =>
        `| ${teams} | ${seconds(full.wallMs.best)} | ${seconds(full.cpuMs.best)} | ${seconds(incremental.wallMs.best)}, ${seconds(incremental.wallMs.median)} | ${seconds(incremental.cpuMs.best)} | ${Math.round(full.peakRssMb.best)} MB, ${Math.round(incremental.peakRssMb.best)} MB |`,
    ),
  ].join('\n');
}

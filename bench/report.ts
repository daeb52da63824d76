/** The benchmark's results as a readable table. */
import type { Measurement, Spread } from './measure.js';
import type { BenchResults, SynthCommands } from './results.js';

/** The table of figures, the example repository's run, and PASS/MISS per target. */
export function formatReport(results: BenchResults): string {
  const { machine, loadAverage, example } = results;
  const header = [
    'teams',
    'runs',
    'app wall',
    'app CPU',
    'ref wall',
    'ref CPU',
    'wall ratio',
    'CPU ratio',
    'app RSS MB',
    'ref RSS MB',
    'versions --check wall',
    'its CPU',
    'uncached wall',
    'resources',
  ];
  const rows = results.fleets.map((fleet) => [
    String(fleet.teams),
    String(fleet.app.runs),
    ms(fleet.app.wallMs),
    ms(fleet.app.cpuMs),
    ms(fleet.reference.wallMs),
    ms(fleet.reference.cpuMs),
    `${fleet.ratio.toFixed(2)}x`,
    `${fleet.cpuRatio.toFixed(2)}x`,
    fleet.app.peakRssMb.median.toFixed(0),
    fleet.reference.peakRssMb.median.toFixed(0),
    ms(fleet.versionsCheck.wallMs),
    ms(fleet.versionsCheck.cpuMs),
    ms(fleet.versionsCheckCold.wallMs),
    String(fleet.resources),
  ]);
  const targets = results.targets.map(
    (t) => `  ${t.pass ? 'PASS' : 'MISS'}  ${t.target}: ${format(t.actual, t.unit)} (limit ${format(t.limit, t.unit)})`,
  );
  return [
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryMb} MB, Node ${machine.node}, ${machine.os}`,
    `Load average (1 min) at start / end: ${loadAverage.start.toFixed(2)} / ${loadAverage.end.toFixed(2)}`,
    'Times in ms are best/median of the runs; ratios and targets use the best; RSS is the median peak.',
    '',
    table([header, ...rows]),
    '',
    `Example repository (the app on teams/): ${describe(example)}`,
    '',
    'Synth commands against the app (ms, best/median; interleaved runs; CPU of all the processes of a command):',
    table([
      [
        'fleet',
        'app wall',
        'app CPU',
        'npm run synth wall',
        'CPU',
        'wall ratio',
        'CPU ratio',
        'cdktf synth wall',
        'CPU',
        'wall ratio',
        'CPU ratio',
      ],
      ...[
        ...results.fleets.map((fleet): [string, SynthCommands] => [`${fleet.teams} teams`, fleet.synthCommands]),
        ['example', results.exampleSynthCommands] as [string, SynthCommands],
      ].map(([label, synth]) => [
        label,
        ms(synth.app.wallMs),
        ms(synth.app.cpuMs),
        ms(synth.fast.wallMs),
        ms(synth.fast.cpuMs),
        `${synth.fastRatio.toFixed(2)}x`,
        `${synth.fastCpuRatio.toFixed(2)}x`,
        ms(synth.cli.wallMs),
        ms(synth.cli.cpuMs),
        `${synth.cliRatio.toFixed(2)}x`,
        `${synth.cliCpuRatio.toFixed(2)}x`,
      ]),
    ]),
    '',
    'Targets:',
    ...targets,
  ].join('\n');
}

function describe(measurement: Measurement): string {
  return `wall ${ms(measurement.wallMs)} ms, CPU ${ms(measurement.cpuMs)} ms, peak RSS ${measurement.peakRssMb.median.toFixed(0)} MB (${measurement.runs} runs)`;
}

function ms(spread: Spread): string {
  return `${spread.best.toFixed(0)}/${spread.median.toFixed(0)}`;
}

function format(value: number, unit: 'x' | 'ms' | 'MB'): string {
  return unit === 'x' ? `${value.toFixed(2)}x` : `${value.toFixed(0)} ${unit}`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

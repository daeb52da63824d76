/** The benchmark's results, as written to the JSON file. */
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { Measurement } from './measure.js';
import type { BlockCounts } from './resource-count.js';

/** Everything measured for one synthetic fleet size. */
export interface FleetResult {
  teams: number;
  /** The project's app (main.ts) with CI=true: load, validate, check versions, synthesise. */
  app: Measurement;
  /** bench/reference-app.ts: the same resources created directly. */
  reference: Measurement;
  /** Best app wall time over best reference wall time. */
  ratio: number;
  /** The same for CPU time, which other work on the machine barely affects. */
  cpuRatio: number;
  /** `versions --check` with the locks unchanged since the previous check: answered from its cache (src/versioning/check-cache.ts). */
  versionsCheck: Measurement;
  /** `versions --check --no-cache`: the whole check, as on a fresh clone. */
  versionsCheckCold: Measurement;
  /** Resource blocks in the app's output (the reference's are checked to be the same, by type). */
  resources: number;
  blocks: BlockCounts;
  synthCommands: SynthCommands;
}

/** The synth commands on one fleet, against the app run (each runs in its own process). */
export interface SynthCommands {
  /** `node bin/run.mjs main.ts`: the app, as the cdktf CLI starts it. */
  app: Measurement;
  /** `npm run synth`: the app's work without the cdktf CLI, npm's own start-up included. */
  fast: Measurement;
  /** `cdktf synth`: the CLI, which starts the app. */
  cli: Measurement;
  /** Best `npm run synth` wall time over the best app wall time. */
  fastRatio: number;
  /** Best `cdktf synth` wall time over the best app wall time. */
  cliRatio: number;
  /** The same ratios of CPU time (all processes of the command), which other work on the machine barely affects. */
  fastCpuRatio: number;
  cliCpuRatio: number;
}

/** One target: what was measured against its limit (lower is better for all of them). */
export interface TargetResult {
  target: string;
  actual: number;
  limit: number;
  unit: 'x' | 'ms' | 'MB';
  pass: boolean;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  os: string;
  memoryMb: number;
}

export interface BenchResults {
  date: string;
  machine: Machine;
  /** 1-minute load average when the benchmark started and ended: other work on the machine skews times. */
  loadAverage: { start: number; end: number };
  fleets: FleetResult[];
  /** The app run on the repository's own example teams. */
  example: Measurement;
  /** The synth commands on the example teams. */
  exampleSynthCommands: SynthCommands;
  targets: TargetResult[];
}

/** The machine's 1-minute load average. */
export function currentLoad(): number {
  return loadavg()[0]!;
}

/** The machine the benchmark runs on. */
export function describeMachine(): Machine {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    node: process.version,
    os: `${process.platform} ${release()}`,
    memoryMb: Math.round(totalmem() / 2 ** 20),
  };
}

/** Counting what a synthesis wrote: stacks, providers, resources by type and outputs. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Block counts by kind: `stack`, `provider.aws`, `backend.s3`, `output`, `resource.<type>`. */
export type BlockCounts = Record<string, number>;

interface StackJson {
  provider?: Record<string, unknown[]>;
  terraform?: { backend?: Record<string, unknown> };
  resource?: Record<string, Record<string, unknown>>;
  output?: Record<string, unknown>;
}

/** Counts the blocks of every `stacks/<name>/cdk.tf.json` under a cdktf output folder. */
export function countBlocks(outdir: string): BlockCounts {
  const counts: BlockCounts = {};
  const add = (kind: string, n: number) => (counts[kind] = (counts[kind] ?? 0) + n);
  const stacksFolder = join(outdir, 'stacks');
  for (const stack of existsSync(stacksFolder) ? readdirSync(stacksFolder) : []) {
    const json = JSON.parse(readFileSync(join(stacksFolder, stack, 'cdk.tf.json'), 'utf8')) as StackJson;
    add('stack', 1);
    for (const [name, blocks] of Object.entries(json.provider ?? {})) add(`provider.${name}`, blocks.length);
    for (const name of Object.keys(json.terraform?.backend ?? {})) add(`backend.${name}`, 1);
    for (const [type, byId] of Object.entries(json.resource ?? {})) add(`resource.${type}`, Object.keys(byId).length);
    add('output', Object.keys(json.output ?? {}).length);
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Total number of `resource` blocks. */
export function resourceTotal(counts: BlockCounts): number {
  return Object.entries(counts).reduce((sum, [kind, n]) => (kind.startsWith('resource.') ? sum + n : sum), 0);
}

/** One line per kind whose counts differ, e.g. `resource.aws_iam_role: app 10, reference 9`; empty when equal. */
export function countDifferences(app: BlockCounts, reference: BlockCounts): string[] {
  const kinds = [...new Set([...Object.keys(app), ...Object.keys(reference)])].sort();
  return kinds
    .filter((kind) => app[kind] !== reference[kind])
    .map((kind) => `${kind}: app ${app[kind] ?? 0}, reference ${reference[kind] ?? 0}`);
}

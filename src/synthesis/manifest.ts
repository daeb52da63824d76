/**
 * cdktf's `manifest.json`, the index of `cdktf.out` that `cdktf diff/deploy <stack>` read: written
 * byte for byte as cdktf itself writes it (json-stable-stringify with two spaces: keys sorted, an
 * empty array as `[`, newline, indent, `]`, no final newline), so that a merged or adjusted
 * manifest cannot be told from one `App.synth()` wrote.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
/** The folder of the stacks inside the output folder, `stacks/<team>/cdk.tf.json`. */
export const STACKS_FOLDER = 'stacks';

/** One stack's entry, as cdktf 0.21 writes it. */
export interface StackManifest {
  name: string;
  constructPath: string;
  workingDirectory: string;
  synthesizedStackPath: string;
  stackMetadataPath: string;
  annotations: unknown[];
  dependencies: string[];
}

export interface Manifest {
  version: string;
  stacks: Record<string, StackManifest>;
}

/** JSON as json-stable-stringify 1.x writes it with `{ space: 2 }` (what cdktf uses for the manifest and the stacks). */
export function stableJson(value: unknown, level = 0): string {
  const indent = (depth: number) => `\n${'  '.repeat(depth)}`;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JSON.stringify's type says string, but a function or symbol gives undefined (null in an array)
    const items = value.map((item) => `${indent(level + 1)}${item === undefined ? 'null' : (stableJson(item, level + 1) ?? 'null')}`);
    return `[${items.join(',')}${indent(level)}]`;
  }
  const entries = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const item = (value as Record<string, unknown>)[key];
      return item === undefined ? [] : [`${indent(level + 1)}${JSON.stringify(key)}: ${stableJson(item, level + 1)}`];
    });
  return `{${entries.join(',')}${indent(level)}}`;
}

export function readManifest(outdir: string): Manifest {
  return JSON.parse(readFileSync(join(outdir, MANIFEST_FILE), 'utf8')) as Manifest;
}

export function writeManifest(outdir: string, manifest: Manifest): void {
  writeFileSync(join(outdir, MANIFEST_FILE), stableJson(manifest));
}

/**
 * The manifest for `cdktf synth --hcl`. After the app exits, that command runs its HCL formatter
 * over every manifest entry's `synthesizedStackPath`, which would rewrite `cdk.tf.json` (`"key" :`
 * instead of `"key":`). Pointing the entry at the stack's HCL review copy instead lets the formatter
 * work on HCL (already formatted, so it stays byte for byte as written), and `stackMetadataPath`
 * at the JSON, where the CLI then reads the stack's metadata. Terraform runs in
 * `workingDirectory`, which is unchanged.
 */
export function manifestForCliHcl(manifest: Manifest, hclFolder: string): Manifest {
  const stacks = Object.fromEntries(
    Object.entries(manifest.stacks).map(([name, stack]) => [
      name,
      { ...stack, synthesizedStackPath: join(hclFolder, name, 'cdk.tf'), stackMetadataPath: stack.synthesizedStackPath },
    ]),
  );
  return { ...manifest, stacks };
}

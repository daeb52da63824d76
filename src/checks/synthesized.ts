/** Reading synthesised Terraform JSON back, so checks judge exactly what will be deployed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Terraform JSON of one stack, as written to `cdk.tf.json`. */
export interface SynthesizedStack {
  name: string;
  json: TerraformJson;
}

/** The parts of a stack's Terraform JSON the checks read. */
export interface TerraformJson {
  terraform?: { backend?: Record<string, Record<string, unknown>> };
  resource?: Record<string, Record<string, ResourceConfig>>;
}

/** A JSON object read from Terraform JSON: a resource's arguments, a nested block, a policy statement. */
export type JsonObject = Record<string, unknown>;

/** The arguments of one resource, as cdktf wrote them. */
export type ResourceConfig = JsonObject;

/** `value` if it is a JSON object (not an array), else undefined. */
export function objectOf(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The value at `path` under `value`, following object keys; undefined where the path leaves the objects. */
export function valueAt(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((current, key) => objectOf(current)?.[key], value);
}

/** The blocks of a nested-block argument: cdktf writes one block as an object and several as an array. */
export function blocksOf(value: unknown): JsonObject[] {
  const list: unknown[] = Array.isArray(value) ? value : value ? [value] : [];
  return list.map(objectOf).filter((block) => block !== undefined);
}

/** The strings of a list argument; none when it is absent. */
export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** A value of Terraform JSON as a message shows it: a string as written, anything else as JSON ("undefined" when absent). */
export function shown(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? 'undefined' : JSON.stringify(value);
}

/** One resource of a stack, with the construct path it came from. */
export interface SynthesizedResource {
  type: string;
  id: string;
  config: ResourceConfig;
  /** Construct path, e.g. `platform/image-container-host/recipe`. */
  path: string;
}

/** Every stack cdktf wrote to `outdir`, in manifest order. */
export function readSynthesizedStacks(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { name: string; synthesizedStackPath: string }>;
  };
  return Object.values(manifest.stacks).map((stack) => ({
    name: stack.name,
    json: JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), 'utf8')) as TerraformJson,
  }));
}

/** A construct path from the `//` metadata cdktf adds; empty when there is none. */
const shownPath = (path: unknown): string => (typeof path === 'string' ? path : '');

/** The resources of a stack, optionally of one type. */
export function resourcesOf(stack: SynthesizedStack, type?: string): SynthesizedResource[] {
  return Object.entries(stack.json.resource ?? {})
    .filter(([resourceType]) => !type || resourceType === type)
    .flatMap(([resourceType, byId]) =>
      Object.entries(byId).map(([id, config]) => ({
        type: resourceType,
        id,
        config,
        path: shownPath(valueAt(config, '//', 'metadata', 'path')),
      })),
    );
}

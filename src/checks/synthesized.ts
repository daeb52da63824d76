/** Reading synthesised Terraform JSON back, so checks judge exactly what will be deployed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Terraform JSON of one stack, as written to `cdk.tf.json`. */
export interface SynthesizedStack {
  name: string;
  json: TerraformJson;
}

export interface TerraformJson {
  terraform?: { backend?: Record<string, Record<string, unknown>> };
  resource?: Record<string, Record<string, ResourceConfig>>;
}

export type ResourceConfig = Record<string, any>;

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

/** The resources of a stack, optionally of one type. */
export function resourcesOf(stack: SynthesizedStack, type?: string): SynthesizedResource[] {
  return Object.entries(stack.json.resource ?? {})
    .filter(([resourceType]) => !type || resourceType === type)
    .flatMap(([resourceType, byId]) =>
      Object.entries(byId).map(([id, config]) => ({ type: resourceType, id, config, path: String(config['//']?.metadata?.path ?? '') })),
    );
}

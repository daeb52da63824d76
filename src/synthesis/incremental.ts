/**
 * Incremental synthesis: which stacks of the earlier output can be kept, and putting them back.
 * A stack is kept when the cache (synth-cache.ts) recorded it under the same synthesis key
 * (stack-keys.ts) and its files in the output folder are still exactly what was recorded; anything
 * else (a new or changed team, a file edited or deleted by hand, no record) is synthesised again.
 * The foundation stacks are kept or synthesised together.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Team } from '../model/fleet/fleet.js';
import type { SynthesizedStack, TerraformJson } from '../checks/synthesized.js';
import type { StackManifest } from './manifest.js';
import type { CachedStack, SynthCache } from './synth-cache.js';
import { sha256, type StackKey, type StackKeys } from './stack-keys.js';

/** A stack of the earlier output that is kept: its record, and its files as they are (checked against the record). */
export interface KeptStack {
  name: string;
  cached: CachedStack;
  /** Path inside the output folder → content, for every recorded file found intact. */
  files: Map<string, Buffer>;
}

/** What a synth has to do. */
export interface SynthesisPlan {
  /** The teams whose stacks are synthesised again, in fleet order. */
  teams: Team[];
  /** Whether the foundation stacks are synthesised again (when the platform has a foundation). */
  foundation: boolean;
  /** The stacks kept from the earlier output. */
  kept: KeptStack[];
}

/** The plan for `teams` (and the foundation, when `keys.foundation` is set) given the cache of the earlier output in `outdir`. */
export function planSynthesis(teams: readonly Team[], keys: StackKeys, cache: SynthCache | undefined, outdir: string): SynthesisPlan {
  if (!cache) return { teams: [...teams], foundation: keys.foundation !== undefined, kept: [] };
  const keep = (name: string, key: StackKey | undefined) => (key ? keptStack(name, key, cache, outdir) : undefined);
  const kept: KeptStack[] = [];
  const synthesised = teams.filter((team) => {
    const stack = keep(team.name, keys.teams.get(team.name));
    if (stack) kept.push(stack);
    return !stack;
  });
  const foundation = cache.foundationStacks.map((name) => keep(name, keys.foundation));
  const keepFoundation = keys.foundation !== undefined && cache.foundationStacks.length > 0 && foundation.every((stack) => stack);
  if (keepFoundation) kept.push(...(foundation as KeptStack[]));
  return { teams: synthesised, foundation: keys.foundation !== undefined && !keepFoundation, kept };
}

/** The stack as recorded, when it was written under `key` and its cdk.tf.json is intact. */
function keptStack(name: string, key: StackKey, cache: SynthCache, outdir: string): KeptStack | undefined {
  const cached = cache.stacks[name];
  if (cached?.synthesis !== key.synthesis) return undefined;
  const files = new Map<string, Buffer>();
  for (const [path, hash] of Object.entries(cached.files)) {
    const file = join(outdir, path);
    const content = existsSync(file) ? readFileSync(file) : undefined;
    if (content && sha256(content) === hash) files.set(path, content);
  }
  return files.has(cached.manifest.synthesizedStackPath) ? { name, cached, files } : undefined;
}

/** Writes a kept stack's cdk.tf.json into the new output folder. */
export function writeKeptStack(outdir: string, stack: KeptStack): void {
  const path = stack.cached.manifest.synthesizedStackPath;
  writeInto(outdir, path, stack.files.get(path)!);
}

/** The kept stack's Terraform JSON, for the checks and the HCL copy. */
export function keptStackJson(stack: KeptStack): SynthesizedStack {
  return {
    name: stack.name,
    json: JSON.parse(stack.files.get(stack.cached.manifest.synthesizedStackPath)!.toString('utf8')) as TerraformJson,
  };
}

/** Whether the stack passed every check under `key` (a changed platform setting, say, calls for checking it again). */
export function passedChecks(stack: KeptStack, key: StackKey | undefined): boolean {
  return key !== undefined && stack.cached.checks === key.checks;
}

/** Writes `content` at `path` inside `outdir`, making its folder. */
export function writeInto(outdir: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(outdir, path)), { recursive: true });
  writeFileSync(join(outdir, path), content);
}

/** The record of a stack as written now. */
export function cachedStack(key: StackKey, manifest: StackManifest, files: Record<string, string>): CachedStack {
  return { synthesis: key.synthesis, checks: key.checks, manifest, files };
}

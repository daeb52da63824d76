/** Synthesising the foundation stacks of a test fleet, and reading their policies. */
import { Testing } from 'cdktf';
import { afterAll, beforeAll } from 'vitest';
import type { Fleet } from '../../src/fleet/model.js';
import { foundationOf, type Foundation } from '../../src/foundation/model.js';
import { FoundationStack, type FoundationStackOptions } from '../../src/foundation/stack.js';
import type { SynthesizedStack } from '../../src/policy/synthesized.js';
import { FixtureRepo } from './fixture.js';

/** The foundation model of a fleet; throws when the fleet has problems the foundation reports. */
export function foundationModel(fleet: Fleet): Foundation {
  const { foundation, problems } = foundationOf(fleet);
  if (problems.length || !foundation) throw new Error(problems.map((p) => p.message).join('\n') || 'no foundation settings');
  return foundation;
}

/** Every foundation stack's Terraform JSON, parsed, by stack name. */
export function synthesizeFoundation(foundation: Foundation, options: FoundationStackOptions = {}): SynthesizedStack[] {
  const app = Testing.app();
  return foundation.accounts.map((account) => {
    const stack = new FoundationStack(app, foundation, account.name, options);
    return { name: stack.node.id, json: JSON.parse(Testing.synth(stack)) };
  });
}

/** A stack by name. */
export function stackNamed(stacks: readonly SynthesizedStack[], name: string): SynthesizedStack {
  const stack = stacks.find((s) => s.name === name);
  if (!stack) throw new Error(`no stack ${name}`);
  return stack;
}

/** The resources of a type whose logical id contains `idPart`. */
export function all(stack: SynthesizedStack, type: string, idPart = ''): Record<string, any>[] {
  return Object.entries((stack.json.resource?.[type] ?? {}) as Record<string, Record<string, any>>)
    .filter(([id]) => id.includes(idPart))
    .map(([, config]) => config);
}

/** The single resource of a type whose logical id contains `idPart`. */
export function one(stack: SynthesizedStack, type: string, idPart: string): Record<string, any> {
  const found = all(stack, type, idPart);
  if (found.length !== 1) throw new Error(`${found.length} ${type} match "${idPart}" in ${stack.name}`);
  return found[0]!;
}

/** A policy document's statements, by Sid (statements without one under their index). */
export function statements(policy: string): Record<string, any> {
  return Object.fromEntries((JSON.parse(policy).Statement as any[]).map((s, i) => [s.Sid ?? String(i), s]));
}

/** The example repository with its fleet, foundation model and foundation stacks. */
export interface ExampleFoundation {
  repo: FixtureRepo;
  fleet: Fleet;
  foundation: Foundation;
  stacks: SynthesizedStack[];
}

/** The example's foundation, made before the test file's tests and its repository disposed after them. */
export function exampleFoundation(): ExampleFoundation {
  const example = {} as ExampleFoundation;
  beforeAll(() => {
    example.repo = new FixtureRepo();
    example.fleet = example.repo.fleet();
    example.foundation = foundationModel(example.fleet);
    example.stacks = synthesizeFoundation(example.foundation);
  });
  afterAll(() => example.repo.dispose());
  return example;
}

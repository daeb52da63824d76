/** Synthesising the foundation stacks of a test fleet, and reading their policies. */
import { Testing } from 'cdktf';
import { afterAll, beforeAll } from 'vitest';
import type { Fleet } from '../../src/model/fleet/fleet.js';
import { foundationOf, type Foundation } from '../../src/model/foundation/foundation.js';
import { FoundationStack, type FoundationStackOptions } from '../../src/stacks/foundation/foundation-stack.js';
import type { SynthesizedStack } from '../../src/checks/synthesized.js';
import { FixtureRepo } from './fixture.js';
import { readTerraformLiteral } from '../../src/core/terraform-text.js';

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

/** A policy document's statements as AWS receives them (references to other resources left as written), by Sid (statements without one under their index). */
export function statements(policy: string): Record<string, any> {
  return Object.fromEntries((JSON.parse(readTerraformLiteral(policy) ?? policy).Statement as any[]).map((s, i) => [s.Sid ?? String(i), s]));
}

/** A policy argument as AWS receives it: Terraform's escapes (`$${aws:PrincipalTag/Team}`) undone. */
export function sentToAws(policy: string): string {
  const text = readTerraformLiteral(policy);
  if (text === undefined) throw new Error(`not a literal policy: ${policy.slice(0, 80)}`);
  return text;
}

/** `${aws_iam_role.<id>.` of a role of the stack, by name. */
export function roleReference(stack: SynthesizedStack, roleName: string): string {
  const found = Object.entries((stack.json.resource?.aws_iam_role ?? {}) as Record<string, any>).find(([, r]) => r.name === roleName);
  if (!found) throw new Error(`no role ${roleName} in ${stack.name}`);
  return `\${aws_iam_role.${found[0]}.`;
}

/**
 * The documents of a role's policies as AWS receives them (references to other resources left as
 * written), by name: its inline policies, then the managed policies of the stack attached to it in
 * the order of their parts (-part-1, -part-2, …).
 */
export function roleDocuments(stack: SynthesizedStack, roleName: string): Record<string, string> {
  const ref = roleReference(stack, roleName);
  const managed = (stack.json.resource?.aws_iam_policy ?? {}) as Record<string, any>;
  const inline = all(stack, 'aws_iam_role_policy').filter((p) => p.role.startsWith(ref));
  const attached = all(stack, 'aws_iam_role_policy_attachment')
    .filter((a) => a.role.startsWith(ref))
    .flatMap((a) => [/^\$\{aws_iam_policy\.([^.]+)\.arn\}$/.exec(a.policy_arn)?.[1]].flatMap((id) => (id ? [managed[id]] : [])))
    .sort((a, b) => String(a.name).localeCompare(String(b.name), 'en', { numeric: true }));
  return Object.fromEntries([...inline, ...attached].map((p) => [p.name as string, readTerraformLiteral(p.policy) ?? p.policy]));
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

/**
 * Judges synthesised stacks by the pinned provider's own validation (the rules in ./rules), so that
 * what `validate` passes, `terraform plan` accepts. Values Terraform only knows at plan time
 * (references to other resources) are skipped, as the provider skips them; literals are read as
 * Terraform reads them (escapes undone) and measured as Go measures them (bytes of UTF-8).
 */
import { resourcesOf, type SynthesizedStack } from '../synthesized.js';
import { readTerraformLiteral } from '../../core/terraform-text.js';
import { PROVIDER_BLOCK_CHECK, providerCheckOf, UNRECORDED_RESOURCE_TYPE_CHECK } from '../../config/check-ids.js';
import { findingOn, type UnlocatedFinding } from '../finding.js';
import type { ArgumentRule, ValueCheck } from './argument-rules.js';
import { PROVIDER_RULES } from './rules/index.js';
import { PROVIDER_BLOCK_RULES } from './rules/provider-block.js';

const RULES_BY_TYPE = new Map(PROVIDER_RULES.map((rules) => [rules.type, rules]));

/** Every argument value of a stack that the provider would reject at plan time. */
export function checkConformance(stack: SynthesizedStack): UnlocatedFinding[] {
  const findings: UnlocatedFinding[] = [];
  for (const resource of resourcesOf(stack)) {
    const rules = RULES_BY_TYPE.get(resource.type);
    if (!rules) {
      findings.push(
        findingOn(
          UNRECORDED_RESOURCE_TYPE_CHECK,
          stack.name,
          resource,
          'the provider requires a resource type with recorded provider rules',
          {
            argument: '',
            ruleSource: 'src/checks/conformance/rules',
          },
        ),
      );
      continue;
    }
    const check = providerCheckOf(rules.type);
    for (const rule of rules.arguments)
      for (const broken of checkArgument(resource.config, rule))
        findings.push(findingOn(check, stack.name, resource, broken.message, broken));
  }
  for (const config of (stack.json as { provider?: { aws?: unknown[] } }).provider?.aws ?? []) {
    for (const rule of PROVIDER_BLOCK_RULES) {
      for (const broken of checkArgument(config as Block, rule))
        findings.push(findingOn(PROVIDER_BLOCK_CHECK, stack.name, 'provider.aws', broken.message, broken));
    }
  }
  return findings;
}

type Block = Record<string, unknown>;
/** What one argument rule finds, before it is tied to its stack and resource. */
type ArgumentFinding = Required<Pick<UnlocatedFinding, 'argument' | 'message' | 'ruleSource'>> & Pick<UnlocatedFinding, 'value'>;

/** The instances of a nested block (Terraform JSON writes a block as an object or a list of them). */
function instances(value: unknown): Block[] {
  if (Array.isArray(value)) return value.filter((v): v is Block => typeof v === 'object' && v !== null);
  return typeof value === 'object' && value !== null ? [value as Block] : [];
}

/** The blocks at a dotted path below `root` (the root itself for an empty path). */
function blocksAt(root: Block, segments: readonly string[]): Block[] {
  return segments.reduce<Block[]>((blocks, segment) => blocks.flatMap((block) => instances(block[segment])), [root]);
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

function checkArgument(root: Block, rule: ArgumentRule): ArgumentFinding[] {
  const segments = rule.argument.split('.');
  const name = segments.at(-1)!;
  const parentPath = segments.slice(0, -1);
  const finding = (requirement: string, value?: string): ArgumentFinding => ({
    argument: rule.argument,
    message: `the provider requires ${requirement}`,
    ruleSource: rule.source,
    ...(value !== undefined ? { value } : {}),
  });
  return blocksAt(root, parentPath).flatMap((parent) => {
    const value = parent[name];
    const found: ArgumentFinding[] = [];
    if (rule.required && !isSet(value)) found.push(finding('a value'));
    if (rule.items && isSet(value)) {
      const count = Array.isArray(value) ? value.length : 1;
      const { min, max } = rule.items;
      if ((min !== undefined && count < min) || (max !== undefined && count > max))
        found.push(finding(`${describeRange(min, max)} items (has ${count})`));
    }
    const sibling = (path: string) => isSet(siblingValue(root, parent, parentPath, path));
    if (isSet(value)) {
      for (const other of rule.conflictsWith ?? []) if (sibling(other)) found.push(finding(`not together with ${other}`));
      for (const other of rule.requiredWith ?? []) if (!sibling(other)) found.push(finding(`together with ${other}`));
    }
    if (rule.exactlyOneOf && rule.exactlyOneOf[0] === rule.argument) {
      const set = rule.exactlyOneOf.filter(sibling).length;
      if (set !== 1) found.push(finding(`exactly one of ${rule.exactlyOneOf.join(', ')} (${set} set)`));
    }
    if (rule.atLeastOneOf && rule.atLeastOneOf[0] === rule.argument && !rule.atLeastOneOf.some(sibling)) {
      found.push(finding(`at least one of ${rule.atLeastOneOf.join(', ')}`));
    }
    for (const element of Array.isArray(value) ? value : isSet(value) ? [value] : []) {
      for (const check of rule.checks ?? []) {
        const broken = checkValue(element, check);
        if (broken) found.push(finding(broken, displayValue(element)));
      }
    }
    return found;
  });
}

/** A sibling's value: in the same block when it shares the argument's parent path, else from the resource root. */
function siblingValue(root: Block, parent: Block, parentPath: readonly string[], path: string): unknown {
  const segments = path.split('.');
  const sameParent = segments.length === parentPath.length + 1 && parentPath.every((s, i) => segments[i] === s);
  if (sameParent) return parent[segments.at(-1)!];
  const blocks = blocksAt(root, segments.slice(0, -1));
  return blocks.map((block) => block[segments.at(-1)!]).find(isSet);
}

/** A value as Terraform reads it. */
function displayValue(value: unknown): string {
  return typeof value === 'string' ? (readTerraformLiteral(value) ?? value) : JSON.stringify(value);
}

/** The bounds of a range in words ("of any size" when it has none: then only a value that is not a number breaks it). */
function describeRange(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return max !== undefined ? `at most ${max}` : 'of any size';
}

/** What a value breaks of one check, or undefined when it holds (or is only known at plan time). */
export function checkValue(value: unknown, check: ValueCheck): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') {
    if (check.kind !== 'range' || typeof value !== 'number') return undefined;
    return (check.min !== undefined && value < check.min) || (check.max !== undefined && value > check.max)
      ? `a number ${describeRange(check.min, check.max)}`
      : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const text = readTerraformLiteral(value);
  if (text === undefined) return undefined;
  switch (check.kind) {
    case 'bytes': {
      const bytes = Buffer.byteLength(text, 'utf8');
      return (check.min !== undefined && bytes < check.min) || (check.max !== undefined && bytes > check.max)
        ? `${describeRange(check.min, check.max)} bytes (has ${bytes})`
        : undefined;
    }
    case 'pattern':
      return check.pattern.test(text) === Boolean(check.negate) ? check.message : undefined;
    case 'enum': {
      const matches = check.ignoreCase ? check.values.some((v) => v.toLowerCase() === text.toLowerCase()) : check.values.includes(text);
      return matches ? undefined : `one of ${check.values.filter(Boolean).join(', ')}`;
    }
    case 'range': {
      const number = Number(text);
      if (!Number.isFinite(number)) return `a number ${describeRange(check.min, check.max)}`;
      return checkValue(number, check);
    }
    case 'json':
      try {
        JSON.parse(text);
        return undefined;
      } catch {
        return 'valid JSON';
      }
    case 'arn':
      return /^arn:[\w-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/.test(text)
        ? undefined
        : 'an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)';
    case 'account-id':
      return /^\d{12}$/.test(text) ? undefined : 'a 12-digit account id';
  }
}

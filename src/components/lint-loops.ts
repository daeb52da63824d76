/** Checks of a step's `loop`: `for` over whole numbers or `forEach` over text values. */
import type { YamlPath } from '../core/yaml-source.js';
import { DELIMITED_LIST_KEYS, FOR_LOOP_KEYS, LOOP_DELIMITERS, LOOP_KEYS, STEP_NAME_PATTERN } from './document-rules.js';
import { describeValue, isOneOf, type LintContext } from './lint-context.js';
import { isRecord, UnquotedExpression } from './yaml-tree.js';

/**
 * Checks a step's loop; returns the names its variables go by: `loop`, and the loop's own name
 * when it has a valid one. `phaseLoopNames` collects the loop names of the phase.
 */
export function lintLoop(context: LintContext, loop: unknown, path: YamlPath, phaseLoopNames: Set<string>): readonly string[] | undefined {
  if (!isRecord(loop)) {
    context.error(
      path,
      `"loop" is ${describeValue(loop)}, not a mapping`,
      'write loop: with forEach: (a list) or for: (start, end, updateBy)',
    );
    return undefined;
  }
  context.unknownKeys(path, loop, LOOP_KEYS, 'a loop');
  const kinds = (['for', 'forEach'] as const).filter((kind) => loop[kind] !== undefined);
  if (kinds.length !== 1) {
    context.error(
      path,
      kinds.length ? 'the loop has both "for" and "forEach"' : 'the loop has neither "for" nor "forEach"',
      'give the loop exactly one of for: or forEach:',
    );
  } else if (kinds[0] === 'for') {
    lintForLoop(context, loop.for, [...path, 'for']);
  } else {
    lintForEachLoop(context, loop.forEach, [...path, 'forEach']);
  }
  return ['loop', ...lintLoopName(context, loop.name, [...path, 'name'], phaseLoopNames)];
}

function lintLoopName(context: LintContext, name: unknown, path: YamlPath, phaseLoopNames: Set<string>): string[] {
  if (name === undefined) return [];
  if (typeof name !== 'string' || !STEP_NAME_PATTERN.test(name) || name === 'loop') {
    context.error(
      path,
      `${JSON.stringify(name)} is not a valid loop name`,
      'use letters, digits, hyphens and underscores (not "loop"), e.g. PackageLoop',
    );
    return [];
  }
  if (phaseLoopNames.has(name)) {
    context.error(
      path,
      `another loop of this phase is already named "${name}"`,
      'loop names must be unique in a phase: rename one of them',
    );
    return [];
  }
  phaseLoopNames.add(name);
  return [name];
}

function lintForLoop(context: LintContext, spec: unknown, path: YamlPath): void {
  if (!isRecord(spec)) {
    context.error(path, `"for" is ${describeValue(spec)}, not a mapping`, 'write for: with start:, end: and updateBy: (whole numbers)');
    return;
  }
  context.unknownKeys(path, spec, FOR_LOOP_KEYS, 'a for loop');
  const bounds = FOR_LOOP_KEYS.map((key) => {
    const value = spec[key];
    if (Number.isInteger(value)) return value as number;
    context.error(
      value === undefined ? path : [...path, key],
      `the for loop's "${key}" is ${describeValue(value)}`,
      `give ${key} as a whole number (expressions are not allowed here)`,
    );
    return undefined;
  });
  const [start, end, updateBy] = bounds;
  if (start === undefined || end === undefined || updateBy === undefined) return;
  if (updateBy === 0 || (end - start) * updateBy < 0) {
    context.error(
      [...path, 'updateBy'],
      `a loop from ${start} to ${end} by ${updateBy} never ends`,
      `use a ${end >= start ? 'positive' : 'negative'} updateBy`,
    );
  }
}

function lintForEachLoop(context: LintContext, spec: unknown, path: YamlPath): void {
  if (Array.isArray(spec)) {
    if (spec.length === 0) context.error(path, 'the forEach list is empty', 'list the values to loop over');
    spec.forEach((item, index) => {
      if (item instanceof UnquotedExpression) context.unquotedExpression([...path, index], item);
      else if (typeof item !== 'string')
        context.error(
          [...path, index],
          `forEach item is ${describeValue(item)}, not text`,
          `quote it: '${String(item)}' (loops iterate over text only)`,
        );
    });
    return;
  }
  if (!isRecord(spec)) {
    context.error(path, `"forEach" is ${describeValue(spec)}`, 'give a list of values, or list: (text) with an optional delimiter:');
    return;
  }
  context.unknownKeys(path, spec, DELIMITED_LIST_KEYS, 'a forEach loop');
  if (typeof spec.list !== 'string') {
    context.error(
      spec.list === undefined ? path : [...path, 'list'],
      `the forEach "list" is ${describeValue(spec.list)}, not text`,
      "give the values as one text, e.g. list: 'a,b,c'",
    );
  }
  if (spec.delimiter !== undefined && !isOneOf(LOOP_DELIMITERS, spec.delimiter)) {
    context.error(
      [...path, 'delimiter'],
      `${JSON.stringify(spec.delimiter)} is not a forEach delimiter`,
      `use one character of: ${LOOP_DELIMITERS.map((d) => JSON.stringify(d)).join(' ')} (default ",")`,
    );
  }
}

/** Checks of a step's `inputs` against its action module's documented inputs. */
import type { YamlPath } from '../core/yaml-source.js';
import { PERMISSION_MODE, type ActionModule, type InputFields, type InputsShape, type InputType } from './action-modules.js';
import { closestName, describeValue, type LintContext } from './lint-context.js';
import { WHOLE_EXPRESSION } from './references.js';
import { isRecord, UnquotedExpression, type YamlRecord } from './yaml-tree.js';

/** Checks `step.inputs` for the step's module. */
export function lintInputs(context: LintContext, stepPath: YamlPath, step: YamlRecord, module: ActionModule): void {
  const inputs = step.inputs;
  const path = [...stepPath, 'inputs'];
  const spec = module.inputs;
  if (inputs === undefined || inputs === null) {
    if (spec.shape === 'map' && spec.optional) return;
    context.error(stepPath, `${module.name} step "${String(step.name)}" has no "inputs"`, `add ${inputsExample(module)}`);
  } else if (inputs instanceof UnquotedExpression) {
    context.unquotedExpression(path, inputs);
  } else if (spec.shape === 'expression') {
    lintExpression(context, path, inputs);
  } else if (spec.shape === 'map') {
    lintMapInputs(context, path, inputs, module, spec);
  } else {
    lintListInputs(context, path, inputs, module, spec);
  }
}

type Shaped<S extends InputsShape['shape']> = Extract<InputsShape, { shape: S }>;

function lintMapInputs(context: LintContext, path: YamlPath, inputs: unknown, module: ActionModule, spec: Shaped<'map'>): void {
  if (!isRecord(inputs)) {
    context.error(path, `${module.name} inputs are ${describeValue(inputs)}, not a mapping`, `write ${inputsExample(module)}`);
    return;
  }
  lintFields(context, path, inputs, spec.fields, `${module.name} inputs`);
  if (spec.exactlyOneOf) lintExactlyOne(context, path, inputs, spec.exactlyOneOf, module.name);
}

function lintListInputs(context: LintContext, path: YamlPath, inputs: unknown, module: ActionModule, spec: Shaped<'list'>): void {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    const what = Array.isArray(inputs) ? 'an empty list' : describeValue(inputs);
    context.error(path, `${module.name} inputs are ${what}, not a list of operations`, `write ${inputsExample(module)}`);
    return;
  }
  inputs.forEach((operation, index) => {
    const operationPath = [...path, index];
    if (!isRecord(operation)) {
      context.error(
        operationPath,
        `each ${module.name} operation is a mapping, not ${describeValue(operation)}`,
        `write ${inputsExample(module)}`,
      );
      return;
    }
    lintFields(context, operationPath, operation, spec.fields, `${module.name} inputs`);
    if (spec.bothOrNeither) lintBothOrNeither(context, operationPath, operation, spec.bothOrNeither);
  });
}

function inputsExample(module: ActionModule): string {
  const spec = module.inputs;
  if (spec.shape === 'expression')
    return "inputs with one comparison, e.g. stringEquals: 'expected' and value: '{{ build.Step.outputs.stdout }}'";
  const required = Object.keys(spec.fields).filter((name) => spec.fields[name]!.required);
  const shown =
    spec.shape === 'map' && spec.exactlyOneOf ? [spec.exactlyOneOf.join(' or ')] : required.length ? required : Object.keys(spec.fields);
  const fields = shown.map((name) => `${name}: ...`).join(', ');
  return spec.shape === 'list' ? `"inputs:" as a list of operations, each "- ${fields}"` : `"inputs:" with ${fields}`;
}

function lintFields(context: LintContext, path: YamlPath, values: YamlRecord, fields: InputFields, where: string): void {
  context.unknownKeys(path, values, Object.keys(fields), where);
  for (const [name, field] of Object.entries(fields)) {
    const value = values[name];
    if (value === undefined) {
      if (field.required) context.error(path, `required input "${name}" is missing from ${where}`, `add ${name}: ${field.description}`);
      continue;
    }
    lintValue(context, [...path, name], value, field.type, name);
  }
}

function lintValue(context: LintContext, path: YamlPath, value: unknown, type: InputType, name: string): void {
  if (value instanceof UnquotedExpression) {
    context.unquotedExpression(path, value);
    return;
  }
  if (type.kind === 'mode') {
    lintMode(context, path, value, name);
    return;
  }
  const problem = typeProblem(value, type);
  if (problem === undefined) {
    if (type.kind === 'records' && Array.isArray(value)) {
      value.forEach((record, index) =>
        lintFields(context, [...path, index], record as YamlRecord, type.fields, `the entries of "${name}"`),
      );
    }
    if ((type.kind === 'stringList' || type.kind === 'scalarOrList') && Array.isArray(value)) {
      value.forEach((item, index) => item instanceof UnquotedExpression && context.unquotedExpression([...path, index], item));
    }
    return;
  }
  context.error(path, `"${name}" is ${describeValue(value)}, but it must be ${problem.expected}`, problem.hint);
}

/**
 * Permissions are octal digits; unquoted, they are a number whose reading depends on the YAML
 * version (0755 is 755 in YAML 1.2, which this linter reads, but octal 0755 = 493 in YAML 1.1).
 */
function lintMode(context: LintContext, path: YamlPath, value: unknown, name: string): void {
  if (typeof value === 'string' && WHOLE_EXPRESSION.test(value)) return;
  if (typeof value !== 'string' && typeof value !== 'number') {
    context.error(path, `"${name}" is ${describeValue(value)}, but it must be octal permissions`, "write them in quotes, e.g. '0644'");
    return;
  }
  const written = typeof value === 'string' ? value : context.written(path);
  if (!PERMISSION_MODE.test(written)) {
    context.error(path, `"${name}" ${written} is not three octal digits (0-7), optionally after a 0`, modeHint(written));
  } else if (typeof value === 'number') {
    const reading = written.startsWith('0') ? `: YAML 1.2 reads it as ${value}, YAML 1.1 as octal, ${parseInt(written, 8)}` : '';
    context.warning(
      path,
      `"${name}" ${written} is written as a number, not text${reading}`,
      `quote it, '${written}': AWSTOE reads the digits as octal, which only text keeps as written whatever YAML reader comes first`,
    );
  }
}

function modeHint(written: string): string {
  return /^[0-7]{4}$/.test(written)
    ? 'AWSTOE sets only the owner, group and others permissions: set the setuid, setgid or sticky bit with chmod in an ExecuteBash step'
    : "write the owner, group and others digits in quotes, e.g. '0644' or '755'";
}

interface TypeProblem {
  expected: string;
  hint: string;
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Items of a list input: scalars, or unquoted expressions that {@link lintValue} reports itself. */
function isListItem(value: unknown): boolean {
  return isScalar(value) || value instanceof UnquotedExpression;
}

/** What is wrong with a value for a type, or undefined when it fits. */
function typeProblem(value: unknown, type: InputType): TypeProblem | undefined {
  const substituted = typeof value === 'string' && WHOLE_EXPRESSION.test(value);
  if (substituted && type.kind !== 'stringList' && type.kind !== 'records') return undefined;
  switch (type.kind) {
    case 'mode':
    case 'string':
      return isScalar(value) ? undefined : { expected: 'text', hint: 'give a single value' };
    case 'integer': {
      const minimum = type.minimum ?? Number.MIN_SAFE_INTEGER;
      if (Number.isInteger(value) && (value as number) >= minimum) return undefined;
      const atLeast = type.minimum === undefined ? '' : ` of at least ${type.minimum}`;
      return { expected: `a whole number${atLeast}`, hint: 'write a whole number without quotes, e.g. 60' };
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { expected: 'true or false', hint: 'write true or false without quotes' };
    case 'stringList':
      return Array.isArray(value) && value.every(isListItem)
        ? undefined
        : {
            expected: 'a list of text items',
            hint: 'put each item on its own line after "- "; a multi-line script can be one item written with "- |"',
          };
    case 'stringMap':
      return isRecord(value) && Object.values(value).every(isScalar)
        ? undefined
        : { expected: 'a mapping of names to values', hint: 'write one NAME: value pair per line' };
    case 'scalarOrList':
      return isScalar(value) || (Array.isArray(value) && value.every(isListItem))
        ? undefined
        : { expected: 'a value or a list of values', hint: 'give a string, a number or a list of them' };
    case 'enum':
      return enumProblem(value, type.values, type.caseInsensitive ?? false);
    case 'records':
      return Array.isArray(value) && value.every(isRecord)
        ? undefined
        : { expected: 'a list of mappings', hint: `write one "- ${Object.keys(type.fields).join(': ..., ')}: ..." entry per item` };
  }
}

function enumProblem(value: unknown, values: readonly string[], caseInsensitive: boolean): TypeProblem | undefined {
  const matches = (v: string) => (caseInsensitive ? v.toLowerCase() === String(value).toLowerCase() : v === value);
  if (typeof value === 'string' && values.some(matches)) return undefined;
  return {
    expected: `one of ${values.join(', ')}`,
    hint: typeof value === 'string' ? `did you mean "${closestName(value, values)}"?` : `use one of ${values.join(', ')}`,
  };
}

function lintExactlyOne(context: LintContext, path: YamlPath, inputs: YamlRecord, names: readonly string[], module: string): void {
  const present = names.filter((name) => inputs[name] !== undefined);
  if (present.length === 0) {
    context.error(path, `${module} inputs need one of ${names.map((n) => `"${n}"`).join(' or ')}`, `add ${names.join(' or ')}, not both`);
  } else if (present.length > 1) {
    context.error(
      [...path, present[1]!],
      `${module} inputs have both ${present.map((n) => `"${n}"`).join(' and ')}`,
      `keep only one of ${present.join(' and ')}`,
      true,
    );
  }
}

function lintBothOrNeither(context: LintContext, path: YamlPath, operation: YamlRecord, [first, second]: readonly [string, string]): void {
  const given = [first, second].filter((name) => operation[name] !== undefined);
  if (given.length !== 1) return;
  const name = given[0]!;
  const missing = name === first ? second : first;
  context.error(
    [...path, name],
    `"${name}" has no effect without "${missing}"`,
    `add ${missing} (both are needed to verify the download) or remove ${name}`,
    true,
  );
}

function lintExpression(context: LintContext, path: YamlPath, inputs: unknown): void {
  const operators = isRecord(inputs) ? Object.keys(inputs).filter((key) => key !== 'value') : [];
  if (isRecord(inputs) && operators.length === 1) return;
  const hint =
    "give one comparison, e.g. stringEquals: 'expected' with value: '{{ build.Step.outputs.stdout }}', or combine several under and: / or:";
  if (!isRecord(inputs)) context.error(path, `Assert inputs are ${describeValue(inputs)}, not a mapping`, hint);
  else if (operators.length === 0) context.error(path, 'Assert inputs have no comparison or logical operator', hint);
  else
    context.error(path, `Assert inputs have ${operators.length} operators (${operators.join(', ')}); Assert evaluates exactly one`, hint);
}

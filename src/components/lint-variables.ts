/** Checks of a component document's `parameters` and `constants`. */
import type { YamlPath } from '../core/yaml-source.js';
import { CONSTANT_KEYS, PARAMETER_KEYS, VARIABLE_NAME_PATTERN, VARIABLE_TYPES } from './document-rules.js';
import { describeValue, isOneOf, type LintContext } from './lint-context.js';
import { isRecord, type YamlRecord } from './yaml-tree.js';

/** A parameter or constant the document declares, for `{{ name }}` references. */
export interface DeclaredVariable {
  name: string;
  kind: 'parameter' | 'constant';
  /** Path of the entry's name key, e.g. `parameters[0].logLevel`. */
  path: YamlPath;
}

interface Section {
  key: 'parameters' | 'constants';
  kind: DeclaredVariable['kind'];
  fields: readonly string[];
  /** The field holding the value: a parameter's optional default, a constant's required value. */
  valueField: 'default' | 'value';
  example: string;
}

const SECTIONS: readonly Section[] = [
  {
    key: 'parameters',
    kind: 'parameter',
    fields: PARAMETER_KEYS,
    valueField: 'default',
    example: "parameters:\n  - logLevel:\n      type: string\n      default: 'info'",
  },
  {
    key: 'constants',
    kind: 'constant',
    fields: CONSTANT_KEYS,
    valueField: 'value',
    example: "constants:\n  - installDir:\n      type: string\n      value: '/opt/app'",
  },
];

/** Checks both sections and returns the variables they declare (valid names only). */
export function lintVariables(context: LintContext, content: YamlRecord): DeclaredVariable[] {
  const declared: DeclaredVariable[] = [];
  for (const section of SECTIONS) {
    const entries = content[section.key];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) {
      context.error(
        [section.key],
        `"${section.key}" is ${describeValue(entries)}, not a list`,
        `write it as a list of single-key mappings:\n${section.example}`,
      );
      continue;
    }
    entries.forEach((entry, index) => {
      const variable = lintEntry(context, section, entry, [section.key, index]);
      if (variable) declared.push(...declareOnce(context, declared, variable));
    });
  }
  return declared;
}

function lintEntry(context: LintContext, section: Section, entry: unknown, path: YamlPath): DeclaredVariable | undefined {
  const names = isRecord(entry) ? Object.keys(entry) : [];
  if (!isRecord(entry) || names.length !== 1) {
    context.error(
      path,
      `each entry of "${section.key}" is a mapping with exactly one key, the ${section.kind} name`,
      `indent the ${section.kind}'s fields under its name:\n${section.example}`,
    );
    return undefined;
  }
  const name = names[0]!;
  const namePath = [...path, name];
  lintSpec(context, section, name, entry[name], namePath);
  if (!VARIABLE_NAME_PATTERN.test(name)) {
    context.error(namePath, `"${name}" is not a valid ${section.kind} name`, 'use 3 to 128 letters, digits, hyphens and underscores', true);
    return undefined;
  }
  return { name, kind: section.kind, path: namePath };
}

function lintSpec(context: LintContext, section: Section, name: string, spec: unknown, path: YamlPath): void {
  if (!isRecord(spec)) {
    context.error(path, `${section.kind} "${name}" has no fields`, `give it at least "type: string":\n${section.example}`, true);
    return;
  }
  context.unknownKeys(path, spec, section.fields, `${section.kind} "${name}"`);
  if (spec.type === undefined) {
    context.error(path, `${section.kind} "${name}" has no "type"`, 'add "type: string"', true);
  } else if (!isOneOf(VARIABLE_TYPES, spec.type)) {
    context.error(
      [...path, 'type'],
      `${section.kind} "${name}" has type ${JSON.stringify(spec.type)}; component ${section.key} can only be of type string`,
      'use "type: string" and convert the value in the script that uses it',
    );
  }
  lintValue(context, section, name, spec, path);
  if (spec.description !== undefined && typeof spec.description !== 'string') {
    context.error(
      [...path, 'description'],
      `the description of ${section.kind} "${name}" is ${describeValue(spec.description)}, not text`,
      'write the description as text',
    );
  }
}

function lintValue(context: LintContext, section: Section, name: string, spec: YamlRecord, path: YamlPath): void {
  const field = section.valueField;
  const value = spec[field];
  if (value === undefined) {
    if (field === 'value') context.error(path, `constant "${name}" has no "value"`, "add its value, e.g. value: '/opt/app'", true);
    return;
  }
  if (typeof value !== 'string') {
    const quoted = typeof value === 'number' || typeof value === 'boolean' ? `'${String(value)}'` : "'...'";
    context.error(
      [...path, field],
      `the ${field} of ${section.kind} "${name}" is ${describeValue(value)}, but its type is string`,
      `quote it: ${field}: ${quoted}`,
    );
  }
}

function declareOnce(context: LintContext, declared: readonly DeclaredVariable[], variable: DeclaredVariable): DeclaredVariable[] {
  const earlier = declared.find((d) => d.name === variable.name);
  if (!earlier) return [variable];
  context.error(
    variable.path,
    `"${variable.name}" is already declared as a ${earlier.kind}`,
    'parameter and constant names must be unique in the document: rename or remove one of them',
    true,
  );
  return [];
}

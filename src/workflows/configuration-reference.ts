/**
 * The configuration reference `docs/reference.md`, generated from the zod schemas' descriptions
 * (as `z.toJSONSchema` gives them: types, enumerations, ranges, defaults) and from the check
 * catalog, so it cannot drift from what validation accepts. `npm run reference` writes it; a test
 * fails while the committed file differs from `projectReference()`.
 */
import { z } from 'zod';
import { FOUNDATION_CHECKS } from '../checks/foundation/checks.js';
import { POLICY_CHECKS, type WaivableCheck } from '../checks/catalog.js';
import { platformSchema } from '../config/platform-schema.js';
import { teamSchema } from '../config/team-schema.js';

/** Where the generated reference is committed, relative to the repository root. */
export const REFERENCE_FILE = 'docs/reference.md';

/** One check as the reference lists it: the catalog's entry, whatever engine runs it. */
export interface ReferenceCheck {
  id: string;
  /** What the check requires, as the violation's hint says it. */
  description: string;
  waivable: boolean;
  /** What the check reads, e.g. "team stacks". */
  appliesTo: string;
  /** For a waivable check: what an image's waiver allows. */
  waiver?: string;
}

/** One configuration file the reference documents, with the schema that validates it. */
export interface ReferenceFile {
  /** The heading: the file and, where it is part of a file, the path in it. */
  title: string;
  /** One or two sentences: who writes the file and when. */
  intro: string;
  schema: z.ZodType;
}

/** What a waiver of each waivable team-stack check allows (kept here until the check catalog holds it). */
const WAIVER_EFFECTS: Record<WaivableCheck, string> = {
  imdsv2: 'instance metadata tokens become optional',
  'terminate-on-failure': 'failed build instances are kept for debugging',
  'organization-sharing': 'other accounts allowed (the platform must still list them for the team in distributionAccounts)',
  'image-tests': 'image tests off',
  'image-scanning': 'image scanning off',
  'keep-shared-amis': 'shared AMIs are deleted after deleteAfterDays',
  'ami-deprecation': 'retention.deprecateAfterDays: never keeps the AMIs for good',
  'deprecated-parent': 'parentImage.includeDeprecated: true may pin an AMI its publisher withdrew',
  'rebuild-cadence': 'longer gaps between scheduled builds, or no schedule (onDemand)',
  'pinned-component-age': 'a pinned shared component may fall further behind',
};

/**
 * Every check of the catalog, in catalog order. Today two engines keep their own lists (team-stack
 * policy checks and foundation checks); this is the one place that reads them.
 */
export function catalogChecks(): ReferenceCheck[] {
  const policy = Object.entries(POLICY_CHECKS).map(([id, check]): ReferenceCheck => ({
    id,
    description: check.description,
    waivable: check.waivable,
    appliesTo: 'team stacks',
    ...(check.waivable ? { waiver: WAIVER_EFFECTS[id as WaivableCheck] } : {}),
  }));
  const foundation = Object.entries(FOUNDATION_CHECKS).map(([id, description]): ReferenceCheck => ({ id, description, waivable: false, appliesTo: 'foundation stacks' }));
  return [...policy, ...foundation];
}

/** The project's configuration files, in the order the reference shows them. */
export const PROJECT_FILES: readonly ReferenceFile[] = [
  {
    title: '`teams/<team>/team.yaml`',
    intro: "A team's images: written by the team, owned by it in CODEOWNERS. Unknown fields are errors (with a \"did you mean\"), so a typo never silently falls back to a default.",
    schema: teamSchema,
  },
  {
    title: '`cdktf.json` → `context.platform`',
    intro: 'The platform settings, owned by the platform team. The app reads `cdktf.json` itself, so `npm run validate`, the tests and `cdktf synth` all see the same settings. `foundation` and its fields are the foundation stacks\' settings.',
    schema: platformSchema,
  },
];

/** The reference for this project: its files and its check catalog. */
export function projectReference(): string {
  return configurationReference(PROJECT_FILES, catalogChecks());
}

/** The JSON Schema subset `z.toJSONSchema` produces for these schemas. */
interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minItems?: number;
  format?: string;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
}

/** One field of a file: its path, what it takes and what it means. */
interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  defaultValue: unknown;
  description: string;
}

/** The reference's Markdown: a table of fields per file, then the checks. Pure: the same input gives the same text. */
export function configurationReference(files: readonly ReferenceFile[], checks: readonly ReferenceCheck[]): string {
  const sections = files.map((file) => ({ ...file, anchor: anchorOf(file.title) }));
  const lines = [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run reference` from the zod schemas and the check catalog; edit those, not this file. -->',
    '',
    'For everyone who writes configuration: team engineers (`team.yaml`) and platform engineers',
    '(`cdktf.json`). Every field with its type, default and meaning, and every check the synthesised',
    'stacks must pass. The guides explain when and why to use them: [teams](teams.md),',
    '[platform](platform.md), [security](security.md).',
    '',
    'Contents:',
    '',
    ...sections.map((section) => `- [${section.title}](#${section.anchor})`),
    '- [Checks](#checks)',
    '',
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, '', section.intro, '');
    lines.push('| field | type | required | default | meaning |', '| --- | --- | --- | --- | --- |');
    const root = z.toJSONSchema(section.schema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as JsonSchema;
    for (const row of childRows(root, '')) {
      lines.push(`| \`${row.path}\` | ${cell(row.type)} | ${row.required ? 'yes' : ''} | ${defaultCell(row.defaultValue)} | ${cell(row.description)} |`);
    }
    lines.push('');
  }
  lines.push(
    '## Checks',
    '',
    'Run on the synthesised Terraform JSON by `npm run validate`, `npm run synth` and the tests. A',
    'waivable check may be relaxed for one image with `exceptions: [{ check, reason }]` in `team.yaml`',
    '(a reason of at least ten characters); see [Security defaults](security.md#security-defaults).',
    '',
    '| check | checked on | requires | waivable |',
    '| --- | --- | --- | --- |',
    ...checks.map((check) => `| \`${check.id}\` | ${check.appliesTo} | ${cell(check.description)} | ${check.waivable ? `yes${check.waiver ? `: ${cell(check.waiver)}` : ''}` : 'no'} |`),
    '',
  );
  return lines.join('\n');
}

/**
 * The rows of an object's fields and of everything under them, depth first. An object with the
 * same fields as one listed before (`tests` and `components`) says so instead of repeating them.
 */
function childRows(schema: JsonSchema, path: string, listed = new Map<string, string>()): FieldRow[] {
  const object = objectOf(schema);
  if (!object?.properties) return [];
  return Object.entries(object.properties).flatMap(([key, field]) => {
    const fieldPath = path ? `${path}.${key}` : key;
    const items = field.type === 'array' && field.items ? field.items : undefined;
    const children = items ?? field;
    const childPath = items ? `${fieldPath}[]` : fieldPath;
    const shape = objectOf(children) && JSON.stringify(objectOf(children));
    const sameAs = shape ? listed.get(shape) : undefined;
    if (shape && !sameAs) listed.set(shape, childPath);
    const row: FieldRow = {
      path: fieldPath,
      type: typeOf(field),
      required: (object.required ?? []).includes(key),
      defaultValue: field.default,
      description: [field.description, sameAs && `The fields of \`${sameAs}\`.`].filter(Boolean).join(' '),
    };
    return [row, ...(sameAs ? [] : childRows(children, childPath, listed))];
  });
}

/** The object with named fields a schema is, or is one alternative of (a parent image given as a lookup). */
function objectOf(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties) return schema;
  return schema.anyOf?.find((alternative) => alternative.properties);
}

/** What a field takes, in words. */
function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return [...new Set(schema.anyOf.map(typeOf))].join(' or ');
  if (schema.const !== undefined) return `\`${String(schema.const)}\``;
  if (schema.enum) return enumOf(schema.enum);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return `${schema.type === 'integer' ? 'whole number' : 'number'}${rangeOf(schema.minimum, schema.maximum)}`;
    case 'string':
      return schema.format === 'email' ? 'email address' : `text${schema.maxLength === undefined ? '' : `, at most ${schema.maxLength} characters`}`;
    case 'boolean':
      return '`true` or `false`';
    case 'array':
      return `list of ${schema.items ? plural(typeOf(schema.items)) : 'values'}${schema.minItems ? `, at least ${schema.minItems}` : ''}`;
    case 'object':
      if (schema.properties) return 'mapping';
      if (typeof schema.additionalProperties === 'object') {
        const keys = schema.propertyNames?.enum ? `key ${enumOf(schema.propertyNames.enum)}` : 'name';
        return `mapping of ${keys} → ${typeOf(schema.additionalProperties)}`;
      }
      return 'mapping';
    default:
      return 'any value';
  }
}

/** A list's item type in the plural where that reads better ("list of mappings"). */
function plural(type: string): string {
  return type === 'mapping' ? 'mappings' : type;
}

/** An enumeration: every value when few, else the count with the first and the last. */
function enumOf(values: readonly unknown[]): string {
  const shown = values.map((value) => `\`${String(value)}\``);
  return shown.length <= 8 ? shown.join(', ') : `one of ${shown.length} values (${shown[0]} … ${shown.at(-1)})`;
}

function rangeOf(minimum: number | undefined, maximum: number | undefined): string {
  if (minimum !== undefined && maximum !== undefined) return `, ${minimum}–${maximum}`;
  if (minimum !== undefined) return `, at least ${minimum}`;
  return maximum === undefined ? '' : `, at most ${maximum}`;
}

/** A default as written in the file; none for an object whose fields carry their own defaults. */
function defaultCell(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0) return '';
  return cell(`\`${typeof value === 'string' ? value : JSON.stringify(value)}\``);
}

/**
 * Text made safe for one table cell: `|` and line breaks cannot end the cell or row, and outside
 * code spans `<`, `>` and `*` stay text (a `<team>` is no HTML tag, a `*` no emphasis).
 */
function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/\\/g, '\\\\').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '\\*')))
    .join('')
    .replace(/\|/g, '\\|');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

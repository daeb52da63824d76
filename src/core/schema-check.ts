/** Checks parsed YAML against a zod schema and turns each issue into a located problem. */
import { closest } from 'fastest-levenshtein';
import type { z } from 'zod';
import type { Problems } from './problems.js';
import { contentOf, formatPath, reportAt, type YamlPath, type YamlSource } from './yaml-source.js';

/** Extra data a schema refinement may attach to an issue. */
export interface IssueParams {
  hint?: string;
}

/**
 * Validates the source's content against the schema. Returns the parsed value, or undefined
 * when there were errors (every one of them reported, at its own line and column).
 */
export function checkAgainstSchema<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
  problems: Problems,
  describe: string,
  basePath: YamlPath = [],
): z.output<S> | undefined {
  const input = valueAt(contentOf(source), basePath);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) reportIssue(schema, source, input, basePath, issue, problems, describe);
  return undefined;
}

function reportIssue(
  schema: z.ZodType,
  source: YamlSource,
  input: unknown,
  basePath: YamlPath,
  issue: z.core.$ZodIssue,
  problems: Problems,
  describe: string,
): void {
  const relative = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const path = [...basePath, ...relative];
  if (issue.code === 'unrecognized_keys') {
    const allowed = objectKeysAt(schema, relative);
    for (const key of issue.keys) {
      const suggestion = allowed.length ? closest(key, allowed) : undefined;
      reportAt(
        problems,
        source,
        [...path, key],
        `unknown field "${key}" in ${relative.length ? formatPath(path) : describe}`,
        suggestion
          ? `did you mean "${suggestion}"? Allowed fields: ${allowed.join(', ')}`
          : 'remove it; see the config reference, docs/reference.md',
        { preferKey: true },
      );
    }
    return;
  }
  if (issue.code === 'invalid_type' && valueAt(input, relative) === undefined) {
    const field = path[path.length - 1];
    reportAt(
      problems,
      source,
      path,
      `required field "${String(field)}" is missing`,
      `add "${String(field)}" here; see the config reference, docs/reference.md`,
    );
    return;
  }
  if (issue.code === 'invalid_key') {
    // A map key its schema refuses: reported at the key, with the key rule's own message.
    for (const inner of issue.issues) reportAt(problems, source, path, inner.message, hintOf(inner), { preferKey: true });
    return;
  }
  reportAt(problems, source, path, issue.message, hintOf(issue));
}

/** What of some content a schema accepts: the parsed value, and where its paths stand in the content given. */
export interface PartialRead<T> {
  value: T;
  inFile: (path: YamlPath) => YamlPath;
}

/** A list item left out; the list keeps its place, so that the paths of the others can be found. */
const LEFT_OUT = Symbol('left out');
/** Rounds of leaving out at most: each leaves out at least one value, so this bounds the work on any file. */
const MAX_ROUNDS = 100;

/**
 * What of `content` the schema accepts once every value it refuses is left out, so that the checks
 * after the schema can still run on the rest of a file with errors. A refused value is left out (a
 * list item, or a field, which then takes its default); when that leaves a required field missing,
 * the value holding it goes instead. Undefined when the whole would have to go.
 */
export function readInPart<S extends z.ZodType>(schema: S, content: unknown): PartialRead<z.output<S>> | undefined {
  const tree = structuredClone(content);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const inFile = (path: YamlPath) => pathInTree(tree, path);
    const result = schema.safeParse(withoutLeftOut(tree));
    if (result.success) return { value: result.data, inFile };
    // Every issue's place in the tree first: leaving a list item out moves the items after it in what is parsed.
    const targets = result.error.issues.flatMap((issue) => {
      const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
      return (issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...path, key]) : [path]).map(inFile);
    });
    for (const target of targets) if (!leaveOut(tree, target)) return undefined;
  }
  return undefined;
}

/** The tree without the list items left out. */
function withoutLeftOut(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== LEFT_OUT).map(withoutLeftOut);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutLeftOut(item)]));
  return value;
}

/** Where a path of the tree without its left-out items stands in the tree: the n-th item kept of each list. */
function pathInTree(tree: unknown, path: YamlPath): YamlPath {
  let node = tree;
  return path.map((segment) => {
    if (Array.isArray(node) && typeof segment === 'number') {
      const kept = node.flatMap((item, index) => (item === LEFT_OUT ? [] : [index]));
      const index = kept[segment] ?? segment;
      node = node[index];
      return index;
    }
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    return segment;
  });
}

/** Leaves out the value at `path`, or the nearest value holding it that is there; false when that is the whole. */
function leaveOut(tree: unknown, path: YamlPath): boolean {
  for (let end = path.length; end > 0; end--) {
    const parent = valueAt(tree, path.slice(0, end - 1));
    const key = path[end - 1]!;
    if (Array.isArray(parent) && typeof key === 'number' && key < parent.length && parent[key] !== LEFT_OUT) {
      parent[key] = LEFT_OUT;
      return true;
    }
    if (!Array.isArray(parent) && parent !== null && typeof parent === 'object' && Object.hasOwn(parent, key)) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- pruning a parsed YAML tree in place: its keys are data
      delete (parent as Record<string | number, unknown>)[key];
      return true;
    }
  }
  return false;
}

function hintOf(issue: z.core.$ZodIssue): string {
  return (issue as { params?: IssueParams }).params?.hint ?? defaultHint(issue);
}

function defaultHint(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return `give a value of type ${issue.expected}`;
    case 'too_small':
    case 'too_big':
      return 'change the value to fit the limit';
    default:
      return 'see the config reference, docs/reference.md';
  }
}

function valueAt(value: unknown, path: YamlPath): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
}

/** The field names an object schema at a path accepts (for "did you mean"). */
function objectKeysAt(schema: z.ZodType, path: YamlPath): string[] {
  let current: z.ZodType | undefined = schema;
  let remaining = [...path];
  while (current) {
    const def: SchemaDef = (current as unknown as { _zod: { def: SchemaDef } })._zod.def;
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else if (remaining.length === 0) return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
    else if (def.type === 'object') [current, remaining] = [def.shape?.[String(remaining[0])], remaining.slice(1)];
    else if (def.type === 'array') [current, remaining] = [def.element, remaining.slice(1)];
    else if (def.type === 'record') [current, remaining] = [def.valueType, remaining.slice(1)];
    else return [];
  }
  return [];
}

/**
 * Terraform JSON (`cdk.tf.json`) as Terraform native syntax (HCL) with the same meaning: the
 * review copy `npm run synth -- --hcl` writes. Terraform deploys the JSON; this text is for people.
 *
 * Terraform reads a JSON string and a native quoted string with the same template language:
 * `${...}` and `%{...}` are template sequences, `$${` and `%%{` their escapes. Both are copied
 * verbatim; only the literal text between them is escaped the way native quoted strings need it.
 * JSON cannot tell a nested block from a map-typed argument (both are objects), so the few map
 * arguments the stacks use are listed in MAP_ARGUMENTS; every other object is a block.
 */

/** Arguments whose object value is a map of strings (tag keys contain `:` and `/`), not a nested block. */
const MAP_ARGUMENTS = new Set(['tags', 'tags_all', 'ami_tags', 'resource_tags', 'tag_map']);
/** Meta-arguments whose strings Terraform reads as references (`aws_s3_object.x`), not as templates. */
const REFERENCE_ARGUMENTS = new Set(['depends_on', 'ignore_changes', 'provider', 'from', 'to']);

/** How a block type is written. */
interface BlockShape {
  /** Labels after the type (`resource "type" "name"`: 2); the JSON nests one object per label. */
  labels?: number;
  /** Nested block types that need a shape of their own. */
  blocks?: Record<string, BlockShape>;
  /** Every entry of the body is an argument, so objects are values, never blocks. */
  argumentsOnly?: boolean;
  /** Object values write their identifier keys bare (`source = "aws"`). */
  bareKeys?: boolean;
}

/** The top-level block types of a stack, in the order they are written. */
const TOP_LEVEL: ReadonlyArray<[string, BlockShape]> = [
  ['terraform', { blocks: { backend: { labels: 1 }, required_providers: { argumentsOnly: true, bareKeys: true } } }],
  ['provider', { labels: 1 }],
  ['locals', { argumentsOnly: true }],
  ['data', { labels: 2 }],
  ['resource', { labels: 2 }],
  // An output's value is an expression (an object there is an object), its precondition a block.
  ['output', { labels: 1, argumentsOnly: true, blocks: { precondition: {} } }],
  // `removed { from = <address>  lifecycle { destroy = false } }`: Terraform forgets an object without destroying it.
  ['removed', {}],
  // `import { to = <address>  id = "<id>" }` (Terraform >= 1.5): Terraform adopts an object that already exists.
  ['import', {}],
];

const HEADER = '# Review copy of cdk.tf.json, which is what Terraform deploys.\n';
const IDENTIFIER = /^[A-Za-z_][\w-]*$/;
const REFERENCE = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*$/;
const INDENT = '  ';

/** One stack's Terraform JSON (`//` metadata keys are skipped) as HCL text. */
export function renderHcl(stack: object): string {
  const json = stack as Record<string, unknown>;
  const unknown = Object.keys(json).filter((key) => key !== '//' && !TOP_LEVEL.some(([type]) => type === key));
  if (unknown.length) throw new Error(`cannot write ${unknown.join(', ')} as HCL`);
  const blocks = TOP_LEVEL.flatMap(([type, shape]) => (json[type] === undefined ? [] : block(type, json[type], shape, '')));
  return HEADER + blocks.map((text) => `\n${text}\n`).join('');
}

/**
 * A string of Terraform JSON as a native quoted string that Terraform reads as the same template:
 * template sequences and their escapes verbatim, the literal text escaped.
 */
export function hclString(template: string): string {
  let quoted = '"';
  let literalStart = 0;
  const sequences = /\$\$\{|%%\{|\$\{|%\{/g;
  for (let match = sequences.exec(template); match; match = sequences.exec(template)) {
    quoted += escapeLiteral(template.slice(literalStart, match.index));
    literalStart = match[0].length === 3 ? sequences.lastIndex : sequenceEnd(template, sequences.lastIndex);
    quoted += template.slice(match.index, literalStart);
    sequences.lastIndex = literalStart;
  }
  return `${quoted}${escapeLiteral(template.slice(literalStart))}"`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Literal template text for a quoted string; control and invisible format characters become `\u` escapes. */
function escapeLiteral(text: string): string {
  return text.replace(/[\\"\p{Cc}\p{Cf}]/gu, (char) => {
    const code = char.codePointAt(0)!;
    return ESCAPES[char] ?? (code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/** The index after the `}` closing the template sequence whose body starts at `start`. */
function sequenceEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && depth-- === 0) return i + 1;
    else if (text[i] === '"') i = quotedEnd(text, i + 1) - 1;
  }
  throw new Error(`unterminated template sequence in ${JSON.stringify(text)}`);
}

/** The index after the `"` closing a quoted string inside a template sequence, which starts at `start`. */
function quotedEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
    else if (text.startsWith('$${', i) || text.startsWith('%%{', i)) i += 2;
    else if (text.startsWith('${', i) || text.startsWith('%{', i)) i = sequenceEnd(text, i + 2) - 1;
  }
  throw new Error(`unterminated template sequence in ${JSON.stringify(text)}`);
}

/** The blocks of one type: one per label path, one per body when the JSON has an array of bodies. */
function block(type: string, value: unknown, shape: BlockShape, indent: string, labels: string[] = []): string[] {
  if (labels.length < (shape.labels ?? 0)) {
    return Object.entries(value as object).flatMap(([label, nested]) => block(type, nested, shape, indent, [...labels, identifier(label)]));
  }
  const header = [identifier(type), ...labels.map((label) => `"${label}"`)].join(' ');
  return (Array.isArray(value) ? value : [value]).map((body: object) => {
    const lines = bodyLines(body, shape, indent + INDENT);
    return lines.length ? `${indent}${header} {\n${lines.join('\n')}\n${indent}}` : `${indent}${header} {}`;
  });
}

/** A block body: arguments (`=` aligned within each run of one-line arguments, as terraform fmt does) and nested blocks. */
function bodyLines(body: object, shape: BlockShape, indent: string): string[] {
  const items: Item[] = [];
  for (const [name, value] of Object.entries(body) as [string, unknown][]) {
    if (name === '//' || value === null) continue;
    const nested = shape.blocks?.[name];
    if (nested || (!shape.argumentsOnly && isBlockValue(name, value))) items.push({ block: block(name, value, nested ?? {}, indent) });
    else
      items.push({
        key: identifier(name),
        value: REFERENCE_ARGUMENTS.has(name) ? references(value) : expression(value, indent, shape.bareKeys),
      });
  }
  return aligned(items, indent);
}

function isBlockValue(name: string, value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isObject);
  return isObject(value) && !MAP_ARGUMENTS.has(name);
}

/** Either an argument (`key = value`, the value possibly on several lines) or rendered blocks. */
type Item = { key: string; value: string } | { block: string[] };

function aligned(items: readonly Item[], indent: string): string[] {
  const lines: string[] = [];
  let run: { key: string; value: string }[] = [];
  const flush = () => {
    const width = Math.max(...run.map(({ key }) => columns(key)));
    for (const { key, value } of run) lines.push(`${indent}${key}${' '.repeat(width - columns(key))} = ${value}`);
    run = [];
  };
  for (const item of items) {
    if ('key' in item && !item.value.includes('\n')) run.push(item);
    else {
      flush();
      lines.push(...('key' in item ? [`${indent}${item.key} = ${item.value}`] : item.block));
    }
  }
  flush();
  return lines;
}

/** Width as terraform fmt counts it: in characters. */
function columns(text: string): number {
  return [...text].length;
}

/** A JSON value as a native expression: strings as quoted templates, objects with quoted keys. */
function expression(value: unknown, indent: string, bareKeys = false): string {
  if (typeof value === 'string') return hclString(value);
  if (Array.isArray(value)) return `[${value.map((item) => expression(item, indent, bareKeys)).join(', ')}]`;
  if (isObject(value)) {
    const items = Object.entries(value).map(([key, item]) => ({
      key: bareKeys && IDENTIFIER.test(key) ? key : hclString(key),
      value: expression(item, indent + INDENT, bareKeys),
    }));
    return items.length ? `{\n${aligned(items, indent + INDENT).join('\n')}\n${indent}}` : '{}';
  }
  return String(value);
}

/** A reference meta-argument: JSON strings such as `"aws_s3_object.x"` as bare references. */
function references(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(references).join(', ')}]`;
  if (typeof value !== 'string' || !REFERENCE.test(value)) throw new Error(`not a reference: ${JSON.stringify(value)}`);
  return value;
}

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an HCL identifier: ${JSON.stringify(name)}`);
  return name;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reading user files as YAML while keeping every node's source position. */
import { Composer, isMap, isPair, isScalar, isSeq, LineCounter, Parser, visit, type CST, type Document, type Node } from 'yaml';
import { readRegularFile } from './file-read.js';
import type { Problems } from './problems.js';
import { CONFIG_TAG_HINT, contentProblems } from './yaml-content.js';
import { aliasProblem, MAX_ALIAS_EXPANSION, MAX_NESTING, tooDeepAt } from './yaml-limits.js';

/** A path into a YAML document: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/** A parsed YAML (or JSON) file that can tell where any path of it stands. */
export interface YamlSource {
  /** Path relative to the repository root, used in every message. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /**
   * For content read in part (schema-check.ts, readInPart): where a path of what was read stands
   * in the file, whose lists may hold items that were left out.
   */
  inFile?: (path: YamlPath) => YamlPath;
}

/** Where a path of the source's content (as read, maybe in part) stands in the file. */
export function pathInFile(source: YamlSource, path: YamlPath): YamlPath {
  return source.inFile ? source.inFile(path) : path;
}

/** Position of a path in a source, for problem reports. */
export interface SourcePosition {
  line: number;
  column: number;
}

const CONFLICT_MARKER = /^(<{7}|={7}|>{7})(\s|$)/m;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a regular file as UTF-8 text, reporting bytes that are not UTF-8 (and links, folders,
 * pipes, devices and oversized files, see readRegularFile).
 * Returns undefined (with a problem added) when the text cannot be used.
 */
export function readUtf8(absolutePath: string, file: string, problems: Problems): string | undefined {
  const bytes = readRegularFile(absolutePath, file, problems);
  if (bytes === undefined) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    const good = new TextDecoder('utf-8').decode(bytes).split('\uFFFD')[0] ?? '';
    const line = good.split('\n').length;
    problems.add({
      file,
      path: '',
      line,
      column: 1,
      message: 'the file is not valid UTF-8 text',
      hint: 'save the file as UTF-8 (the first invalid byte is on this line)',
    });
    return undefined;
  }
}

/** Formats a YAML path the way users write it: `images[0].components[1].shared`. */
export function formatPath(path: YamlPath): string {
  return path.reduce<string>(
    (out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment),
    '',
  );
}

/**
 * Parses YAML text into a single document with positions. Syntax errors, several documents, an
 * empty file, git merge conflict markers, nesting past MAX_NESTING, aliases without an anchor, of
 * themselves or repeating too much, tags, hidden characters, keys JavaScript reserves and cdktf's
 * reference markers are reported as problems (undefined returned); `tagHint` says what to do
 * about a tag in this kind of file.
 */
export function parseYaml(text: string, file: string, problems: Problems, tagHint = CONFIG_TAG_HINT): YamlSource | undefined {
  const conflict = CONFLICT_MARKER.exec(text);
  if (conflict) {
    problems.add({
      file,
      path: '',
      line: text.slice(0, conflict.index).split('\n').length,
      column: 1,
      message: 'the file still holds git merge conflict markers',
      hint: 'resolve the conflict (keep one side of each <<<<<<< / >>>>>>> block) and run again',
    });
    return undefined;
  }
  const lineCounter = new LineCounter();
  const tokens = parseTokens(text, lineCounter);
  const tooDeep = tokens ? tooDeepAt(tokens) : undefined;
  if (!tokens || tooDeep !== undefined) {
    problems.add({
      file,
      path: '',
      ...(tooDeep === undefined ? {} : lineAndColumn(lineCounter, tooDeep)),
      message:
        tooDeep === undefined
          ? `the YAML nests far more than ${MAX_NESTING} levels deep`
          : `the YAML nests more than ${MAX_NESTING} levels deep here`,
      hint: 'no config file or component document needs this depth: check what was pasted or generated into the file',
    });
    return undefined;
  }
  const docs = [...new Composer({ uniqueKeys: true }).compose(tokens)];
  if (docs.length === 0 || docs.every((d) => d.contents === null)) {
    problems.add({ file, path: '', message: 'the file is empty', hint: 'add the required content or remove the file' });
    return undefined;
  }
  // Only the first syntax error: the parser's later ones mostly follow from it.
  const error = docs.flatMap((doc) => doc.errors)[0];
  if (error) {
    problems.add({
      file,
      path: '',
      ...lineAndColumn(lineCounter, error.pos[0]),
      message: `YAML syntax error: ${firstLine(error.message)}`,
      hint:
        error.code === 'DUPLICATE_KEY'
          ? 'remove or rename one of the duplicate keys'
          : 'fix the YAML syntax here (later errors may follow from this one)',
    });
    return undefined;
  }
  if (docs.length > 1) {
    problems.add({
      file,
      path: '',
      ...lineAndColumn(lineCounter, docs[1]!.range[0]),
      message: `the file holds ${docs.length} YAML documents; exactly one is expected`,
      hint: 'remove the extra `---` separator and the document after it',
    });
    return undefined;
  }
  const source: YamlSource = { file, text, doc: docs[0]!, lineCounter };
  return reportAliasProblem(source, problems) || reportContentProblems(source, problems, tagHint) ? undefined : source;
}

/** A source's content as plain JavaScript values. */
export function contentOf(source: YamlSource): unknown {
  // parseYaml bounded what aliases repeat, so the yaml package's own guess at a bomb is not needed.
  return source.doc.toJS({ maxAliasCount: -1 });
}

function reportAliasProblem(source: YamlSource, problems: Problems): boolean {
  const problem = aliasProblem(source.doc);
  if (!problem) return false;
  const name = `*${problem.alias.source}`;
  const [message, hint] = {
    'no-anchor': [
      `the alias ${name} names no anchor before it`,
      `define &${problem.alias.source} earlier in the file, or write the value out`,
    ],
    'self-reference': [`the alias ${name} stands inside the value it names`, 'a value cannot contain itself: write the inner value out'],
    expansion: [
      `the aliases of the file repeat more than ${MAX_ALIAS_EXPANSION} values`,
      'write the values out instead of nesting aliases of aliases (a "billion laughs" file)',
    ],
  }[problem.reason] as [string, string];
  problems.add({ file: source.file, path: '', ...lineAndColumn(source.lineCounter, problem.alias.range?.[0] ?? 0), message, hint });
  return true;
}

function reportContentProblems(source: YamlSource, problems: Problems, tagHint: string): boolean {
  const found = contentProblems(source.doc, source.text, tagHint);
  for (const problem of found) {
    problems.add({
      file: source.file,
      path: formatPath(yamlPathOf(problem.chain)),
      ...lineAndColumn(source.lineCounter, problem.offset),
      message: problem.message,
      hint: problem.hint,
    });
  }
  return found.length > 0;
}

/**
 * The parser's tokens; undefined when nesting ran it out of stack (the yaml package's parser
 * recurses once per level of some block collections, as `- - - - x`).
 */
function parseTokens(text: string, lineCounter: LineCounter): CST.Token[] | undefined {
  try {
    return [...new Parser(lineCounter.addNewLine).parse(text)];
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function lineAndColumn(lineCounter: LineCounter, offset: number): SourcePosition {
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** The YAML path of the last node of a chain of ancestors, as `visit` passes it (a key's path ends with the key). */
export function yamlPathOf(chain: readonly unknown[]): YamlPath {
  return chain.flatMap((ancestor, i): (string | number)[] => {
    const child = chain[i + 1];
    if (isSeq(ancestor)) return child === undefined ? [] : [ancestor.items.indexOf(child)];
    if (isPair(ancestor) && isScalar(ancestor.key) && child !== undefined) return [String(ancestor.key.value)];
    return [];
  });
}

/** The path of the first scalar value in a source that reads exactly `text`, if any. */
export function pathOfScalar(source: YamlSource, text: string): YamlPath | undefined {
  let found: YamlPath | undefined;
  visit(source.doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || String(node.value) !== text) return undefined;
      found = yamlPathOf([...ancestors, node]);
      return visit.BREAK;
    },
  });
  return found;
}

/** Reads and parses a YAML file; undefined (with problems added) when it cannot be used. */
export function loadYamlFile(absolutePath: string, file: string, problems: Problems, tagHint = CONFIG_TAG_HINT): YamlSource | undefined {
  const text = readUtf8(absolutePath, file, problems);
  return text === undefined ? undefined : parseYaml(text, file, problems, tagHint);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The node at a path, or the deepest existing ancestor when the path goes further than the
 * document. With `preferKey`, a map entry's key node is returned instead of its value.
 */
export function nodeAt(source: YamlSource, contentPath: YamlPath, preferKey = false): Node | undefined {
  const path = pathInFile(source, contentPath);
  let node: unknown = source.doc.contents;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === segment);
      if (!pair) return node;
      if ((last && preferKey) || pair.value === null) return pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined || item === null) return node;
      node = item;
    } else {
      return node as Node | undefined;
    }
  }
  return node as Node | undefined;
}

/** Line and column of a path (or of its deepest existing ancestor). */
export function positionOf(source: YamlSource, path: YamlPath, preferKey = false): SourcePosition {
  const node = nodeAt(source, path, preferKey);
  const offset = node?.range?.[0] ?? 0;
  const pos = source.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** Adds a problem located at a path of a source. */
export function reportAt(
  problems: Problems,
  source: YamlSource,
  path: YamlPath,
  message: string,
  hint?: string,
  options: { severity?: 'error' | 'warning'; preferKey?: boolean } = {},
): void {
  problems.add({
    severity: options.severity ?? 'error',
    file: source.file,
    path: formatPath(pathInFile(source, path)),
    ...positionOf(source, path, options.preferKey),
    message,
    hint,
  });
}

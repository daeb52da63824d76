/** Reading user files as YAML while keeping every node's source position. */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import type { Problems } from './problems.js';

/** A path into a YAML document: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/** A parsed YAML (or JSON) file that can tell where any path of it stands. */
export interface YamlSource {
  /** Path relative to the repository root, used in every message. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/** Position of a path in a source, for problem reports. */
export interface SourcePosition {
  line: number;
  column: number;
}

const CONFLICT_MARKER = /^(<{7}|={7}|>{7})(\s|$)/m;
/**
 * cdktf's markers for its own references (string, list and map tokens). Text holding one would be
 * swapped for a reference, or stop synthesis, instead of reaching AWS as written.
 */
const CDKTF_TOKEN_MARKER = /[$#&]\{TfToken\[/;
/** No config file or component document comes near this; a larger one is a mistake. */
export const MAX_FILE_BYTES = 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a file as UTF-8 text, reporting bytes that are not UTF-8.
 * Returns undefined (with a problem added) when the text cannot be used.
 */
export function readUtf8(absolutePath: string, file: string, problems: Problems): string | undefined {
  const bytes = readFileSync(absolutePath);
  if (bytes.length > MAX_FILE_BYTES) {
    problems.add({
      file,
      path: '',
      message: `the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MiB, over the 1 MiB limit`,
      hint: 'a config file or component document this large is a mistake: check what was pasted or generated into it',
    });
    return undefined;
  }
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
 * Parses YAML text into a single document with positions. Syntax errors, several documents,
 * an empty file and git merge conflict markers are reported as problems (undefined returned).
 */
export function parseYaml(text: string, file: string, problems: Problems): YamlSource | undefined {
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
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (docs.length === 0 || docs.every((d) => d.contents === null)) {
    problems.add({ file, path: '', message: 'the file is empty', hint: 'add the required content or remove the file' });
    return undefined;
  }
  // Only the first syntax error: the parser's later ones mostly follow from it.
  const error = docs.flatMap((doc) => doc.errors)[0];
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    problems.add({
      file,
      path: '',
      line: pos.line,
      column: pos.col,
      message: `YAML syntax error: ${firstLine(error.message)}`,
      hint: error.code === 'DUPLICATE_KEY' ? 'remove or rename one of the duplicate keys' : 'fix the YAML syntax here (later errors may follow from this one)',
    });
    return undefined;
  }
  if (docs.length > 1) {
    const pos = lineCounter.linePos(docs[1]!.range[0]);
    problems.add({
      file,
      path: '',
      line: pos.line,
      column: pos.col,
      message: `the file holds ${docs.length} YAML documents; exactly one is expected`,
      hint: 'remove the extra `---` separator and the document after it',
    });
    return undefined;
  }
  const doc = docs[0]!;
  return reportTokenMarkers(doc, lineCounter, file, problems) ? undefined : { file, text, doc, lineCounter };
}

/** The YAML path of the last node of a chain of ancestors, as `visit` passes it. */
function yamlPathOf(chain: readonly unknown[]): YamlPath {
  return chain.flatMap((ancestor, i): (string | number)[] => {
    const child = chain[i + 1];
    if (isSeq(ancestor)) return [ancestor.items.indexOf(child as Node)];
    if (isPair(ancestor) && isScalar(ancestor.key) && child === ancestor.value) return [String(ancestor.key.value)];
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

/** Reports every key or value that holds a cdktf reference marker; true when there is one. */
function reportTokenMarkers(doc: Document.Parsed, lineCounter: LineCounter, file: string, problems: Problems): boolean {
  let found = false;
  visit(doc, {
    Scalar(_, node, ancestors) {
      const marker = typeof node.value === 'string' ? CDKTF_TOKEN_MARKER.exec(node.value) : null;
      if (!marker) return;
      found = true;
      const pos = lineCounter.linePos(node.range?.[0] ?? 0);
      problems.add({
        file,
        path: formatPath(yamlPathOf([...ancestors, node])),
        line: pos.line,
        column: pos.col,
        message: `the text "${marker[0]}" is reserved: CDK for Terraform reads it as one of its own references`,
        hint: 'reword the text so that no "{TfToken[" follows $, # or &',
      });
    },
  });
  return found;
}

/** Reads and parses a YAML file; undefined (with problems added) when it cannot be used. */
export function loadYamlFile(absolutePath: string, file: string, problems: Problems): YamlSource | undefined {
  const text = readUtf8(absolutePath, file, problems);
  return text === undefined ? undefined : parseYaml(text, file, problems);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The node at a path, or the deepest existing ancestor when the path goes further than the
 * document. With `preferKey`, a map entry's key node is returned instead of its value.
 */
export function nodeAt(source: YamlSource, path: YamlPath, preferKey = false): Node | undefined {
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
    path: formatPath(path),
    ...positionOf(source, path, options.preferKey),
    message,
    hint,
  });
}

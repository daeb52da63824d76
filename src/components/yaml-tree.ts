/** A component document's YAML as plain values, keeping what YAML made of unquoted `{{ }}`. */
import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { YamlSource } from '../core/yaml-source.js';

/**
 * `path: {{ name }}` written without quotes: YAML reads the braces as a mapping, so the value is
 * not the text the author meant. Kept with its source text so the linter can say so.
 */
export class UnquotedExpression {
  constructor(readonly text: string) {}
}

/** A mapping read from YAML. */
export type YamlRecord = Record<string, unknown>;

/** Plain value of the document: scalars, arrays, records and {@link UnquotedExpression}s. */
export function plainContent(source: YamlSource): unknown {
  return plain(source.doc.contents, source);
}

/** Whether a plain value is a mapping. */
export function isRecord(value: unknown): value is YamlRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof UnquotedExpression);
}

function plain(node: unknown, source: YamlSource): unknown {
  if (isAlias(node)) return plain(node.resolve(source.doc), source);
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((item) => plain(item, source));
  if (isMap(node)) {
    if (node.items.some((pair) => !isScalar(pair.key))) {
      const [start, end] = (node as Node).range ?? [0, 0];
      return new UnquotedExpression(source.text.slice(start, end));
    }
    return Object.fromEntries(node.items.map((pair) => [String((pair.key as Scalar).value), plain(pair.value, source)]));
  }
  return null;
}

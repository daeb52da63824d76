/** Reporting helpers shared by the component document checks. */
import { closest } from 'fastest-levenshtein';
import type { Problems } from '../core/problems.js';
import { formatPath, nodeAt, reportAt, type YamlPath, type YamlSource } from '../core/yaml-source.js';
import { UnquotedExpression } from './yaml-tree.js';

/** Where the checks report: one document and the run's problems. */
export class LintContext {
  constructor(
    private readonly source: YamlSource,
    private readonly problems: Problems,
  ) {}

  /** An error at a path; `onKey` points at a mapping entry's key instead of its value. */
  error(path: YamlPath, message: string, hint: string, onKey = false): void {
    reportAt(this.problems, this.source, path, message, hint, { preferKey: onKey });
  }

  /**
   * An error on one line of the text at a path (a line of a block script), `column` characters
   * into it; at the value itself when the line is not written as it reads (escapes, folding).
   */
  errorOnLine(path: YamlPath, line: string, column: number, message: string, hint: string): void {
    const [start = 0, end = 0] = nodeAt(this.source, path)?.range ?? [];
    const offset = line.trim() ? this.source.text.indexOf(line, start) : -1;
    if (offset < 0 || offset + line.length > end) {
      this.error(path, message, hint);
      return;
    }
    const { line: lineNumber, col } = this.source.lineCounter.linePos(offset + column);
    this.problems.add({ file: this.source.file, path: formatPath(path), line: lineNumber, column: col, message, hint });
  }

  warning(path: YamlPath, message: string, hint: string, onKey = false): void {
    reportAt(this.problems, this.source, path, message, hint, { severity: 'warning', preferKey: onKey });
  }

  /** The value at a path as written in the file (`0755`, where YAML read the number 755). */
  written(path: YamlPath): string {
    const [start = 0, end = 0] = nodeAt(this.source, path)?.range ?? [];
    return this.source.text.slice(start, end);
  }

  /** Reports every key of `record` that is not in `allowed`, with the closest allowed key. */
  unknownKeys(path: YamlPath, record: Record<string, unknown>, allowed: readonly string[], where: string): void {
    for (const key of Object.keys(record)) {
      if (allowed.includes(key)) continue;
      this.error(
        [...path, key],
        `unknown field "${key}" in ${where}`,
        `did you mean "${closestName(key, allowed)}"? Allowed fields: ${allowed.join(', ')}`,
        true,
      );
    }
  }

  /** Reports a value that YAML did not read as text because `{{ }}` was left unquoted. */
  unquotedExpression(path: YamlPath, value: UnquotedExpression): void {
    this.error(path, `${value.text} is read by YAML as a mapping, not as text`, `quote the whole value: '${value.text}'`);
  }
}

/** How a value reads in a message: "text", "a number", "a list", ... */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (value instanceof UnquotedExpression) return 'an unquoted {{ }} expression';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return String(value);
  // What is left of a parsed YAML value is a number.
  return `the number ${value as number}`;
}

/** Whether a value is one of a list of literal values. */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return values.includes(value as T);
}

/**
 * The candidate a misspelt name most likely meant: one that starts with it (`timeout` for
 * `timeoutSeconds`), else the closest by edit distance.
 */
export function closestName(name: string, candidates: readonly string[]): string {
  const lower = name.toLowerCase();
  return candidates.find((candidate) => candidate.toLowerCase().startsWith(lower)) ?? closest(name, [...candidates]);
}

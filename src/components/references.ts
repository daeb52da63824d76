/** The `{{ ... }}` expressions of AWSTOE documents: variables, loop variables and step chaining. */

/** What an expression refers to. */
export type Reference =
  /** `{{ name }}`: a parameter or a constant. */
  | { kind: 'variable'; name: string }
  /** `{{ loop.value }}` or `{{ <loop name>.index }}`. */
  | { kind: 'loop'; loop: string; member: string }
  /** `{{ phase.step.outputs.stdout }}` or `{{ phase.step.inputs[0].destination }}`. */
  | { kind: 'chain'; phase: string; step: string; direction: 'inputs' | 'outputs'; index?: number; field: string }
  | { kind: 'malformed' };

/** An expression as written, with what it refers to. */
export interface Expression {
  /** The expression as written, braces included. */
  text: string;
  reference: Reference;
}

/** A value that is one whole `{{ ... }}` expression, which AWSTOE substitutes before the module reads it. */
export const WHOLE_EXPRESSION = /^\s*\{\{[^{}]*\}\}\s*$/;

const EXPRESSION = /\{\{\s*([^{}]*?)\s*\}\}/g;
/** Only dotted names are AWSTOE expressions; other braces (Go templates such as {{ .State.Running }}) are left alone. */
const DOTTED_NAMES = /^[A-Za-z0-9_-]+(\[\d+\])?(\.[A-Za-z0-9_-]+(\[\d+\])?)*$/;
const SEGMENT = /^([A-Za-z0-9_-]+)(?:\[(\d+)\])?$/;

/** The AWSTOE expressions in a piece of text. */
export function expressionsIn(text: string): Expression[] {
  return [...text.matchAll(EXPRESSION)]
    .filter((match) => DOTTED_NAMES.test(match[1]!))
    .map((match) => ({ text: match[0], reference: parseReference(match[1]!) }));
}

function parseReference(content: string): Reference {
  const segments = content.split('.').map((segment) => SEGMENT.exec(segment)!);
  const names = segments.map((s) => s[1]!);
  const indexed = segments.map((s) => (s[2] === undefined ? undefined : Number(s[2])));
  if (segments.length === 1 && indexed[0] === undefined) return { kind: 'variable', name: names[0]! };
  if (segments.length === 2 && indexed.every((i) => i === undefined)) return { kind: 'loop', loop: names[0]!, member: names[1]! };
  const direction = names[2];
  const wellFormed =
    segments.length === 4 &&
    (direction === 'inputs' || direction === 'outputs') &&
    indexed[0] === undefined &&
    indexed[1] === undefined &&
    indexed[3] === undefined;
  if (!wellFormed) return { kind: 'malformed' };
  return {
    kind: 'chain',
    phase: names[0]!,
    step: names[1]!,
    direction,
    ...(indexed[2] === undefined ? {} : { index: indexed[2] }),
    field: names[3]!,
  };
}

/** A `{{` never closed, or a `}}` never opened, on one line of a text. */
export interface UnbalancedBraces {
  /** The line of the text it is on. */
  line: string;
  /** Where the braces start in that line. */
  column: number;
  /** The expression as written, up to its end or the next braces. */
  excerpt: string;
  missing: '{{' | '}}';
}

/**
 * A `}}` reads as an expression's end only after a name (`agentPackage }}`): after anything else
 * it is more likely text of the script, such as the end of a nested JSON object (`{"a":{"b":1}}`).
 */
const NAME_BEFORE_CLOSE = /(?:^|\s)([A-Za-z][A-Za-z0-9_.[\]-]*\s*)$/;

/**
 * The braces of a text that open an expression without closing it, or close one never opened,
 * line by line (an AWSTOE expression never spans lines). AWSTOE substitutes neither: the script
 * receives the braces as written.
 */
export function unbalancedBraces(text: string): UnbalancedBraces[] {
  return text.split('\n').flatMap((line) => {
    const found: UnbalancedBraces[] = [];
    let open: number | undefined;
    const unclosed = (start: number, end: number): UnbalancedBraces => ({
      line,
      column: start,
      excerpt: line.slice(start, end).trimEnd(),
      missing: '}}',
    });
    for (const { 0: braces, index } of line.matchAll(/\{\{|\}\}/g)) {
      if (braces === '{{') {
        if (open !== undefined) found.push(unclosed(open, index));
        open = index;
      } else if (open !== undefined) {
        open = undefined;
      } else {
        const name = NAME_BEFORE_CLOSE.exec(line.slice(0, index))?.[1];
        if (name) found.push({ line, column: index - name.length, excerpt: `${name}}}`, missing: '{{' });
      }
    }
    if (open !== undefined) found.push(unclosed(open, line.length));
    return found;
  });
}

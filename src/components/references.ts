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

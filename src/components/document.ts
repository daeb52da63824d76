/** AWSTOE component documents: what this project needs to know about one. */
import { Composer, Parser, type CST } from 'yaml';
import type { Problems } from '../core/problems.js';
import { contentOf, reportAt, type YamlSource } from '../core/yaml-source.js';
import { ACTION_MODULES } from './action-modules.js';

export type ComponentOrigin = 'shared' | 'local';
export type ImagePlatform = 'Linux' | 'Windows';

/** A parameter a document declares, as team.yaml may set it. */
export interface ComponentParameter {
  name: string;
  type: string;
  /** The default as the document states it; undefined when the parameter has none. */
  default?: string;
}

/** A component document as loaded from `components-yaml/` or `teams/<team>/components/`. */
export interface ComponentDocument {
  /** File name without extension; the component's name in team.yaml and in AWS. */
  name: string;
  origin: ComponentOrigin;
  /** Path relative to the repository root. */
  file: string;
  source: YamlSource;
  /** The exact document text sent to Image Builder: the file with its comments removed. */
  data: string;
  description: string;
  /** Inferred from the action modules; undefined when the document suits either platform. */
  platform?: ImagePlatform;
  parameters: ComponentParameter[];
  /** Phase names in document order (build, validate, test). */
  phases: string[];
}

/** Builds the document model from a parsed YAML source; undefined (problems added) when unusable. */
export function readComponentDocument(
  source: YamlSource,
  name: string,
  origin: ComponentOrigin,
  problems: Problems,
): ComponentDocument | undefined {
  const content = contentOf(source);
  if (!isPlainObject(content)) {
    reportAt(
      problems,
      source,
      [],
      'a component document is a YAML mapping with "schemaVersion" and "phases"',
      'see "Writing a component" in docs/teams.md',
    );
    return undefined;
  }
  const phases = Array.isArray(content.phases) ? content.phases.filter(isPlainObject) : [];
  return {
    name,
    origin,
    file: source.file,
    source,
    data: documentData(source.text),
    description: typeof content.description === 'string' ? content.description : '',
    platform: inferPlatform(phases, source, problems),
    parameters: readParameters(content.parameters),
    phases: phases.map((p) => String(p.name)),
  };
}

/**
 * The document without comments, formatting otherwise kept: texts that differ only in comments
 * send the same data. The comments are cut from the text (a comment line with its line break, a
 * comment after a value with the blanks before it), so the blank lines around them stay exactly
 * as they would be without them; the rest is parsed and written again. A `#` line inside a block
 * scalar (a script) is content, not a comment, and stays.
 */
export function documentData(text: string): string {
  const [doc] = new Composer({ uniqueKeys: true }).compose(new Parser().parse(withoutComments(text)));
  return doc!.toString({ lineWidth: 0 });
}

/** The text with every YAML comment cut out, as if it had never been written. */
export function withoutComments(text: string): string {
  const cuts: [number, number][] = [];
  for (const comment of commentTokens([...new Parser().parse(text)])) {
    const lineStart = text.lastIndexOf('\n', comment.offset - 1) + 1;
    const end = comment.offset + comment.source.length;
    if (/^[ \t]*$/.test(text.slice(lineStart, comment.offset))) {
      const lineBreak = text.indexOf('\n', end);
      cuts.push([lineStart, lineBreak === -1 ? text.length : lineBreak + 1]);
    } else {
      cuts.push([comment.offset - /[ \t]*$/.exec(text.slice(lineStart, comment.offset))![0].length, end]);
    }
  }
  let result = text;
  for (const [from, to] of cuts.sort((a, b) => b[0] - a[0])) result = result.slice(0, from) + result.slice(to);
  return result;
}

/** Every comment token anywhere in a CST. */
function commentTokens(tokens: readonly unknown[]): CST.SourceToken[] {
  const found: CST.SourceToken[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      const token = value as Partial<CST.SourceToken>;
      if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string')
        found.push(token as CST.SourceToken);
      else Object.values(value).forEach(walk);
    }
  };
  walk(tokens);
  return found;
}

function inferPlatform(phases: Record<string, unknown>[], source: YamlSource, problems: Problems): ImagePlatform | undefined {
  const found = new Set<ImagePlatform>();
  for (const phase of phases) {
    for (const step of Array.isArray(phase.steps) ? phase.steps.filter(isPlainObject) : []) {
      const platform = ACTION_MODULES.get(String(step.action))?.platform;
      if (platform && platform !== 'any') found.add(platform);
    }
  }
  if (found.size > 1) {
    reportAt(
      problems,
      source,
      ['phases'],
      'the document mixes Linux-only actions (ExecuteBash, SetFileOwner, ...) with Windows-only actions (ExecutePowerShell, SetRegistry, ...)',
      'a component runs on one platform: split it into a Linux and a Windows document',
    );
    return undefined;
  }
  return [...found][0];
}

function readParameters(raw: unknown): ComponentParameter[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isPlainObject).flatMap((entry) =>
    Object.entries(entry).map(([name, spec]) => {
      const details = isPlainObject(spec) ? spec : {};
      return {
        name,
        type: typeof details.type === 'string' ? details.type : 'string',
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a default that is not text is a lint error (lint-variables.ts), reported before it is used
        ...(details.default !== undefined && details.default !== null ? { default: String(details.default) } : {}),
      };
    }),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

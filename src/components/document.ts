/** AWSTOE component documents: what this project needs to know about one. */
import { visit, type Document } from 'yaml';
import type { Problems } from '../config/problems.js';
import { contentOf, reportAt, type YamlSource } from '../config/yaml-source.js';
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
    reportAt(problems, source, [], 'a component document is a YAML mapping with "schemaVersion" and "phases"', 'see "Writing a component" in README.md');
    return undefined;
  }
  const phases = Array.isArray(content.phases) ? content.phases.filter(isPlainObject) : [];
  return {
    name,
    origin,
    file: source.file,
    source,
    data: documentData(source.doc),
    description: typeof content.description === 'string' ? content.description : '',
    platform: inferPlatform(phases, source, problems),
    parameters: readParameters(content.parameters),
    phases: phases.map((p) => String(p.name)),
  };
}

/**
 * The document without comments, formatting otherwise kept: comment-only edits send the same data.
 * The comments are removed from `doc` itself (positions stay): nothing after this reads them.
 */
export function documentData(doc: Document.Parsed): string {
  doc.commentBefore = null;
  doc.comment = null;
  visit(doc, {
    Node(_, node) {
      node.commentBefore = undefined;
      node.comment = undefined;
    },
  });
  return doc.toString({ lineWidth: 0 });
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
        ...(details.default !== undefined && details.default !== null ? { default: String(details.default) } : {}),
      };
    }),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

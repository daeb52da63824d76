/** The offline linter for AWSTOE component documents: AWS's rules plus likely mistakes. */
import type { Problems } from '../core/problems.js';
import { DESCRIPTION_MAX_BYTES, fitsDescription } from '../config/aws-names.js';
import type { YamlSource } from '../core/yaml-source.js';
import { SCHEMA_VERSION, TOP_LEVEL_KEYS } from './document-rules.js';
import { describeValue, LintContext } from './lint-context.js';
import { lintPractices } from './lint-practices.js';
import { lintReferences } from './lint-references.js';
import { lintPhases } from './lint-steps.js';
import { lintVariables } from './lint-variables.js';
import { isRecord, plainContent, type YamlRecord } from './yaml-tree.js';

/**
 * Checks a component document against the AWSTOE document rules and the action modules' inputs,
 * adding an error for everything AWSTOE or Image Builder would reject and a warning for likely
 * mistakes. Reads nothing but the source.
 */
export function lintComponentDocument(source: YamlSource, problems: Problems): void {
  const context = new LintContext(source, problems);
  const content = plainContent(source);
  if (!isRecord(content)) {
    context.error(
      [],
      `a component document is a mapping with "schemaVersion" and "phases", not ${describeValue(content)}`,
      'start from the example in "Writing a component" in docs/teams.md',
    );
    return;
  }
  context.unknownKeys([], content, TOP_LEVEL_KEYS, 'the component document');
  lintHeader(context, content);
  const variables = lintVariables(context, content);
  const phases = lintPhases(context, content);
  lintReferences(context, phases, variables);
  lintPractices(
    context,
    phases.flatMap((phase) => phase.steps),
  );
}

function lintHeader(context: LintContext, content: YamlRecord): void {
  const version = content.schemaVersion;
  if (version === undefined) {
    context.error([], 'the document has no "schemaVersion"', `add schemaVersion: ${SCHEMA_VERSION}`);
  } else if (version !== 1 && version !== SCHEMA_VERSION) {
    context.error(['schemaVersion'], `schemaVersion is ${JSON.stringify(version)}`, `AWSTOE knows only schemaVersion: ${SCHEMA_VERSION}`);
  }
  for (const field of ['name', 'description'] as const) {
    const value = content[field];
    if (value !== undefined && typeof value !== 'string') {
      context.error([field], `the document's ${field} is ${describeValue(value)}, not text`, `write the ${field} as text`);
    }
  }
  if (typeof content.description === 'string' && !fitsDescription(content.description)) {
    context.error(
      ['description'],
      `the description is ${Buffer.byteLength(content.description, 'utf8')} bytes of UTF-8, over Image Builder's ${DESCRIPTION_MAX_BYTES}`,
      'shorten it: it becomes the component description, which Image Builder limits in bytes',
    );
  }
}

/**
 * What keeps a document with these phases from being a test component (which runs only its test
 * phase): its other phases, and a missing test phase. Undefined when it can be one. The fleet
 * reports it at the team.yaml line that lists the document under `tests:` (src/model/fleet/load.ts).
 */
export function testPhaseMisfit(phaseNames: readonly string[]): { found: string; others: string[] } | undefined {
  const others = phaseNames.filter((name) => name !== 'test');
  const hasTest = others.length < phaseNames.length;
  if (phaseNames.length === 0 || (hasTest && others.length === 0)) return undefined;
  const extra = others.length ? `the ${others.join(' and ')} phase${others.length > 1 ? 's' : ''}` : '';
  return { found: hasTest ? extra : [extra, 'no test phase'].filter(Boolean).join(' and '), others };
}

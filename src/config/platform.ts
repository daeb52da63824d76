/** Loading the platform settings from cdktf.json. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { platformSchema, type PlatformSettings } from './platform-schema.js';
import type { Problems } from '../core/problems.js';
import { checkAgainstSchema } from '../core/schema-check.js';
import { loadYamlFile, reportAt, type YamlSource } from '../core/yaml-source.js';

export const PLATFORM_FILE = 'cdktf.json';
/** Where in cdktf.json the settings live. */
export const PLATFORM_PATH = ['context', 'platform'] as const;

/**
 * Reads `context.platform` from cdktf.json. The file is read directly (not from the
 * CDKTF_CONTEXT_JSON the cdktf CLI passes) so that tests and other commands see the same settings.
 */
export function loadPlatformSettings(root: string, problems: Problems): PlatformSettings | undefined {
  const path = join(root, PLATFORM_FILE);
  if (!existsSync(path)) {
    problems.add({ file: PLATFORM_FILE, path: '', message: 'cdktf.json is missing', hint: 'run from the repository root' });
    return undefined;
  }
  const source = loadYamlFile(path, PLATFORM_FILE, problems);
  return source && checkPlatformSettings(source, problems);
}

/**
 * The platform settings of cdktf.json's content, checked: the one rule for the file on disk and for
 * content a command is about to write (`npm run platform -- init`, `record-keys`).
 */
export function checkPlatformSettings(source: YamlSource, problems: Problems): PlatformSettings | undefined {
  if (source.doc.getIn(PLATFORM_PATH) === undefined) {
    reportAt(
      problems,
      source,
      ['context'],
      'the platform settings "context.platform" are missing',
      'add them; see "Platform settings" in docs/platform.md',
    );
    return undefined;
  }
  return checkAgainstSchema(platformSchema, source, problems, 'the platform settings', PLATFORM_PATH);
}

/**
 * Changing cdktf.json's platform settings from a command: the new content is checked by the same
 * rule as the file on disk (`checkPlatformSettings`) before anything is written. cdktf.json is
 * JSON: the new text has two-space indentation and a final newline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlatformSettings, PLATFORM_FILE, PLATFORM_PATH } from './platform.js';
import type { PlatformSettings } from './platform-schema.js';
import type { Problems } from '../core/problems.js';
import { parseYaml } from '../core/yaml-source.js';

/** cdktf.json as a plain object; the cdktf project settings of a new repository when there is none. */
export function readCdktfJson(root: string): Record<string, unknown> {
  const path = join(root, PLATFORM_FILE);
  if (!existsSync(path))
    return {
      language: 'typescript',
      app: 'node bin/run.mjs main.ts',
      sendCrashReports: 'false',
      terraformProviders: [],
      terraformModules: [],
    };
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** cdktf.json with `context.platform` replaced, as the text to write. */
export function withPlatformSettings(cdktf: Record<string, unknown>, platform: Record<string, unknown>): string {
  const context = { ...((cdktf.context ?? {}) as Record<string, unknown>), [PLATFORM_PATH[1]]: platform };
  return `${JSON.stringify({ ...cdktf, context }, null, 2)}\n`;
}

/** The settings of a cdktf.json text about to be written, checked; undefined with the problems added. */
export function checkPlatformText(text: string, problems: Problems): PlatformSettings | undefined {
  const source = parseYaml(text, PLATFORM_FILE, problems);
  return source && checkPlatformSettings(source, problems);
}

/**
 * The remembered answer of a passing `versions --check`. Its key is a sha256 over everything the
 * check reads: every byte of cdktf.json, teams/ and components-yaml/ (names included), the git
 * commits the locks' history is read from (lockHistoryIdentity), and the identity of the code
 * that checks (given by the caller). Only a pass is remembered, and only when the inputs did not
 * change while it was checked; a cache file that is missing, damaged, or for other inputs is ignored.
 * The cache is safe to delete: the next check is a full one.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ContentHash } from '../core/content-hash.js';
import { PLATFORM_FILE } from '../config/platform.js';
import { TEAMS_FOLDER } from '../config/teams.js';
import { SHARED_COMPONENTS_FOLDER } from '../core/paths.js';
import { lockHistoryIdentity } from './lock-history.js';

/** Where the answer is kept, relative to the root: beside other tools' caches, ignored by git. */
export const CHECK_CACHE_FILE = 'node_modules/.cache/golden-ami-pipelines/versions-check.json';
/** Bumped when the file's shape changes, so that an older file is ignored. */
const FORMAT = 1;

/** What a passing check printed, line by line, to replay it. */
export interface CheckOutput {
  out: string[];
  err: string[];
}

/**
 * The key of a check of `root` against `baseRef` by the code `codeIdentity`; undefined when the
 * inputs cannot all be pinned down by content (a link, something unreadable): then nothing is cached.
 */
export function checkInputsKey(root: string, codeIdentity: string, baseRef?: string): string | undefined {
  const hash = new ContentHash()
    .text('format', String(FORMAT))
    .text('code', codeIdentity)
    .text('root', root)
    .text('history', lockHistoryIdentity(root, baseRef));
  for (const path of [PLATFORM_FILE, SHARED_COMPONENTS_FOLDER, TEAMS_FOLDER]) hash.path(root, path);
  return hash.digest();
}

/** The output of the passing check remembered under `key`, if that is what the cache holds. */
export function rememberedCheck(root: string, key: string): CheckOutput | undefined {
  let stored: unknown;
  try {
    stored = JSON.parse(readFileSync(join(root, CHECK_CACHE_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(stored) || stored.format !== FORMAT || stored.key !== key) return undefined;
  const { out, err } = stored;
  return isLines(out) && isLines(err) ? { out, err } : undefined;
}

/** Remembers a passing check's output under `key`; a cache that cannot be written is left alone. */
export function rememberCheck(root: string, key: string, output: CheckOutput): void {
  const file = join(root, CHECK_CACHE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify({ format: FORMAT, key, ...output })}\n`);
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLines(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((line) => typeof line === 'string');
}

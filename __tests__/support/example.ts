/** The example repository and temporary copies of it; no project code, so the global setup can use it cheaply. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** What a test repository copies of the example: its cdktf.json, components-yaml/ and teams/. */
export const EXAMPLE_ENTRIES: readonly string[] = ['cdktf.json', 'components-yaml', 'teams'];

/** A new temporary folder holding a copy of `entries` of the folder `from` (all of it when no entries are given). */
export function temporaryCopy(from: string, entries?: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'golden-ami-test-'));
  if (entries) for (const entry of entries) cpSync(join(from, entry), join(root, entry), { recursive: true });
  else cpSync(from, root, { recursive: true });
  return root;
}

/** The bad-input tables' shape and helpers: each case changes the example repository and names the one problem it expects. */
import type { Problem } from '../../src/core/problems.js';
import { loadVersionedFleet } from '../../src/versioning/sync.js';
import type { FixtureRepo } from './fixture.js';

export const PLATFORM = 'teams/platform/team.yaml';
export const COLLECTIONS = 'teams/collections/team.yaml';
/** The gallery kiosk's retention in the example: its AMIs are kept for good, so it has no lifecycle policy until a test gives it a number of days. */
export const KIOSK_NEVER_DEPRECATED = '      deprecateAfterDays: never\n';

/** 1-based line and column of the `occurrence`-th match of `needle` (plus `offset` columns) in a file of the repo. */
export function at(repo: FixtureRepo, file: string, [needle, occurrence = 1, offset = 0]: Where): { line: number; column: number } {
  const lines = repo.read(file).split('\n');
  let seen = 0;
  for (const [index, line] of lines.entries()) {
    const column = line.indexOf(needle);
    if (column >= 0 && ++seen === occurrence) return { line: index + 1, column: column + 1 + offset };
  }
  throw new Error(`"${needle}" not found in ${file}`);
}

/** The text the problem points at, which occurrence of it, and how many columns into it. */
export type Where = [needle: string, occurrence?: number, offset?: number];

/** Every error loading the repository reports, lock damage included. */
export function problemsOf(repo: FixtureRepo): Problem[] {
  const { problems, plan } = loadVersionedFleet(repo.root);
  return [...problems.errors, ...(plan?.damage ?? [])];
}

export interface BadInput {
  name: string;
  change: (repo: FixtureRepo) => void;
  file: string;
  path: string;
  /** Where the problem points; null for a problem with the file as a whole. */
  where: Where | null;
  message: RegExp;
  hint: RegExp;
}

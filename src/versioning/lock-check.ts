/**
 * The lock check CI runs (`npm run versions -- --check`) and `npm run validate` repeats, as
 * problems: every damaged lock and entry below its history, and every lock that is not what
 * `npm run versions` would write, with the entries that change in it and the command to run.
 */
import type { Problem } from '../core/problems.js';
import { lockFileOf, type Bump } from './planner.js';
import { formatBump, type VersionPlan } from './sync.js';

/** What to do about a stale lock. */
export const UPDATE_LOCKS_HINT = 'run `npm run versions` and commit the updated versions.lock.json files';

/** The lock file an entry id (`<scope>/<kind>:<name>`) lives in. */
function lockFileOfEntry(id: string): string {
  return lockFileOf(id.slice(0, id.indexOf('/')));
}

/** Every finding of `npm run versions -- --check`: damage first, then one problem per stale lock file. */
export function lockCheckProblems(plan: VersionPlan): Problem[] {
  const bumpsByFile = new Map<string, Bump[]>();
  for (const bump of plan.bumps) {
    const file = lockFileOfEntry(bump.id);
    bumpsByFile.set(file, [...(bumpsByFile.get(file) ?? []), bump]);
  }
  const stale = plan.staleLocks.map(({ read: { file } }): Problem => {
    const bumps = bumpsByFile.get(file) ?? [];
    return {
      severity: 'error',
      file,
      path: '',
      message: bumps.length
        ? `the lock is out of date:${bumps.map((bump) => `\n      ${formatBump(bump)}`).join('')}`
        : 'the lock is out of date: its text is not what `npm run versions` writes',
      hint: UPDATE_LOCKS_HINT,
    };
  });
  return [...plan.damage, ...stale];
}

/**
 * `npm run versions`: bring every version lock up to date and print each bump.
 * `--check`: change nothing; exit 1 listing every stale entry, damaged lock and entry below a
 * version its git history had. `--bump <id>=<major|minor|patch>` forces at least that bump for one
 * entry (repeatable). Locks are written all or none.
 */
import { parseArgs } from 'node:util';
import { formatProblems } from '../config/problems.js';
import { BUMP_KINDS, type BumpKind } from '../versioning/bump.js';
import { formatBump, loadVersionedFleet, writeLocks } from '../versioning/sync.js';
import { WriteError } from '../versioning/write-together.js';
import { reportProblems } from './output.js';

function parseForces(values: string[]): Map<string, BumpKind> | string {
  const forced = new Map<string, BumpKind>();
  for (const value of values) {
    const match = /^(.+)=(major|minor|patch)$/.exec(value);
    if (!match) return `--bump ${value}: write --bump <id>=<${BUMP_KINDS.join('|')}>, e.g. --bump shared/component:update-os=major`;
    forced.set(match[1]!, match[2] as BumpKind);
  }
  return forced;
}

function main(): number {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, bump: { type: 'string', multiple: true, default: [] } },
  });
  const forced = parseForces(values.bump);
  if (typeof forced === 'string') {
    console.error(forced);
    return 2;
  }
  const { problems, plan } = loadVersionedFleet(process.cwd(), forced);
  if (plan?.historyWarning) console.error(`warning: ${plan.historyWarning}`);
  if (reportProblems(problems) || !plan) {
    console.error('Versions were not changed. Fix the problems above and run again.');
    return 1;
  }
  if (plan.unusedForces.length) {
    console.error(`--bump names no existing entry: ${plan.unusedForces.join(', ')}`);
    console.error('Entry ids look like shared/component:<name>, <team>/component:<name> or <team>/recipe:<image>.');
    return 1;
  }
  if (values.check) {
    if (plan.damage.length) console.error(formatProblems(plan.damage));
    if (!plan.staleLocks.length && !plan.damage.length) {
      console.log('All version locks are current.');
      return 0;
    }
    for (const bump of plan.bumps) console.error(`stale: ${formatBump(bump)}`);
    for (const update of plan.staleLocks) console.error(`stale: ${update.read.file}`);
    console.error('Run `npm run versions` and commit the updated versions.lock.json files.');
    return 1;
  }
  for (const problem of plan.damage) console.error(`Fixing ${problem.file}: ${problem.message}`);
  let written: string[];
  try {
    written = writeLocks(process.cwd(), plan);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    console.error(error.message);
    return 1;
  }
  for (const bump of plan.bumps) console.log(formatBump(bump));
  console.log(written.length ? `Updated ${written.join(', ')}.` : 'All version locks were already current.');
  return 0;
}

process.exitCode = main();

/** `npm run versions`: bring every version lock up to date, check them, or force a bump. */
import { closest, distance } from 'fastest-levenshtein';
import { formatProblems } from '../core/problems.js';
import { BUMP_KINDS, largerBump, type BumpKind } from '../versioning/bump.js';
import { DEFAULT_BASE_REFS, FETCH_HISTORY, readLockHistory } from '../versioning/lock-history.js';
import { lockCheckProblems } from '../versioning/lock-check.js';
import { formatBump, loadVersionedFleet, writeLocks, type VersionPlan } from '../versioning/sync.js';
import { WriteError } from '../core/write-together.js';
import { rememberedCheck, CHECK_CACHE_FILE, checkInputsKey, rememberCheck, type CheckOutput } from '../versioning/check-cache.js';
import { commandOf, usageError, type CommandSpec } from './command.js';
import { runningCodeIdentity } from './running-code.js';
import { reportProblems, type Printer } from '../core/output.js';

const options = {
  check: {
    type: 'boolean',
    description:
      "change nothing; exit 1 listing every stale entry, damaged lock, entry below a version main's history had and entry at a version main's history holds with other content (CI runs this)",
  },
  bump: {
    type: 'string',
    value: '<id>=<kind>',
    multiple: true,
    description: `at least a <kind> (${BUMP_KINDS.join('|')}) bump of entry <id> since the lock at the merge base`,
  },
  'no-cache': {
    type: 'boolean',
    description: `with --check, check from scratch: neither use nor keep the remembered answer of an earlier passing check (${CHECK_CACHE_FILE})`,
  },
  base: {
    type: 'string',
    value: '<ref>',
    description: `the base branch versions are computed against (default: ${DEFAULT_BASE_REFS.join(', else ')})`,
  },
} as const;

const command: CommandSpec<typeof options> = {
  name: 'versions',
  summary: 'Bring every version lock up to date and print one line per bump, or check that they are current.',
  synopsis: '[--check] [--bump <id>=<kind>]... [--base <ref>]',
  options,
  details: [
    'Locks are written all or none. Entry ids: shared/component:<name>, <team>/component:<name>, <team>/recipe:<image>.',
    'Versions are computed against the base branch: never below, nor at another content than, a version its history holds; on a branch, against the lock at the merge base of HEAD and it, so a branch bumps once. --bump counts from that lock too: running it twice, or again after committing, bumps once. An entry new since the base needs no bump.',
    'A shallow clone cannot be checked: --check stops and asks to fetch the history.',
    `--check remembers a pass in ${CHECK_CACHE_FILE}, keyed on a sha256 of every byte it reads (cdktf.json, teams/, components-yaml/), the git commits of the history and the code: while none of them changes, it answers at once. Deleting the file is always safe.`,
    'Exit codes: 0 done (or current with --check), 1 problems or stale locks, 2 usage errors.',
  ],
  examples: [
    'npm run versions',
    'npm run versions -- --check',
    'npm run versions -- --bump shared/component:update-os=major',
    'npm run versions -- --bump web/recipe:api=minor --base origin/release',
  ],
  run(values, _positionals, io) {
    const forced = parseForces(values.bump ?? []);
    if (typeof forced === 'string') return usageError(command, forced, io);
    const root = io.cwd;
    if (values.check && !forced.size && !values['no-cache'])
      return cachedCheck(root, values.base, io, (print) => fullRun(root, values, forced, print));
    return fullRun(root, values, forced, io);
  },
};

/** What `versions` does without the cache. */
function fullRun(root: string, values: { check?: boolean; base?: string }, forced: Map<string, BumpKind>, io: Printer): number {
  const history = readLockHistory(root, values.base);
  if (values.check && history.shallow) {
    io.err(
      `This is a shallow clone: the versions main's history holds cannot all be seen, so the locks cannot be checked; ${FETCH_HISTORY}.`,
    );
    return 1;
  }
  if (forced.size && !history.baseRef) {
    const missing = history.main
      ? `neither ${DEFAULT_BASE_REFS.join(' nor ')} exists here: name it with --base <ref>`
      : `git cannot be read (${history.warning ?? 'no reason known'})`;
    io.err(`--bump counts from the base branch, but ${missing}.`);
    return 1;
  }
  const { problems, plan } = loadVersionedFleet(root, { forced, history });
  if (plan?.historyWarning) io.err(`warning: ${plan.historyWarning}`);
  if (reportProblems(problems, io) || !plan) {
    io.err('Versions were not changed. Fix the problems above and run again.');
    return 1;
  }
  if (plan.unusedForces.length) {
    for (const id of plan.unusedForces) io.err(`--bump ${id}: no such entry${suggestion(id, plan.ids)}`);
    io.err(`Entries:\n${plan.ids.map((id) => `  ${id}`).join('\n')}`);
    return 2;
  }
  return values.check ? check(plan, io) : update(root, plan, history.label, io);
}

/**
 * `--check` through the cache (src/versioning/check-cache.ts): the remembered output when the key
 * matches, else a full check, remembered when it passed and nothing it read changed meanwhile.
 */
function cachedCheck(root: string, baseRef: string | undefined, io: Printer, fullCheck: (print: Printer) => number): number {
  const code = runningCodeIdentity();
  const key = code && checkInputsKey(root, code, baseRef);
  if (!code || !key) return fullCheck(io);
  const remembered = rememberedCheck(root, key);
  if (remembered) {
    for (const line of remembered.err) io.err(line);
    for (const line of remembered.out) io.out(line);
    return 0;
  }
  const printed: CheckOutput = { out: [], err: [] };
  const recording = (lines: string[], print: (line: string) => void) => (line: string) => {
    lines.push(line);
    print(line);
  };
  const exitCode = fullCheck({ out: recording(printed.out, io.out), err: recording(printed.err, io.err) });
  if (exitCode === 0 && checkInputsKey(root, code, baseRef) === key) rememberCheck(root, key, printed);
  return exitCode;
}

/** `<id>=<kind>` pairs; a message for the first that is not one. */
function parseForces(values: string[]): Map<string, BumpKind> | string {
  const forced = new Map<string, BumpKind>();
  for (const value of values) {
    const match = /^(.+)=(major|minor|patch)$/.exec(value);
    if (!match) return `--bump ${value}: write --bump <id>=<${BUMP_KINDS.join('|')}>, e.g. --bump shared/component:update-os=major`;
    const kind = match[2] as BumpKind;
    forced.set(match[1]!, largerBump(kind, forced.get(match[1]!) ?? kind));
  }
  return forced;
}

/** `; did you mean <id>?` for an id close enough to be a typo. */
function suggestion(id: string, ids: string[]): string {
  if (!ids.length) return '';
  const nearest = closest(id, ids);
  return distance(id, nearest) <= Math.max(3, Math.floor(id.length / 3)) ? `; did you mean ${nearest}?` : '';
}

/** The lock check CI runs; `npm run validate` reports the same problems (src/versioning/lock-check.ts). */
function check(plan: VersionPlan, io: Printer): number {
  const findings = lockCheckProblems(plan);
  if (!findings.length) {
    io.out('All version locks are current.');
    return 0;
  }
  io.err(formatProblems(findings));
  return 1;
}

function update(root: string, plan: VersionPlan, baseLabel: string, io: Printer): number {
  for (const problem of plan.damage) io.err(`Fixing ${problem.file}: ${problem.message}`);
  let written: string[];
  try {
    written = writeLocks(root, plan);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    io.err(formatProblems([error.problem]));
    return 1;
  }
  for (const bump of plan.bumps) io.out(formatBump(bump));
  for (const { id, kind, base, version } of plan.satisfiedForces) {
    io.out(
      base
        ? `${id}  ${version}: already at least a ${kind} bump above ${base} at ${baseLabel}`
        : `${id}  ${version}: new since ${baseLabel}, no bump needed`,
    );
  }
  io.out(written.length ? `Updated ${written.join(', ')}.` : 'All version locks were already current.');
  return 0;
}

/** `npm run versions`. */
export const versions = commandOf(command);

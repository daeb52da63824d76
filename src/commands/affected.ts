/** `npm run affected`: the team stacks a change touches (rules in src/workflows/affected-stacks.ts), or named teams. */
import { Problems } from '../core/problems.js';
import { loadTeams, type LoadedTeam } from '../config/teams.js';
import type { AffectedStacks } from '../workflows/affected-stacks.js';
import { affectedSince } from '../workflows/affected-since.js';
import { changedSince, resolveCommit } from '../core/git.js';
import { selectTeams, stackMatrix } from '../workflows/stack-matrix.js';
import { loadPlatformSettings } from '../config/platform.js';
import { withTeamGrants } from '../config/team-grants.js';
import { affectedFoundationStacks, foundationStackNames } from '../workflows/affected-foundation.js';
import { commandOf, usageError, type CommandIo, type CommandSpec } from './command.js';
import { reportProblems, type Printer } from '../core/output.js';

/** The stacks to report, how to introduce them, and the commit removed teams last existed at. */
interface StackReport extends AffectedStacks {
  heading: string;
  since?: string;
}

/** The stacks the commits since the merge base of `base` and HEAD touch. */
function sinceBase(root: string, base: string, teams: readonly LoadedTeam[]): StackReport {
  const { mergeBase, ...result } = affectedSince(root, base, teams);
  return { ...result, heading: `Stacks affected since ${base} (merge base ${mergeBase.slice(0, 12)})`, since: mergeBase };
}

/** The stacks a `--teams` selection names, or why it names none. */
function selected(selection: string, teams: readonly LoadedTeam[]): StackReport | string {
  const result = selectTeams(
    selection,
    teams.map((team) => team.name),
  );
  if ('error' in result) return result.error;
  const reasons = Object.fromEntries(result.teams.map((team) => [team, ['selected']]));
  return { teams: result.teams, removedTeams: [], reasons, heading: 'Selected stacks' };
}

/** The foundation stacks the commits since `base` affect, or all of them (`--teams all`). */
function foundationReport(root: string, values: { base?: string; teams?: string }, stacks: string[]): StackReport | string {
  if (values.teams !== undefined) {
    const result = selectTeams(values.teams, stacks);
    if ('error' in result)
      return result.error.replace('no such team', 'no such foundation stack').replace('(teams:', '(foundation stacks:');
    // The state account's stack first: the others need its roles and keys.
    const chosen = [...stacks.filter((stack) => result.teams.includes(stack))];
    return {
      teams: chosen,
      removedTeams: [],
      reasons: Object.fromEntries(chosen.map((stack) => [stack, ['selected']])),
      heading: 'Foundation stacks',
    };
  }
  const base = values.base!;
  const { mergeBase, changes } = changedSince(root, resolveCommit(root, base));
  const affected = affectedFoundationStacks(changes, stacks);
  return {
    teams: affected.stacks,
    removedTeams: [],
    reasons: affected.reasons,
    heading: `Foundation stacks affected since ${base} (merge base ${mergeBase.slice(0, 12)})`,
  };
}

/** One line per stack with its reasons, then each removed team with how to destroy its stack. */
function printReport(report: StackReport, io: Printer): void {
  io.out(report.teams.length ? `${report.heading}:` : `${report.heading}: none.`);
  for (const team of report.teams) io.out(`  ${team}: ${report.reasons[team]!.join('; ')}`);
  if (!report.removedTeams.length) return;
  io.out('Removed teams: their stacks stay deployed until someone destroys them on purpose, with deploy credentials:');
  // Only sinceBase reports removed teams, and it always says since when.
  const since = report.since!;
  for (const team of report.removedTeams) {
    io.out(`  ${team}: git worktree add ../destroy-${team} ${since} && cd ../destroy-${team} && npm ci && npx cdktf destroy ${team}`);
  }
}

const options = {
  base: {
    type: 'string',
    value: '<ref>',
    description: 'the stacks touched by the commits from the merge base of <ref> and HEAD up to HEAD',
  },
  teams: { type: 'string', value: '<all|team,team>', description: 'the named teams instead, checked to exist (manual and drift runs)' },
  json: { type: 'boolean', description: 'print {"include":[{"stack":"<team>"}],"removed":[...]}: include is a GitHub Actions job matrix' },
  foundation: {
    type: 'boolean',
    description: 'the foundation stacks (foundation-<account>) instead of the team stacks; --teams then names foundation stacks (or all)',
  },
} as const;

const command: CommandSpec<typeof options> = {
  name: 'affected',
  summary: 'List the team stacks a change affects, with the reasons, or the teams named; as text or as a GitHub Actions job matrix.',
  synopsis: '(--base <ref> | --teams <all|team,team>) [--foundation] [--json]',
  options,
  details: [
    'Run from the project root. git is asked offline (fetch <ref> first); the team files are read from the working tree.',
    'Removed teams are listed with the command that destroys their stack. Exits 1 when git or the team files fail.',
  ],
  examples: [
    'npm run affected -- --base origin/main',
    'npm run -s affected -- --base origin/main --json   # matrix: fromJSON(...).include',
    'npm run affected -- --teams all',
    'npm run -s affected -- --base origin/main --foundation --json   # foundation stacks to plan',
  ],
  run,
};

function run(
  values: { base?: string; teams?: string; json?: boolean; foundation?: boolean },
  _positionals: string[],
  io: CommandIo,
): number {
  if ((values.base === undefined) === (values.teams === undefined)) return usageError(command, 'give one of --base and --teams', io);
  const root = io.cwd;
  const problems = new Problems();
  const teams = loadTeams(root, problems);
  const settings = values.foundation ? loadPlatformSettings(root, problems) : undefined;
  // Accounts a team's platform.yaml grants have foundation stacks too.
  const platform =
    settings &&
    withTeamGrants(
      root,
      settings,
      teams.map((team) => team.name),
      problems,
    );
  if (reportProblems(problems, io)) {
    io.err('Fix the problems above first: the stacks are worked out from the team files.');
    return 1;
  }
  const report = values.foundation
    ? foundationReport(
        root,
        values,
        foundationStackNames(
          platform!,
          teams.map((team) => team.name),
        ),
      )
    : values.base !== undefined
      ? sinceBase(root, values.base, teams)
      : selected(values.teams!, teams);
  if (typeof report === 'string') {
    io.err(report);
    return 1;
  }
  if (values.json) io.out(JSON.stringify(stackMatrix(report.teams, report.removedTeams)));
  else printReport(report, io);
  return 0;
}

/** `npm run affected`. */
export const affected = commandOf(command);

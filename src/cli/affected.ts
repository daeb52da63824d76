/**
 * `npm run affected -- --base <ref> [--json]`: the team stacks that the commits from the merge
 * base of <ref> and HEAD up to HEAD touch (see src/ci/affected.ts for the rules).
 * `npm run affected -- --teams <all|team,team> [--json]`: the named teams instead, checked to
 * exist (manual and drift runs).
 * With `--json`, prints `{"include":[{"stack":"<team>"}],"removed":[...]}`: its `include` is a
 * GitHub Actions job matrix (`fromJSON(...).include`).
 * Run from the project root; git is asked offline, the team files are read from the working tree.
 */
import { parseArgs } from 'node:util';
import { Problems } from '../config/problems.js';
import { loadTeams, type LoadedTeam } from '../config/teams.js';
import type { AffectedStacks } from '../ci/affected.js';
import { affectedSince } from '../ci/affected-since.js';
import { selectTeams, stackMatrix } from '../ci/stack-matrix.js';
import { reportProblems, runGitCommand } from './output.js';

const USAGE = 'usage: npm run affected -- (--base <ref> | --teams <all|team,team>) [--json]';

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
  const result = selectTeams(selection, teams.map((team) => team.name));
  if ('error' in result) return result.error;
  const reasons = Object.fromEntries(result.teams.map((team) => [team, ['selected']]));
  return { teams: result.teams, removedTeams: [], reasons, heading: 'Selected stacks' };
}

/** One line per stack with its reasons, then each removed team with how to destroy its stack. */
function printReport(report: StackReport): void {
  console.log(report.teams.length ? `${report.heading}:` : `${report.heading}: none.`);
  for (const team of report.teams) console.log(`  ${team}: ${report.reasons[team]!.join('; ')}`);
  if (!report.removedTeams.length) return;
  console.log('Removed teams: their stacks stay deployed until someone destroys them on purpose, with deploy credentials:');
  for (const team of report.removedTeams) {
    console.log(`  ${team}: git worktree add ../destroy-${team} ${report.since} && cd ../destroy-${team} && npm ci && npx cdktf destroy ${team}`);
  }
}

function main(): number {
  const { values } = parseArgs({
    options: { base: { type: 'string' }, teams: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if ((values.base === undefined) === (values.teams === undefined)) {
    console.error(USAGE);
    return 2;
  }
  const root = process.cwd();
  const problems = new Problems();
  const teams = loadTeams(root, problems);
  if (reportProblems(problems)) {
    console.error('Fix the problems above first: the stacks are worked out from the team files.');
    return 1;
  }
  const report = values.base !== undefined ? sinceBase(root, values.base, teams) : selected(values.teams!, teams);
  if (typeof report === 'string') {
    console.error(report);
    return 1;
  }
  if (values.json) console.log(JSON.stringify(stackMatrix(report.teams, report.removedTeams)));
  else printReport(report);
  return 0;
}

runGitCommand(main);

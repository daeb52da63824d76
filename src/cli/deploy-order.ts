/**
 * `npm run deploy-order -- --stack <team> --main <ref>`: whether the commit checked out may still
 * deploy the team's stack, or a newer commit on main affects it and its own run deploys it
 * (src/ci/deploy-order.ts). Prints `{"deploy":true|false,"reason":"..."}`; exits 1 when it cannot
 * decide (unknown team, HEAD not on main, history not fetched).
 * Run from the project root, after fetching main.
 */
import { parseArgs } from 'node:util';
import { deployDecision } from '../ci/deploy-order.js';
import { Problems } from '../config/problems.js';
import { loadTeams } from '../config/teams.js';
import { reportProblems, runGitCommand } from './output.js';

const USAGE = 'usage: npm run deploy-order -- --stack <team> --main <ref>';

function main(): number {
  const { values } = parseArgs({ options: { stack: { type: 'string' }, main: { type: 'string' } } });
  if (!values.stack || !values.main) {
    console.error(USAGE);
    return 2;
  }
  const root = process.cwd();
  const problems = new Problems();
  const teams = loadTeams(root, problems);
  if (reportProblems(problems)) return 1;
  const team = teams.find((candidate) => candidate.name === values.stack);
  if (!team) {
    console.error(`no such team: ${values.stack}`);
    return 1;
  }
  console.log(JSON.stringify(deployDecision(root, team, values.main)));
  return 0;
}

runGitCommand(main);

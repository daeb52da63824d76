/**
 * `npm run deploy-order -- --stack <team> --main <ref>`: whether the commit checked out may still
 * deploy the team's stack, or a newer commit on main affects it and its own run deploys it
 * (src/ci/deploy-order.ts). Run from the project root, after fetching main.
 */
import { deployDecision } from '../ci/deploy-order.js';
import { Problems } from '../config/problems.js';
import { loadTeams } from '../config/teams.js';
import { runCommand, usageError, type CommandSpec } from './command.js';
import { reportProblems } from './output.js';

const options = {
  stack: { type: 'string', value: '<team>', description: 'the team stack the deploy job is for' },
  main: { type: 'string', value: '<ref>', description: 'the fetched head of main, e.g. origin/main' },
} as const;

const command: CommandSpec<typeof options> = {
  name: 'deploy-order',
  summary: 'Decide whether the commit checked out may deploy a team stack, or a newer commit on main that affects it deploys it instead.',
  synopsis: '--stack <team> --main <ref>',
  options,
  details: [
    'Prints {"deploy":true|false,"reason":"..."}. Exits 1 when it cannot decide: an unknown team, HEAD not on main, or history not fetched.',
  ],
  examples: ['npm run deploy-order -- --stack payments --main origin/main'],
  run(values) {
    if (!values.stack || !values.main) return usageError(command, 'both --stack and --main are needed');
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
  },
};

void runCommand(command);

/**
 * `npm run deploy-order -- --stack <stack> --main <ref>`: what a deploy job deploys for a team or
 * foundation stack: the commit checked out, or main's head when a newer commit on main affects
 * the stack (src/workflows/deploy-order.ts). Run from the project root, after fetching main.
 */
import { deployDecision, foundationChanges, teamChanges } from '../workflows/deploy-order.js';
import { loadPlatformSettings } from '../config/platform.js';
import { Problems } from '../core/problems.js';
import { loadTeams } from '../config/teams.js';
import { foundationStackNames } from '../workflows/affected-foundation.js';
import { commandOf, usageError, type CommandSpec } from './command.js';
import { reportProblems } from '../core/output.js';

const options = {
  stack: { type: 'string', value: '<stack>', description: 'the team or foundation stack the deploy job is for' },
  main: { type: 'string', value: '<ref>', description: 'the fetched head of main, e.g. origin/main' },
} as const;

const command: CommandSpec<typeof options> = {
  name: 'deploy-order',
  summary:
    'Decide what a deploy job deploys for a stack: the commit checked out, or the head of main when a newer commit on main affects the stack.',
  synopsis: '--stack <stack> --main <ref>',
  options,
  details: [
    'Prints {"commit":"<sha>","rollForward":true|false,"reason":"..."}; with rollForward the job checks out that commit (the head of main) before deploying. Exits 1 when it cannot decide: an unknown stack, HEAD not on main, or history not fetched.',
  ],
  examples: [
    'npm run deploy-order -- --stack payments --main origin/main',
    'npm run deploy-order -- --stack foundation-digital-lab --main origin/main',
  ],
  run(values, _positionals, io) {
    if (!values.stack || !values.main) return usageError(command, 'both --stack and --main are needed', io);
    const root = io.cwd;
    const problems = new Problems();
    const teams = loadTeams(root, problems);
    const platform = loadPlatformSettings(root, problems);
    if (reportProblems(problems, io) || !platform) return 1;
    const team = teams.find((candidate) => candidate.name === values.stack);
    const foundation = foundationStackNames(
      platform,
      teams.map((candidate) => candidate.name),
    );
    const affects = team ? teamChanges(team) : foundation.includes(values.stack) ? foundationChanges(values.stack) : undefined;
    if (!affects) {
      io.err(
        `no such stack: ${values.stack} (teams: ${teams.map((candidate) => candidate.name).join(', ')}; foundation stacks: ${foundation.join(', ') || 'none'})`,
      );
      return 1;
    }
    io.out(JSON.stringify(deployDecision(root, values.stack, affects, values.main)));
    return 0;
  },
};

/** `npm run deploy-order`. */
export const deployOrder = commandOf(command);

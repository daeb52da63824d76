/**
 * `npm run new-team -- <name> [--account <name|id>] [--owner @org/team] [--email <address>]`:
 * creates `teams/<name>/team.yaml` from the documented template, the team's version lock and its
 * rule in `.github/CODEOWNERS`, so that the new folder passes `npm run validate` as written (once a
 * real address replaces the placeholder). Defaults: the first account of the platform directory,
 * the platform's default region, `@<org>/<name>` with the org of the existing owners, and a
 * placeholder address to replace. Refuses bad names and existing folders.
 */
import { createTeam } from '../workflows/new-team.js';
import { commandOf, type CommandSpec } from './command.js';

const options = {
  account: {
    type: 'string',
    value: '<name|id>',
    description: 'build account: a name from the platform account directory or a 12-digit id (default: the first account of the directory)',
  },
  owner: {
    type: 'string',
    value: '@org/team',
    description: 'GitHub team that owns the folder (default: @<org>/<name>, with the org of the existing owners)',
  },
  email: {
    type: 'string',
    value: '<address>',
    description: 'address that hears about failed builds (default: a placeholder that validate reports until you replace it)',
  },
} as const;

const command: CommandSpec<typeof options> = {
  name: 'new-team',
  summary:
    "Create a team folder: teams/<name>/team.yaml from the documented template, the team's version lock, and its rule in .github/CODEOWNERS.",
  synopsis: '<name> [--account <name|id>] [--owner @org/team] [--email <address>]',
  options,
  positionals: [{ name: '<name>', description: 'the team name: 2-32 lower-case letters, digits and single hyphens', required: true }],
  details: [
    'Refuses an invalid name and an existing folder, and checks team.yaml before writing anything. The build region is the platform default region.',
    'Exit codes: 0 created, 1 refused, 2 usage errors.',
  ],
  examples: [
    'npm run new-team -- web --account web-prod --owner @museum-digital/web --email web-team@museum.example.org',
    'npm run new-team -- data-science',
  ],
  run: (values, positionals, io) => (createTeam(io.cwd, positionals[0]!, values, io) ? 0 : 1),
};

/** `npm run new-team`. */
export const newTeam = commandOf(command);

/** `npm run codeowners`: regenerate .github/CODEOWNERS from the team files and the platform owners. */
import { CODEOWNERS_FILE, readOwners, writeCodeownersFile } from '../workflows/codeowners.js';
import { Problems } from '../core/problems.js';
import { commandOf, type CommandSpec } from './command.js';
import { reportProblems } from '../core/output.js';

const command: CommandSpec<Record<string, never>> = {
  name: 'codeowners',
  summary: `Regenerate ${CODEOWNERS_FILE} from every team's owners and the platform owners (validate fails while it is out of date).`,
  synopsis: '',
  options: {},
  details: [`Writes ${CODEOWNERS_FILE} only when the team files and platform settings have no errors; exits 1 otherwise.`],
  examples: ['npm run codeowners'],
  run(_values, _positionals, io) {
    const root = io.cwd;
    const problems = new Problems();
    // The same reading validate checks CODEOWNERS with: it refuses exactly when validate skips the check.
    const owners = readOwners(root, problems);
    if (reportProblems(problems, io) || !owners) {
      io.err(`${CODEOWNERS_FILE} was not written: fix the problems above first.`);
      return 1;
    }
    writeCodeownersFile(root, owners);
    io.out(`Wrote ${CODEOWNERS_FILE}: ${owners.teams.length} team folders.`);
    return 0;
  },
};

/** `npm run codeowners`. */
export const codeowners = commandOf(command);

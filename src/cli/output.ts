/** How commands print problems and end. */
import { GitError } from '../ci/git.js';
import { formatProblems, type Problems } from '../config/problems.js';

/** Prints every problem to stderr; returns true when any of them is an error. */
export function reportProblems(problems: Problems): boolean {
  if (problems.all.length) console.error(formatProblems(problems.all));
  return problems.hasErrors();
}

/** Runs a command that asks git: a git failure ends it with git's message and exit code 1, not a stack trace. */
export function runGitCommand(main: () => number): void {
  try {
    process.exitCode = main();
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}

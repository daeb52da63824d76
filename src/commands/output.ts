/** How commands print problems. */
import { formatProblems, type Problems } from '../core/problems.js';
import { WriteError, writeTogether } from '../core/write-together.js';

/** Prints every problem to stderr; returns true when any of them is an error. */
export function reportProblems(problems: Problems): boolean {
  if (problems.all.length) console.error(formatProblems(problems.all));
  return problems.hasErrors();
}

/** Writes a file whole, or prints why it could not (a WriteError names it); returns whether it was written. */
export function writeOrReport(root: string, file: string, text: string): boolean {
  try {
    writeTogether(root, [{ file, text }]);
    return true;
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    console.error(error.message);
    return false;
  }
}

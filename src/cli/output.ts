/** How commands print problems. */
import { formatProblems, type Problems } from '../config/problems.js';

/** Prints every problem to stderr; returns true when any of them is an error. */
export function reportProblems(problems: Problems): boolean {
  if (problems.all.length) console.error(formatProblems(problems.all));
  return problems.hasErrors();
}

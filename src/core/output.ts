/**
 * Where a run prints: the standard output and error of a command, which are the process's own
 * streams when it runs from the command line and a test's capture when it runs in-process.
 */
import { formatProblems, type Problems } from './problems.js';
import { WriteError, writeTogether } from './write-together.js';

/** A stream text is written to: `process.stdout`, or any object with `write`. */
export interface TextStream {
  write(text: string): unknown;
  /** Whether a person reads it on a terminal. */
  isTTY?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
}

/** Prints whole lines: `out` to standard output, `err` to standard error. */
export interface Printer {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A printer writing each line, newline-terminated, to `stdout` or `stderr`. */
export function printerFor(stdout: TextStream, stderr: TextStream): Printer {
  return { out: (line) => void stdout.write(`${line}\n`), err: (line) => void stderr.write(`${line}\n`) };
}

/** The console's printer: `console.log` and `console.error`, for code that runs outside a command. */
export const consolePrinter: Printer = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Prints every problem to standard error; returns true when any of them is an error. */
export function reportProblems(problems: Problems, print: Printer): boolean {
  if (problems.all.length) print.err(formatProblems(problems.all));
  return problems.hasErrors();
}

/** Writes a file whole, or prints why it could not (a WriteError names it); returns whether it was written. */
export function writeOrReport(root: string, file: string, text: string, print: Printer): boolean {
  try {
    writeTogether(root, [{ file, text }]);
    return true;
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    print.err(error.message);
    return false;
  }
}

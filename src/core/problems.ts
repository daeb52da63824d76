/** Problems found in user input, collected so that one run reports all of them. */

export type Severity = 'error' | 'warning';

/** One thing wrong (or suspicious) in a user's file, located as precisely as we can. */
export interface Problem {
  severity: Severity;
  /** Path relative to the repository root, e.g. `teams/web/team.yaml`. */
  file: string;
  /** YAML path inside the file, e.g. `images[0].components[2].shared`; empty for the whole file. */
  path: string;
  /** 1-based line and column; absent when the problem concerns the file as a whole. */
  line?: number;
  column?: number;
  message: string;
  /** What the user can do about it. */
  hint?: string;
}

/** Collects problems across a whole run; callers keep going after adding one. */
export class Problems {
  private readonly items: Problem[] = [];

  add(problem: Omit<Problem, 'severity'> & { severity?: Severity }): void {
    this.items.push({ severity: 'error', ...problem });
  }

  addAll(problems: readonly Problem[]): void {
    this.items.push(...problems);
  }

  get all(): readonly Problem[] {
    return this.items;
  }

  get errors(): Problem[] {
    return this.items.filter((p) => p.severity === 'error');
  }

  get warnings(): Problem[] {
    return this.items.filter((p) => p.severity === 'warning');
  }

  hasErrors(): boolean {
    return this.items.some((p) => p.severity === 'error');
  }
}

function location(p: Problem): string {
  if (p.line === undefined) return p.file;
  return `${p.file}:${p.line}:${p.column ?? 1}`;
}

/** `file:line:col error at path: message` plus an indented hint line. */
export function formatProblem(p: Problem): string {
  const where = p.path ? ` at ${p.path}` : '';
  const head = `${location(p)} ${p.severity}${where}: ${p.message}`;
  return p.hint ? `${head}\n    hint: ${p.hint}` : head;
}

/** Problems sorted by file and position, errors and warnings together, with a count line. */
export function formatProblems(problems: readonly Problem[]): string {
  const sorted = [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.message.localeCompare(b.message),
  );
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const summary = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return [...sorted.map(formatProblem), summary].join('\n');
}

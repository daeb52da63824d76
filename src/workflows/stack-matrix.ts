/** The stacks a workflow runs, in the shape GitHub Actions takes as a job matrix. */

/**
 * One job per stack (`strategy.matrix.include: ${{ fromJSON(...).include }}`), plus the removed
 * teams for reports (not a matrix dimension: workflows read `include` only).
 */
export interface StackMatrix {
  include: { stack: string }[];
  removed: string[];
}

/** The matrix for the given stacks (in the order given) and removed teams. */
export function stackMatrix(stacks: readonly string[], removed: readonly string[] = []): StackMatrix {
  return { include: stacks.map((stack) => ({ stack })), removed: [...removed] };
}

/**
 * The teams a manual selection names: `all`, or a comma-separated list of team names (blanks
 * and repeats ignored). Returns the sorted names, or a message naming the unknown ones.
 */
export function selectTeams(selection: string, known: readonly string[]): { teams: string[] } | { error: string } {
  const trimmed = selection.trim();
  if (trimmed === 'all') return { teams: [...known].sort() };
  const requested = [
    ...new Set(
      trimmed
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ].sort();
  if (requested.length === 0) return { error: 'no team named: give a comma-separated list of teams, or "all"' };
  const unknown = requested.filter((name) => !known.includes(name));
  if (unknown.length) return { error: `no such team: ${unknown.join(', ')} (teams: ${[...known].sort().join(', ')})` };
  return { teams: requested };
}

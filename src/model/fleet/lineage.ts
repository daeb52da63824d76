/**
 * The lineage of the fleet's images: which image builds on which (`parentImage: { golden }`), as a
 * graph keyed by `<team>/<image>`. The checks use its cycles; `npm run lineage` its ancestors and
 * descendants.
 */
import type { Team } from './fleet.js';

/** `<team>/<image>`: how lineage names an image. */
export function imageKey(team: string, image: string): string {
  return `${team}/${image}`;
}

/** Each image's golden parent, and every cycle of them (each once, from its smallest key). */
export interface GoldenChains {
  /** Child key → parent key, for the images built on a fleet image. */
  parents: ReadonlyMap<string, string>;
  cycles: string[][];
}

/** The golden parent edges of the teams, and the cycles among them. */
export function goldenChains(teams: readonly Team[]): GoldenChains {
  const parents = new Map<string, string>();
  for (const team of teams) {
    for (const image of team.images) {
      const golden = image.parentImage.golden;
      if (golden) parents.set(imageKey(team.name, image.name), imageKey(golden.team, golden.image));
    }
  }
  const cycles: string[][] = [];
  const seen = new Set<string>();
  for (const start of [...parents.keys()].sort()) {
    const path: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && !seen.has(current) && !path.includes(current)) {
      path.push(current);
      current = parents.get(current);
    }
    if (current !== undefined && path.includes(current)) {
      const cycle = path.slice(path.indexOf(current));
      const smallest = [...cycle].sort()[0]!;
      const from = cycle.indexOf(smallest);
      cycles.push([...cycle.slice(from), ...cycle.slice(0, from)]);
    }
    for (const key of path) seen.add(key);
  }
  return { parents, cycles };
}

/** An image's ancestors, nearest first; stops before a key seen already (a cycle). */
export function ancestorsOf(key: string, parents: ReadonlyMap<string, string>): string[] {
  const ancestors: string[] = [];
  for (let parent = parents.get(key); parent !== undefined && parent !== key && !ancestors.includes(parent); parent = parents.get(parent)) {
    ancestors.push(parent);
  }
  return ancestors;
}

/** An image's descendants as a tree: each child with its own descendants, sorted by key; cycles cut. */
export interface Descendant {
  key: string;
  children: Descendant[];
}

export function descendantsOf(
  key: string,
  parents: ReadonlyMap<string, string>,
  visited: ReadonlySet<string> = new Set([key]),
): Descendant[] {
  const children = [...parents].filter(([child, parent]) => parent === key && !visited.has(child)).map(([child]) => child);
  return children.sort().map((child) => ({ key: child, children: descendantsOf(child, parents, new Set([...visited, child])) }));
}

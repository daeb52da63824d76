/** Test fleets: a copy of the example repository in a temporary folder, edited per test. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Testing } from 'cdktf';
import type { Fleet } from '../../src/model/fleet/fleet.js';
import { TeamStack } from '../../src/stacks/team-stack.js';
import { loadVersionedFleet, writeLocks } from '../../src/versioning/sync.js';
import { formatProblems } from '../../src/core/problems.js';
import type { SynthesizedStack } from '../../src/checks/synthesized.js';
import { EXAMPLE_ENTRIES, REPO_ROOT, temporaryCopy } from './example.js';

export { REPO_ROOT };

/**
 * A throwaway repository: the example's cdktf.json, components-yaml/ and teams/ (`empty`: only its
 * cdktf.json), or (`copyOf`) a copy of a whole folder.
 */
export class FixtureRepo {
  readonly root: string;

  constructor(options: { empty?: boolean; copyOf?: string } = {}) {
    this.root = options.copyOf ? temporaryCopy(options.copyOf) : temporaryCopy(REPO_ROOT, options.empty ? ['cdktf.json'] : EXAMPLE_ENTRIES);
  }

  path(file: string): string {
    return join(this.root, file);
  }

  read(file: string): string {
    return readFileSync(this.path(file), 'utf8');
  }

  write(file: string, content: string | Buffer): this {
    mkdirSync(dirname(this.path(file)), { recursive: true });
    writeFileSync(this.path(file), content);
    return this;
  }

  /** Replaces text in a file; fails loudly when the text is not there. */
  edit(file: string, from: string | RegExp, to: string): this {
    const before = this.read(file);
    // A string is replaced as written; a RegExp's replacement may use $1 and the like.
    const after = typeof from === 'string' ? before.replace(from, () => to) : before.replace(from, to);
    if (after === before) throw new Error(`edit of ${file}: ${String(from)} not found`);
    return this.write(file, after);
  }

  remove(file: string): this {
    rmSync(this.path(file), { recursive: true, force: true });
    return this;
  }

  /** Brings the locks up to date (as `npm run versions` does). */
  updateVersions(): this {
    const { plan, problems } = loadVersionedFleet(this.root);
    if (!plan || problems.hasErrors()) throw new Error(formatProblems(problems.all));
    writeLocks(this.root, plan);
    return this;
  }

  /** The fleet with its locks current; throws with every problem when the config is wrong. */
  fleet(): Fleet {
    const { fleet, problems } = loadVersionedFleet(this.root);
    if (!fleet) throw new Error(formatProblems(problems.all));
    return fleet;
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The unedited example: its fleet with the locks current, and its team stacks synthesised. */
export interface Example {
  fleet: Fleet;
  stacks: Readonly<Record<string, string>>;
}

let example: Example | undefined;

/**
 * The unedited example, loaded and synthesised once per worker (test files share their worker's
 * modules) for the tests that only read it. Deeply frozen: a test or code under test that changes
 * it fails at once instead of changing what the next test sees; a test that edits uses a FixtureRepo.
 */
export function sharedExample(): Example {
  if (!example) {
    const repo = new FixtureRepo();
    try {
      const fleet = deepFreeze(repo.fleet());
      example = deepFreeze({ fleet, stacks: synthesize(fleet) });
    } finally {
      repo.dispose();
    }
  }
  return example;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Synthesised Terraform JSON of every team stack, by team name. */
export function synthesize(fleet: Fleet): Record<string, string> {
  const app = Testing.app();
  return Object.fromEntries(fleet.teams.map((team) => [team.name, Testing.synth(new TeamStack(app, team))]));
}

/**
 * Synthesised stacks as the policy checks read them from cdktf.out: with cdktf's metadata, whose
 * construct paths tie a resource to its image (and so to the image's waivers).
 */
export function synthesizeForPolicies(fleet: Fleet): { name: SynthesizedStack['name']; json: any }[] {
  const app = Testing.app();
  return fleet.teams.map((team) => ({ name: team.name, json: JSON.parse(JSON.stringify(new TeamStack(app, team).toTerraform())) }));
}

/** A synthesised stack's resources of one type, by logical id. */
export function resources(stackJson: string, type: string): Record<string, Record<string, any>> {
  return (JSON.parse(stackJson).resource?.[type] ?? {}) as Record<string, Record<string, any>>;
}

/** The single resource of a type whose logical id contains `idPart`. */
export function resource(stackJson: string, type: string, idPart: string): Record<string, any> {
  const matches = Object.entries(resources(stackJson, type)).filter(([id]) => id.includes(idPart));
  if (matches.length !== 1) throw new Error(`${matches.length} ${type} resources match "${idPart}"`);
  return matches[0]![1];
}

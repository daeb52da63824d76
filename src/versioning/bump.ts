/**
 * The bump rules, in one place (docs/teams.md states them):
 * - component: major when a parameter is removed, renamed or changes type, or one without a
 *   default is added; minor when a parameter with a default or a phase is added; patch otherwise.
 * - recipe: major when the parent image family or platform changes; minor when components are
 *   added, removed or reordered; patch otherwise (component versions, parameter values, a pinned
 *   parent moved to a newer AMI of its lookup, ...).
 */
import semver from 'semver';
import { MAX_VERSION_NODE } from '../config/lock-schema.js';

export type BumpKind = 'major' | 'minor' | 'patch';

export const BUMP_KINDS: readonly BumpKind[] = ['patch', 'minor', 'major'];

export const INITIAL_VERSION = '1.0.0';

export interface BumpDecision {
  kind: BumpKind;
  reasons: string[];
}

/** A component's interface as the bump rules see it (kept in the lock entry). */
export interface ComponentInterface {
  parameters: { name: string; type: string; required: boolean }[];
  phases: string[];
}

/** A recipe's shape as the bump rules see it (kept in the lock entry). */
export interface RecipeShape {
  parentFamily: string;
  platform: string;
  /** Component identities in order, `<name>@<version>` or an AWS-managed ARN. */
  components: string[];
}

/** The larger of two bump kinds. */
export function largerBump(a: BumpKind, b: BumpKind): BumpKind {
  return BUMP_KINDS.indexOf(a) >= BUMP_KINDS.indexOf(b) ? a : b;
}

/**
 * Infers a component bump from its old and new interface; `changes` name the arguments that
 * moved (the reasons of a patch), when the previous lock entry kept their digests.
 */
export function componentBump(previous: ComponentInterface, next: ComponentInterface, changes?: string[]): BumpDecision {
  const major: string[] = [];
  const minor: string[] = [];
  const before = new Map(previous.parameters.map((p) => [p.name, p]));
  const after = new Map(next.parameters.map((p) => [p.name, p]));
  for (const [name, old] of before) {
    const now = after.get(name);
    if (!now) major.push(`parameter "${name}" removed`);
    else if (now.type !== old.type) major.push(`parameter "${name}" type ${old.type} -> ${now.type}`);
    else if (now.required && !old.required) major.push(`parameter "${name}" lost its default`);
  }
  for (const [name, now] of after) {
    if (before.has(name)) continue;
    if (now.required) major.push(`parameter "${name}" added without a default`);
    else minor.push(`parameter "${name}" added with a default`);
  }
  for (const phase of next.phases) {
    if (!previous.phases.includes(phase)) minor.push(`phase "${phase}" added`);
  }
  if (major.length) return { kind: 'major', reasons: major };
  if (minor.length) return { kind: 'minor', reasons: minor };
  return { kind: 'patch', reasons: changes?.length ? changes : ['content changed'] };
}

const OTHER_ARGUMENTS = 'other arguments changed (parameter values, volumes, description or AMI tags)';

/**
 * Infers a recipe bump from its old and new shape; `parentUpdate` says why a pinned parent moved
 * to a newer AMI of the same lookup (a patch, like any other argument change); `changes` name the
 * other arguments that moved, when the previous lock entry kept their digests.
 */
export function recipeBump(previous: RecipeShape, next: RecipeShape, parentUpdate?: string, changes?: string[]): BumpDecision {
  const decision = shapeBump(previous, next, changes);
  if (!parentUpdate) return decision;
  return {
    kind: decision.kind,
    reasons:
      decision.kind === 'patch'
        ? [parentUpdate, ...decision.reasons.filter((r) => r !== OTHER_ARGUMENTS)]
        : [...decision.reasons, parentUpdate],
  };
}

function shapeBump(previous: RecipeShape, next: RecipeShape, changes?: string[]): BumpDecision {
  const major: string[] = [];
  if (previous.platform !== next.platform) major.push(`platform ${previous.platform} -> ${next.platform}`);
  if (previous.parentFamily !== next.parentFamily) major.push(`parent image ${previous.parentFamily} -> ${next.parentFamily}`);
  if (major.length) return { kind: 'major', reasons: major };

  const names = (list: string[]) => list.map((c) => c.replace(/@[^@]*$/, ''));
  const [oldNames, newNames] = [names(previous.components), names(next.components)];
  const added = newNames.filter((n) => !oldNames.includes(n));
  const removed = oldNames.filter((n) => !newNames.includes(n));
  const minor = [...added.map((n) => `component ${n} added`), ...removed.map((n) => `component ${n} removed`)];
  if (!minor.length && oldNames.join() !== newNames.join()) minor.push('components reordered');
  if (minor.length) return { kind: 'minor', reasons: minor };

  const patch = next.components.flatMap((c, i) => {
    // Any other list of names made the bump minor above: both lists have the same length here.
    const old = previous.components[i]!;
    return old !== c ? [`component ${old} -> ${c.slice(c.lastIndexOf('@') + 1)}`] : [];
  });
  // The AMI tags carry the component versions: they move with them.
  const reasons = [...patch, ...(changes ?? []).filter((change) => !(patch.length && change.startsWith('ami_tags ')))];
  return { kind: 'patch', reasons: reasons.length ? reasons : [OTHER_ARGUMENTS] };
}

/** A bump would take a version number past Image Builder's limit. */
export class VersionLimitError extends Error {
  override name = 'VersionLimitError';
}

/** The next version after `floor` for a bump kind; throws a VersionLimitError past Image Builder's limits. */
export function nextVersion(floor: string, kind: BumpKind): string {
  const next = semver.inc(floor, kind);
  if (!next || next.split('.').some((node) => Number(node) > MAX_VERSION_NODE)) {
    throw new VersionLimitError(
      `version ${floor} cannot get a ${kind} bump within Image Builder's limit of ${MAX_VERSION_NODE} per number`,
    );
  }
  return next;
}

/** The highest of some versions (undefined when none). */
export function highestVersion(versions: Iterable<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const v of versions) if (v && semver.valid(v) && (!best || semver.gt(v, best))) best = v;
  return best;
}

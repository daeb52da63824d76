/** Runs every policy rule on every synthesised stack and ties each finding to its team.yaml line. */
import type { Problem } from '../../core/problems.js';
import { waives, type Fleet, type Image, type SourceRef, type Team, type Waiver } from '../../model/fleet/fleet.js';
import { POLICY_CHECKS, type PolicyCheck, type WaivableCheck } from '../catalog.js';
import { RULES, type Finding } from './rules.js';
import type { SynthesizedStack } from '../synthesized.js';

/** A finding located in its stack and its team.yaml. */
export interface Violation {
  check: PolicyCheck;
  stack: string;
  /** `type.logical_id`, or `backend`. */
  resource: string;
  message: string;
  source: SourceRef;
  /** Set when the image waived this check. */
  waiver?: Waiver;
}

export interface PolicyResult {
  violations: Violation[];
  waived: Violation[];
}

/** Checks every stack against every rule; waived findings are kept apart, for the report. */
export function evaluatePolicies(stacks: readonly SynthesizedStack[], fleet: Fleet): PolicyResult {
  const teams = new Map(fleet.teams.map((team) => [team.name, team]));
  const all = stacks.flatMap((stack) => {
    const team = teams.get(stack.name);
    return team ? RULES.flatMap((rule) => rule({ stack, team, platform: fleet.platform })).map((f) => locate(f, stack, team)) : [];
  });
  return { violations: all.filter((v) => !v.waiver), waived: all.filter((v) => v.waiver) };
}

/** The image a resource belongs to, from its construct path (`image-<name>/...`, `lifecycle/policy-<name>`). */
export function imageOfResource(team: Team, constructPath: string): Image | undefined {
  const name = /(?:^|\/)(?:image|policy)-([a-z0-9-]+)(?:\/|$)/.exec(constructPath)?.[1];
  return team.images.find((image) => image.name === name);
}

function locate(finding: Finding, stack: SynthesizedStack, team: Team): Violation {
  const resource = finding.resource === 'backend' ? 'backend' : `${finding.resource.type}.${finding.resource.id}`;
  const image = finding.resource === 'backend' ? undefined : imageOfResource(team, finding.resource.path);
  const waiver = image && isWaivable(finding.check) && waives(image, finding.check) ? image.waivers.find((w) => w.check === finding.check) : undefined;
  return { check: finding.check, stack: stack.name, resource, message: finding.message, source: image?.source ?? team.source, ...(waiver ? { waiver } : {}) };
}

function isWaivable(check: PolicyCheck): check is WaivableCheck {
  return POLICY_CHECKS[check].waivable;
}

/** Violations as problems, so they print like every other problem. */
export function violationProblems(violations: readonly Violation[]): Problem[] {
  return violations.map((v) => ({
    severity: 'error',
    file: v.source.file,
    path: v.source.path,
    line: v.source.line,
    column: v.source.column,
    message: `policy ${v.check}: ${v.message} (stack ${v.stack}, ${v.resource})`,
    hint: POLICY_CHECKS[v.check].waivable
      ? `required: ${POLICY_CHECKS[v.check].description}; to relax it for this image, add exceptions: [{ check: ${v.check}, reason: ... }]`
      : `required: ${POLICY_CHECKS[v.check].description}; this check cannot be waived`,
  }));
}

/** The one shape of what any check finds, in any family (policy, foundation, provider rules). */
import type { Problem, Severity } from '../core/problems.js';
import type { Waiver } from '../model/fleet/fleet.js';
import type { CheckId } from '../config/check-ids.js';
import type { SynthesizedResource } from './synthesized.js';

/** Where in a team's or the platform's file a finding is fixed: file, YAML path and (when known) line and column. */
export type FindingSource = Pick<Problem, 'file' | 'path' | 'line' | 'column'>;

/** One broken check on one resource of one synthesised stack, located in the YAML it came from. */
export interface CheckFinding {
  /** The catalog id of the check. */
  check: CheckId;
  severity: Severity;
  stack: string;
  /** `type.logical_id`, `backend` or `provider.aws`. */
  resource: string;
  /** Construct path of the resource (empty for the backend and the provider block): it names the image. */
  constructPath: string;
  /** What is wrong, e.g. `volume /dev/xvda is not encrypted with ...` or `the provider requires 1 to 1024 bytes (has 1200)`. */
  message: string;
  /** Provider rules: the argument judged, e.g. `distribution.region` (empty for a resource type without recorded rules). */
  argument?: string;
  /** Provider rules: the offending value as Terraform reads it, when there is one. */
  value?: string;
  /** Provider rules: the provider file(s) the rule was read from. */
  ruleSource?: string;
  /** Where to fix it: the team.yaml value, image or team, or the foundation settings. */
  source: FindingSource;
  /** Set when the image waived this (waivable) check: the finding is reported, not refused. */
  waiver?: Waiver;
}

/** A finding as a rule reports it, before the engine locates it, rates it from the catalog and applies waivers. */
export type UnlocatedFinding = Omit<CheckFinding, 'severity' | 'source' | 'waiver'>;

/** What a finding is about: a resource of the stack, the stack's backend, or its AWS provider block. */
export type FindingSubject = SynthesizedResource | 'backend' | 'provider.aws';

/** A rule's finding on `subject` of `stack`, with the optional provider-rule details. */
export function findingOn(
  check: CheckId,
  stack: string,
  subject: FindingSubject,
  message: string,
  details: Pick<UnlocatedFinding, 'argument' | 'value' | 'ruleSource'> = {},
): UnlocatedFinding {
  const resource = typeof subject === 'string' ? subject : `${subject.type}.${subject.id}`;
  const constructPath = typeof subject === 'string' ? '' : subject.path;
  return { check, stack, resource, constructPath, message, ...details };
}

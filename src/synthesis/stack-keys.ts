/**
 * What each stack of a synth is made from, as keys: equal keys, byte-identical stacks. A team stack
 * is built from nothing but its resolved team (its folder, the shared components it uses with their
 * documents and locked versions, the platform settings it reads: the fleet model resolves them all
 * into the team), the commit its AMIs record, the role its provider assumes, and the code. The
 * constructs receive resolved data and never read files, environment or the clock (docs/design.md),
 * so the model is the exact list of a stack's inputs, including those that are not files (lock
 * versions, the source commit git works out). The foundation stacks are built together from the
 * foundation model. What is common to every stack (the code, Node.js, cdktf's own context) goes into
 * one run fingerprint instead.
 *
 * The checks read a stack's Terraform JSON, its team (waivers, locations) and the platform settings:
 * a stack's check key adds the platform settings to its synthesis key.
 */
import { createHash } from 'node:crypto';
import { PLATFORM_PATH } from '../config/platform.js';
import { teamBuildInfo, type FleetBuildInfo } from '../model/fleet/build-info.js';
import type { Fleet } from '../model/fleet/fleet.js';
import type { FoundationOptions } from '../stacks/foundation/foundation-app.js';
import type { AssumedRole } from '../stacks/team-stack.js';
import { codeFingerprint } from './code-fingerprint.js';

/** The keys of one stack (or of the foundation's stacks, built together). */
export interface StackKey {
  /** Everything its Terraform JSON is built from. */
  synthesis: string;
  /** Everything the checks read of it. */
  checks: string;
}

/** The keys of every stack a synth writes. */
export interface StackKeys {
  /** Team name → the keys of its stack. */
  teams: Map<string, StackKey>;
  /** The keys of the foundation stacks, when the platform has a foundation. */
  foundation?: StackKey;
}

/** The options every stack is built with, as pipeline.ts passes them to the app. */
export interface StackBuildOptions {
  buildInfo: FleetBuildInfo;
  role?: AssumedRole;
  foundation?: FoundationOptions;
}

/** The keys of the fleet's stacks. */
export function stackKeys(fleet: Fleet, { buildInfo, role, foundation }: StackBuildOptions): StackKeys {
  const platform = sha256(jsonOf(fleet.platform));
  const keyOf = (inputs: object): StackKey => {
    const synthesis = sha256(jsonOf(inputs));
    return { synthesis, checks: sha256(`${synthesis} ${platform}`) };
  };
  const teams = new Map(fleet.teams.map((team) => [team.name, keyOf({ team, buildInfo: teamBuildInfo(buildInfo, team.name), role })]));
  return { teams, ...(foundation ? { foundation: keyOf({ foundation, role }) } : {}) };
}

/**
 * What every stack of a run depends on besides its own inputs: the code and Node.js
 * (code-fingerprint.ts), and what cdktf itself reads from the environment: its context
 * (CDKTF_CONTEXT_JSON, without the platform settings, which reach the stacks through the model) and
 * its other CDKTF_ variables but the output folder.
 */
export function runFingerprint(code = codeFingerprint(), env: NodeJS.ProcessEnv = process.env): string {
  const cdktfContext = withoutPlatform(env.CDKTF_CONTEXT_JSON ?? '{}');
  const cdktfVariables = Object.entries(env)
    .filter(([name]) => name.startsWith('CDKTF_') && name !== 'CDKTF_CONTEXT_JSON' && name !== 'CDKTF_OUTDIR')
    .sort(([a], [b]) => a.localeCompare(b));
  return sha256(jsonOf({ code, cdktfContext, cdktfVariables }));
}

/** cdktf's context without the platform settings; the text as it is when it is not a JSON object (cdktf then fails anyway). */
function withoutPlatform(contextJson: string): unknown {
  try {
    const context: unknown = JSON.parse(contextJson);
    if (typeof context !== 'object' || context === null || Array.isArray(context)) return contextJson;
    const { [PLATFORM_PATH[1]]: _platform, ...rest } = context as Record<string, unknown>;
    return rest;
  } catch {
    return contextJson;
  }
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * JSON of plain data (the model is plain data: it is posted to worker threads as it is). Not
 * canonical: the same text always means the same data, and so the same stack; the same data built
 * in another key order (a team.yaml with its keys reordered, say) only costs a synth that was not
 * needed. At 1,000 teams the models are about 70 MB of JSON, which JSON.stringify writes in half the time of a canonical form.
 */
function jsonOf(value: object): string {
  return JSON.stringify(value);
}

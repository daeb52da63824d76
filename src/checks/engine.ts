/**
 * The one check engine. Each family's rules read the synthesised stacks and report findings; the
 * engine locates every finding in the YAML it came from (team.yaml, or the foundation settings),
 * rates it and applies waivers from the catalog, and prints findings as problems.
 */
import type { Problem } from '../core/problems.js';
import type { YamlSource } from '../core/yaml-source.js';
import type { Fleet, Team, Waiver } from '../model/fleet/fleet.js';
import type { Foundation } from '../model/foundation/foundation.js';
import { isFoundationStack } from '../model/names.js';
import { catalogEntry } from './catalog.js';
import { PINNED_PROVIDER } from './conformance/argument-rules.js';
import { checkConformance } from './conformance/check.js';
import type { CheckFinding, FindingSource, UnlocatedFinding } from './finding.js';
import { checkFoundationStacks } from './foundation/checks.js';
import { imageOfResource, locateInTeam } from './locate.js';
import { policyRuleFindings } from './policy/rules.js';
import type { SynthesizedStack } from './synthesized.js';

/** Findings that refuse the configuration, and findings an image waived (kept for the report). */
export interface CheckResult {
  violations: CheckFinding[];
  waived: CheckFinding[];
}

/** The team policy checks on every team stack; findings an image waived are kept apart. */
export function checkPolicies(stacks: readonly SynthesizedStack[], fleet: Fleet): CheckResult {
  return checkTeamStacks(stacks, fleet, new Map(), (stack, team) => policyRuleFindings({ stack, team, platform: fleet.platform }));
}

/**
 * The pinned provider's validation of every team stack, each finding at the team.yaml value it came
 * from when the team typed it (`teamSources`: each team's parsed team.yaml), else at its image.
 * Provider rules are never waivable.
 */
export function checkProviderRules(
  stacks: readonly SynthesizedStack[],
  fleet: Fleet,
  teamSources: ReadonlyMap<string, YamlSource> = new Map(),
): CheckFinding[] {
  return checkTeamStacks(stacks, fleet, teamSources, (stack) => checkConformance(stack)).violations;
}

/**
 * The provider's validation and the foundation checks of the foundation stacks, every finding at
 * `settings` (the foundation settings the stacks come from). `bootstrap`: the state account's stack
 * keeps local state for the first deploy.
 */
export function checkFoundation(
  stacks: readonly SynthesizedStack[],
  foundation: Foundation,
  { bootstrap, settings }: { bootstrap: boolean; settings: FindingSource },
): CheckFinding[] {
  const conformance = stacks.filter((stack) => isFoundationStack(stack.name)).flatMap(checkConformance);
  return [...conformance, ...checkFoundationStacks(stacks, foundation, { bootstrap })].map((finding) => rated(finding, settings));
}

/** Findings as problems, so they print like every other problem. */
export function findingProblems(findings: readonly CheckFinding[]): Problem[] {
  return findings.map((finding) => {
    const entry = catalogEntry(finding.check);
    const where = {
      severity: finding.severity,
      file: finding.source.file,
      path: finding.source.path,
      line: finding.source.line,
      column: finding.source.column,
    };
    if (entry.family === 'provider') {
      const value = finding.value !== undefined ? `, not "${shortened(finding.value)}"` : '';
      const fix = isFoundationStack(finding.stack) ? 'change the foundation settings' : 'change the value in team.yaml';
      return {
        ...where,
        message: `${finding.resource} argument ${finding.argument || '(resource type)'}: ${finding.message}${value} (stack ${finding.stack})`,
        hint: `${PINNED_PROVIDER} rejects this at plan time (${finding.ruleSource ?? 'by its recorded rules'}); ${fix}, or report it if the stacks wrote it`,
      };
    }
    const relax = entry.waivable
      ? `to relax it for this image, add exceptions: [{ check: ${finding.check}, reason: ... }]`
      : 'this check cannot be waived';
    return {
      ...where,
      message: `policy ${finding.check}: ${finding.message} (stack ${finding.stack}, ${finding.resource})`,
      hint: `required: ${entry.description}; ${relax}`,
    };
  });
}

/** Runs `rules` on every stack of a team, locates each finding in that team's team.yaml and applies the image's waivers. */
function checkTeamStacks(
  stacks: readonly SynthesizedStack[],
  fleet: Fleet,
  teamSources: ReadonlyMap<string, YamlSource>,
  rules: (stack: SynthesizedStack, team: Team) => UnlocatedFinding[],
): CheckResult {
  const teams = new Map(fleet.teams.map((team) => [team.name, team]));
  const findings = stacks.flatMap((stack) => {
    const team = teams.get(stack.name);
    if (!team) return [];
    return rules(stack, team).map((finding) =>
      rated(finding, locateInTeam(finding, team, teamSources.get(team.name)), waiverOf(finding, team)),
    );
  });
  return { violations: findings.filter((finding) => !finding.waiver), waived: findings.filter((finding) => finding.waiver) };
}

/** The one waiver mechanism: the image of the finding's resource waived the check, and the catalog lets it be waived. */
function waiverOf(finding: UnlocatedFinding, team: Team): Waiver | undefined {
  if (!catalogEntry(finding.check).waivable) return undefined;
  return imageOfResource(team, finding.constructPath)?.waivers.find((waiver) => waiver.check === finding.check);
}

/** A finding located at `source`, with its catalog severity and its waiver, if any. */
function rated(finding: UnlocatedFinding, source: FindingSource, waiver?: Waiver): CheckFinding {
  return { ...finding, severity: catalogEntry(finding.check).severity, source, ...(waiver ? { waiver } : {}) };
}

function shortened(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

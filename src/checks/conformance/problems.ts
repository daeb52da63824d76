/** Conformance findings as problems, located at the team.yaml value (or image) they came from. */
import type { Problem } from '../../core/problems.js';
import { pathOfScalar, positionOf, formatPath, type YamlSource } from '../../core/yaml-source.js';
import type { Fleet, SourceRef, Team } from '../../model/fleet/fleet.js';
import { imageOfResource } from '../policy/evaluate.js';
import type { SynthesizedStack } from '../synthesized.js';
import { checkConformance, type ConformanceFinding } from './check.js';

/** The provider the rules were read from. */
export const PINNED_PROVIDER = 'hashicorp/aws 6.25.0';

/**
 * Every argument value of the stacks that the pinned provider would reject, as problems. A value
 * that a team typed is pointed at where it stands in team.yaml; anything else at its image (or team).
 */
export function conformanceProblems(stacks: readonly SynthesizedStack[], fleet: Fleet, teamSources: ReadonlyMap<string, YamlSource> = new Map()): Problem[] {
  const teams = new Map(fleet.teams.map((team) => [team.name, team]));
  return stacks.flatMap((stack) => {
    const team = teams.get(stack.name);
    if (!team) return [];
    return checkConformance(stack).map((finding) => {
      const where = locate(finding, team, teamSources.get(team.name));
      return {
        severity: 'error' as const,
        file: where.file,
        path: where.path,
        line: where.line,
        column: where.column,
        message: `${finding.resource} argument ${finding.argument || '(resource type)'}: the provider requires ${finding.rule === 'required' ? 'a value' : finding.rule}${finding.value !== undefined ? `, not "${shortened(finding.value)}"` : ''} (stack ${stack.name})`,
        hint: `${PINNED_PROVIDER} rejects this at plan time (${finding.source}); change the value in team.yaml, or report it if the stacks wrote it`,
      };
    });
  });
}

function shortened(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function locate(finding: ConformanceFinding, team: Team, source: YamlSource | undefined): SourceRef {
  const path = finding.value !== undefined && source ? pathOfScalar(source, finding.value) : undefined;
  if (path && source) return { file: source.file, path: formatPath(path), ...positionOf(source, path) };
  return imageOfResource(team, finding.path)?.source ?? team.source;
}

/** The one way to find where a finding on a team stack is fixed in team.yaml. */
import { formatPath, pathOfScalar, positionOf, type YamlSource } from '../core/yaml-source.js';
import type { Image, Team } from '../model/fleet/fleet.js';
import type { FindingSource, UnlocatedFinding } from './finding.js';

/** The image a resource belongs to, from its construct path (`image-<name>/...`, `lifecycle/policy-<name>`). */
export function imageOfResource(team: Team, constructPath: string): Image | undefined {
  const name = /(?:^|\/)(?:image|policy)-([a-z0-9-]+)(?:\/|$)/.exec(constructPath)?.[1];
  return team.images.find((image) => image.name === name);
}

/**
 * Where in team.yaml a finding on the team's stack is fixed: the offending value itself when the
 * team typed it (found in `source`, the team's parsed team.yaml), else the image of the resource,
 * else the team.
 */
export function locateInTeam(
  finding: Pick<UnlocatedFinding, 'value' | 'constructPath'>,
  team: Team,
  source: YamlSource | undefined,
): FindingSource {
  const path = finding.value !== undefined && source ? pathOfScalar(source, finding.value) : undefined;
  if (path && source) return { file: source.file, path: formatPath(path), ...positionOf(source, path) };
  return imageOfResource(team, finding.constructPath)?.source ?? team.source;
}

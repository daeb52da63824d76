/** Urgent rebuilds: which pipeline `<team>/<image>` names. */
import { closest } from 'fastest-levenshtein';
import { pipelineArn } from '../fleet/arns.js';
import type { Fleet, Image, Team } from '../fleet/model.js';

/** The team, image and pipeline ARN `<team>/<image>` names, or why it names none. */
export function findRebuildTarget(fleet: Fleet, target: string): { team: Team; image: Image; pipelineArn: string } | string {
  const ids = fleet.teams.flatMap((team) => team.images.map((image) => `${team.name}/${image.name}`));
  const [teamName, imageName] = target.split('/');
  const team = fleet.teams.find((candidate) => candidate.name === teamName);
  const image = team?.images.find((candidate) => candidate.name === imageName);
  if (!team || !image || target.split('/').length !== 2) return `no image ${target}: did you mean ${closest(target, ids)}? (images: ${ids.join(', ')})`;
  return { team, image, pipelineArn: pipelineArn(team.partition, team.region, team.account.id, image.resourceName) };
}

/** Urgent rebuilds: which pipeline `<team>/<image>` names. */
import { closest } from 'fastest-levenshtein';
import { pipelineArn } from '../../model/names.js';
import type { Fleet, Image, Team } from '../../model/fleet/fleet.js';

/** The team, image and pipeline ARN `<team>/<image>` names, or why it names none. */
export function findRebuildTarget(fleet: Fleet, target: string): { team: Team; image: Image; pipelineArn: string } | string {
  const ids = fleet.teams.flatMap((team) => team.images.map((image) => `${team.name}/${image.name}`));
  const [teamName, imageName] = target.split('/');
  const team = fleet.teams.find((candidate) => candidate.name === teamName);
  const image = team?.images.find((candidate) => candidate.name === imageName);
  if (!team || !image || target.split('/').length !== 2)
    return `no image ${target}: did you mean ${closest(target, ids)}? (images: ${ids.join(', ')})`;
  return { team, image, pipelineArn: pipelineArn(team.partition, team.region, team.account.id, image.resourceName) };
}

/** The longest reason a rebuild takes: it is tagged as `urgent rebuild: <reason>`, and Image Builder tag values hold 256 characters. */
export const MAX_REASON_LENGTH = 200;

/** Line breaks and control characters (C0, DEL, C1, Unicode line and paragraph separators). */
const NOT_ONE_LINE = /[\p{Cc}\p{Zl}\p{Zp}]/u;

/** Why a rebuild's reason is refused (it must be one line of at most MAX_REASON_LENGTH characters), or undefined. */
export function reasonProblem(reason: string): string | undefined {
  if (NOT_ONE_LINE.test(reason)) return 'the reason must be one line, without line breaks or control characters';
  if (reason.length > MAX_REASON_LENGTH)
    return `the reason has ${reason.length} characters; at most ${MAX_REASON_LENGTH} fit the image's tag`;
  return undefined;
}

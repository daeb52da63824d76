/**
 * A parent image that is another image of the fleet, named `<team>/<image>` (team.yaml
 * `parentImage: { golden: platform/container-host, channel: stable }`): the lineage of golden images.
 * What it resolves to, and the checks that the parent exists and reaches the child, are in
 * src/model/fleet/golden-parent.ts and lineage-checks.ts.
 */
import { z } from 'zod';

/** `<team>/<image>`: two names of lower-case letters, digits and hyphens. */
const GOLDEN_NAME = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;
/** A channel name as team.yaml `channels` writes it: lower-case letters, digits and hyphens. */
const CHANNEL_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const goldenParentSchema = z
  .object({
    golden: z
      .string()
      .regex(GOLDEN_NAME, { error: 'golden names an image of the fleet as <team>/<image>, e.g. platform/container-host' })
      .describe(
        'Another image of the fleet to build on, as <team>/<image> (e.g. platform/container-host): it must exist, have the same platform and architecture, not build on this image in turn, and publish its parameter in this team\'s build account and region (see "Building on another team\'s image" in docs/teams.md).',
      ),
    channel: z
      .string()
      .regex(CHANNEL_NAME, { error: 'a channel name is 1-64 lower-case letters, digits and hyphens, e.g. stable' })
      .optional()
      .describe(
        "The parent's channel to follow (its parameter /golden-ami/<team>/<image>/<channel>). Required when the parent has channels; without channels the image follows the parent's ssmParameter of this team's region.",
      ),
  })
  .strict();

export type GoldenParent = z.output<typeof goldenParentSchema>;

/** Whether a team.yaml `parentImage` names another fleet image. */
export function isGoldenParent(parentImage: unknown): parentImage is GoldenParent {
  return typeof parentImage === 'object' && parentImage !== null && 'golden' in parentImage;
}

/** A golden parent as messages show it: `platform/container-host` or `platform/container-host (channel stable)`. */
export function goldenLabel(parent: GoldenParent): string {
  return parent.channel === undefined ? parent.golden : `${parent.golden} (channel ${parent.channel})`;
}

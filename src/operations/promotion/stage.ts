/**
 * Where a channel lives: every account of its stage in every distribution region of the image, each
 * with the launch templates team.yaml names there. Pure data from the fleet model.
 */
import type { Channel, Image, LaunchTemplateTarget } from '../../model/fleet/fleet.js';

/** One account and region of a stage. */
export interface StageLocation {
  accountId: string;
  region: string;
  /** The distribution's KMS key of the region (what a copy made here is encrypted with). */
  kmsKeyId: string;
  launchTemplates: LaunchTemplateTarget[];
}

/** The accounts of the channel's stage in each distribution region, in the order team.yaml gives them. */
export function stageLocations(image: Pick<Image, 'distribution'>, channel: Pick<Channel, 'accountIds'>): StageLocation[] {
  return channel.accountIds.flatMap((accountId) =>
    image.distribution.map((target) => ({
      accountId,
      region: target.region,
      kmsKeyId: target.kmsKeyId,
      launchTemplates: target.launchTemplates.filter((template) => template.accountId === accountId),
    })),
  );
}

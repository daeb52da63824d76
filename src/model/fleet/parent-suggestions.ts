/**
 * "Did you mean" for a parent image that is neither a managed image nor a valid reference: the
 * nearest managed image name, or the nearest image of the fleet (by `<team>/<image>` or its AWS
 * name `<team>-<image>`), with the lookup that builds on that image's AMIs.
 */
import { closest } from 'fastest-levenshtein';
import { findAccount } from '../../config/account-directory.js';
import { teamResourceName } from '../../config/aws-names.js';
import type { PlatformSettings } from '../../config/platform-schema.js';
import type { LoadedTeam } from '../../config/teams.js';
import { defaultAmiName } from './ami-names.js';
import { MANAGED_IMAGE_NAMES } from './managed-images.js';

/** An image of the fleet as another team may name it as a parent. */
export interface FleetImageName {
  team: string;
  image: string;
  /** `<team>-<image>`: the name of its Image Builder resources. */
  awsName: string;
  /** Its team's build account; undefined when the directory lacks it. */
  accountId?: string;
  /** Its AMI name with every `{{ … }}` as `*`: the name pattern a lookup of its AMIs takes. */
  amiNamePattern: string;
  /** The `ssmParameter` of each distribution region that sets one (one-stage images; a golden child follows it). */
  ssmParameters: { region: string; name: string }[];
}

/** Every image of the fleet, as `FleetImageName`s. */
export function fleetImageNames(teams: readonly LoadedTeam[], platform: Pick<PlatformSettings, 'accounts'>): FleetImageName[] {
  return teams.flatMap((team) => {
    const accountId = findAccount(team.config.account, platform.accounts)?.id;
    return team.config.images.map((image) => ({
      team: team.name,
      image: image.name,
      awsName: teamResourceName(team.name, image.name),
      ...(accountId ? { accountId } : {}),
      amiNamePattern: (image.amiName ?? defaultAmiName(team.name, image.name)).replace(/\{\{[^}]*\}\}/g, '*'),
      ssmParameters: (image.distribution ?? []).flatMap(({ region, ssmParameter }) =>
        ssmParameter === undefined ? [] : [{ region, name: ssmParameter }],
      ),
    }));
  });
}

/** The hint for a parent reference nothing publishes: the nearest managed or fleet image, and how to use it. */
export function parentSuggestion(reference: string, fleet: readonly FleetImageName[]): string {
  const byName = new Map<string, FleetImageName>(
    fleet.flatMap((image) => [[`${image.team}/${image.image}`, image] as const, [image.awsName, image] as const]),
  );
  const nearest = closest(reference, [...MANAGED_IMAGE_NAMES, ...byName.keys()]);
  const image = byName.get(nearest);
  if (!image) return `did you mean "${nearest}"? For any other image use its full image ARN, ssm:<parameter> or an AMI id`;
  const owner = image.accountId ? `"${image.accountId}"` : `<the 12-digit id of team ${image.team}'s account>`;
  return (
    `did you mean team ${image.team}'s image ${image.image} (${image.awsName})? Build on its AMIs with a lookup, ` +
    `parentImage: { owner: ${owner}, name: "${image.amiNamePattern}" }, pinned by npm run pin-parents (its AMIs must be shared with this team's build account), ` +
    `or by name: parentImage: { golden: ${image.team}/${image.image} }`
  );
}

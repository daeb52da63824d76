/**
 * `npm run pin-parents`: which images find their parent by lookup, the newest AMI each matches,
 * and whether that is what the team's lock pins.
 */
import { isGoldenParent } from '../../config/golden-parent.js';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ParentLookup } from '../../config/parent-lookup.js';
import type { PlatformSettings } from '../../config/platform-schema.js';
import type { LoadedTeam } from '../../config/teams.js';
import { describeAwsError } from '../aws/errors.js';
import { findAccount } from '../../config/account-directory.js';
import { formatPath } from '../../core/yaml-source.js';
import type { ParentPin } from '../../config/lock-schema.js';
import { newestMatchingAmi } from './newest-ami.js';
import { pinKey } from '../../model/fleet/parent-pins.js';

/** One image's parent lookup, in its team's build account and region. */
export interface LookupUse {
  team: string;
  image: string;
  lookup: ParentLookup;
  region: string;
  /** Undefined when team.yaml names an account the platform directory lacks. */
  accountId?: string;
  /** Where team.yaml writes the lookup: `teams/<team>/team.yaml`, `images[1].parentImage`. */
  file: string;
  path: string;
}

/** The lookups of the selected teams (all when `teams` is empty) and images. */
export function parentLookups(
  teams: readonly LoadedTeam[],
  platform: PlatformSettings,
  only: { teams: string[]; images: string[] },
): LookupUse[] {
  return teams
    .filter((team) => !only.teams.length || only.teams.includes(team.name))
    .flatMap((team) =>
      team.config.images.flatMap((image, index) =>
        typeof image.parentImage === 'string' ||
        isGoldenParent(image.parentImage) ||
        (only.images.length && !only.images.includes(image.name))
          ? []
          : [
              {
                team: team.name,
                image: image.name,
                lookup: image.parentImage,
                region: team.config.region ?? platform.defaultRegion,
                accountId: findAccount(team.config.account, platform.accounts)?.id,
                file: team.source.file,
                path: formatPath(['images', index, 'parentImage']),
              },
            ],
      ),
    );
}

/** A lookup's newest AMI, or why it has none (with what to do, when the team can do something). */
export type LookupResult = LookupUse & ({ pin: ParentPin } | { error: string; hint?: string });

/**
 * The newest matching AMI of every lookup, asked as the team's build account sees it (so `self`
 * and AMIs shared with that account count); a failure is reported for its lookup only.
 */
export async function findNewestParents(
  uses: readonly LookupUse[],
  clientFor: (region: string, accountId: string) => EC2Client,
): Promise<LookupResult[]> {
  return Promise.all(
    uses.map(async (use): Promise<LookupResult> => {
      if (!use.accountId) return { ...use, error: `the team's account is not in the platform's account directory` };
      try {
        const found = await newestMatchingAmi(clientFor(use.region, use.accountId), use.lookup, use.region);
        return 'error' in found ? { ...use, ...found } : { ...use, pin: found };
      } catch (error) {
        return { ...use, error: describeAwsError(error, 'ec2:DescribeImages in this region') };
      }
    }),
  );
}

/** The pins found, by `<team>/<image>`, as the version planner takes them. */
export function pinsOf(results: readonly LookupResult[]): Map<string, ParentPin> {
  return new Map(results.flatMap((result) => ('pin' in result ? [[pinKey(result.team, result.image), result.pin] as const] : [])));
}

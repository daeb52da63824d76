/**
 * A parent that is another image of the fleet (`parentImage: { golden: <team>/<image>, channel }`),
 * resolved to what Image Builder takes as a parent: `ssm:<parameter>`, the parameter the parent's
 * distribution (or `npm run promote`, for a later channel) sets to its newest AMI in the child's build
 * account and region. Image Builder reads the parameter when a build starts (EC2 Image Builder API
 * reference, CreateImageRecipe `parentImage`: "an SSM Parameter Store parameter, prefixed by ssm:").
 * The checks that need the whole resolved fleet (channel, platform, architecture, cycles, whether the
 * child's account receives the parameter) are in lineage-checks.ts.
 */
import { closest } from 'fastest-levenshtein';
import type { GoldenParent } from '../../config/golden-parent.js';
import { channelParameterName, RELEASE_TAGS } from '../names.js';
import type { ParentImage } from './fleet.js';
import type { FleetImageName } from './parent-suggestions.js';

export type GoldenParentResult = { ok: true; image: ParentImage } | { ok: false; error: string; hint: string };

/**
 * The parent's parameter as an `ssm:` reference: its channel's (`/golden-ami/<team>/<image>/<channel>`)
 * when one is named, else its one-stage `ssmParameter` in `region`, the child's build region.
 */
export function resolveGoldenParent(reference: GoldenParent, region: string, fleetImages: readonly FleetImageName[]): GoldenParentResult {
  const parent = fleetImages.find((image) => `${image.team}/${image.image}` === reference.golden);
  if (!parent) {
    return { ok: false, error: `no image "${reference.golden}" in the fleet`, hint: goldenSuggestion(reference.golden, fleetImages) };
  }
  const golden = { team: parent.team, image: parent.image, ...(reference.channel === undefined ? {} : { channel: reference.channel }) };
  const family = `golden:${reference.golden}`;
  if (reference.channel !== undefined) {
    return {
      ok: true,
      image: { value: `ssm:${channelParameterName(parent.team, parent.image, reference.channel)}`, family, updates: true, golden },
    };
  }
  const parameter = parent.ssmParameters.find((candidate) => candidate.region === region);
  if (!parameter) {
    const regions = parent.ssmParameters.map((candidate) => candidate.region);
    return {
      ok: false,
      error: `${reference.golden} publishes no SSM parameter in ${region}, the region this team builds in${regions.length ? ` (only in ${regions.join(', ')})` : ''}`,
      hint: `team ${parent.team} adds a ${region} entry with ssmParameter to its image's distribution in teams/${parent.team}/team.yaml, or name one of its channels (channel: <name>)`,
    };
  }
  return { ok: true, image: { value: `ssm:${parameter.name}`, family, updates: true, golden } };
}

/** "Did you mean" among the fleet's images, by `<team>/<image>`. */
export function goldenSuggestion(name: string, fleetImages: readonly FleetImageName[]): string {
  const names = fleetImages.map((image) => `${image.team}/${image.image}`);
  if (!names.length) return 'the fleet has no images yet: name an image of a team under teams/';
  return `did you mean "${closest(name, names)}"? golden names an image of the fleet as <team>/<image>`;
}

/**
 * The tags that record a golden parent on every AMI the child builds, fixed in its recipe
 * (`ami_tags`): the parent's team and image, and the channel followed when one is named. The
 * parent's version and AMI id are not known when the recipe is written (Image Builder reads the
 * parameter when the build starts, and has no build variable for the parent), so `parent-version`
 * and `parent-ami` are not set by the stacks (docs/teams.md, "Building on another team's image").
 */
export function goldenParentTags(parent: ParentImage): Record<string, string> {
  if (!parent.golden) return {};
  const { team, image, channel } = parent.golden;
  return {
    [RELEASE_TAGS.parentTeam]: team,
    [RELEASE_TAGS.parentImage]: image,
    ...(channel === undefined ? {} : { [RELEASE_TAGS.parentChannel]: channel }),
  };
}

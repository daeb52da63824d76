/**
 * The checks of images built on other fleet images (`parentImage: { golden }`) that need the whole
 * resolved fleet: the parent's platform and architecture fit the child, the channel named exists,
 * the child's build account and region receive the parent's AMI and parameter, and no image builds
 * on itself through its parents. Every problem is reported at the child's `parentImage` line (or
 * its instance type's), all in one run.
 */
import { closest } from 'fastest-levenshtein';
import type { LoadedTeam } from '../../config/teams.js';
import type { Problems } from '../../core/problems.js';
import { reportAt, type YamlPath } from '../../core/yaml-source.js';
import { EXAMPLE_INSTANCE_TYPE, instanceTypeArchitecture, type Architecture } from './architecture.js';
import type { Image, Team } from './fleet.js';
import { goldenChains, imageKey } from './lineage.js';

/** Where each image is, for locating problems. */
interface Located {
  team: Team;
  image: Image;
  loaded: LoadedTeam;
  path: YamlPath;
}

/** Reports every lineage problem of the resolved teams. */
export function checkLineage(teams: readonly Team[], loaded: readonly LoadedTeam[], problems: Problems): void {
  const located = new Map<string, Located>();
  for (const team of teams) {
    const source = loaded.find((candidate) => candidate.name === team.name);
    if (!source) continue;
    for (const image of team.images) {
      const index = source.config.images.findIndex((config) => config.name === image.name);
      located.set(imageKey(team.name, image.name), { team, image, loaded: source, path: ['images', index] });
    }
  }
  for (const child of located.values()) {
    const golden = child.image.parentImage.golden;
    const parent = golden && located.get(imageKey(golden.team, golden.image));
    if (!golden || !parent) continue; // an unknown parent is reported when the child resolves; a parent whose team failed, with its team
    const report = (path: YamlPath, message: string, hint: string) => reportAt(problems, child.loaded.source, path, message, hint);
    const at = [...child.path, 'parentImage'];
    const name = `${golden.team}/${golden.image}`;
    if (parent.image.platform !== child.image.platform) {
      report(
        at,
        `${name} is a ${parent.image.platform} image, and this image is ${child.image.platform}`,
        `build on a ${child.image.platform} image, or change this image's platform`,
      );
    }
    checkArchitecture(child, parent, name, report);
    const reach = reachProblem(child, parent, name, golden.channel);
    if (reach) report(at, reach.message, reach.hint);
  }
  for (const chain of goldenChains(teams).cycles) {
    const first = located.get(chain[0]!);
    if (!first) continue;
    reportAt(
      problems,
      first.loaded.source,
      [...first.path, 'parentImage'],
      `${chain[0]!} builds on itself through its parents: ${[...chain, chain[0]!].join(' -> ')}`,
      'an image cannot be its own ancestor: build one of these images on an image outside the chain',
    );
  }
}

/** The one architecture of an image's instance types (its AMIs'), or undefined when they are unknown or mixed. */
export function imageArchitecture(image: Pick<Image, 'instanceTypes'>): Architecture | undefined {
  const architectures = new Set(image.instanceTypes.map(instanceTypeArchitecture));
  const [only] = architectures;
  return architectures.size === 1 ? only : undefined;
}

function checkArchitecture(
  child: Located,
  parent: Located,
  name: string,
  report: (path: YamlPath, message: string, hint: string) => void,
): void {
  const architecture = imageArchitecture(parent.image);
  if (!architecture) return;
  child.image.instanceTypes.forEach((type, index) => {
    const own = instanceTypeArchitecture(type);
    if (own && own !== architecture) {
      report(
        [...child.path, 'instanceTypes', index],
        `instance type ${type} is ${own}, but the parent image ${name} is ${architecture} (it is built on ${parent.image.instanceTypes.join(', ')})`,
        `use ${architecture} instance types such as ${EXAMPLE_INSTANCE_TYPE[architecture]}, or build on an ${own} image`,
      );
    }
  });
}

/** Why the child's build account and region do not receive the parent's AMI and parameter, if they do not. */
function reachProblem(
  child: Located,
  parent: Located,
  name: string,
  channel: string | undefined,
): { message: string; hint: string } | undefined {
  const account = child.team.account;
  const accountLabel = account.name ? `${account.name} (${account.id})` : account.id;
  const region = child.team.region;
  const parentFile = parent.loaded.source.file;
  const where = `images[${parent.path[1] as number}]`;
  if (channel === undefined) {
    if (parent.image.channels.length) {
      const names = parent.image.channels.map((candidate) => candidate.name);
      return {
        message: `${name} has channels (${names.join(', ')}): name the one to follow`,
        hint: `add channel: ${names.at(-1)!} (its last, most proven stage) or another of them to parentImage`,
      };
    }
    const target = parent.image.distribution.find((candidate) => candidate.region === region);
    const receives = target?.ssmParameters.some((parameter) => (parameter.accountId ?? parent.team.account.id) === account.id);
    if (receives) return undefined;
    return {
      message: `${name} does not distribute to this team's build account ${accountLabel} in ${region}: its AMI and parameter never arrive there`,
      hint: `team ${parent.team.name} adds ${account.name ?? `"${account.id}"`} to the accounts of the ${region} entry of ${where}.distribution in ${parentFile} (and the platform's distributionAccounts.${parent.team.name} lets it)`,
    };
  }
  const known = parent.image.channels.find((candidate) => candidate.name === channel);
  if (!known) {
    const names = parent.image.channels.map((candidate) => candidate.name);
    return names.length
      ? {
          message: `${name} has no channel "${channel}"`,
          hint: `did you mean "${closest(channel, names)}"? Its channels are ${names.join(', ')}`,
        }
      : {
          message: `${name} has no channels, so there is no channel "${channel}" to follow`,
          hint: `remove channel: the image then follows ${name}'s ssmParameter in ${region}`,
        };
  }
  const regions = parent.image.distribution.map((target) => target.region);
  if (known.accountIds.includes(account.id) && regions.includes(region)) return undefined;
  return {
    message: `channel ${channel} of ${name} does not reach this team's build account ${accountLabel} in ${region}: its parameter is set in ${known.accountIds.join(', ') || 'no account'} in ${regions.join(', ')}`,
    hint: `team ${parent.team.name} adds ${account.name ?? `"${account.id}"`} to channel ${channel} of ${where} in ${parentFile}${regions.includes(region) ? '' : `, and a ${region} entry to its distribution`}`,
  };
}

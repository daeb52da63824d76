/**
 * `npm run promote`: moves a later channel of an image to a version the channel before it holds (or
 * held), in every account and distribution region of the channel's stage, and records on the image
 * who promoted it, when and why. Refuses what must never be promoted; an account that fails is
 * reported and the others are still moved.
 */
import { TagResourceCommand, type ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Channel, Image, Team } from '../../model/fleet/fleet.js';
import { pipelineArn, promotedTag } from '../../model/names.js';
import { describeAwsError } from '../aws/errors.js';
import { tagValue } from '../builds/start-pipeline.js';
import { buildOfAmi, listBuilds, promotedAt, type ReleaseBuild } from './builds.js';
import { channelHoldings, type ChannelHolding } from './channel-state.js';
import { moveLocation, MoveError } from './move.js';
import { stageLocations } from './stage.js';

/** A client per service for a region and account (the command's role there). */
export interface ReleaseClients {
  imagebuilder: (region: string, accountId: string) => ImagebuilderClient;
  ec2: (region: string, accountId: string) => EC2Client;
  ssm: (region: string, accountId: string) => SSMClient;
}

/** What to promote. */
export interface PromoteRequest {
  team: Team;
  image: Image;
  /** The channel to move; by default the one after the last channel holding the first channel's version. */
  channel?: string;
  /** `<x.y.z>/<n>`; by default what the channel before holds now. */
  version?: string;
  who: string;
  reason: string;
  dryRun: boolean;
  now: Date;
  clients: ReleaseClients;
  say: (line: string) => void;
}

/** How a promotion ended. */
export type PromoteOutcome =
  { kind: 'refused'; message: string } | { kind: 'promoted'; channel: string; version: string; failures: string[] };

/** The tag value of a promotion: `<ISO time> by <who>: <why>`, at most 256 characters of what tags take. */
export function promotedValue(now: Date, who: string, why: string): string {
  return tagValue(`${now.toISOString()} by ${who}: ${why}`);
}

/** The builds and channel holdings of an image: what every decision of promote is made from. */
export interface ReleaseState {
  builds: ReleaseBuild[];
  holdings: (ChannelHolding & { build?: ReleaseBuild })[];
}

/** Reads the image's builds (build account) and what each channel holds. */
export async function releaseState(team: Team, image: Image, clients: ReleaseClients): Promise<ReleaseState> {
  const arn = pipelineArn(team.partition, team.region, team.account.id, image.resourceName);
  const builds = await listBuilds(clients.imagebuilder(team.region, team.account.id), arn, team.account.id);
  const holdings = await channelHoldings(image, (region, accountId) => clients.ssm(region, accountId));
  return {
    builds,
    holdings: holdings.map((holding) => {
      const build = holding.imageId ? buildOfAmi(builds, holding.imageId) : undefined;
      return { ...holding, ...(build ? { build } : {}) };
    }),
  };
}

/** The channel to move: the one named, or the one after the last holding the first channel's version. */
function chooseChannel(image: Image, state: ReleaseState, named: string | undefined): Channel | string {
  const names = image.channels.map((channel) => channel.name);
  if (named !== undefined) {
    const index = names.indexOf(named);
    if (index < 0) return `${image.name} has no channel ${named} (channels: ${names.join(', ')})`;
    if (index === 0)
      return `${named} is the first channel of ${image.name}: every successful build moves it, promote moves only the later ones`;
    return image.channels[index]!;
  }
  const candidate = state.holdings[0]?.build;
  if (!candidate) return `${names[0]!} holds no build of ${image.name} yet: nothing to promote${unknownText(state.holdings[0])}`;
  let held = 0;
  while (held + 1 < image.channels.length && state.holdings[held + 1]?.build?.version === candidate.version) held++;
  if (held + 1 === image.channels.length) return `every channel of ${image.name} already holds ${candidate.version}`;
  return image.channels[held + 1]!;
}

const unknownText = (holding: ChannelHolding | undefined) =>
  holding && !holding.known && holding.problems.length ? ` (its parameter could not be read: ${holding.problems.join('; ')})` : '';

/** Why `build` may not enter `channel` from `previous`, or undefined. */
export function promotionRefusal(
  build: ReleaseBuild,
  previous: ChannelHolding & { build?: ReleaseBuild },
  isFirst: boolean,
): string | undefined {
  const channel = previous.channel.name;
  if (build.revoked) return `${build.version} was revoked: a revoked version is never promoted`;
  if (build.status !== 'AVAILABLE')
    return `${build.version} is ${build.status}, not AVAILABLE: only a build that passed its tests is promoted`;
  const wasThere = isFirst || previous.build?.version === build.version || promotedAt(build, channel) !== undefined;
  if (!wasThere) return `${build.version} was never in ${channel}: a version reaches a channel only through the one before it`;
  return undefined;
}

/** Promotes; returns what happened (changes are told to `say` as they are made). */
export async function promote(request: PromoteRequest): Promise<PromoteOutcome> {
  const { team, image, clients, say } = request;
  const id = `${team.name}/${image.name}`;
  if (image.channels.length < 2)
    return { kind: 'refused', message: `${id} has ${image.channels.length ? 'one channel' : 'no channels'}: nothing to promote into` };
  let state: ReleaseState;
  try {
    state = await releaseState(team, image, clients);
  } catch (error) {
    const detail = describeAwsError(error, 'imagebuilder:ListImagePipelineImages');
    return { kind: 'refused', message: `the builds of ${id} could not be read in ${team.account.id} ${team.region}: ${detail}` };
  }
  const channel = chooseChannel(image, state, request.channel);
  if (typeof channel === 'string') return { kind: 'refused', message: channel };
  const index = image.channels.indexOf(channel);
  const previous = state.holdings[index - 1]!;

  const version = request.version ?? previous.build?.version;
  if (!version) {
    const holds = previous.imageId ? `${previous.imageId}, which is no build of ${id}` : 'nothing';
    return { kind: 'refused', message: `${previous.channel.name} holds ${holds}${unknownText(previous)}: name a version with --version` };
  }
  const build = state.builds.find((candidate) => candidate.version === version);
  if (!build) {
    const known = state.builds.map((candidate) => candidate.version).join(', ') || 'none';
    return { kind: 'refused', message: `${version} is not a build of ${id} (its builds: ${known})` };
  }
  const refusal = promotionRefusal(build, previous, index === 1);
  if (refusal) return { kind: 'refused', message: refusal };

  const key = promotedTag(channel.name);
  const tag = { key, value: promotedValue(request.now, request.who, request.reason) };
  say(`${request.dryRun ? 'Would promote' : 'Promoting'} ${id} ${version} to ${channel.name} (${tag.value})`);
  const failures: string[] = [];
  for (const location of stageLocations(image, channel)) {
    try {
      await moveLocation(location, {
        build,
        buildAccountId: team.account.id,
        parameterName: channel.parameterName,
        tag,
        dryRun: request.dryRun,
        ec2: clients.ec2,
        ssm: clients.ssm,
        say,
      });
    } catch (error) {
      const [action, cause] = error instanceof MoveError ? [error.action, error.failure] : ['promote', error];
      failures.push(`${location.accountId} ${location.region} ${action}: ${describeAwsError(cause, action)}`);
    }
  }
  if (failures.length === 0 && build.tags[key] === undefined) await tagImage(request, build, tag, failures);
  return { kind: 'promoted', channel: channel.name, version, failures };
}

/** Tags the Image Builder image once every location moved (its time is when the channel got the version: the next channel's soak). */
async function tagImage(request: PromoteRequest, build: ReleaseBuild, tag: { key: string; value: string }, failures: string[]) {
  const { team, clients, say } = request;
  if (request.dryRun) {
    say(`would tag ${build.arn} ${tag.key}`);
    return;
  }
  try {
    await clients
      .imagebuilder(team.region, team.account.id)
      .send(new TagResourceCommand({ resourceArn: build.arn, tags: { [tag.key]: tag.value } }));
    say(`tagged ${build.arn} ${tag.key}`);
  } catch (error) {
    failures.push(`${team.account.id} ${team.region} imagebuilder:TagResource: ${describeAwsError(error, 'imagebuilder:TagResource')}`);
  }
}

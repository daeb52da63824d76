/**
 * The channels of an image in the fleet status: the version each channel holds (its parameter in
 * the first account of its stage that answers), and how long the newest build of the first channel,
 * the candidate, has waited for the next channel that does not hold it yet.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Image } from '../../model/fleet/fleet.js';
import { buildOfAmi } from '../promotion/builds.js';
import { channelHoldings } from '../promotion/channel-state.js';
import { daysBetween, type Build, type ChannelsStatus, type ChannelVersion } from './status.js';

/** Reads the channels of an image with channels. */
export async function channelsStatus(
  image: Pick<Image, 'distribution' | 'channels'>,
  builds: readonly Build[],
  ssmFor: (region: string, accountId: string) => SSMClient,
  now: Date,
): Promise<ChannelsStatus> {
  const holdings = await channelHoldings(image, ssmFor);
  const channels = holdings.map((holding): ChannelVersion => {
    const build = holding.imageId ? buildOfAmi(builds, holding.imageId) : undefined;
    return {
      channel: holding.channel.name,
      ...(build ? { version: build.version } : {}),
      ...(holding.imageId ? { imageId: holding.imageId } : {}),
      ...(holding.known ? {} : { unreadable: true as const, problems: holding.problems }),
    };
  });
  const candidate = holdings[0]?.imageId ? buildOfAmi(builds, holdings[0].imageId) : undefined;
  const next = candidate && channels.slice(1).find((channel) => !channel.unreadable && channel.version !== candidate.version);
  return {
    channels,
    ...(candidate && next
      ? {
          waiting: {
            version: candidate.version,
            channel: next.channel,
            ...(candidate.created ? { days: daysBetween(candidate.created, now) } : {}),
          },
        }
      : {}),
  };
}

/** One line: `candidate 1.1.0/1, stable 1.0.0/1; 1.1.0/1 has waited 18 days for stable`. */
export function channelsText(status: ChannelsStatus): string {
  const held = status.channels
    .map((channel) => `${channel.channel} ${channel.unreadable ? 'unreadable' : (channel.version ?? channel.imageId ?? 'empty')}`)
    .join(', ');
  const { waiting } = status;
  return waiting ? `${held}; ${waiting.version} has waited ${waiting.days ?? '?'} days for ${waiting.channel}` : held;
}

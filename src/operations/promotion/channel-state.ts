/**
 * Which AMI each channel of an image holds now: its parameter (`/golden-ami/<team>/<image>/<channel>`)
 * in the first account and region of its stage that answers. Read by promote, the automatic rule and
 * fleet-status.
 */
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { Channel, Image } from '../../model/fleet/fleet.js';
import { awsText } from '../aws/response-text.js';
import { describeAwsError } from '../aws/errors.js';
import { stageLocations } from './stage.js';

/** What one channel holds. */
export interface ChannelHolding {
  channel: Channel;
  /** The AMI id of the parameter; absent when the parameter does not exist yet or no location answered. */
  imageId?: string;
  /** Why locations of the stage could not be read (`<account> <region>: <error>`); the channel is unknown when none answered. */
  problems: string[];
  /** Whether some location answered. */
  known: boolean;
}

/** The parameter's value in one account and region, undefined when it does not exist. */
export async function parameterValue(ssm: SSMClient, name: string): Promise<string | undefined> {
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
    return Parameter?.Value === undefined ? undefined : awsText(Parameter.Value);
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
    throw error;
  }
}

/** What each channel of the image holds, channels in order. */
export async function channelHoldings(
  image: Pick<Image, 'distribution' | 'channels'>,
  ssmFor: (region: string, accountId: string) => SSMClient,
): Promise<ChannelHolding[]> {
  const holdings: ChannelHolding[] = [];
  for (const channel of image.channels) {
    const problems: string[] = [];
    let holding: ChannelHolding | undefined;
    for (const { accountId, region } of stageLocations(image, channel)) {
      try {
        const imageId = await parameterValue(ssmFor(region, accountId), channel.parameterName);
        holding = { channel, ...(imageId ? { imageId } : {}), problems, known: true };
        break;
      } catch (error) {
        problems.push(`${accountId} ${region}: ${describeAwsError(error, `ssm:GetParameter on ${channel.parameterName}`)}`);
      }
    }
    holdings.push(holding ?? { channel, problems, known: false });
  }
  return holdings;
}

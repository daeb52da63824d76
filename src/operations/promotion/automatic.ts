/**
 * The automatic rule (`npm run promote -- --automatic`, the scheduled workflow): a channel with
 * `soakDays` and no `approval` is promoted to what the channel before it holds once that version has
 * been there for `soakDays` days (since its promoted tag, or its build for the first channel), is
 * AVAILABLE (its tests passed), is not revoked and has no open CRITICAL finding in Image Builder's
 * image scan (Amazon Inspector). Approval channels are never promoted here.
 */
import { paginateListImageScanFindings, type ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import type { Channel, Image, Team } from '../../model/fleet/fleet.js';
import { boundedPages } from '../aws/paging.js';
import { describeAwsError } from '../aws/errors.js';
import { promotedAt, type ReleaseBuild } from './builds.js';
import { promote, releaseState, type PromoteOutcome, type PromoteRequest, type ReleaseClients } from './promote.js';

const DAY_MS = 86_400_000;

/** Whether the automatic rule may promote into a channel at all. */
export function promotesAutomatically(channel: Channel): channel is Channel & { promotion: { soakDays: number } } {
  return channel.promotion?.soakDays !== undefined && !channel.promotion.approval;
}

/** How many open CRITICAL findings Image Builder's scan of the build has (ListImageScanFindings, paged). */
export async function criticalFindings(client: ImagebuilderClient, buildArn: string): Promise<number> {
  let count = 0;
  const pages = paginateListImageScanFindings(
    { client },
    {
      filters: [
        { name: 'imageBuildVersionArn', values: [buildArn] },
        { name: 'severity', values: ['CRITICAL'] },
      ],
    },
  );
  for await (const page of boundedPages(pages, (page) => page.nextToken, 'imagebuilder:ListImageScanFindings'))
    count += (page.findings ?? []).filter((finding) => finding.severity === 'CRITICAL').length;
  return count;
}

/** When a build entered a channel: its promoted tag, or its build for the first channel. */
export function enteredAt(build: ReleaseBuild, channel: Channel, isFirst: boolean): Date | undefined {
  if (isFirst) return build.created ? new Date(build.created) : undefined;
  return promotedAt(build, channel.name);
}

/** Why the rule leaves a channel alone now, or undefined when the build may be promoted (findings aside). */
export function soakRefusal(
  build: ReleaseBuild | undefined,
  previous: Channel,
  isFirst: boolean,
  soakDays: number,
  now: Date,
): string | undefined {
  if (!build) return `${previous.name} holds no build of this image`;
  if (build.revoked) return `${build.version} was revoked`;
  if (build.status !== 'AVAILABLE') return `${build.version} is ${build.status}, not AVAILABLE`;
  const since = enteredAt(build, previous, isFirst);
  if (!since) return `when ${build.version} entered ${previous.name} is unknown (no date or promoted tag)`;
  const days = (now.getTime() - since.getTime()) / DAY_MS;
  if (days < soakDays) return `${build.version} has soaked ${Math.floor(days)} of ${soakDays} days in ${previous.name}`;
  return undefined;
}

/** One decision of the rule. */
export interface AutomaticDecision {
  image: string;
  channel: string;
  /** Promoted (with the outcome) or why not. */
  outcome: PromoteOutcome | { kind: 'waiting'; message: string };
}

/**
 * Applies the rule to each image given: its automatic channels in order; after a promotion the
 * image's later channels wait for the next run (the version just entered the channel before them).
 */
export async function promoteAutomatically(
  targets: { team: Team; image: Image }[],
  options: Pick<PromoteRequest, 'who' | 'dryRun' | 'now' | 'say'> & { clients: ReleaseClients },
): Promise<AutomaticDecision[]> {
  const decisions: AutomaticDecision[] = [];
  for (const { team, image } of targets) {
    const id = `${team.name}/${image.name}`;
    if (!image.channels.some(promotesAutomatically)) continue;
    let state: Awaited<ReturnType<typeof releaseState>>;
    try {
      state = await releaseState(team, image, options.clients);
    } catch (error) {
      const message = `the builds could not be read: ${describeAwsError(error, 'imagebuilder:ListImagePipelineImages')}`;
      decisions.push({ image: id, channel: '*', outcome: { kind: 'refused', message } });
      continue;
    }
    for (const [index, channel] of image.channels.entries()) {
      if (index === 0 || !promotesAutomatically(channel)) continue;
      const previous = state.holdings[index - 1]!;
      const current = state.holdings[index]!;
      const build = previous.build;
      const wait = (message: string) => decisions.push({ image: id, channel: channel.name, outcome: { kind: 'waiting', message } });
      if (build && current.build?.version === build.version) {
        wait(`already holds ${build.version}`);
        continue;
      }
      const refusal = soakRefusal(build, previous.channel, index === 1, channel.promotion.soakDays, options.now);
      if (refusal || !build) {
        wait(refusal ?? 'nothing to promote');
        continue;
      }
      let critical: number;
      try {
        critical = await criticalFindings(options.clients.imagebuilder(team.region, team.account.id), build.arn);
      } catch (error) {
        wait(`its findings could not be read: ${describeAwsError(error, 'imagebuilder:ListImageScanFindings')}`);
        continue;
      }
      if (critical > 0) {
        wait(`${build.version} has ${critical} open CRITICAL finding${critical === 1 ? '' : 's'}`);
        continue;
      }
      const reason = `automatic: ${channel.promotion.soakDays} days in ${previous.channel.name} with tests passed and no open critical finding`;
      const outcome = await promote({ ...options, team, image, channel: channel.name, version: build.version, reason });
      decisions.push({ image: id, channel: channel.name, outcome });
      break;
    }
  }
  return decisions;
}

/**
 * Asks AWS about every selected image: its pipeline in the build account, then the consumers of
 * its superseded AMIs in every account that holds a copy or may launch the build account's AMI.
 * Clients come from the caller (one per service, region and account), so tests mock them and the
 * CLI gives them assumed-role credentials. A few images are asked about at once.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { pipelineArn } from '../../model/names.js';
import type { Fleet, Image, Team } from '../../model/fleet/fleet.js';
import { parametersMovedByPromotion } from '../../model/fleet/channels.js';
import { classify, consumersOf, supersededAmis, type Thresholds } from './classify.js';
import { findReferences, type Location, type Reference } from './consumers.js';
import { accountProblem } from './errors.js';
import { FAILING_AFTER, type AccountProblem, type FleetStatus, type ImageStatus, type TeamStatus } from './status.js';
import { pipelineFacts, type PipelineFacts } from './pipelines.js';
import { channelsStatus } from './channels.js';
import { builtOnRevoked, markRevoked, revokedAmis, withRevocationFindings } from './revoked.js';

/** A client per service for a region and account. */
export interface Clients {
  imagebuilder(region: string, accountId: string): ImagebuilderClient;
  ec2(region: string, accountId: string): EC2Client;
  ssm(region: string, accountId: string): SSMClient;
}

/** What to ask about, with which clients. */
export interface GatherOptions {
  clients: Clients;
  /** Only these teams / images (all when empty). */
  teams?: string[];
  images?: string[];
  now?: Date;
  /** Called as each image is done. */
  progress?(done: number, total: number, current: string): void;
  /** Images asked about at once (default 4). */
  concurrency?: number;
}

/** The accounts and regions to look for consumers of an image's superseded AMIs, with what to look for. */
export function consumerLocations(team: Team, image: Image, superseded: ReturnType<typeof supersededAmis>): Location[] {
  const locations = new Map<string, Location>();
  const at = (accountId: string, region: string): Location => {
    const key = `${accountId}/${region}`;
    let location = locations.get(key);
    if (!location) {
      const targets = image.distribution.filter((target) => target.region === region);
      location = {
        accountId,
        region,
        imageIds: [],
        launchTemplateIds: targets.flatMap((t) =>
          t.launchTemplates.filter((lt) => lt.accountId === accountId).map((lt) => lt.launchTemplateId),
        ),
        // With channels, promotion writes the later channels' parameters: consumers read those too.
        parameterNames: targets.flatMap((t) =>
          [...t.ssmParameters, ...parametersMovedByPromotion(image, t, team.account.id)]
            .filter((p) => (p.accountId ?? team.account.id) === accountId)
            .map((p) => p.name),
        ),
      };
      locations.set(key, location);
    }
    return location;
  };
  for (const [imageId, ami] of superseded) {
    at(ami.accountId, ami.region).imageIds.push(imageId);
    // Accounts with launch permission run the build account's own AMI, not a copy.
    if (ami.accountId !== team.account.id) continue;
    for (const target of image.distribution.filter((t) => t.region === ami.region)) {
      for (const accountId of target.launchPermissionAccountIds)
        if (accountId !== team.account.id) at(accountId, ami.region).imageIds.push(imageId);
    }
  }
  return [...locations.values()]
    .filter((location) => location.imageIds.length)
    .sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region));
}

async function imageStatus(
  team: Team,
  image: Image,
  clients: Clients,
  thresholds: Thresholds,
  now: Date,
): Promise<{ status: ImageStatus; builds: PipelineFacts['builds'] }> {
  const subject = {
    team: team.name,
    image: image.name,
    pipeline: image.resourceName,
    buildAccountId: team.account.id,
    region: team.region,
  };
  let facts: Awaited<ReturnType<typeof pipelineFacts>>;
  try {
    facts = await pipelineFacts(
      clients.imagebuilder(team.region, team.account.id),
      pipelineArn(team.partition, team.region, team.account.id, image.resourceName),
      team.account.id,
      team.region,
    );
  } catch (error) {
    // pipelineFacts reports AWS errors itself; this is a client that could not be made.
    facts = { builds: [], problems: [accountProblem(team.account.id, team.region, 'imagebuilder', error)] };
  }
  const problems: AccountProblem[] = [...facts.problems];
  const revoked = revokedAmis(facts.builds);
  const superseded = new Map([...supersededAmis(facts.builds), ...revoked]);
  const references: Reference[] = [];
  for (const location of consumerLocations(team, image, superseded)) {
    const found = await findReferences(location, {
      ec2: clients.ec2(location.region, location.accountId),
      ssm: () => clients.ssm(location.region, location.accountId),
    });
    references.push(...found.references);
    problems.push(...found.problems);
  }
  const consumers = markRevoked(consumersOf(references, superseded, thresholds, now), revoked);
  const classified = classify(subject, facts, consumers, problems, thresholds, now);
  const status = image.channels.length
    ? { ...classified, channels: await channelsStatus(image, facts.builds, (region, accountId) => clients.ssm(region, accountId), now) }
    : classified;
  return { status, builds: facts.builds };
}

/** Runs `work` over `items`, at most `limit` at a time, results in the items' order. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The status of every selected image of the fleet. */
export async function gatherFleetStatus(fleet: Fleet, options: GatherOptions): Promise<FleetStatus> {
  const now = options.now ?? new Date();
  const { maxRebuildIntervalDays, consumerGraceDays } = fleet.platform;
  const thresholds: Thresholds = { maxRebuildIntervalDays, consumerGraceDays };
  const teams = fleet.teams.filter((team) => !options.teams?.length || options.teams.includes(team.name));
  const work = teams.flatMap((team) =>
    team.images.filter((image) => !options.images?.length || options.images.includes(image.name)).map((image) => ({ team, image })),
  );
  let done = 0;
  const gathered = await mapLimited(work, options.concurrency ?? 4, async ({ team, image }) => {
    const found = await imageStatus(team, image, options.clients, thresholds, now);
    options.progress?.(++done, work.length, `${team.name}/${image.name}`);
    return found;
  });
  // Descendants are judged against every revoked AMI of the images asked about.
  const revokedParents = new Set(gathered.flatMap(({ builds }) => [...revokedAmis(builds).keys()]));
  const statuses = gathered.map(({ status, builds }) => withRevocationFindings(status, builtOnRevoked(builds, revokedParents)));
  const teamStatuses: TeamStatus[] = teams
    .map((team) => {
      const images = statuses.filter((status) => status.team === team.name);
      return { team: team.name, owners: team.owners, images, ok: images.every((image) => !image.findings.length) };
    })
    .filter((team) => team.images.length);
  return {
    generatedAt: now.toISOString(),
    ...thresholds,
    failingAfter: FAILING_AFTER,
    teams: teamStatuses,
    ok: teamStatuses.every((team) => team.ok),
  };
}

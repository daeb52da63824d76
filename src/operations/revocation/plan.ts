/**
 * The plan of one image's revocation or restore: from what AWS holds now (facts.ts) to the changes
 * still to make (changes.ts). Revoking tags the image and its AMIs, moves every parameter and launch
 * template that points at a revoked AMI back to the newest build that is neither revoked nor newer,
 * then deprecates the AMIs. Restoring removes the revoked tags, records who restored and why, and puts
 * back the deprecation time each AMI had; it moves nothing forward (promote does that).
 */
import type { Image, Team } from '../../model/fleet/fleet.js';
import { RELEASE_TAGS, REVOCATION_TAGS } from '../../model/names.js';
import { tagValue } from '../builds/start-pipeline.js';
import { accountProblem } from '../fleet-status/errors.js';
import type { AccountProblem, Build } from '../fleet-status/status.js';
import type { Change, RevocationClients } from './changes.js';
import {
  amiFacts,
  buildFacts,
  consumerFacts,
  imageBuilds,
  type AmiFacts,
  type AmiRef,
  type BuildFacts,
  type ConsumerFacts,
} from './facts.js';

/** Builds whose AMIs exist. */
const HAS_AMIS = new Set(['AVAILABLE', 'DEPRECATED']);

/** What is asked, by whom and when. */
export interface RevocationRequest {
  mode: 'revoke' | 'restore';
  /** One line: the operator's reason (for a descendant, the cascade's). */
  reason: string;
  by: string;
  now: Date;
}

/** A consumer on a revoked AMI with no build to go back to: it stays, and fleet-status reports it as urgent. */
export interface BlockedConsumer {
  accountId: string;
  region: string;
  /** `ssm parameter /golden-ami/web/api/stable` or `launch template lt-…`. */
  what: string;
  imageId: string;
}

/** One image's part of a revocation or restore. */
export interface ImagePlan {
  team: string;
  image: string;
  /** The build versions revoked or restored, newest first. */
  versions: string[];
  /** Every AMI of those versions, in every account and region: a descendant built on one is revoked with them (`--cascade`). */
  amiIds: string[];
  /** Set for a descendant: the image and version whose revocation reaches it. */
  parent?: string;
  changes: Change[];
  blocked: BlockedConsumer[];
  /** What is already so, or cannot be changed, in words. */
  notes: string[];
  problems: AccountProblem[];
}

/** Which build versions of an image a plan covers, or why there are none. */
export type VersionSelector = (builds: Build[]) => string[] | string;

/** The builds `--version` names: a build version (`1.2.0/3`) or every build of a recipe version (`1.2.0`) that has AMIs. */
export function versionSelector(version: string): VersionSelector {
  return (builds) => {
    const chosen = builds.filter(
      (build) => HAS_AMIS.has(build.status) && (build.version === version || build.version.startsWith(`${version}/`)),
    );
    if (chosen.length) return chosen.map((build) => build.version);
    const known = builds.filter((build) => HAS_AMIS.has(build.status)).map((build) => build.version);
    return `no build with AMIs has version ${version} (builds with AMIs: ${known.join(', ') || 'none'})`;
  };
}

/**
 * The AMI a consumer on `current` goes back to: in the same account and region, from the newest build
 * older than `current`'s that has AMIs and is neither revoked before nor revoked now.
 */
export function rollbackAmi(
  builds: Build[],
  revokedNow: ReadonlySet<string>,
  current: AmiRef & { version: string },
): (AmiRef & { version: string }) | undefined {
  const start = builds.findIndex((build) => build.version === current.version);
  for (const build of builds.slice(start + 1)) {
    if (!HAS_AMIS.has(build.status) || build.revoked || revokedNow.has(build.version)) continue;
    const ami = build.amis.find((candidate) => candidate.accountId === current.accountId && candidate.region === current.region);
    if (ami) return { ...ami, version: build.version };
  }
  return undefined;
}

/** The first whole minute after `now`: EC2 takes no deprecation time in the past, and rounds seconds. */
export function deprecationTimeAfter(now: Date): string {
  return new Date(Math.ceil((now.getTime() + 1) / 60_000) * 60_000).toISOString();
}

const amiSubject = (ami: AmiRef) => `${ami.accountId}/${ami.region}/${ami.imageId}`;
const at = (ami: AmiRef) => ({ accountId: ami.accountId, region: ami.region });

function revokedTags(request: RevocationRequest): Record<string, string> {
  return {
    [RELEASE_TAGS.revoked]: 'true',
    [RELEASE_TAGS.revokedReason]: tagValue(request.reason),
    [RELEASE_TAGS.revokedBy]: tagValue(request.by),
    [RELEASE_TAGS.revokedAt]: request.now.toISOString(),
  };
}

function restoredTags(request: RevocationRequest): Record<string, string> {
  return {
    [REVOCATION_TAGS.restoredBy]: tagValue(request.by),
    [REVOCATION_TAGS.restoredAt]: request.now.toISOString(),
    [REVOCATION_TAGS.restoredReason]: tagValue(request.reason),
  };
}

/** The tags a restore removes. */
const REVOKED_KEYS = [
  RELEASE_TAGS.revoked,
  RELEASE_TAGS.revokedReason,
  RELEASE_TAGS.revokedBy,
  RELEASE_TAGS.revokedAt,
  REVOCATION_TAGS.deprecationBefore,
];

const revokedBy = (tags: Record<string, string>) =>
  `${tags[RELEASE_TAGS.revokedBy] ?? 'unknown'} at ${tags[RELEASE_TAGS.revokedAt] ?? 'an unknown time'}: ${tags[RELEASE_TAGS.revokedReason] ?? 'no reason recorded'}`;

/** The changes that revoke the builds' images and AMIs, with the deprecations last. */
function revokeChanges(
  builds: BuildFacts[],
  amis: AmiFacts[],
  request: RevocationRequest,
  notes: string[],
): { tags: Change[]; deprecations: Change[] } {
  const tags: Change[] = [];
  const deprecations: Change[] = [];
  const tagSet = revokedTags(request);
  for (const build of builds) {
    if (build.tags[RELEASE_TAGS.revoked] === 'true') notes.push(`image ${build.version} is already revoked (by ${revokedBy(build.tags)})`);
    else {
      const [, , , region, accountId] = build.arn.split(':');
      tags.push({
        kind: 'tag-image',
        arn: build.arn,
        tags: tagSet,
        accountId: accountId!,
        region: region!,
        subject: build.arn,
        description: `tag image ${build.arn} golden-ami:revoked=true`,
      });
    }
  }
  const deprecateAt = deprecationTimeAfter(request.now);
  for (const ami of amis) {
    if (ami.tags[RELEASE_TAGS.revoked] === 'true') notes.push(`${ami.accountId} ${ami.region} ${ami.imageId} is already tagged revoked`);
    else
      tags.push({
        kind: 'tag-ami',
        imageId: ami.imageId,
        tags: { ...tagSet, [REVOCATION_TAGS.deprecationBefore]: ami.deprecationTime ?? 'none' },
        ...at(ami),
        subject: amiSubject(ami),
        description: `tag ${ami.imageId} golden-ami:revoked=true (deprecation before: ${ami.deprecationTime ?? 'none'})`,
      });
    if (!ami.deprecationTime || Date.parse(ami.deprecationTime) > Date.parse(deprecateAt))
      deprecations.push({
        kind: 'deprecate-ami',
        imageId: ami.imageId,
        at: deprecateAt,
        ...at(ami),
        subject: amiSubject(ami),
        description: `deprecate ${ami.imageId} at ${deprecateAt}`,
      });
  }
  return { tags, deprecations };
}

/** The changes that move the consumers on revoked AMIs back; those with nowhere to go are blocked. */
function rollbackChanges(
  consumers: ConsumerFacts[],
  builds: Build[],
  revoked: ReadonlyMap<string, AmiRef & { version: string }>,
  blocked: BlockedConsumer[],
): Change[] {
  const revokedVersions = new Set([...revoked.values()].map((ami) => ami.version));
  const target = (imageId: string | undefined) => {
    const current = imageId === undefined ? undefined : revoked.get(imageId);
    return current && { current, to: rollbackAmi(builds, revokedVersions, current) };
  };
  const changes: Change[] = [];
  for (const consumer of consumers) {
    const where = { accountId: consumer.accountId, region: consumer.region };
    if (consumer.kind === 'parameter') {
      const moved = target(consumer.imageId);
      if (!moved) continue;
      const what = `ssm parameter ${consumer.name}`;
      if (!moved.to) blocked.push({ ...where, what, imageId: consumer.imageId });
      else
        changes.push({
          kind: 'parameter',
          name: consumer.name,
          from: consumer.imageId,
          to: moved.to.imageId,
          ...where,
          subject: `${consumer.accountId}/${consumer.region}/${what}`,
          description: `${what}: ${moved.to.imageId} (${moved.to.version}), was ${consumer.imageId} (${moved.current.version})`,
        });
      continue;
    }
    const what = `launch template ${consumer.launchTemplateId}`;
    const latest = target(consumer.latest.imageId);
    const onDefault =
      consumer.setDefault && consumer.default?.version !== consumer.latest.version ? target(consumer.default?.imageId) : undefined;
    const moved = latest ?? onDefault;
    if (!moved) continue;
    if (!moved.to) {
      blocked.push({ ...where, what, imageId: moved.current.imageId });
      continue;
    }
    const subject = `${consumer.accountId}/${consumer.region}/${what}`;
    const base = {
      kind: 'launch-template' as const,
      launchTemplateId: consumer.launchTemplateId,
      from: moved.current.imageId,
      to: moved.to.imageId,
      setDefault: consumer.setDefault,
      ...where,
      subject,
    };
    const defaultText = consumer.setDefault ? ', made the default' : '';
    if (latest)
      changes.push({
        ...base,
        sourceVersion: consumer.latest.version,
        description: `${what}: new version from ${consumer.latest.version} with ${moved.to.imageId} (${moved.to.version})${defaultText}, was ${moved.current.imageId}`,
      });
    else if (consumer.latest.imageId === moved.to.imageId)
      // A re-run after the new version was made: only the default is still to move.
      changes.push({
        ...base,
        defaultVersion: consumer.latest.version,
        description: `${what}: default version ${consumer.latest.version} (${moved.to.imageId}), was ${moved.current.imageId}`,
      });
    else
      changes.push({
        ...base,
        sourceVersion: consumer.default!.version,
        description: `${what}: new version from default ${consumer.default!.version} with ${moved.to.imageId} (${moved.to.version})${defaultText}, was ${moved.current.imageId}`,
      });
  }
  return changes;
}

/** The changes that restore the builds' images and AMIs: deprecation time back first, then the tags. */
function restoreChanges(builds: BuildFacts[], amis: AmiFacts[], request: RevocationRequest, notes: string[]): Change[] {
  const changes: Change[] = [];
  const restored = restoredTags(request);
  for (const build of builds) {
    if (build.tags[RELEASE_TAGS.revoked] !== 'true') {
      notes.push(`image ${build.version} is not revoked`);
      continue;
    }
    const [, , , region, accountId] = build.arn.split(':');
    const where = { accountId: accountId!, region: region!, subject: build.arn };
    changes.push({
      kind: 'untag-image',
      arn: build.arn,
      keys: REVOKED_KEYS.filter((key) => key in build.tags),
      ...where,
      description: `remove the revoked tags of image ${build.arn}`,
    });
    changes.push({
      kind: 'tag-image',
      arn: build.arn,
      tags: restored,
      ...where,
      description: `tag image ${build.arn} golden-ami:revoked-restored-by/at/reason`,
    });
  }
  for (const ami of amis) {
    if (ami.tags[RELEASE_TAGS.revoked] !== 'true') {
      notes.push(`${ami.accountId} ${ami.region} ${ami.imageId} is not tagged revoked`);
      continue;
    }
    const where = { ...at(ami), subject: amiSubject(ami) };
    const before = ami.tags[REVOCATION_TAGS.deprecationBefore];
    if (before === 'none') {
      if (ami.deprecationTime)
        changes.push({ kind: 'undeprecate-ami', imageId: ami.imageId, ...where, description: `cancel the deprecation of ${ami.imageId}` });
    } else if (before && !Number.isNaN(Date.parse(before)) && Date.parse(before) > request.now.getTime()) {
      if (!ami.deprecationTime || Date.parse(ami.deprecationTime) !== Date.parse(before))
        changes.push({
          kind: 'deprecate-ami',
          imageId: ami.imageId,
          at: new Date(before).toISOString(),
          ...where,
          description: `deprecate ${ami.imageId} at ${before} again (its time before the revocation)`,
        });
    } else
      notes.push(
        `${ami.accountId} ${ami.region} ${ami.imageId} stays deprecated: its deprecation time before the revocation (${before ?? 'not recorded'}) has passed or is unknown`,
      );
    changes.push({
      kind: 'untag-ami',
      imageId: ami.imageId,
      keys: REVOKED_KEYS.filter((key) => key in ami.tags),
      ...where,
      description: `remove the revoked tags of ${ami.imageId}`,
    });
    changes.push({
      kind: 'tag-ami',
      imageId: ami.imageId,
      tags: restored,
      ...where,
      description: `tag ${ami.imageId} golden-ami:revoked-restored-by/at/reason`,
    });
  }
  return changes;
}

/** Plans one image: reads what AWS holds for the versions `select` picks and decides what is still to change. */
export async function planImage(
  team: Team,
  image: Image,
  select: VersionSelector,
  request: RevocationRequest,
  clients: RevocationClients,
  parent?: string,
): Promise<ImagePlan> {
  const plan: ImagePlan = {
    team: team.name,
    image: image.name,
    versions: [],
    amiIds: [],
    ...(parent ? { parent } : {}),
    changes: [],
    blocked: [],
    notes: [],
    problems: [],
  };
  const history = await imageBuilds(team, image, clients);
  plan.problems.push(...history.problems);
  if (history.problems.length) return plan;
  const selected = select(history.builds);
  if (typeof selected === 'string') {
    plan.notes.push(selected);
    return plan;
  }
  const builds: BuildFacts[] = [];
  for (const version of selected) {
    try {
      builds.push(await buildFacts(team, image, version, clients));
    } catch (error) {
      plan.problems.push(accountProblem(team.account.id, team.region, 'imagebuilder:GetImage', error));
    }
  }
  plan.versions = builds.map((build) => build.version);
  plan.amiIds = builds.flatMap((build) => build.amis.map((ami) => ami.imageId));
  const described = await amiFacts(
    builds.flatMap((build) => build.amis),
    clients,
  );
  plan.problems.push(...described.problems);
  if (request.mode === 'restore') {
    plan.changes = restoreChanges(builds, described.amis, request, plan.notes);
    return plan;
  }
  const { tags, deprecations } = revokeChanges(builds, described.amis, request, plan.notes);
  const consumers = await consumerFacts(team, image, clients);
  plan.problems.push(...consumers.problems);
  const revoked = new Map(builds.flatMap((build) => build.amis.map((ami) => [ami.imageId, { ...ami, version: build.version }] as const)));
  const moves = rollbackChanges(consumers.consumers, history.builds, revoked, plan.blocked);
  plan.changes = [...tags, ...moves, ...deprecations];
  return plan;
}

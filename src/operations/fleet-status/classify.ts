/**
 * From what AWS said to findings, with no AWS in sight: the newest image and its age, the builds'
 * outcomes, which AMIs are superseded and since when, and which consumers lag.
 */
import type { Reference } from './consumers.js';
import type { PipelineFacts } from './pipelines.js';
import { BUILDS_SHOWN, daysBetween, FAILING_AFTER, type Build, type Consumer, type Finding, type ImageStatus } from './status.js';

/** Builds whose AMIs exist: the newest one is current, the others are superseded (revoked ones are neither: revoked.ts). */
const HAS_AMIS = new Set(['AVAILABLE', 'DEPRECATED']);
/** Builds that ended: a run of FAILED among them is a failing pipeline. Cancelled and running builds do not count either way. */
const FINISHED = new Set(['AVAILABLE', 'DEPRECATED', 'DISABLED', 'DELETED', 'FAILED']);

/** The platform settings findings are judged by. */
export interface Thresholds {
  maxRebuildIntervalDays: number;
  consumerGraceDays: number;
}

/** A superseded AMI: the build it came from and when the build after it became available. */
export interface SupersededAmi {
  version: string;
  /** Absent when the superseding build is undated. */
  behindSince?: string;
}

/** The newest build with AMIs, if any (builds newest first). */
export function newestAvailable(builds: Build[]): Build | undefined {
  const current = builds.filter((build) => !build.revoked);
  return current.find((build) => build.status === 'AVAILABLE') ?? current.find((build) => HAS_AMIS.has(build.status));
}

/**
 * Every AMI of an older build with AMIs, by AMI id, with the creation time of the build that
 * superseded it (the next newer build with AMIs): a consumer is behind from then on.
 */
export function supersededAmis(builds: Build[]): Map<string, SupersededAmi & { accountId: string; region: string }> {
  const newest = newestAvailable(builds);
  const withAmis = builds.filter((build) => HAS_AMIS.has(build.status) && !build.revoked);
  const start = newest ? withAmis.indexOf(newest) : withAmis.length;
  const out = new Map<string, SupersededAmi & { accountId: string; region: string }>();
  for (let i = start + 1; i < withAmis.length; i++) {
    const successor = withAmis[i - 1]!;
    for (const ami of withAmis[i]!.amis) {
      out.set(ami.imageId, {
        version: withAmis[i]!.version,
        ...(successor.created ? { behindSince: successor.created } : {}),
        accountId: ami.accountId,
        region: ami.region,
      });
    }
  }
  return out;
}

/** Whether the newest FAILING_AFTER finished builds all failed. */
export function isFailing(builds: Build[]): boolean {
  const finished = builds.filter((build) => FINISHED.has(build.status)).slice(0, FAILING_AFTER);
  return finished.length === FAILING_AFTER && finished.every((build) => build.status === 'FAILED');
}

/** The references to superseded AMIs as consumers, dated; the same resource twice counts once. */
export function consumersOf(
  references: Reference[],
  superseded: ReadonlyMap<string, SupersededAmi>,
  thresholds: Thresholds,
  now: Date,
): Consumer[] {
  const seen = new Set<string>();
  const consumers: Consumer[] = [];
  for (const reference of references) {
    const ami = superseded.get(reference.imageId);
    const key = `${reference.accountId}/${reference.region}/${reference.kind}/${reference.id}/${reference.imageId}`;
    if (!ami || seen.has(key)) continue;
    seen.add(key);
    const behindDays = ami.behindSince === undefined ? undefined : daysBetween(ami.behindSince, now);
    const since = behindDays === undefined ? {} : { behindSince: ami.behindSince, behindDays };
    consumers.push({
      ...reference,
      version: ami.version,
      ...since,
      lagging: behindDays !== undefined && behindDays > thresholds.consumerGraceDays,
    });
  }
  // Unknown lags first: they may be the longest.
  const lag = (consumer: Consumer) => consumer.behindDays ?? Number.POSITIVE_INFINITY;
  return consumers.sort((a, b) => lag(b) - lag(a) || a.accountId.localeCompare(b.accountId) || a.id.localeCompare(b.id));
}

/** The findings of an image from its facts and consumers. */
export function classify(
  subject: Pick<ImageStatus, 'team' | 'image' | 'pipeline' | 'buildAccountId' | 'region'>,
  facts: PipelineFacts,
  consumers: Consumer[],
  problems: ImageStatus['problems'],
  thresholds: Thresholds,
  now: Date,
): ImageStatus {
  const newestBuild = newestAvailable(facts.builds);
  const newest = newestBuild && {
    version: newestBuild.version,
    ...(newestBuild.created ? { created: newestBuild.created, ageDays: daysBetween(newestBuild.created, now) } : {}),
  };
  const readable = !facts.missing && !problems.some((problem) => problem.action.startsWith('imagebuilder:ListImagePipelineImages'));
  const findings: Finding[] = [];
  if (facts.missing) findings.push('missing');
  if (facts.state === 'DISABLED') findings.push('disabled');
  if (readable && isFailing(facts.builds)) findings.push('failing');
  if (readable && (!newest || (newest.ageDays !== undefined && newest.ageDays > thresholds.maxRebuildIntervalDays))) findings.push('stale');
  if (consumers.some((consumer) => consumer.lagging)) findings.push('lagging');
  if (facts.builds.some((build) => !build.created)) findings.push('undated');
  if (problems.length) findings.push('incomplete');
  return {
    ...subject,
    ...(facts.state ? { pipelineState: facts.state } : {}),
    lastBuilds: facts.builds.slice(0, BUILDS_SHOWN),
    ...(newest ? { newest } : {}),
    consumers,
    findings,
    problems,
  };
}

/**
 * Revocations in the fleet status: a revoked build (tagged `golden-ami:revoked=true` by `npm run
 * revoke`) is never the newest image nor what another is behind; a consumer still on one of its AMIs
 * is `revoked`, urgent whatever its age; an image with a build made on a revoked parent AMI (its
 * `golden-ami:parent-ami` tag, lineage) is `parent-revoked`.
 */
import type { SupersededAmi } from './classify.js';
import type { Build, Consumer, Finding, ImageStatus } from './status.js';

/** Builds whose AMIs exist. */
const HAS_AMIS = new Set(['AVAILABLE', 'DEPRECATED']);

/** Every AMI of a revoked build, by AMI id: consumers on them are looked for whatever their age. */
export function revokedAmis(builds: Build[]): Map<string, SupersededAmi & { accountId: string; region: string }> {
  return new Map(
    builds
      .filter((build) => build.revoked)
      .flatMap((build) => build.amis.map((ami) => [ami.imageId, { version: build.version, accountId: ami.accountId, region: ami.region }])),
  );
}

/** The consumers, those on a revoked AMI marked `revoked`. */
export function markRevoked(consumers: Consumer[], revoked: ReadonlyMap<string, unknown>): Consumer[] {
  return consumers.map((consumer) => (revoked.has(consumer.imageId) ? { ...consumer, revoked: true } : consumer));
}

/** An image's builds with AMIs, not revoked themselves, made on a revoked parent AMI. */
export function builtOnRevoked(builds: Build[], revokedParents: ReadonlySet<string>): { version: string; parentAmi: string }[] {
  return builds.flatMap((build) =>
    HAS_AMIS.has(build.status) && !build.revoked && build.parentAmi && revokedParents.has(build.parentAmi)
      ? [{ version: build.version, parentAmi: build.parentAmi }]
      : [],
  );
}

/** The status with the revocation findings added: `revoked` for a consumer on a revoked AMI, `parent-revoked` for builds on one. */
export function withRevocationFindings(status: ImageStatus, onRevokedParents: { version: string; parentAmi: string }[]): ImageStatus {
  const findings: Finding[] = [];
  if (status.consumers.some((consumer) => consumer.revoked)) findings.push('revoked');
  if (onRevokedParents.length) findings.push('parent-revoked');
  if (!findings.length) return status;
  return {
    ...status,
    findings: [...findings, ...status.findings],
    ...(onRevokedParents.length ? { builtOnRevoked: onRevokedParents } : {}),
  };
}

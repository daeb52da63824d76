/**
 * `npm run revoke -- --restore` and `--cascade` against the fake AWS (fake-aws.ts documents the
 * request and response shapes): a restore undoes the tags and deprecation with its own audit trail
 * and moves nothing forward; a cascade revokes every descendant built on the revoked AMIs, found from
 * the fleet model's `parentImage.golden` and the builds' `golden-ami:parent-ami` tags.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RELEASE_TAGS, REVOCATION_TAGS } from '../../src/model/names.js';
import { planLines } from '../../src/operations/revocation/render.js';
import { runRevocation, type RevocationOptions } from '../../src/operations/revocation/run.js';
import type { RevocationRequest } from '../../src/operations/revocation/plan.js';
import type { FakeAws } from './fake-aws.js';
import {
  ami,
  BAD,
  CANARY,
  COLLECTIONS,
  GOOD,
  IIIF_PIPELINE,
  imageOf,
  KIOSK_PIPELINE,
  NOW,
  PIPELINE,
  PLATFORM,
  RESTORE,
  REVOKE,
  scenarioAws,
  scenarioFleet,
  W1,
  W2,
} from './scenario.js';

const RUN: RevocationOptions = { cascade: false, dryRun: false, force: false };

let aws: FakeAws | undefined;
afterEach(() => aws?.restore());

async function run(
  request: RevocationRequest,
  options: Partial<RevocationOptions> = {},
  image = 'container-host',
  team = 'platform',
  version = BAD,
) {
  const fleet = scenarioFleet();
  return runRevocation(fleet, imageOf(fleet, team, image), version, request, aws!.clients, { ...RUN, ...options });
}

const tagsOf = (fake: FakeAws, pipeline: string, version: string) =>
  fake.pipelines.get(pipeline)!.find((build) => build.version === version)!.tags;

describe('npm run revoke -- --restore', () => {
  it('removes the revoked tags, records who restored it, when and why, and puts back the deprecation time', async () => {
    aws = scenarioAws();
    await run(REVOKE);
    const later = { ...RESTORE, now: new Date(NOW.getTime() + 3_600_000) };
    const restored = await run(later);
    expect(restored.exitCode).toBe(0);
    const tags = tagsOf(aws, PIPELINE, BAD);
    expect(tags[RELEASE_TAGS.revoked]).toBeUndefined();
    expect(tags[RELEASE_TAGS.revokedReason]).toBeUndefined();
    expect(tags).toMatchObject({
      [REVOCATION_TAGS.restoredBy]: 'bob',
      [REVOCATION_TAGS.restoredAt]: later.now.toISOString(),
      [REVOCATION_TAGS.restoredReason]: 'false alarm INC-1234',
    });
    for (const [account, region] of [
      [PLATFORM, W2],
      ['333333333333', W2],
      ['444444444444', W1],
    ] as const) {
      const restoredAmi = aws.ami(account, region, ami(BAD, account, region));
      expect(restoredAmi.deprecationTime).toBe('2027-06-01T00:00:00.000Z');
      expect(
        Object.keys(restoredAmi.tags)
          .filter((key) => key.startsWith(RELEASE_TAGS.revoked))
          .sort(),
      ).toEqual([REVOCATION_TAGS.restoredAt, REVOCATION_TAGS.restoredBy, REVOCATION_TAGS.restoredReason]);
    }
  });

  it('cancels the deprecation of an AMI that had none before it was revoked', async () => {
    aws = scenarioAws();
    delete aws.ami(PLATFORM, W2, ami(BAD, PLATFORM, W2)).deprecationTime;
    await run(REVOKE);
    expect(aws.ami(PLATFORM, W2, ami(BAD, PLATFORM, W2)).tags[REVOCATION_TAGS.deprecationBefore]).toBe('none');
    await run(RESTORE);
    expect(aws.ami(PLATFORM, W2, ami(BAD, PLATFORM, W2)).deprecationTime).toBeUndefined();
    expect(aws.writes.filter((write) => write.startsWith('DisableImageDeprecation'))).toEqual([
      `DisableImageDeprecation ${PLATFORM} ${W2} ${ami(BAD, PLATFORM, W2)}`,
    ]);
  });

  it('does not move channels forward: promote does that', async () => {
    aws = scenarioAws();
    await run(REVOKE);
    await run(RESTORE);
    expect(aws.parameter('222222222222', W2, CANARY)).toBe(ami(GOOD, '222222222222', W2));
    expect(aws.writes.filter((write) => write.startsWith('PutParameter'))).toHaveLength(4);
  });

  it('a second restore changes nothing', async () => {
    aws = scenarioAws();
    await run(REVOKE);
    await run(RESTORE);
    const writes = aws.writes.length;
    const again = await run(RESTORE);
    expect(again.plans[0]!.changes).toEqual([]);
    expect(again.plans[0]!.notes[0]).toBe(`image ${BAD} is not revoked`);
    expect(aws.writes).toHaveLength(writes);
  });

  it('--dry-run prints the restore and makes no write call', async () => {
    aws = scenarioAws();
    await run(REVOKE);
    const writes = aws.writeCalls().length;
    const dry = await run(RESTORE, { dryRun: true });
    expect(aws.writeCalls()).toHaveLength(writes);
    const text = planLines(dry.plans, RESTORE).join('\n');
    expect(text).toContain(`Restore platform/container-host ${BAD}:`);
    expect(text).toContain(`${PLATFORM} ${W2} deprecate ${ami(BAD, PLATFORM, W2)} at 2027-06-01T00:00:00.000Z again`);
    expect(text).toContain(`${PLATFORM} ${W2} remove the revoked tags of ${ami(BAD, PLATFORM, W2)}`);
  });
});

describe('npm run revoke -- --cascade', () => {
  it('revokes every descendant built on the revoked AMIs, recursively, and only those builds', async () => {
    aws = scenarioAws();
    const result = await run(REVOKE, { cascade: true });
    expect(result.exitCode).toBe(0);
    expect(result.plans.map((plan) => `${plan.team}/${plan.image} ${plan.versions.join(',')}`)).toEqual([
      `platform/container-host ${BAD}`,
      'collections/iiif-server 2.0.0/2',
      'collections/gallery-kiosk 3.0.0/2',
    ]);
    expect(tagsOf(aws, IIIF_PIPELINE, '2.0.0/2')).toMatchObject({
      [RELEASE_TAGS.revoked]: 'true',
      [RELEASE_TAGS.revokedReason]: `parent platform/container-host ${BAD} revoked: kernel regression INC-1234`,
    });
    expect(tagsOf(aws, KIOSK_PIPELINE, '3.0.0/2')[RELEASE_TAGS.revoked]).toBe('true');
    expect(aws.ami(COLLECTIONS, W2, ami('3.0.0/2', COLLECTIONS, W2)).tags[RELEASE_TAGS.revoked]).toBe('true');
    // Builds on the good parent are left alone.
    expect(tagsOf(aws, IIIF_PIPELINE, '2.0.0/1')[RELEASE_TAGS.revoked]).toBeUndefined();
    expect(tagsOf(aws, KIOSK_PIPELINE, '3.0.0/1')[RELEASE_TAGS.revoked]).toBeUndefined();
  });

  it('--dry-run prints the whole plan, descendants included, and makes no write call', async () => {
    aws = scenarioAws();
    const result = await run(REVOKE, { cascade: true, dryRun: true });
    expect(aws.writeCalls()).toEqual([]);
    const text = planLines(result.plans, REVOKE).join('\n');
    expect(text).toContain(`Revoke collections/iiif-server 2.0.0/2 (built on platform/container-host ${BAD}):`);
    expect(text).toContain('Revoke collections/gallery-kiosk 3.0.0/2 (built on collections/iiif-server 2.0.0/2):');
    expect(text).toContain(`${COLLECTIONS} ${W2} tag ${ami('3.0.0/2', COLLECTIONS, W2)} golden-ami:revoked=true`);
  });

  it('without --cascade, descendants are left alone', async () => {
    aws = scenarioAws();
    const result = await run(REVOKE);
    expect(result.plans).toHaveLength(1);
    expect(tagsOf(aws, IIIF_PIPELINE, '2.0.0/2')[RELEASE_TAGS.revoked]).toBeUndefined();
  });

  it('a descendant whose builds carry no parent tag is named, with what to do, and not guessed at', async () => {
    aws = scenarioAws();
    for (const build of aws.pipelines.get(IIIF_PIPELINE)!) Reflect.deleteProperty(build.tags, RELEASE_TAGS.parentAmi);
    const result = await run(REVOKE, { cascade: true, dryRun: true });
    expect(result.plans[1]!.notes[0]).toMatch(/^none of its builds carries golden-ami:parent-ami, .* npm run lineage/);
    expect(result.plans[1]!.changes).toEqual([]);
  });

  it('--restore --cascade restores the descendants it revoked', async () => {
    aws = scenarioAws();
    await run(REVOKE, { cascade: true });
    await run(RESTORE, { cascade: true });
    expect(tagsOf(aws, KIOSK_PIPELINE, '3.0.0/2')[RELEASE_TAGS.revoked]).toBeUndefined();
    expect(tagsOf(aws, KIOSK_PIPELINE, '3.0.0/2')[REVOCATION_TAGS.restoredBy]).toBe('bob');
  });
});

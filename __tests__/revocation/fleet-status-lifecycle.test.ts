/**
 * What a revocation leaves for the rest of the project: fleet-status reports a consumer still on a
 * revoked AMI as urgent whatever its age, and a descendant built on one; the lifecycle policies the
 * team stacks synthesize never deprecate or delete a revoked AMI, within the provider's rules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkConformance } from '../../src/checks/conformance/check.js';
import { RELEASE_TAGS } from '../../src/model/names.js';
import { gatherFleetStatus } from '../../src/operations/fleet-status/gather.js';
import { renderText } from '../../src/operations/fleet-status/render-text.js';
import { resources, sharedExample } from '../support/fixture.js';
import type { FakeAws } from './fake-aws.js';
import { ami, BAD, LATEST, LT_222, NEWER, NOW, PIPELINE, PLATFORM, scenarioAws, scenarioFleet, STABLE, W2 } from './scenario.js';

let aws: FakeAws | undefined;
afterEach(() => aws?.restore());

/** The fake AWS with 1.1.0/1 revoked (tagged, as `npm run revoke` leaves it) but two consumers not yet moved. */
function revokedButUsed(): FakeAws {
  const fake = scenarioAws();
  fake.pipelines.get(PIPELINE)!.find((build) => build.version === BAD)!.tags[RELEASE_TAGS.revoked] = 'true';
  return fake;
}

async function status(fake: FakeAws) {
  return gatherFleetStatus(scenarioFleet(), { clients: fake.clients, images: ['container-host', 'iiif-server'], now: NOW });
}

describe('fleet-status after a revocation', () => {
  it('reports every consumer still on a revoked AMI as urgent, whatever its age, and the run fails', async () => {
    aws = revokedButUsed();
    const report = await status(aws);
    const image = report.teams.find((team) => team.team === 'platform')!.images[0]!;
    const onRevoked = image.consumers.filter((consumer) => consumer.revoked);
    expect(onRevoked.map((consumer) => `${consumer.accountId} ${consumer.kind} ${consumer.id} ${consumer.imageId}`).sort()).toEqual(
      [
        `${PLATFORM} ssm parameter ${LATEST} ${ami(BAD, PLATFORM, W2)}`,
        `222222222222 launch template ${LT_222} ${ami(BAD, '222222222222', W2)}`,
        // The stable channel's parameter, which promotion moved there (fleet-status reads later channels' parameters too).
        `333333333333 ssm parameter ${STABLE} ${ami(BAD, '333333333333', W2)}`,
        `444444444444 launch template lt-0f9e8d7c6b5a40312 ${ami(BAD, '444444444444', W2)}`,
      ].sort(),
    );
    // Revoked now, not behind for days: not lagging, but revoked.
    expect(onRevoked.every((consumer) => !consumer.lagging)).toBe(true);
    expect(image.findings).toContain('revoked');
    expect(image.findings).not.toContain('lagging');
    expect(report.ok).toBe(false);
    expect(renderText(report)).toMatch(/container-host.*revoked/);
  });

  it('never takes a revoked build for the newest image, nor counts consumers behind it', async () => {
    aws = revokedButUsed();
    const newest = aws.pipelines.get(PIPELINE)!.find((build) => build.version === NEWER)!;
    newest.tags[RELEASE_TAGS.revoked] = 'true';
    const image = (await status(aws)).teams.find((team) => team.team === 'platform')!.images[0]!;
    expect(image.newest?.version).toBe('1.0.0/1');
  });

  it('flags a descendant built on a revoked AMI (its golden-ami:parent-ami tag)', async () => {
    aws = revokedButUsed();
    const report = await status(aws);
    const child = report.teams.find((team) => team.team === 'collections')!.images[0]!;
    expect(child.image).toBe('iiif-server');
    expect(child.findings).toContain('parent-revoked');
    expect(child.builtOnRevoked).toEqual([{ version: '2.0.0/2', parentAmi: ami(BAD, PLATFORM, W2) }]);
  });

  it('an image with nothing on a revoked AMI has neither finding', async () => {
    aws = scenarioAws();
    const report = await status(aws);
    for (const image of report.teams.flatMap((team) => team.images)) {
      expect(image.findings).not.toContain('revoked');
      expect(image.findings).not.toContain('parent-revoked');
    }
  });
});

describe('lifecycle policies and revoked AMIs', () => {
  it('every lifecycle policy of every team stack excludes revoked images and AMIs from deprecation and deletion', () => {
    const { stacks } = sharedExample();
    let policies = 0;
    for (const [team, stack] of Object.entries(stacks)) {
      for (const [name, policy] of Object.entries(resources(stack, 'aws_imagebuilder_lifecycle_policy'))) {
        policies++;
        for (const detail of (policy as { policy_detail: { exclusion_rules: { tag_map: object; amis: { tag_map: object }[] }[] }[] })
          .policy_detail) {
          const [rule] = detail.exclusion_rules;
          expect(rule!.tag_map, `${team} ${name}`).toEqual({ [RELEASE_TAGS.revoked]: 'true' });
          expect(rule!.amis[0]!.tag_map, `${team} ${name}`).toEqual({ Retain: 'true', [RELEASE_TAGS.revoked]: 'true' });
        }
      }
    }
    expect(policies).toBeGreaterThan(0);
  });

  it('passes the pinned provider rules', () => {
    const { stacks } = sharedExample();
    for (const [name, text] of Object.entries(stacks)) expect(checkConformance({ name, json: JSON.parse(text) }), name).toEqual([]);
  });
});

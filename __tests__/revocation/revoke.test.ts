/**
 * `npm run revoke` against the fake AWS (fake-aws.ts documents the request and response shapes):
 * tags, rollback of channels, ssmParameters and launch templates, deprecation, --dry-run, re-runs,
 * a write that fails once, accounts that deny access, paging, and the refusal without a rollback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RELEASE_TAGS, REVOCATION_TAGS } from '../../src/model/names.js';
import { runRevocation, type RevocationOptions } from '../../src/operations/revocation/run.js';
import { planLines } from '../../src/operations/revocation/render.js';
import { deprecationTimeAfter } from '../../src/operations/revocation/plan.js';
import type { FakeAws } from './fake-aws.js';
import {
  ami,
  BAD,
  CANARY,
  GOOD,
  imageOf,
  LATEST,
  LT_222,
  LT_444,
  NEWER,
  NOW,
  PIPELINE,
  PLATFORM,
  REVOKE,
  scenarioAws,
  scenarioFleet,
  STABLE,
  W1,
  W2,
} from './scenario.js';

const RUN: RevocationOptions = { cascade: false, dryRun: false, force: false };
const BAD_ARN = `arn:aws:imagebuilder:${W2}:${PLATFORM}:image/platform-container-host/${BAD}`;
const BAD_AMIS: [string, string][] = [
  [PLATFORM, W2],
  ['222222222222', W2],
  ['333333333333', W2],
  ['444444444444', W2],
  [PLATFORM, W1],
  ['222222222222', W1],
  ['444444444444', W1],
];

let aws: FakeAws | undefined;
afterEach(() => aws?.restore());

async function revoke(options: Partial<RevocationOptions> = {}, version = BAD) {
  const fleet = scenarioFleet();
  return runRevocation(fleet, imageOf(fleet, 'platform', 'container-host'), version, REVOKE, aws!.clients, { ...RUN, ...options });
}

describe('npm run revoke', () => {
  it('tags the image and every AMI it distributed, in every account and region, with the reason, who and when', async () => {
    aws = scenarioAws();
    const result = await revoke();
    expect(result.exitCode).toBe(0);
    const tags = aws.pipelines.get(PIPELINE)!.find((build) => build.version === BAD)!.tags;
    expect(tags).toMatchObject({
      [RELEASE_TAGS.revoked]: 'true',
      [RELEASE_TAGS.revokedReason]: 'kernel regression INC-1234',
      [RELEASE_TAGS.revokedBy]: 'alice',
      [RELEASE_TAGS.revokedAt]: NOW.toISOString(),
    });
    for (const [account, region] of BAD_AMIS)
      expect(aws.ami(account, region, ami(BAD, account, region)).tags, `${account} ${region}`).toMatchObject({
        [RELEASE_TAGS.revoked]: 'true',
        [RELEASE_TAGS.revokedReason]: 'kernel regression INC-1234',
        [RELEASE_TAGS.revokedBy]: 'alice',
      });
    // The other builds' AMIs are left alone.
    expect(aws.ami(PLATFORM, W2, ami(GOOD, PLATFORM, W2)).tags).toEqual({});
  });

  it('moves every channel parameter, ssmParameter and launch template on a revoked AMI back to the newest build neither revoked nor newer', async () => {
    aws = scenarioAws();
    await revoke();
    // 1.0.0/2 was revoked before and 1.1.0/2 is newer: both are passed over for 1.0.0/1.
    expect(aws.parameter('222222222222', W2, CANARY)).toBe(ami(GOOD, '222222222222', W2));
    expect(aws.parameter('222222222222', W1, CANARY)).toBe(ami(GOOD, '222222222222', W1));
    expect(aws.parameter('333333333333', W2, STABLE)).toBe(ami(GOOD, '333333333333', W2));
    expect(aws.parameter(PLATFORM, W2, LATEST)).toBe(ami(GOOD, PLATFORM, W2));
    // Consumers not on the revoked AMI stay where they are.
    expect(aws.parameter('444444444444', W2, STABLE)).toBe(ami(GOOD, '444444444444', W2));
    expect(aws.parameter('222222222222', W2, LATEST)).toBe(ami(NEWER, '222222222222', W2));
    for (const [account, id] of [
      ['222222222222', LT_222],
      ['444444444444', LT_444],
    ] as const) {
      const template = aws.template(account, W2, id);
      expect(template.versions.map((version) => version.imageId)).toEqual([ami(BAD, account, W2), ami(GOOD, account, W2)]);
      // team.yaml sets default versions for these templates.
      expect(template.defaultVersion).toBe(2);
    }
  });

  it('deprecates the AMIs now and records the deprecation time they had', async () => {
    aws = scenarioAws();
    await revoke();
    const at = deprecationTimeAfter(NOW);
    expect(at).toBe('2026-12-01T06:01:00.000Z');
    for (const [account, region] of BAD_AMIS) {
      const revoked = aws.ami(account, region, ami(BAD, account, region));
      expect(revoked.deprecationTime).toBe(at);
      expect(revoked.tags[REVOCATION_TAGS.deprecationBefore]).toBe('2027-06-01T00:00:00.000Z');
    }
  });

  it('--dry-run prints every change and makes no write call', async () => {
    aws = scenarioAws();
    const result = await revoke({ dryRun: true });
    expect(result.exitCode).toBe(0);
    expect(aws.writeCalls()).toEqual([]);
    const text = planLines(result.plans, REVOKE).join('\n');
    expect(text).toContain(`Revoke platform/container-host ${BAD}:`);
    expect(text).toContain(`tag image ${BAD_ARN} golden-ami:revoked=true`);
    for (const [account, region] of BAD_AMIS) {
      expect(text).toContain(`${account} ${region} tag ${ami(BAD, account, region)} golden-ami:revoked=true`);
      expect(text).toContain(`${account} ${region} deprecate ${ami(BAD, account, region)} at 2026-12-01T06:01:00.000Z`);
    }
    expect(text).toContain(`222222222222 ${W1} ssm parameter ${CANARY}: ${ami(GOOD, '222222222222', W1)} (${GOOD})`);
    expect(text).toContain(`444444444444 ${W2} launch template ${LT_444}: new version from 1 with ${ami(GOOD, '444444444444', W2)}`);
    // 8 tags, 4 parameters, 2 launch templates, 7 deprecations.
    expect(result.plans[0]!.changes).toHaveLength(21);
  });

  it('a second run makes no change', async () => {
    aws = scenarioAws();
    await revoke();
    const writes = aws.writeCalls().length;
    const again = await revoke();
    expect(again.exitCode).toBe(0);
    expect(again.plans[0]!.changes).toEqual([]);
    expect(aws.writeCalls()).toHaveLength(writes);
    expect(again.plans[0]!.notes).toContain(
      `image ${BAD} is already revoked (by alice at ${NOW.toISOString()}: kernel regression INC-1234)`,
    );
    // The deprecation time recorded is the original one, not the revocation's own.
    expect(aws.ami(PLATFORM, W2, ami(BAD, PLATFORM, W2)).tags[REVOCATION_TAGS.deprecationBefore]).toBe('2027-06-01T00:00:00.000Z');
  });

  it('a write that fails once is reported; the same command again completes it without applying anything twice', async () => {
    aws = scenarioAws();
    aws.failOnce.add('ModifyLaunchTemplate');
    aws.failOnce.add('PutParameter');
    const first = await revoke();
    expect(first.exitCode).toBe(1);
    const failed = first.outcomes.filter((outcome) => outcome.outcome === 'failed');
    expect(failed.map((outcome) => outcome.problem!.action).sort()).toEqual(['ec2:ModifyLaunchTemplate', 'ssm:PutParameter']);
    expect(failed.every((outcome) => outcome.problem!.kind === 'throttled')).toBe(true);
    const second = await revoke();
    expect(second.exitCode).toBe(0);
    // Only what was left: one parameter and one default version.
    expect(second.plans[0]!.changes.map((change) => change.kind).sort()).toEqual(['launch-template', 'parameter']);
    for (const [account, id] of [
      ['222222222222', LT_222],
      ['444444444444', LT_444],
    ] as const) {
      const template = aws.template(account, W2, id);
      expect(template.versions, `${id} has one new version`).toHaveLength(2);
      expect(template.defaultVersion).toBe(2);
    }
    expect(aws.writes.filter((write) => write.startsWith('CreateLaunchTemplateVersion'))).toHaveLength(2);
  });

  it('an account that denies access is reported and the rest completes (exit 1)', async () => {
    aws = scenarioAws();
    aws.denied.add('333333333333');
    const result = await revoke();
    expect(result.exitCode).toBe(1);
    const problems = result.plans[0]!.problems;
    expect(problems.map((problem) => `${problem.accountId} ${problem.action} ${problem.kind}`)).toEqual([
      '333333333333 ec2:DescribeImages access denied',
      '333333333333 ssm:GetParameter access denied',
      '333333333333 ssm:GetParameter access denied',
      '333333333333 ssm:GetParameter access denied',
    ]);
    expect(aws.parameter('222222222222', W2, CANARY)).toBe(ami(GOOD, '222222222222', W2));
    expect(aws.ami('444444444444', W1, ami(BAD, '444444444444', W1)).tags[RELEASE_TAGS.revoked]).toBe('true');
    expect(aws.parameter('333333333333', W2, STABLE)).toBe(ami(BAD, '333333333333', W2));
  });

  it('refuses when a consumer has no earlier build to go back to, and changes nothing; --force revokes anyway', async () => {
    aws = scenarioAws();
    aws.setParameter(PLATFORM, W2, LATEST, ami(GOOD, PLATFORM, W2));
    const refused = await revoke({}, GOOD);
    expect(refused.exitCode).toBe(1);
    expect(refused.refused).toMatch(/2 consumer\(s\) above have no earlier build .* rerun with --force/);
    expect(refused.plans[0]!.blocked).toEqual([
      { accountId: '444444444444', region: W2, what: `ssm parameter ${STABLE}`, imageId: ami(GOOD, '444444444444', W2) },
      { accountId: PLATFORM, region: W2, what: `ssm parameter ${LATEST}`, imageId: ami(GOOD, PLATFORM, W2) },
    ]);
    expect(aws.writeCalls()).toEqual([]);
    const forced = await revoke({ force: true }, GOOD);
    expect(forced.exitCode).toBe(0);
    expect(aws.ami(PLATFORM, W2, ami(GOOD, PLATFORM, W2)).tags[RELEASE_TAGS.revoked]).toBe('true');
    expect(aws.parameter(PLATFORM, W2, LATEST)).toBe(ami(GOOD, PLATFORM, W2));
  });

  it('a version that names no build changes nothing and lists the versions there are', async () => {
    aws = scenarioAws();
    const result = await revoke({}, '9.9.9');
    expect(result.exitCode).toBe(1);
    expect(result.plans[0]!.notes[0]).toBe(`no build with AMIs has version 9.9.9 (builds with AMIs: ${NEWER}, ${BAD}, 1.0.0/2, ${GOOD})`);
    expect(aws.writeCalls()).toEqual([]);
  });

  it('reads every page of the builds, and stops on a paging token AWS repeats, changing nothing', async () => {
    aws = scenarioAws();
    await revoke({ dryRun: true });
    // One build a page: four pages.
    expect(aws.calls().filter((name) => name === 'ListImagePipelineImagesCommand')).toHaveLength(4);
    aws.restore();
    aws = scenarioAws();
    aws.loopingPipeline = PIPELINE;
    const looping = await revoke();
    expect(looping.exitCode).toBe(1);
    expect(looping.plans[0]!.problems[0]!.message).toMatch(/paging token it had already returned/);
    expect(aws.writeCalls()).toEqual([]);
  });
});

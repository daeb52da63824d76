/**
 * The automatic rule (npm run promote -- --automatic, the scheduled workflow) against a mocked AWS:
 * a soakDays channel moves once the version soaked, passed its tests, is not revoked and has no open
 * critical finding; an approval channel never moves here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/model/fleet/fleet.js';
import { promoteAutomatically } from '../../src/operations/promotion/automatic.js';
import type { Channel } from '../../src/model/fleet/fleet.js';
import { FixtureRepo } from '../support/fixture.js';
import { amiOf, buildArn, buildSummary, everyCopy, withChannels, world } from './scene.js';

const STABLE_PARAMETER = '/golden-ami/platform/container-host/stable';

describe('npm run promote -- --automatic', () => {
  let repo: FixtureRepo;
  let fleet: Fleet;
  beforeAll(() => {
    repo = new FixtureRepo();
    fleet = repo.fleet();
  });
  afterAll(() => repo.dispose());

  const scene = (options: { status?: string; tags?: Record<string, string> } = {}) =>
    world(
      [
        buildSummary(1, '1.0.0/1', { created: '2026-11-01T10:00:00.000Z', copies: everyCopy() }),
        buildSummary(2, '1.1.0/1', { created: '2026-11-20T10:00:00.000Z', copies: everyCopy(), ...options }),
      ],
      { candidate: 2, stable: 1 },
    );

  async function decide(aws: ReturnType<typeof scene>, now: string, stable: Channel['promotion'] = { soakDays: 7, approval: false }) {
    const target = withChannels(fleet, stable);
    return promoteAutomatically([target], {
      who: 'github-actions',
      dryRun: false,
      now: new Date(now),
      clients: aws.releaseClients,
      say: () => undefined,
    });
  }

  it('waits while the version has been in the channel before for fewer than soakDays days (counted from its build for the first channel)', async () => {
    const aws = scene();
    expect(await decide(aws, '2026-11-26T10:00:00.000Z')).toEqual([
      {
        image: 'platform/container-host',
        channel: 'stable',
        outcome: { kind: 'waiting', message: '1.1.0/1 has soaked 6 of 7 days in candidate' },
      },
    ]);
    expect(aws.writes).toEqual([]);
  });

  it('promotes once it has soaked, passed its tests and has no open critical finding, saying why on the image', async () => {
    const aws = scene();
    const decisions = await decide(aws, '2026-11-27T10:00:00.000Z');
    expect(decisions).toEqual([
      {
        image: 'platform/container-host',
        channel: 'stable',
        outcome: { kind: 'promoted', channel: 'stable', version: '1.1.0/1', failures: [] },
      },
    ]);
    expect(aws.place('444444444444', 'eu-west-1').parameters.get(STABLE_PARAMETER)).toBe(amiOf(2, '444444444444', 'eu-west-1'));
    expect(aws.writes.find((w) => w.action === 'imagebuilder:TagResource')!.input).toEqual({
      resourceArn: buildArn('1.1.0/1'),
      tags: {
        'golden-ami:promoted:stable':
          '2026-11-27T10:00:00.000Z by github-actions: automatic: 7 days in candidate with tests passed and no open critical finding',
      },
    });
    expect(aws.calls).toContain('111111111111 eu-west-2 imagebuilder:ListImageScanFindings');
  });

  it('waits while the version has an open CRITICAL finding', async () => {
    const aws = scene();
    aws.findings.set(buildArn('1.1.0/1'), [
      {
        awsAccountId: '111111111111',
        imageBuildVersionArn: buildArn('1.1.0/1'),
        severity: 'CRITICAL',
        title: 'CVE-2026-1234 - openssl',
        type: 'PACKAGE_VULNERABILITY',
      },
    ]);
    expect((await decide(aws, '2026-12-08T10:00:00.000Z'))[0]!.outcome).toEqual({
      kind: 'waiting',
      message: '1.1.0/1 has 1 open CRITICAL finding',
    });
    expect(aws.writes).toEqual([]);
  });

  it.each([
    ['a version whose tests failed', { status: 'FAILED' }, '1.1.0/1 is FAILED, not AVAILABLE'],
    ['a revoked version', { tags: { 'golden-ami:revoked': 'true' } }, '1.1.0/1 was revoked'],
  ])('never promotes %s', async (_, options, message) => {
    const aws = scene(options);
    // A failed build is never distributed: here the candidate parameter still names it, as a hostile state would.
    expect((await decide(aws, '2026-12-08T10:00:00.000Z'))[0]!.outcome).toEqual({ kind: 'waiting', message });
    expect(aws.writes).toEqual([]);
  });

  it('counts the soak of a later channel from its promoted tag', async () => {
    const aws = world(
      [
        buildSummary(1, '1.0.0/1', { created: '2026-11-01T10:00:00.000Z', copies: everyCopy(true) }),
        buildSummary(2, '1.1.0/1', {
          created: '2026-11-01T10:00:00.000Z',
          copies: everyCopy(true),
          tags: { 'golden-ami:promoted:beta': '2026-12-05T10:00:00.000Z by ops: ok' },
        }),
      ],
      { candidate: 2, beta: 2, stable: 1 },
      true,
    );
    const target = withChannels(fleet, { soakDays: 7, approval: false }, { approval: true });
    const decisions = await promoteAutomatically([target], {
      who: 'ci',
      dryRun: false,
      now: new Date('2026-12-08T10:00:00.000Z'),
      clients: aws.releaseClients,
      say: () => undefined,
    });
    expect(decisions).toEqual([
      {
        image: 'platform/container-host',
        channel: 'stable',
        outcome: { kind: 'waiting', message: '1.1.0/1 has soaked 3 of 7 days in beta' },
      },
    ]);
  });

  it('never promotes an approval channel, whatever its soak', async () => {
    const aws = scene();
    expect(await decide(aws, '2027-06-01T10:00:00.000Z', { soakDays: 1, approval: true })).toEqual([]);
    expect(await decide(aws, '2027-06-01T10:00:00.000Z', { approval: true })).toEqual([]);
    expect(aws.calls).toEqual([]);
  });
});

/** fleet-status for images with channels: each channel's version, and how long the candidate has waited (SSM mocked). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/model/fleet/fleet.js';
import { channelsStatus, channelsText } from '../../src/operations/fleet-status/channels.js';
import type { Build } from '../../src/operations/fleet-status/status.js';
import { FixtureRepo } from '../support/fixture.js';
import { denied } from './aws-world.js';
import { amiOf, buildSummary, CANDIDATE, everyCopy, withChannels, world } from './scene.js';

const NOW = new Date('2026-12-08T10:00:00.000Z');

/** The builds as fleet-status reads them (pipelines.ts): version and AMIs. */
const asBuilds = (summaries: ReturnType<typeof buildSummary>[]): Build[] =>
  summaries.map((summary) => ({
    version: /(\d+\.\d+\.\d+\/\d+)$/.exec(summary.arn!)![1]!,
    status: 'AVAILABLE',
    created: summary.dateCreated!,
    amis: summary.outputResources!.amis!.map((ami) => ({ accountId: ami.accountId!, region: ami.region!, imageId: ami.image! })),
  }));

describe('fleet-status: channels', () => {
  let repo: FixtureRepo;
  let fleet: Fleet;
  beforeAll(() => {
    repo = new FixtureRepo();
    fleet = repo.fleet();
  });
  afterAll(() => repo.dispose());

  const summaries = [
    buildSummary(1, '1.0.0/1', { created: '2026-11-01T10:00:00.000Z', copies: everyCopy() }),
    buildSummary(2, '1.1.0/1', { created: '2026-11-20T10:00:00.000Z', copies: everyCopy() }),
  ];

  it("shows each channel's version and how long the candidate has waited for the next channel", async () => {
    const aws = world(summaries, { candidate: 2, stable: 1 });
    const { image } = withChannels(fleet, { approval: true });
    const status = await channelsStatus(image, asBuilds(summaries), aws.releaseClients.ssm, NOW);
    expect(status).toEqual({
      channels: [
        { channel: 'candidate', version: '1.1.0/1', imageId: amiOf(2, CANDIDATE, 'eu-west-2') },
        { channel: 'stable', version: '1.0.0/1', imageId: amiOf(1, '222222222222', 'eu-west-2') },
      ],
      waiting: { version: '1.1.0/1', channel: 'stable', days: 18 },
    });
    expect(channelsText(status)).toBe('candidate 1.1.0/1, stable 1.0.0/1; 1.1.0/1 has waited 18 days for stable');
    expect(aws.writes).toEqual([]);
  });

  it('says nothing waits when every channel holds the candidate', async () => {
    const aws = world(summaries, { candidate: 2, stable: 2 });
    const { image } = withChannels(fleet, { approval: true });
    const status = await channelsStatus(image, asBuilds(summaries), aws.releaseClients.ssm, NOW);
    expect(channelsText(status)).toBe('candidate 1.1.0/1, stable 1.1.0/1');
  });

  it('reads the next account of a stage when one denies access, and says when none answers', async () => {
    const aws = world(summaries, { candidate: 2, stable: 1 });
    aws.failures.set('222222222222', denied('ssm', 'ssm:GetParameter'));
    const { image } = withChannels(fleet, { approval: true });
    const readable = await channelsStatus(image, asBuilds(summaries), aws.releaseClients.ssm, NOW);
    expect(readable.channels[1]).toEqual({ channel: 'stable', version: '1.0.0/1', imageId: amiOf(1, '444444444444', 'eu-west-2') });
    aws.failures.set('444444444444', denied('ssm', 'ssm:GetParameter'));
    const unreadable = await channelsStatus(image, asBuilds(summaries), aws.releaseClients.ssm, NOW);
    expect(unreadable.channels[1]).toMatchObject({
      channel: 'stable',
      unreadable: true,
      problems: [
        expect.stringMatching(/^222222222222 eu-west-2: AccessDeniedException/),
        expect.anything(),
        expect.anything(),
        expect.anything(),
      ],
    });
    expect(channelsText(unreadable)).toBe('candidate 1.1.0/1, stable unreadable');
  });
});

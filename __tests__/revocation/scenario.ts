/**
 * The revocation tests' world: the example fleet with platform/container-host released through two
 * channels (canary in 222222222222, stable in 333333333333 and 444444444444), collections/iiif-server
 * built on it by name and collections/gallery-kiosk built on iiif-server; and in the fake AWS, four
 * builds of container-host (1.0.0/1 good, 1.0.0/2 revoked before, 1.1.0/1 bad, 1.1.0/2 newer), with
 * consumers on each.
 */
import type { Fleet, Image, Team } from '../../src/model/fleet/fleet.js';
import { channelParameterName, pipelineArn, RELEASE_TAGS } from '../../src/model/names.js';
import { loadVersionedFleet } from '../../src/versioning/sync.js';
import type { RevocationRequest } from '../../src/operations/revocation/plan.js';
import { REPO_ROOT } from '../support/fixture.js';
import { FakeAws, type FakeBuild } from './fake-aws.js';

export const NOW = new Date('2026-12-01T06:00:30.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

export const PLATFORM = '111111111111';
export const COLLECTIONS = '555555555555';
export const W2 = 'eu-west-2';
export const W1 = 'eu-west-1';
export const PIPELINE = pipelineArn('aws', W2, PLATFORM, 'platform-container-host');
export const IIIF_PIPELINE = pipelineArn('aws', W2, COLLECTIONS, 'collections-iiif-server');
export const KIOSK_PIPELINE = pipelineArn('aws', W2, COLLECTIONS, 'collections-gallery-kiosk');

/** Where container-host's builds go: the build account and the targets of each region (example team.yaml). */
const TARGETS: Record<string, string[]> = {
  [W2]: [PLATFORM, '222222222222', '333333333333', '444444444444'],
  [W1]: [PLATFORM, '222222222222', '444444444444'],
};

/** The AMI id of a build in an account and region, e.g. `ami-110b-2222-w2`. */
export function ami(version: string, accountId: string, region: string): string {
  return `ami-${version.replace(/\D/g, '')}-${accountId.slice(0, 4)}-${region === W2 ? 'w2' : 'w1'}`;
}

function build(version: string, ageDays: number, tags: Record<string, string> = {}): FakeBuild {
  const amis = Object.entries(TARGETS).flatMap(([region, accounts]) =>
    accounts.map((accountId) => ({ accountId, region, imageId: ami(version, accountId, region) })),
  );
  return { version, status: 'AVAILABLE', created: daysAgo(ageDays), tags, amis };
}

export const GOOD = '1.0.0/1';
export const EARLIER_REVOKED = '1.0.0/2';
export const BAD = '1.1.0/1';
export const NEWER = '1.1.0/2';
export const CANARY = channelParameterName('platform', 'container-host', 'canary');
export const STABLE = channelParameterName('platform', 'container-host', 'stable');
export const LATEST = '/golden-ami/platform/container-host/latest';
export const LT_222 = 'lt-0a1b2c3d4e5f60718';
export const LT_444 = 'lt-0f9e8d7c6b5a40312';

/** The fleet: example teams, container-host with channels, the collections images built on it by name. */
export function scenarioFleet(): Fleet {
  const { fleet } = loadVersionedFleet(REPO_ROOT);
  const source = { file: 'teams/platform/team.yaml', path: 'images[0].channels', line: 1, column: 1 };
  const withImage = (team: Team, name: string, change: (image: Image) => Image): Team => ({
    ...team,
    images: team.images.map((image) => (image.name === name ? change(image) : image)),
  });
  return {
    ...fleet!,
    // The example's website team builds on container-host too; the fake AWS holds no builds of it, so the scenario leaves it out.
    teams: fleet!.teams
      .filter((team) => team.name !== 'website')
      .map((team) => {
        if (team.name === 'platform')
          return withImage(team, 'container-host', (image) => ({
            ...image,
            channels: [
              { name: 'canary', accountIds: ['222222222222'], parameterName: CANARY, source },
              {
                name: 'stable',
                accountIds: ['333333333333', '444444444444'],
                parameterName: STABLE,
                promotion: { approval: true },
                source,
              },
            ],
          }));
        if (team.name === 'collections') {
          const onIiif = withImage(team, 'iiif-server', (image) => ({
            ...image,
            parentImage: { ...image.parentImage, golden: { team: 'platform', image: 'container-host', channel: 'stable' } },
          }));
          return withImage(onIiif, 'gallery-kiosk', (image) => ({
            ...image,
            parentImage: { ...image.parentImage, golden: { team: 'collections', image: 'iiif-server' } },
          }));
        }
        return team;
      }),
  };
}

/** The fake AWS with container-host's builds and consumers, and the collections images' builds. */
export function scenarioAws(): FakeAws {
  const aws = new FakeAws();
  aws.addBuild(PIPELINE, build(GOOD, 30));
  aws.addBuild(PIPELINE, build(EARLIER_REVOKED, 20, { [RELEASE_TAGS.revoked]: 'true' }));
  aws.addBuild(PIPELINE, build(BAD, 10), '2027-06-01T00:00:00.000Z');
  aws.addBuild(PIPELINE, build(NEWER, 1));
  for (const region of [W2, W1]) aws.setParameter('222222222222', region, CANARY, ami(BAD, '222222222222', region));
  aws.setParameter('333333333333', W2, STABLE, ami(BAD, '333333333333', W2));
  aws.setParameter('444444444444', W2, STABLE, ami(GOOD, '444444444444', W2));
  aws.setParameter(PLATFORM, W2, LATEST, ami(BAD, PLATFORM, W2));
  aws.setParameter('222222222222', W2, LATEST, ami(NEWER, '222222222222', W2));
  aws.setTemplate('222222222222', W2, LT_222, ami(BAD, '222222222222', W2));
  aws.setTemplate('444444444444', W2, LT_444, ami(BAD, '444444444444', W2));
  // iiif-server: 2.0.0/1 on the good AMI, 2.0.0/2 on the bad one; gallery-kiosk: 3.0.0/2 on iiif-server 2.0.0/2.
  const child = (version: string, ageDays: number, parentAmi: string): FakeBuild => ({
    version,
    status: 'AVAILABLE',
    created: daysAgo(ageDays),
    tags: { [RELEASE_TAGS.parentAmi]: parentAmi },
    amis: [{ accountId: COLLECTIONS, region: W2, imageId: ami(version, COLLECTIONS, W2) }],
  });
  aws.addBuild(IIIF_PIPELINE, child('2.0.0/1', 25, ami(GOOD, PLATFORM, W2)));
  aws.addBuild(IIIF_PIPELINE, child('2.0.0/2', 9, ami(BAD, PLATFORM, W2)));
  aws.addBuild(KIOSK_PIPELINE, child('3.0.0/1', 24, ami('2.0.0/1', COLLECTIONS, W2)));
  aws.addBuild(KIOSK_PIPELINE, child('3.0.0/2', 8, ami('2.0.0/2', COLLECTIONS, W2)));
  aws.setTemplate('222222222222', W2, 'lt-0c0ffee0c0ffee001', ami('3.0.0/1', COLLECTIONS, W2));
  return aws;
}

export const REVOKE: RevocationRequest = { mode: 'revoke', reason: 'kernel regression INC-1234', by: 'alice', now: NOW };
export const RESTORE: RevocationRequest = { mode: 'restore', reason: 'false alarm INC-1234', by: 'bob', now: NOW };

/** A team and image of the fleet. */
export function imageOf(fleet: Fleet, team: string, image: string): { team: Team; image: Image } {
  const found = fleet.teams.find((candidate) => candidate.name === team)!;
  return { team: found, image: found.images.find((candidate) => candidate.name === image)! };
}

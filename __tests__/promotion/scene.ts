/**
 * The promotion scene: platform/container-host of the fixture (build account 111111111111,
 * eu-west-2; copies to 222222222222, 333333333333 and 444444444444 in eu-west-2, and to
 * 222222222222 and 444444444444 in eu-west-1; launch templates in 222222222222 and 444444444444 in
 * eu-west-2, both with setDefaultVersion) given channels directly on the fleet model: `candidate`
 * (333333333333) and `stable` (222222222222, 444444444444), and optionally `beta` between them.
 */
import type { ImageSummary } from '@aws-sdk/client-imagebuilder';
import type { Channel, Fleet, Image, Team } from '../../src/model/fleet/fleet.js';
import { channelParameterName } from '../../src/model/names.js';
import { AwsWorld } from './aws-world.js';

export const BUILD = '111111111111';
export const CANDIDATE = '333333333333';
export const STABLE = ['222222222222', '444444444444'] as const;
export const BETA = '555555555555';
export const TEMPLATES = { '222222222222': 'lt-0a1b2c3d4e5f60718', '444444444444': 'lt-0f9e8d7c6b5a40312' } as const;

/** The image's channels: candidate, [beta,] stable. */
export function withChannels(fleet: Fleet, stable: Channel['promotion'], beta?: Channel['promotion']): { team: Team; image: Image } {
  const team = fleet.teams.find((candidate) => candidate.name === 'platform')!;
  const base = team.images.find((candidate) => candidate.name === 'container-host')!;
  const channel = (name: string, accountIds: string[], promotion?: Channel['promotion']): Channel => ({
    name,
    accountIds,
    parameterName: channelParameterName(team.name, base.name, name),
    ...(promotion ? { promotion } : {}),
    source: { ...base.source, path: `images[0].channels` },
  });
  const channels = [
    channel('candidate', [CANDIDATE]),
    ...(beta ? [channel('beta', [BETA], beta)] : []),
    channel('stable', [...STABLE], stable),
  ];
  // beta's account gets copies in every region, like the others.
  const distribution = base.distribution.map((target) => ({
    ...target,
    targetAccountIds: beta ? [...target.targetAccountIds, BETA] : target.targetAccountIds,
  }));
  const image = { ...base, channels, distribution };
  return { team: { ...team, images: team.images.map((i) => (i === base ? image : i)) }, image };
}

/** The AMI id of a build (numbered) in an account and region. */
export function amiOf(build: number, account: string, region: string): string {
  return `ami-0${build}${account.slice(0, 3)}${region === 'eu-west-1' ? '1' : '2'}00000000000`.slice(0, 21);
}

const ARN = (version: string) => `arn:aws:imagebuilder:eu-west-2:${BUILD}:image/platform-container-host/${version}`;

/** A build as ListImagePipelineImages describes it, with an AMI in the build account and every account given. */
export function buildSummary(
  build: number,
  version: string,
  options: { created: string; status?: string; tags?: Record<string, string>; copies: { account: string; region: string }[] },
): ImageSummary {
  const amis = [{ account: BUILD, region: 'eu-west-2' }, { account: BUILD, region: 'eu-west-1' }, ...options.copies].map(
    ({ account, region }) => ({
      region,
      image: amiOf(build, account, region),
      name: `platform-container-host-${version.replace('/', '-')}`,
      description: 'Container host',
      accountId: account,
    }),
  );
  return {
    arn: ARN(version),
    name: 'platform-container-host',
    type: 'AMI',
    version: version.split('/')[0],
    platform: 'Linux',
    osVersion: 'Amazon Linux 2023',
    state: { status: (options.status ?? 'AVAILABLE') as never },
    owner: BUILD,
    dateCreated: options.created,
    outputResources: { amis },
    tags: options.tags ?? {},
    buildType: 'USER_INITIATED',
    imageSource: 'CUSTOM',
  };
}

export const buildArn = ARN;

/** Every account and region Image Builder copied to. */
export function everyCopy(beta = false): { account: string; region: string }[] {
  return [
    { account: '222222222222', region: 'eu-west-2' },
    { account: '333333333333', region: 'eu-west-2' },
    { account: '444444444444', region: 'eu-west-2' },
    { account: '222222222222', region: 'eu-west-1' },
    { account: '444444444444', region: 'eu-west-1' },
    { account: '333333333333', region: 'eu-west-1' },
    ...(beta
      ? [
          { account: BETA, region: 'eu-west-2' },
          { account: BETA, region: 'eu-west-1' },
        ]
      : []),
  ];
}

/**
 * The world: builds 1 (1.0.0/1, in stable since November) and 2 (1.1.0/1, built 2026-11-20, in
 * candidate); every AMI of both registered where outputResources says; stable's templates on build 1.
 */
export function world(builds: ImageSummary[], holds: Record<string, number>, beta = false): AwsWorld {
  const aws = new AwsWorld();
  aws.buildPages = [{ imageSummaryList: builds }];
  for (const summary of builds)
    for (const ami of summary.outputResources!.amis!) aws.addImage(ami.accountId!, ami.region!, ami.image!, ami.name!);
  const parameter = (channel: string) => channelParameterName('platform', 'container-host', channel);
  const accountsOf: Record<string, string[]> = { candidate: [CANDIDATE], beta: beta ? [BETA] : [], stable: [...STABLE] };
  for (const [channel, build] of Object.entries(holds))
    for (const account of accountsOf[channel]!)
      for (const region of ['eu-west-2', 'eu-west-1'])
        aws.place(account, region).parameters.set(parameter(channel), amiOf(build, account, region));
  const stableBuild = holds.stable ?? 1;
  for (const [account, id] of Object.entries(TEMPLATES))
    aws.addTemplate(account, 'eu-west-2', id, amiOf(stableBuild, account, 'eu-west-2'));
  return aws;
}

/**
 * What AWS holds for a revocation, read before anything is written: the image's build versions (the
 * pipeline's images, paged), each revoked build's image and AMIs (GetImage outputResources, every
 * account and region it was distributed to), the AMIs' tags and deprecation times (DescribeImages in
 * the account that owns each), and where the image's consumers point now (channel and team.yaml SSM
 * parameters, launch templates). A call that fails becomes a problem of its account; the rest is read.
 */
import { DescribeImagesCommand, DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { GetImageCommand } from '@aws-sdk/client-imagebuilder';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { Image, Team } from '../../model/fleet/fleet.js';
import { imageBuildArn, pipelineArn } from '../../model/names.js';
import { awsText } from '../aws/response-text.js';
import { accountProblem } from '../fleet-status/errors.js';
import { pipelineFacts } from '../fleet-status/pipelines.js';
import type { AccountProblem, Build } from '../fleet-status/status.js';
import type { RevocationClients } from './changes.js';

/** An AMI and where it is. */
export interface AmiRef {
  accountId: string;
  region: string;
  imageId: string;
}

/** An AMI as DescribeImages describes it: its tags and deprecation time. */
export interface AmiFacts extends AmiRef {
  tags: Record<string, string>;
  deprecationTime?: string;
}

/** One build version of an image, as GetImage describes it. */
export interface BuildFacts {
  version: string;
  arn: string;
  tags: Record<string, string>;
  amis: AmiRef[];
}

/** Something of the image that points at an AMI: a parameter or a launch template. */
export type ConsumerFacts =
  | { kind: 'parameter'; accountId: string; region: string; name: string; imageId: string }
  | {
      kind: 'launch-template';
      accountId: string;
      region: string;
      launchTemplateId: string;
      setDefault: boolean;
      latest: { version: number; imageId?: string };
      default?: { version: number; imageId?: string };
    };

const tagsOf = (tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).flatMap((tag) => (tag.Key ? [[tag.Key, tag.Value ?? '']] : [])));

/** Every build of the image, newest first (the pipeline's images, paged), or the problems that kept them from being read. */
export async function imageBuilds(
  team: Team,
  image: Image,
  clients: RevocationClients,
): Promise<{ builds: Build[]; problems: AccountProblem[] }> {
  const facts = await pipelineFacts(
    clients.imagebuilder(team.region, team.account.id),
    pipelineArn(team.partition, team.region, team.account.id, image.resourceName),
    team.account.id,
    team.region,
  );
  const problems = facts.problems.filter((problem) => problem.action !== 'imagebuilder:GetImagePipeline');
  if (facts.missing)
    problems.push({
      accountId: team.account.id,
      region: team.region,
      action: 'imagebuilder:GetImagePipeline',
      kind: 'error',
      message: `the pipeline ${image.resourceName} does not exist: is the team stack deployed?`,
    });
  return { builds: facts.builds, problems };
}

/** A build version's image (GetImage): its tags and every AMI it distributed (the build account's when AWS omits the account). */
export async function buildFacts(team: Team, image: Image, version: string, clients: RevocationClients): Promise<BuildFacts> {
  const arn = imageBuildArn(team.partition, team.region, team.account.id, image.resourceName, version);
  const { image: got } = await clients.imagebuilder(team.region, team.account.id).send(new GetImageCommand({ imageBuildVersionArn: arn }));
  const amis = (got?.outputResources?.amis ?? []).flatMap((ami) =>
    ami.image && ami.region
      ? [{ accountId: awsText(ami.accountId ?? team.account.id), region: awsText(ami.region), imageId: awsText(ami.image) }]
      : [],
  );
  return { version, arn, tags: got?.tags ?? {}, amis };
}

/** `items` grouped by account and region. */
export function byLocation<T extends { accountId: string; region: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = `${item.accountId}/${item.region}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** The AMIs' tags and deprecation times, read in the account that owns each; an AMI already deregistered is left out. */
export async function amiFacts(amis: AmiRef[], clients: RevocationClients): Promise<{ amis: AmiFacts[]; problems: AccountProblem[] }> {
  const found: AmiFacts[] = [];
  const problems: AccountProblem[] = [];
  for (const group of byLocation(amis).values()) {
    const { accountId, region } = group[0]!;
    try {
      // At most a few AMIs per account and region: DescribeImages with ImageIds is not paged.
      const { Images } = await clients
        .ec2(region, accountId)
        .send(new DescribeImagesCommand({ ImageIds: group.map((ami) => ami.imageId), IncludeDeprecated: true }));
      for (const described of Images ?? []) {
        if (!described.ImageId || !group.some((ami) => ami.imageId === described.ImageId)) continue;
        found.push({
          accountId,
          region,
          imageId: described.ImageId,
          tags: tagsOf(described.Tags),
          ...(described.DeprecationTime ? { deprecationTime: described.DeprecationTime } : {}),
        });
      }
    } catch (error) {
      problems.push(accountProblem(accountId, region, 'ec2:DescribeImages', error));
    }
  }
  return { amis: found, problems };
}

/** The regions the image is distributed to. */
const regionsOf = (image: Image) => [...new Set(image.distribution.map((target) => target.region))];

/** The SSM parameters of the image: each channel's in its accounts and regions, and the team.yaml `ssmParameter`s. */
export function imageParameters(team: Team, image: Image): { accountId: string; region: string; name: string }[] {
  const channels = image.channels.flatMap((channel) =>
    channel.accountIds.flatMap((accountId) => regionsOf(image).map((region) => ({ accountId, region, name: channel.parameterName }))),
  );
  const named = image.distribution.flatMap((target) =>
    target.ssmParameters.map((parameter) => ({
      accountId: parameter.accountId ?? team.account.id,
      region: target.region,
      name: parameter.name,
    })),
  );
  const seen = new Set<string>();
  return [...channels, ...named].filter((parameter) => {
    const key = `${parameter.accountId}/${parameter.region}/${parameter.name}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/** Where each of the image's parameters and launch templates points now; one not written yet points nowhere. */
export async function consumerFacts(
  team: Team,
  image: Image,
  clients: RevocationClients,
): Promise<{ consumers: ConsumerFacts[]; problems: AccountProblem[] }> {
  const consumers: ConsumerFacts[] = [];
  const problems: AccountProblem[] = [];
  for (const { accountId, region, name } of imageParameters(team, image)) {
    try {
      const { Parameter } = await clients.ssm(region, accountId).send(new GetParameterCommand({ Name: name }));
      if (Parameter?.Value) consumers.push({ kind: 'parameter', accountId, region, name, imageId: awsText(Parameter.Value) });
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ParameterNotFound'))
        problems.push(accountProblem(accountId, region, 'ssm:GetParameter', error));
    }
  }
  for (const target of image.distribution) {
    for (const template of target.launchTemplates) {
      const { accountId, launchTemplateId } = template;
      try {
        const { LaunchTemplateVersions } = await clients
          .ec2(target.region, accountId)
          .send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: launchTemplateId, Versions: ['$Latest', '$Default'] }));
        const versions = (LaunchTemplateVersions ?? []).flatMap((version) =>
          version.VersionNumber === undefined
            ? []
            : [
                {
                  version: version.VersionNumber,
                  isDefault: version.DefaultVersion === true,
                  imageId: version.LaunchTemplateData?.ImageId,
                },
              ],
        );
        const latest = versions.reduce<(typeof versions)[number] | undefined>(
          (newest, v) => (!newest || v.version > newest.version ? v : newest),
          undefined,
        );
        if (!latest) continue;
        const defaultVersion = versions.find((version) => version.isDefault);
        const facts = (v: (typeof versions)[number]) => ({ version: v.version, ...(v.imageId ? { imageId: awsText(v.imageId) } : {}) });
        consumers.push({
          kind: 'launch-template',
          accountId,
          region: target.region,
          launchTemplateId,
          setDefault: template.setDefaultVersion,
          latest: facts(latest),
          ...(defaultVersion ? { default: facts(defaultVersion) } : {}),
        });
      } catch (error) {
        problems.push(accountProblem(accountId, target.region, 'ec2:DescribeLaunchTemplateVersions', error));
      }
    }
  }
  return { consumers, problems };
}

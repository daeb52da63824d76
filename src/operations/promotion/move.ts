/**
 * Moving one account and region of a stage to a build: the AMI there (the copy Image Builder made,
 * else one promote copies from the build account's AMI), the channel's parameter, each launch
 * template team.yaml names there, and the promoted tag on the AMI. Each change is read first and
 * skipped when already made, and the writes that create things carry a client token, so a re-run,
 * or a call the SDK retries after a timeout, applies nothing twice. With `dryRun` it reads only.
 */
import { createHash } from 'node:crypto';
import {
  CopyImageCommand,
  CreateLaunchTemplateVersionCommand,
  CreateTagsCommand,
  ModifyLaunchTemplateCommand,
  paginateDescribeImages,
  paginateDescribeLaunchTemplateVersions,
  type EC2Client,
  type Image as Ec2Image,
  type LaunchTemplateVersion,
} from '@aws-sdk/client-ec2';
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { LaunchTemplateTarget } from '../../model/fleet/fleet.js';
import { boundedPages } from '../aws/paging.js';
import { awsText } from '../aws/response-text.js';
import type { ReleaseBuild } from './builds.js';
import { parameterValue } from './channel-state.js';
import type { StageLocation } from './stage.js';

/** What a move does, and to whom. */
export interface MoveRequest {
  build: ReleaseBuild;
  /** The build account (source of copies). */
  buildAccountId: string;
  parameterName: string;
  /** The promoted tag: key and value. */
  tag: { key: string; value: string };
  dryRun: boolean;
  ec2: (region: string, accountId: string) => EC2Client;
  ssm: (region: string, accountId: string) => SSMClient;
  /** Told each change, made or (dry run) planned, and each one skipped because it was already made. */
  say: (line: string) => void;
}

/** A move that stopped: the call that failed, for the report. */
export class MoveError extends Error {
  override name = 'MoveError';
  constructor(
    readonly action: string,
    readonly failure: unknown,
  ) {
    super(action);
  }
}

/** A client token of at most 64 ASCII characters (EC2's limit), the same for the same change. */
export function clientToken(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

async function call<T>(action: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new MoveError(action, error);
  }
}

/** The images of an account matching `input`, every page. */
async function images(ec2: EC2Client, input: { ImageIds?: string[]; Owners?: string[]; Filters?: { Name: string; Values: string[] }[] }) {
  const found: Ec2Image[] = [];
  for await (const page of boundedPages(paginateDescribeImages({ client: ec2 }, input), (page) => page.NextToken, 'ec2:DescribeImages'))
    found.push(...(page.Images ?? []));
  return found;
}

/**
 * The AMI of the build in the location: Image Builder's copy (outputResources), else a copy this
 * account already has under the source AMI's name (AMI names are unique per account and region), else
 * a new EC2 copy of the build account's AMI. Undefined in a dry run that would copy.
 */
async function amiIn(location: StageLocation, request: MoveRequest): Promise<Ec2Image | undefined> {
  const { build, buildAccountId, dryRun, say } = request;
  const ec2 = request.ec2(location.region, location.accountId);
  const where = `${location.accountId} ${location.region}`;
  const known = build.amis.find((ami) => ami.accountId === location.accountId && ami.region === location.region);
  if (known) {
    const [image] = await call('ec2:DescribeImages', () => images(ec2, { ImageIds: [known.imageId] }));
    if (!image) throw new MoveError('ec2:DescribeImages', new Error(`${known.imageId} of ${build.version} is no longer in ${where}`));
    return image;
  }
  const source = build.amis.find((ami) => ami.accountId === buildAccountId && ami.region === location.region);
  if (!source) throw new MoveError('find the AMI', new Error(`${build.version} has no AMI in ${location.region} to copy to ${where}`));
  const [original] = await call('ec2:DescribeImages', () =>
    images(request.ec2(location.region, buildAccountId), { ImageIds: [source.imageId] }),
  );
  if (!original?.Name) throw new MoveError('ec2:DescribeImages', new Error(`${source.imageId} is no longer in ${buildAccountId}`));
  const name = original.Name;
  const [copied] = await call('ec2:DescribeImages', () => images(ec2, { Owners: ['self'], Filters: [{ Name: 'name', Values: [name] }] }));
  if (copied) return copied;
  if (dryRun) {
    say(`would copy ${source.imageId} (${awsText(name)}) to ${where}`);
    return undefined;
  }
  const { ImageId } = await call('ec2:CopyImage', () =>
    ec2.send(
      new CopyImageCommand({
        Name: name,
        SourceImageId: source.imageId,
        SourceRegion: location.region,
        Encrypted: true,
        KmsKeyId: location.kmsKeyId,
        ClientToken: clientToken(build.arn, location.accountId, location.region),
        TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: request.tag.key, Value: request.tag.value }] }],
      }),
    ),
  );
  if (!ImageId) throw new MoveError('ec2:CopyImage', new Error('CopyImage returned no ImageId'));
  say(`copied ${source.imageId} to ${where} as ${awsText(ImageId)}`);
  return { ImageId: awsText(ImageId), Tags: [{ Key: request.tag.key, Value: request.tag.value }] };
}

/** The `$Latest` and `$Default` versions of a launch template. */
async function templateVersions(ec2: EC2Client, id: string): Promise<{ latest?: LaunchTemplateVersion; current?: LaunchTemplateVersion }> {
  const versions: LaunchTemplateVersion[] = [];
  const pages = paginateDescribeLaunchTemplateVersions({ client: ec2 }, { LaunchTemplateId: id, Versions: ['$Latest', '$Default'] });
  for await (const page of boundedPages(pages, (page) => page.NextToken, 'ec2:DescribeLaunchTemplateVersions'))
    versions.push(...(page.LaunchTemplateVersions ?? []));
  return {
    latest: versions.reduce<LaunchTemplateVersion | undefined>(
      (newest, version) => ((version.VersionNumber ?? 0) > (newest?.VersionNumber ?? 0) ? version : newest),
      undefined,
    ),
    current: versions.find((version) => version.DefaultVersion),
  };
}

/**
 * A launch template's new version with the AMI, made from its default version (what Image Builder's
 * launch template configuration does), and made the default when team.yaml's `setDefaultVersion` says
 * so. A latest version that already has the AMI is used as it is.
 */
async function moveTemplate(location: StageLocation, template: LaunchTemplateTarget, imageId: string, request: MoveRequest) {
  const { dryRun, say } = request;
  const ec2 = request.ec2(location.region, location.accountId);
  const id = template.launchTemplateId;
  const where = `${id} in ${location.accountId} ${location.region}`;
  const { latest, current } = await call('ec2:DescribeLaunchTemplateVersions', () => templateVersions(ec2, id));
  let number = latest?.LaunchTemplateData?.ImageId === imageId ? latest.VersionNumber : undefined;
  if (number !== undefined) say(`launch template ${where}: version ${number} already has ${imageId}`);
  else if (dryRun) say(`would add a version of launch template ${where} with ${imageId}`);
  else {
    const made = await call('ec2:CreateLaunchTemplateVersion', () =>
      ec2.send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: id,
          ...(current?.VersionNumber !== undefined ? { SourceVersion: String(current.VersionNumber) } : {}),
          LaunchTemplateData: { ImageId: imageId },
          VersionDescription: request.tag.value.slice(0, 255),
          ClientToken: clientToken(id, imageId),
        }),
      ),
    );
    number = made.LaunchTemplateVersion?.VersionNumber;
    say(`launch template ${where}: version ${number ?? '?'} with ${imageId}`);
  }
  if (!template.setDefaultVersion || (number !== undefined && current?.VersionNumber === number)) return;
  if (dryRun || number === undefined) {
    say(`would make that version the default of launch template ${where}`);
    return;
  }
  const version = number;
  await call('ec2:ModifyLaunchTemplate', () =>
    ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: id, DefaultVersion: String(version) })),
  );
  say(`launch template ${where}: default version ${version}`);
}

/** Moves one location of the stage to the build; throws a MoveError at the first call that fails. */
export async function moveLocation(location: StageLocation, request: MoveRequest): Promise<void> {
  const { dryRun, say, parameterName, tag } = request;
  const where = `${location.accountId} ${location.region}`;
  const image = await amiIn(location, request);
  const imageId = image?.ImageId ?? `<copy of ${request.build.version}>`;

  const ssm = request.ssm(location.region, location.accountId);
  const value = await call('ssm:GetParameter', () => parameterValue(ssm, parameterName));
  if (value === imageId) say(`${parameterName} in ${where} already is ${imageId}`);
  else if (dryRun) say(`would put ${parameterName} = ${imageId} in ${where} (now ${value ?? 'absent'})`);
  else {
    await call('ssm:PutParameter', () =>
      ssm.send(
        new PutParameterCommand({ Name: parameterName, Value: imageId, Type: 'String', DataType: 'aws:ec2:image', Overwrite: true }),
      ),
    );
    say(`put ${parameterName} = ${imageId} in ${where} (was ${value ?? 'absent'})`);
  }

  for (const template of location.launchTemplates) await moveTemplate(location, template, imageId, request);

  if (image?.Tags?.some((existing) => existing.Key === tag.key)) return;
  if (dryRun) {
    say(`would tag ${imageId} in ${where} ${tag.key}`);
    return;
  }
  const ec2 = request.ec2(location.region, location.accountId);
  await call('ec2:CreateTags', () => ec2.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: tag.key, Value: tag.value }] })));
  say(`tagged ${imageId} in ${where} ${tag.key}`);
}

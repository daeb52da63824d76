/**
 * `npm run lineage -- --aws`: what AWS says about the images of a lineage, read-only. For each image,
 * in its build account and region:
 * - its builds, newest first, with the AMIs each distributed (Image Builder ListImagePipelineImages,
 *   paged, through fleet-status's pipelineFacts);
 * - the parent tags on its AMIs there (EC2 DescribeImages, `Owners: self`, filtered on the
 *   `golden-ami:team` and `golden-ami:image` tags, paged);
 * - for an image built on a fleet image, the AMI its parent parameter held when each build started
 *   (SSM GetParameterHistory of the parameter in the child's account, paged): Image Builder reads
 *   the parameter when a build starts, so the newest value set before a build's creation time is the
 *   parent it was built from, unless the AMI's `golden-ami:parent-ami` tag says otherwise. That AMI
 *   is matched to the parent's build whose copies include it, which gives the parent's version.
 * A call that fails (access denied, throttled, an unreachable account) is reported for its image,
 * account and region; the rest completes.
 */
import { paginateDescribeImages, type EC2Client, type Image as Ami } from '@aws-sdk/client-ec2';
import type { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { paginateGetParameterHistory, type ParameterHistory, type SSMClient } from '@aws-sdk/client-ssm';
import { partitionOf } from '../../config/aws-names.js';
import { pipelineArn, RELEASE_TAGS } from '../../model/names.js';
import { boundedPages } from '../aws/paging.js';
import { awsText } from '../aws/response-text.js';
import { accountProblem } from '../fleet-status/errors.js';
import { pipelineFacts } from '../fleet-status/pipelines.js';
import type { AccountProblem, Build } from '../fleet-status/status.js';

/** The clients lineage asks, with the command's role in each account. */
export interface LineageClients {
  imagebuilder(region: string, accountId: string): ImagebuilderClient;
  ec2(region: string, accountId: string): EC2Client;
  ssm(region: string, accountId: string): SSMClient;
}

/** What lineage needs to know of an image to ask AWS about it (workflows/lineage.ts LineageImage fits). */
export interface ImageToAsk {
  /** `<team>/<image>`. */
  image: string;
  accountId: string;
  region: string;
  parentImage: string;
  golden?: { image: string; channel?: string };
}

/** The parent of one build, as AWS shows it. */
export interface BuiltOn {
  /** The parent's `<team>/<image>`, from the AMI's tags or the fleet model. */
  image: string;
  /** The parent AMI (in the child's build account and region). */
  ami?: string;
  /** The parent's build version whose copies include that AMI. */
  version?: string;
  /** Where the AMI came from: the AMI's own `golden-ami:parent-ami` tag, or the parameter's history. */
  from?: 'tag' | 'parameter history';
}

/** One build of an image, with its AMI in the build account and region and the parent it was built on. */
export interface LineageBuild {
  version: string;
  status: string;
  created?: string;
  ami?: string;
  /** Every AMI it distributed, in every account and region. */
  copies: string[];
  /** The AMI's parent tags, as recorded (golden-ami:parent-*). */
  tags: Record<string, string>;
  builtOn?: BuiltOn;
}

/** What AWS says about one image of the lineage. */
export interface ImageInAws {
  image: string;
  accountId: string;
  region: string;
  builds: LineageBuild[];
  problems: AccountProblem[];
}

const PARENT_TAGS: readonly string[] = [
  RELEASE_TAGS.parentTeam,
  RELEASE_TAGS.parentImage,
  RELEASE_TAGS.parentChannel,
  RELEASE_TAGS.parentVersion,
  RELEASE_TAGS.parentAmi,
];

/** Asks AWS about every image, then links each golden child's builds to its parent's builds. */
export async function gatherLineage(images: readonly ImageToAsk[], clients: LineageClients): Promise<ImageInAws[]> {
  const gathered = await Promise.all(images.map((image) => imageInAws(image, clients)));
  // Every parent of an image in a lineage is in it too (the ancestors, or the image a descendant builds on).
  const builds = new Map(gathered.map((entry) => [entry.image, entry.builds] as const));
  return gathered.map((entry) => ({
    ...entry,
    builds: entry.builds.map((build) => {
      const { builtOn } = build;
      const parent =
        builtOn?.ami && !builtOn.version
          ? builds.get(builtOn.image)?.find((candidate) => candidate.copies.includes(builtOn.ami!))
          : undefined;
      return parent && builtOn ? { ...build, builtOn: { ...builtOn, version: parent.version } } : build;
    }),
  }));
}

async function imageInAws(image: ImageToAsk, clients: LineageClients): Promise<ImageInAws> {
  const { accountId, region } = image;
  const [team, name] = image.image.split('/') as [string, string];
  const arn = pipelineArn(partitionOf(region), region, accountId, `${team}-${name}`);
  const facts = await pipelineFacts(clients.imagebuilder(region, accountId), arn, accountId, region);
  const problems = [...facts.problems];
  const tags = await amiTags(clients.ec2(region, accountId), team, name).catch((error: unknown) => {
    problems.push(accountProblem(accountId, region, 'ec2:DescribeImages', error));
    return new Map<string, Record<string, string>>();
  });
  const parameter = image.golden && image.parentImage.startsWith('ssm:') ? image.parentImage.slice('ssm:'.length) : undefined;
  const history = parameter
    ? await parameterHistory(clients.ssm(region, accountId), parameter).catch((error: unknown) => {
        problems.push(accountProblem(accountId, region, 'ssm:GetParameterHistory', error));
        return [];
      })
    : [];
  const builds = facts.builds.map((build) => lineageBuild(build, image, tags, history));
  return { image: image.image, accountId, region, builds, problems };
}

function lineageBuild(
  build: Build,
  image: ImageToAsk,
  tags: ReadonlyMap<string, Record<string, string>>,
  history: readonly ParameterHistory[],
): LineageBuild {
  const ami = build.amis.find((candidate) => candidate.accountId === image.accountId && candidate.region === image.region)?.imageId;
  const recorded = (ami === undefined ? undefined : tags.get(ami)) ?? {};
  const tagged = recorded[RELEASE_TAGS.parentAmi];
  const fromHistory = tagged ? undefined : build.created && valueAt(history, build.created);
  const { [RELEASE_TAGS.parentTeam]: parentTeam, [RELEASE_TAGS.parentImage]: parentName } = recorded;
  const parentImage = parentTeam && parentName ? `${parentTeam}/${parentName}` : image.golden?.image;
  const builtOn: BuiltOn | undefined = parentImage
    ? {
        image: parentImage,
        ...(tagged ? { ami: tagged, from: 'tag' as const } : fromHistory ? { ami: fromHistory, from: 'parameter history' as const } : {}),
        ...(recorded[RELEASE_TAGS.parentVersion] ? { version: recorded[RELEASE_TAGS.parentVersion] } : {}),
      }
    : undefined;
  return {
    version: build.version,
    status: build.status,
    ...(build.created ? { created: build.created } : {}),
    ...(ami ? { ami } : {}),
    copies: build.amis.map((copy) => copy.imageId),
    tags: recorded,
    ...(builtOn ? { builtOn } : {}),
  };
}

/** The parent tags of the image's AMIs in the account, by AMI id (DescribeImages filtered on the image's audit tags). */
async function amiTags(client: EC2Client, team: string, image: string): Promise<Map<string, Record<string, string>>> {
  const pages = paginateDescribeImages(
    { client },
    {
      Owners: ['self'],
      Filters: [
        { Name: 'tag:golden-ami:team', Values: [team] },
        { Name: 'tag:golden-ami:image', Values: [image] },
      ],
      IncludeDeprecated: true,
    },
  );
  const tags = new Map<string, Record<string, string>>();
  for await (const page of boundedPages(pages, (page) => page.NextToken, 'ec2:DescribeImages')) {
    for (const ami of page.Images ?? []) if (ami.ImageId) tags.set(awsText(ami.ImageId), parentTagsOf(ami));
  }
  return tags;
}

function parentTagsOf(ami: Ami): Record<string, string> {
  return Object.fromEntries(
    (ami.Tags ?? []).flatMap((tag) =>
      tag.Key && tag.Value !== undefined && PARENT_TAGS.includes(tag.Key) ? [[tag.Key, awsText(tag.Value)]] : [],
    ),
  );
}

/** Every recorded value of the parameter (Parameter Store keeps the last 100). */
async function parameterHistory(client: SSMClient, name: string): Promise<ParameterHistory[]> {
  const pages = paginateGetParameterHistory({ client }, { Name: name, WithDecryption: false });
  const history: ParameterHistory[] = [];
  for await (const page of boundedPages(pages, (page) => page.NextToken, 'ssm:GetParameterHistory'))
    history.push(...(page.Parameters ?? []));
  return history;
}

/** The value the parameter held at `time`: the newest one set at or before it. */
function valueAt(history: readonly ParameterHistory[], time: string): string | undefined {
  const at = Date.parse(time);
  let newest: ParameterHistory | undefined;
  for (const entry of history) {
    const set = entry.LastModifiedDate?.getTime();
    if (set === undefined || set > at || !entry.Value) continue;
    if (!newest || set > newest.LastModifiedDate!.getTime()) newest = entry;
  }
  return newest?.Value && awsText(newest.Value);
}

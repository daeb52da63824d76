/**
 * An image's builds as the release commands need them: version, state, date, the AMI of every
 * account and region Image Builder distributed to (outputResources), and the tags that say where it
 * was promoted and whether it was revoked. Read from the pipeline in the build account, paged.
 */
import { paginateListImagePipelineImages, type ImagebuilderClient, type ImageSummary } from '@aws-sdk/client-imagebuilder';
import { boundedPages } from '../aws/paging.js';
import { awsText } from '../aws/response-text.js';
import { promotedTag } from '../../model/names.js';
import { imageBuild } from '../fleet-status/pipelines.js';
import type { Build } from '../fleet-status/status.js';

/**
 * One image build version of a pipeline, as fleet-status reads it (imageBuild), with its ARN and
 * every tag (where it was promoted).
 */
export interface ReleaseBuild extends Build {
  /** The image build version ARN (`…:image/<name>/<x.y.z>/<n>`). */
  arn: string;
  tags: Record<string, string>;
}

const VERSION_OF_ARN = /:image\/[^/]+\/(\d+\.\d+\.\d+\/\d+)$/;

/** A build as AWS describes it, every text without control characters; none without an ARN naming its version. */
function releaseBuild(summary: ImageSummary, buildAccountId: string): ReleaseBuild | undefined {
  const arn = summary.arn && awsText(summary.arn);
  const version = VERSION_OF_ARN.exec(arn ?? '')?.[1];
  if (!arn || !version) return undefined;
  return {
    ...imageBuild(summary, buildAccountId),
    arn,
    version,
    tags: Object.fromEntries(Object.entries(summary.tags ?? {}).map(([key, value]) => [awsText(key), awsText(value)])),
  };
}

/** Every build of the pipeline (ListImagePipelineImages); a build without an ARN naming its version is left out. */
export async function listBuilds(client: ImagebuilderClient, pipelineArn: string, buildAccountId: string): Promise<ReleaseBuild[]> {
  const builds: ReleaseBuild[] = [];
  const pages = paginateListImagePipelineImages({ client }, { imagePipelineArn: pipelineArn });
  for await (const page of boundedPages(pages, (page) => page.nextToken, 'imagebuilder:ListImagePipelineImages')) {
    for (const summary of page.imageSummaryList ?? []) {
      const build = releaseBuild(summary, buildAccountId);
      if (build) builds.push(build);
    }
  }
  return builds;
}

/** The build of an AMI id, by any of its copies. */
export function buildOfAmi<B extends { amis: { imageId: string }[] }>(builds: readonly B[], imageId: string): B | undefined {
  return builds.find((build) => build.amis.some((ami) => ami.imageId === imageId));
}

/** When the build was promoted into `channel` (the time its promoted tag starts with), if it was. */
export function promotedAt(build: Pick<ReleaseBuild, 'tags'>, channel: string): Date | undefined {
  const value = build.tags[promotedTag(channel)];
  const time = value === undefined ? NaN : Date.parse(value.split(' ')[0]!);
  return Number.isNaN(time) ? undefined : new Date(time);
}

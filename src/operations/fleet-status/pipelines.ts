/**
 * One image's pipeline in its build account: its state (GetImagePipeline) and every image build
 * version it made (ListImagePipelineImages, paged by the SDK within boundedPages), newest first.
 */
import {
  GetImagePipelineCommand,
  paginateListImagePipelineImages,
  type ImagebuilderClient,
  type ImageSummary,
} from '@aws-sdk/client-imagebuilder';
import { boundedPages } from '../aws/paging.js';
import { awsText } from '../aws/response-text.js';
import { RELEASE_TAGS, START_TAGS } from '../../model/names.js';
import { accountProblem } from './errors.js';
import type { AccountProblem, Build } from './status.js';

/** What the build account says about one pipeline. */
export interface PipelineFacts {
  /** ENABLED or DISABLED; absent when the pipeline does not exist (`missing`) or could not be read. */
  state?: string;
  missing?: boolean;
  /** Every build, newest first. */
  builds: Build[];
  problems: AccountProblem[];
}

/** A build as AWS describes it, every text without control characters; a missing or unreadable `dateCreated` is left out. */
export function imageBuild(summary: ImageSummary, buildAccountId: string): Build {
  const version = awsText(summary.version ?? /:image\/[^/]+\/(\d+\.\d+\.\d+\/\d+)$/.exec(summary.arn ?? '')?.[1] ?? '?');
  const {
    [START_TAGS.startedBy]: startedBy,
    [START_TAGS.reason]: startReason,
    [RELEASE_TAGS.revoked]: revoked,
    [RELEASE_TAGS.parentAmi]: parentAmi,
  } = summary.tags ?? {};
  const created =
    summary.dateCreated && !Number.isNaN(Date.parse(summary.dateCreated)) ? new Date(summary.dateCreated).toISOString() : undefined;
  return {
    version,
    status: awsText(summary.state?.status ?? 'UNKNOWN'),
    ...(created ? { created } : {}),
    amis: (summary.outputResources?.amis ?? []).flatMap((ami) =>
      ami.image && ami.region
        ? [{ accountId: awsText(ami.accountId ?? buildAccountId), region: awsText(ami.region), imageId: awsText(ami.image) }]
        : [],
    ),
    ...(startedBy ? { startedBy: awsText(startedBy) } : {}),
    ...(startReason ? { startReason: awsText(startReason) } : {}),
    ...(revoked === 'true' ? { revoked: true as const } : {}),
    ...(parentAmi ? { parentAmi: awsText(parentAmi) } : {}),
  };
}

/** When a build was created, for sorting newest first: an undated build counts as the newest (its place is unknown). */
function sortTime(build: Build): number {
  return build.created ? Date.parse(build.created) : Number.POSITIVE_INFINITY;
}

/** Reads the pipeline and its builds; a failed call becomes a problem of the build account. */
export async function pipelineFacts(client: ImagebuilderClient, arn: string, accountId: string, region: string): Promise<PipelineFacts> {
  const problems: AccountProblem[] = [];
  let state: string | undefined;
  try {
    const { imagePipeline } = await client.send(new GetImagePipelineCommand({ imagePipelineArn: arn }));
    state = awsText(imagePipeline?.status ?? 'UNKNOWN');
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return { missing: true, builds: [], problems };
    problems.push(accountProblem(accountId, region, 'imagebuilder:GetImagePipeline', error));
  }
  const builds: Build[] = [];
  try {
    const pages = paginateListImagePipelineImages({ client }, { imagePipelineArn: arn });
    for await (const page of boundedPages(pages, (page) => page.nextToken, 'imagebuilder:ListImagePipelineImages')) {
      for (const summary of page.imageSummaryList ?? []) builds.push(imageBuild(summary, accountId));
    }
  } catch (error) {
    problems.push(accountProblem(accountId, region, 'imagebuilder:ListImagePipelineImages', error));
    return { ...(state ? { state } : {}), builds: [], problems };
  }
  builds.sort((a, b) => sortTime(b) - sortTime(a) || b.version.localeCompare(a.version, 'en', { numeric: true }));
  return { ...(state ? { state } : {}), builds, problems };
}

/**
 * One image's pipeline in its build account: its state (GetImagePipeline) and every image build
 * version it made (ListImagePipelineImages, paged by the SDK), newest first.
 */
import { GetImagePipelineCommand, paginateListImagePipelineImages, type ImagebuilderClient, type ImageSummary } from '@aws-sdk/client-imagebuilder';
import { START_TAGS } from '../builds/start-pipeline.js';
import { accountProblem } from './errors.js';
import type { AccountProblem, Build } from './model.js';

/** What the build account says about one pipeline. */
export interface PipelineFacts {
  /** ENABLED or DISABLED; absent when the pipeline does not exist (`missing`) or could not be read. */
  state?: string;
  missing?: boolean;
  /** Every build, newest first. */
  builds: Build[];
  problems: AccountProblem[];
}

function build(summary: ImageSummary, buildAccountId: string): Build {
  const version = summary.version ?? /:image\/[^/]+\/(\d+\.\d+\.\d+\/\d+)$/.exec(summary.arn ?? '')?.[1] ?? '?';
  const { [START_TAGS.startedBy]: startedBy, [START_TAGS.reason]: startReason } = summary.tags ?? {};
  return {
    version,
    status: summary.state?.status ?? 'UNKNOWN',
    created: summary.dateCreated ?? '',
    amis: (summary.outputResources?.amis ?? []).flatMap((ami) =>
      ami.image && ami.region ? [{ accountId: ami.accountId ?? buildAccountId, region: ami.region, imageId: ami.image }] : [],
    ),
    ...(startedBy ? { startedBy } : {}),
    ...(startReason ? { startReason } : {}),
  };
}

/** Reads the pipeline and its builds; a failed call becomes a problem of the build account. */
export async function pipelineFacts(client: ImagebuilderClient, arn: string, accountId: string, region: string): Promise<PipelineFacts> {
  const problems: AccountProblem[] = [];
  let state: string | undefined;
  try {
    const { imagePipeline } = await client.send(new GetImagePipelineCommand({ imagePipelineArn: arn }));
    state = imagePipeline?.status ?? 'UNKNOWN';
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return { missing: true, builds: [], problems };
    problems.push(accountProblem(accountId, region, 'imagebuilder:GetImagePipeline', error));
  }
  const builds: Build[] = [];
  try {
    for await (const page of paginateListImagePipelineImages({ client }, { imagePipelineArn: arn })) {
      for (const summary of page.imageSummaryList ?? []) builds.push(build(summary, accountId));
    }
  } catch (error) {
    problems.push(accountProblem(accountId, region, 'imagebuilder:ListImagePipelineImages', error));
    return { ...(state ? { state } : {}), builds: [], problems };
  }
  builds.sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || b.version.localeCompare(a.version, 'en', { numeric: true }));
  return { ...(state ? { state } : {}), builds, problems };
}

/**
 * "A build deployed is a build started": after a deploy, each image that builds on deploy gets a
 * pipeline execution when its recipe version has no image yet. The check is against AWS, not the
 * commit range, so a re-run, a skipped deploy or a newer commit that deploys several changes at
 * once all start exactly the builds that are missing.
 */
import { createHash } from 'node:crypto';
import { paginateListImagePipelineImages, type ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import type { BuildOnDeploy } from '../../model/deploy-outputs.js';
import { describeAwsError } from '../aws/errors.js';
import { boundedPages } from '../aws/paging.js';
import { awsText } from '../aws/response-text.js';
import { startPipeline } from './start-pipeline.js';

/** What happened for one image. */
export type BuildStart = { image: string; recipeVersion?: string } & (
  | { outcome: 'started'; imageArn: string }
  | { outcome: 'already built'; imageArn: string; status: string }
  | { outcome: 'would start' }
  | { outcome: 'failed'; error: string }
);

export interface StartOptions {
  /** A client for the pipeline's region and account (both read from its ARN). */
  clientFor(region: string, accountId: string): ImagebuilderClient;
  /** Tags on the images started, e.g. who asked and from which commit. */
  tags: Record<string, string>;
  /** List only: start nothing. */
  dryRun?: boolean;
}

const RECIPE_ARN = /^arn:aws[a-z-]*:imagebuilder:([a-z0-9-]+):(\d{12}):image-recipe\/[a-z0-9-_]+\/(\d+\.\d+\.\d+)$/;

/** The semantic version of an image build version ARN (`.../image/<name>/<x.y.z>/<build>`). */
function imageVersion(imageArn: string): string | undefined {
  return /:image\/[^/]+\/(\d+\.\d+\.\d+)\/\d+$/.exec(imageArn)?.[1];
}

/**
 * The idempotency token of the build of one recipe version (at most 64 characters): a second
 * start of the same recipe version, e.g. by a re-run job, returns the first execution.
 */
export function buildClientToken(recipeArn: string): string {
  return `deploy-${createHash('sha256').update(recipeArn).digest('hex').slice(0, 57)}`;
}

async function startOne(image: string, target: BuildOnDeploy, options: StartOptions): Promise<BuildStart> {
  const recipe = RECIPE_ARN.exec(target.recipe_arn);
  if (!recipe) return { image, outcome: 'failed', error: `"${target.recipe_arn}" is not an image recipe ARN` };
  const [, region, accountId, recipeVersion] = recipe as unknown as [string, string, string, string];
  const client = options.clientFor(region, accountId);
  try {
    const pages = paginateListImagePipelineImages({ client }, { imagePipelineArn: target.pipeline_arn });
    for await (const page of boundedPages(pages, (page) => page.nextToken, 'imagebuilder:ListImagePipelineImages')) {
      const built = page.imageSummaryList?.find((summary) => summary.arn && imageVersion(summary.arn) === recipeVersion);
      if (built)
        return {
          image,
          recipeVersion,
          outcome: 'already built',
          imageArn: awsText(built.arn!),
          status: awsText(built.state?.status ?? 'unknown'),
        };
    }
    if (options.dryRun) return { image, recipeVersion, outcome: 'would start' };
    const imageArn = await startPipeline(client, target.pipeline_arn, options.tags, buildClientToken(target.recipe_arn));
    return { image, recipeVersion, outcome: 'started', imageArn };
  } catch (error) {
    return {
      image,
      recipeVersion,
      outcome: 'failed',
      error: describeAwsError(error, 'imagebuilder:ListImagePipelineImages and imagebuilder:StartImagePipelineExecution'),
    };
  }
}

/** Starts the missing builds, one image after another; a failure for one image does not stop the rest. */
export async function startBuildsOnDeploy(targets: ReadonlyMap<string, BuildOnDeploy>, options: StartOptions): Promise<BuildStart[]> {
  const results: BuildStart[] = [];
  for (const [image, target] of [...targets].sort(([a], [b]) => a.localeCompare(b))) results.push(await startOne(image, target, options));
  return results;
}

/** One line per image, e.g. `api 1.2.0: started arn:...`. */
export function formatBuildStart(result: BuildStart): string {
  const subject = `${result.image}${result.recipeVersion ? ` ${result.recipeVersion}` : ''}`;
  switch (result.outcome) {
    case 'started':
      return `${subject}: started ${result.imageArn}`;
    case 'already built':
      return `${subject}: already has an image (${result.status}) ${result.imageArn}`;
    case 'would start':
      return `${subject}: would start a build (dry run)`;
    case 'failed':
      return `${subject}: FAILED ${result.error}`;
  }
}

/** Starting one pipeline execution, with tags that say who started it and why. */
import { StartImagePipelineExecutionCommand, type ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { START_TAGS } from '../../model/names.js';
import { awsText } from '../aws/response-text.js';

/**
 * Starts the pipeline and returns the ARN of the image it builds. `clientToken` makes a repeated
 * start (a re-run job) return the first execution; without it the SDK makes one per call.
 */
export async function startPipeline(
  client: ImagebuilderClient,
  pipelineArn: string,
  tags: Record<string, string>,
  clientToken?: string,
): Promise<string> {
  const started = await client.send(
    new StartImagePipelineExecutionCommand({ imagePipelineArn: pipelineArn, tags, ...(clientToken ? { clientToken } : {}) }),
  );
  return awsText(started.imageBuildVersionArn ?? '(no ARN returned)');
}

/** Who asked, for the image's tags: the GitHub user and workflow run, else the local user. */
export function requester(env: NodeJS.ProcessEnv = process.env): string {
  const { GITHUB_ACTOR, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, USER } = env;
  if (!GITHUB_ACTOR) return USER ?? 'unknown';
  const run =
    GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
      ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
      : 'no run URL';
  return `${GITHUB_ACTOR} (${run})`;
}

/** Image Builder tag values: at most 256 characters of letters, digits, spaces and `+ - = . _ : / @`. */
export function tagValue(text: string): string {
  return text.replace(/[^\p{L}\p{N} +\-=._:/@]/gu, ' ').slice(0, 256);
}

/** The tags of an image started by hand or by a deploy: who asked, why, and from which commit when known. */
export function startTags(asker: string, reason: string, commit?: string): Record<string, string> {
  return {
    [START_TAGS.startedBy]: tagValue(asker),
    [START_TAGS.reason]: tagValue(reason),
    ...(commit ? { [START_TAGS.commit]: tagValue(commit) } : {}),
  };
}

/** Starting one pipeline execution, with tags that say who started it and why. */
import { StartImagePipelineExecutionCommand, type ImagebuilderClient } from '@aws-sdk/client-imagebuilder';

/**
 * Starts the pipeline and returns the ARN of the image it builds. `clientToken` makes a repeated
 * start (a re-run job) return the first execution; without it the SDK makes one per call.
 */
export async function startPipeline(client: ImagebuilderClient, pipelineArn: string, tags: Record<string, string>, clientToken?: string): Promise<string> {
  const started = await client.send(new StartImagePipelineExecutionCommand({ imagePipelineArn: pipelineArn, tags, ...(clientToken ? { clientToken } : {}) }));
  return started.imageBuildVersionArn ?? '(no ARN returned)';
}

/** An AWS error as one line, naming the permission the usual one lacks. */
export function describeAwsError(error: unknown, needed: string): string {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return `${name}: ${message}${name === 'AccessDeniedException' ? ` (the role needs ${needed})` : ''}`;
}

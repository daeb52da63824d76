/** ARNs of what the team stacks create, for commands that ask AWS about it. */

/** A pipeline's ARN: Image Builder puts resource names in ARNs in lower case. */
export function pipelineArn(partition: string, region: string, accountId: string, pipeline: string): string {
  return `arn:${partition}:imagebuilder:${region}:${accountId}:image-pipeline/${pipeline.toLowerCase()}`;
}

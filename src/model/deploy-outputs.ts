/**
 * The stack output the deploy workflow reads to start builds: written by the team stack, read
 * from the file `cdktf deploy --outputs-file` leaves (`{ "<stack>": { "<output>": value } }`).
 */
import { z } from 'zod';

/** Output name: images that build on deploy, by image name. */
export const BUILDS_ON_DEPLOY_OUTPUT = 'builds-on-deploy';

/** One image's entry: its pipeline, and the recipe version the deploy left it on. */
export const buildOnDeploySchema = z.object({ pipeline_arn: z.string(), recipe_arn: z.string() }).strict();

export type BuildOnDeploy = z.output<typeof buildOnDeploySchema>;

const outputsFileSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

/**
 * The images of `stack` that build on deploy, from a cdktf outputs file's text; a message when the
 * file does not hold them.
 */
export function buildsOnDeploy(text: string, file: string, stack: string): Map<string, BuildOnDeploy> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `${file} is not JSON (${(error as Error).message}): pass the file \`cdktf deploy --outputs-file\` wrote`;
  }
  const byStack = outputsFileSchema.safeParse(parsed);
  if (!byStack.success) return `${file} is not a cdktf outputs file: expected { "<stack>": { "<output>": value } }`;
  const outputs = byStack.data[stack];
  if (!outputs)
    return `${file} has no outputs of stack "${stack}" (it has: ${Object.keys(byStack.data).join(', ') || 'none'}); was the stack deployed with --outputs-file?`;
  const entries = z.record(z.string(), buildOnDeploySchema).safeParse(outputs[BUILDS_ON_DEPLOY_OUTPUT] ?? {});
  if (!entries.success)
    return `${file}: output "${BUILDS_ON_DEPLOY_OUTPUT}" of stack "${stack}" is not { "<image>": { pipeline_arn, recipe_arn } }`;
  return new Map(Object.entries(entries.data));
}

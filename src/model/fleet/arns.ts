/** ARNs of what the team stacks create, for commands that ask AWS about it. */

/** A pipeline's ARN: Image Builder puts resource names in ARNs in lower case. */
export function pipelineArn(partition: string, region: string, accountId: string, pipeline: string): string {
  return `arn:${partition}:imagebuilder:${region}:${accountId}:image-pipeline/${pipeline.toLowerCase()}`;
}

/** A recipe version's ARN (`…:image-recipe/<name>/<x.y.z>`), in lower case as Image Builder writes it. */
export function recipeArn(partition: string, region: string, accountId: string, recipe: string, version: string): string {
  return `arn:${partition}:imagebuilder:${region}:${accountId}:image-recipe/${recipe.toLowerCase()}/${version}`;
}

/**
 * A component version's ARN (`…:component/<name>/<x.y.z>`), as a recipe references it: the
 * semantic version without a build number is accepted (Image Builder API reference,
 * ComponentConfiguration.componentArn).
 */
export function componentArn(partition: string, region: string, accountId: string, component: string, version: string): string {
  return `arn:${partition}:imagebuilder:${region}:${accountId}:component/${component.toLowerCase()}/${version}`;
}

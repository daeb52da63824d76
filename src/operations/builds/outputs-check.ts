/**
 * The outputs file is not trusted: an entry of `builds-on-deploy` is started only when it names
 * exactly the pipeline and recipe version the fleet model derives for an image of the stack's own
 * team (partition, region, build account and name), so an edited file cannot start another
 * team's pipeline, in another account or region, with the deploy role.
 */
import { pipelineArn, recipeArn } from '../../model/names.js';
import type { Team } from '../../model/fleet/fleet.js';
import type { BuildOnDeploy } from '../../model/deploy-outputs.js';

/** The entries to start, and one message per entry that is not the team's own (nothing is started when there is any). */
export function checkBuildsOnDeploy(
  entries: ReadonlyMap<string, BuildOnDeploy>,
  team: Team,
  file: string,
): { targets: Map<string, BuildOnDeploy>; errors: string[] } {
  const targets = new Map<string, BuildOnDeploy>();
  const errors: string[] = [];
  for (const [name, entry] of entries) {
    const where = `${file}: builds-on-deploy entry ${JSON.stringify(name)} of stack "${team.name}"`;
    const image = team.images.find((candidate) => candidate.name === name);
    if (!image) {
      errors.push(
        `${where}: team ${team.name} has no image of that name (images: ${team.images.map((candidate) => candidate.name).join(', ') || 'none'})`,
      );
      continue;
    }
    if (!image.buildOnDeploy) {
      errors.push(`${where}: the image has buildOnDeploy: false in ${team.file}`);
      continue;
    }
    const expected = {
      pipeline_arn: pipelineArn(team.partition, team.region, team.account.id, image.resourceName),
      recipe_arn: recipeArn(team.partition, team.region, team.account.id, image.resourceName, image.recipeVersion),
    };
    const wrong = (['pipeline_arn', 'recipe_arn'] as const).filter((key) => entry[key] !== expected[key]);
    for (const key of wrong)
      errors.push(
        `${where}: ${key} is ${JSON.stringify(entry[key])}, but the team's image is ${expected[key]} (its build account, region and name)`,
      );
    if (!wrong.length) targets.set(name, entry);
  }
  return { targets, errors };
}

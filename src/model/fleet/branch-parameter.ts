/**
 * `{{ golden-ami:branch }}` in a component parameter value of team.yaml: the branch being built.
 * Real components check out their configuration repository at that branch. On main it is the
 * platform's `defaultBranch`, a constant, so main's fingerprints never depend on a branch; a
 * preview build puts its own branch there (model/fleet/preview.ts), in its own resources only.
 */
import type { RecipeParameter, Team } from './fleet.js';

/** The placeholder as team.yaml writes it (spaces inside the braces optional). */
export const BRANCH_PLACEHOLDER = '{{ golden-ami:branch }}';
const PLACEHOLDER_PATTERN = /\{\{\s*golden-ami:branch\s*\}\}/;

/** A recipe parameter from team.yaml: the placeholder, where it appears, replaced with `branch`; the written text kept to redo it. */
export function recipeParameter(name: string, written: string, branch: string): RecipeParameter {
  if (!PLACEHOLDER_PATTERN.test(written)) return { name, value: written };
  return { name, value: written.replaceAll(new RegExp(PLACEHOLDER_PATTERN, 'g'), () => branch), branchTemplate: written };
}

/** The team with every parameter that names the branch rebuilt for `branch`. */
export function withBranch(team: Team, branch: string): Team {
  return {
    ...team,
    images: team.images.map((image) => ({
      ...image,
      recipe: {
        ...image.recipe,
        components: image.recipe.components.map((component) => ({
          ...component,
          parameters: component.parameters.map((parameter) =>
            parameter.branchTemplate === undefined ? parameter : recipeParameter(parameter.name, parameter.branchTemplate, branch),
          ),
        })),
      },
    })),
  };
}

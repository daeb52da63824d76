/**
 * Versions of a preview's components and recipes: derived from their content, never from a lock.
 * A preview's resources have their own names (model/fleet/preview.ts), so a version may repeat one
 * of main's without a collision; what must not happen is the same name and version with other
 * content, which a second push to the branch would cause with the lock's planned version (Image
 * Builder refuses it: ResourceAlreadyExistsException). A content version is the same for the same
 * content and differs for any other, and nothing of it is written to a lock.
 */
import type { OwnedComponent, RecipeComponent, Team } from '../model/fleet/fleet.js';
import { previewComponentUploadKey } from '../model/names.js';
import { fingerprint, recipeFingerprint } from './fingerprint.js';

/** Image Builder's largest version node (docs/design.md): 2^30 - 1. */
const NODE = 2 ** 30;

/** `0.<n>.<m>` from the first 60 bits of a fingerprint: the same for the same content. */
export function contentVersion(print: string): string {
  const hex = print.slice(print.indexOf(':') + 1);
  return `0.${Number.parseInt(hex.slice(0, 8), 16) % NODE}.${Number.parseInt(hex.slice(8, 16), 16) % NODE}`;
}

/** The preview team with every component and recipe at its content version (audit tags and uploads following). */
export function withContentVersions(team: Team): Team {
  if (!team.preview) throw new Error(`team ${team.name} is not a preview: its versions come from the locks`);
  const { preview } = team;
  const versions = new Map(team.components.map((component) => [component.key, contentVersion(fingerprint(component.args))]));
  const versioned = (component: OwnedComponent): OwnedComponent => {
    const version = versions.get(component.key)!;
    return {
      ...component,
      version,
      ...(component.upload
        ? { upload: { ...component.upload, key: previewComponentUploadKey(preview.team, preview.id, component.key, version) } }
        : {}),
    };
  };
  const reference = (component: RecipeComponent): RecipeComponent =>
    component.kind === 'owned' ? { ...component, version: versions.get(component.key) ?? component.version } : component;
  return {
    ...team,
    components: team.components.map(versioned),
    images: team.images.map((image) => {
      const components = image.recipe.components.map(reference);
      const amiTags = { ...image.recipe.amiTags };
      for (const component of components)
        if (component.kind === 'owned') amiTags[`golden-ami:component:${component.key}`] = component.version;
      const recipe = { ...image.recipe, components, amiTags };
      return { ...image, recipe, recipeVersion: contentVersion(recipeFingerprint(recipe)) };
    }),
  };
}

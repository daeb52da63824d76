/** Mistakes in a valid team.yaml that AWS would only reveal at build time, or never. */
import type { ImageConfig, TeamConfig } from '../../config/team-schema.js';
import type { YamlPath } from '../../core/yaml-source.js';
import { parentLabel } from '../../config/parent-lookup.js';
import { EXAMPLE_INSTANCE_TYPE, instanceTypeArchitecture, parentImageArchitecture } from './architecture.js';
import { CATALOG_FILE, catalogDate, closestManagedComponent, managedComponentPlatforms } from './managed-component-catalog.js';

/** One mistake: where in team.yaml, what is wrong and what to do. */
export interface Mistake {
  path: YamlPath;
  message: string;
  hint: string;
}

/** The reserved domain of the address `npm run new-team` writes when given none. */
export const PLACEHOLDER_EMAIL_DOMAIN = 'example.com';

/** A platform named as a word of an AWS-managed component's name (`update-linux`, `simple-boot-test-windows`). */
const PLATFORM_WORD = /(?:^|-)(linux|windows|macos)(?:-|$)/;

/** Every mistake of a team; `written` tells whether a path is in the file (not a default). */
export function teamMistakes(config: TeamConfig, written: (path: YamlPath) => boolean): Mistake[] {
  return [
    ...placeholderEmails(config.notifications.emails),
    ...config.images.flatMap((image, index) => {
      const path = ['images', index];
      return [...architectureMistakes(image, path, written([...path, 'instanceTypes'])), ...managedComponentMistakes(image, path)];
    }),
  ];
}

function placeholderEmails(emails: readonly string[]): Mistake[] {
  return emails.flatMap((email, index) =>
    email.toLowerCase().endsWith(`@${PLACEHOLDER_EMAIL_DOMAIN}`)
      ? [
          {
            path: ['notifications', 'emails', index],
            message: `"${email}" is a placeholder: ${PLACEHOLDER_EMAIL_DOMAIN} never receives mail`,
            hint: "put the team's real address here: build failure alerts go to it",
          },
        ]
      : [],
  );
}

/** Instance types must run the parent image's architecture; unknown architectures are not checked. */
function architectureMistakes(image: ImageConfig, path: YamlPath, typesWritten: boolean): Mistake[] {
  const parent = parentImageArchitecture(image.parentImage);
  if (!parent) return [];
  const misfits = image.instanceTypes.flatMap((type, index) => {
    const architecture = instanceTypeArchitecture(type);
    return architecture && architecture !== parent ? [{ type, index, architecture }] : [];
  });
  if (!typesWritten) {
    const [misfit] = misfits;
    return misfit
      ? [
          {
            path: [...path, 'parentImage'],
            message: `the parent image ${parentLabel(image.parentImage)} is ${parent}, and the default instance type ${misfit.type} (${misfit.architecture}) does not fit it`,
            hint: `add instanceTypes: [${EXAMPLE_INSTANCE_TYPE[parent]}] (or another ${parent} type) to this image`,
          },
        ]
      : [];
  }
  return misfits.map(({ type, index, architecture }) => ({
    path: [...path, 'instanceTypes', index],
    message: `instance type ${type} is ${architecture}, but the parent image ${parentLabel(image.parentImage)} is ${parent}`,
    hint: `use ${parent} instance types such as ${EXAMPLE_INSTANCE_TYPE[parent]}, or an ${architecture} parent image`,
  }));
}

/**
 * An AWS-managed component or test that Image Builder does not publish (by the committed catalog),
 * or publishes for another platform only.
 */
function managedComponentMistakes(image: ImageConfig, path: YamlPath): Mistake[] {
  return (['components', 'tests'] as const).flatMap((list) =>
    image[list].flatMap((ref, index): Mistake[] => {
      if (ref.aws === undefined) return [];
      const at = [...path, list, index, 'aws'];
      const platforms = managedComponentPlatforms(ref.aws);
      if (!platforms.length) {
        const nearest = closestManagedComponent(ref.aws, image.platform);
        return [
          {
            path: at,
            message: `Image Builder publishes no AWS-managed component "${ref.aws}" (catalog of ${catalogDate()})`,
            hint: `${nearest ? `did you mean "${nearest}"? ` : ''}If AWS published it since, run npm run refresh-managed-components and commit ${CATALOG_FILE}`,
          },
        ];
      }
      if (platforms.includes(image.platform)) return [];
      const word = PLATFORM_WORD.exec(ref.aws)?.[1];
      const swapped = word && ref.aws.replace(word, image.platform.toLowerCase());
      const counterpart =
        swapped && managedComponentPlatforms(swapped).includes(image.platform) ? swapped : closestManagedComponent(ref.aws, image.platform);
      return [
        {
          path: at,
          message: `AWS-managed component "${ref.aws}" is for ${platforms.join(' and ')}, but the image is ${image.platform}`,
          hint: `use a ${image.platform} component${counterpart ? ` (such as ${counterpart})` : ''}, or change the image platform`,
        },
      ];
    }),
  );
}

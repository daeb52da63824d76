/**
 * The AWS-managed components Image Builder publishes, per platform: the committed catalog
 * `src/model/fleet/aws-managed-components.json` (with the date and source of its names), which
 * `npm run refresh-managed-components` rewrites from ListComponents (owner Amazon). `aws:`
 * references in team.yaml are checked against it, as parent images are against managed-images.ts.
 */
import { closest } from 'fastest-levenshtein';
import committed from './aws-managed-components.json' with { type: 'json' };

/** The platforms Image Builder gives components (ComponentVersion.platform). */
export const COMPONENT_PLATFORMS = ['Linux', 'Windows', 'macOS'] as const;
export type ComponentPlatform = (typeof COMPONENT_PLATFORMS)[number];

/** The catalog file: when and where its names were taken, and the names per platform, sorted. */
export interface ManagedComponentCatalog {
  /** `YYYY-MM-DD`. */
  date: string;
  source: string;
  components: Record<ComponentPlatform, string[]>;
}

/** The catalog file, relative to the repository root. */
export const CATALOG_FILE = 'src/model/fleet/aws-managed-components.json';

const catalog: ManagedComponentCatalog = committed;

/** The platforms an AWS-managed component of this name is published for (none: no such component). */
export function managedComponentPlatforms(name: string, from: ManagedComponentCatalog = catalog): ComponentPlatform[] {
  return COMPONENT_PLATFORMS.filter((platform) => from.components[platform].includes(name));
}

/** The catalog's name on `platform` nearest to `name`, for a "did you mean". */
export function closestManagedComponent(
  name: string,
  platform: ComponentPlatform,
  from: ManagedComponentCatalog = catalog,
): string | undefined {
  const names = from.components[platform];
  return names.length ? closest(name, names) : undefined;
}

/** The date of the committed catalog's names. */
export function catalogDate(): string {
  return catalog.date;
}

/** The catalog file's text: names deduplicated and sorted, two-space JSON and a final newline. */
export function serializeCatalog(value: ManagedComponentCatalog): string {
  const components = Object.fromEntries(COMPONENT_PLATFORMS.map((platform) => [platform, [...new Set(value.components[platform])].sort()]));
  return `${JSON.stringify({ date: value.date, source: value.source, components }, null, 2)}\n`;
}

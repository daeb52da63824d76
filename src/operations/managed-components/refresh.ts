/**
 * Refreshing the committed catalog of AWS-managed components (src/model/fleet/aws-managed-components.json)
 * from ListComponents: written only from a complete, non-empty listing, with what changed.
 */
import type { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeAwsError } from '../aws/errors.js';
import {
  CATALOG_FILE,
  COMPONENT_PLATFORMS,
  serializeCatalog,
  type ManagedComponentCatalog,
} from '../../model/fleet/managed-component-catalog.js';
import { WriteError, writeTogether } from '../../core/write-together.js';
import { PagingError } from '../aws/paging.js';
import { listManagedComponents } from './list.js';

/** What a refresh did: whether the catalog was written, what to tell the user, what went wrong. */
export interface RefreshOutcome {
  written: boolean;
  report: string[];
  errors: string[];
}

type Names = ManagedComponentCatalog['components'];

/** `  Linux: +2 (a, b), -1 (c)` for each platform whose names changed. */
function changes(before: Names | undefined, after: Names): string[] {
  return COMPONENT_PLATFORMS.flatMap((platform) => {
    const old = new Set(before?.[platform] ?? []);
    const added = after[platform].filter((name) => !old.has(name));
    const removed = [...old].filter((name) => !after[platform].includes(name));
    const list = (sign: string, names: string[]) => (names.length ? [`${sign}${names.length} (${names.join(', ')})`] : []);
    return added.length || removed.length ? [`  ${platform}: ${[...list('+', added), ...list('-', removed)].join(', ')}`] : [];
  });
}

/** The names of the catalog as committed, or undefined when the file cannot be read as one. */
function committedNames(root: string): Names | undefined {
  try {
    return (JSON.parse(readFileSync(join(root, CATALOG_FILE), 'utf8')) as ManagedComponentCatalog).components;
  } catch {
    return undefined;
  }
}

/**
 * Lists the AWS-managed components in `region` with `client` and rewrites the catalog under `root`,
 * dated `date` (`YYYY-MM-DD`). Nothing is written when the listing fails or holds no component.
 */
export async function refreshCatalog(root: string, client: ImagebuilderClient, region: string, date: string): Promise<RefreshOutcome> {
  const unchanged = (error: string, errors: string[] = []): RefreshOutcome => ({
    written: false,
    report: [],
    errors: [...errors, `${error}. The catalog was not changed.`],
  });
  let listing;
  try {
    listing = await listManagedComponents(client);
  } catch (error) {
    return unchanged(error instanceof PagingError ? error.message : describeAwsError(error, 'imagebuilder:ListComponents'));
  }
  const refused = listing.refused.map((entry) => `left out: ${entry}: not an AWS-owned component ARN of a known platform`);
  if (COMPONENT_PLATFORMS.every((platform) => !listing.components[platform].length))
    return unchanged(`ListComponents listed no AWS-managed component in ${region}`, refused);
  const catalog: ManagedComponentCatalog = {
    date,
    source: `Image Builder ListComponents, owner Amazon, in ${region} (npm run refresh-managed-components)`,
    components: listing.components,
  };
  const before = committedNames(root);
  try {
    writeTogether(root, [{ file: CATALOG_FILE, text: serializeCatalog(catalog) }]);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    return unchanged(error.message, refused);
  }
  const changed = changes(before, catalog.components);
  const counts = COMPONENT_PLATFORMS.map((platform) => `${catalog.components[platform].length} ${platform}`).join(', ');
  return {
    written: true,
    report: [`Updated ${CATALOG_FILE}: ${counts} components${changed.length ? '; changes:' : ', none added or removed.'}`, ...changed],
    errors: refused,
  };
}

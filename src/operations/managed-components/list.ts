/**
 * The AWS-managed components Image Builder publishes, from ListComponents with owner Amazon: paged
 * with a bound, and every entry checked before its name is believed (an AWS-owned component ARN,
 * a known platform), so a repeated page token or a malformed response never reaches the catalog.
 */
import { paginateListComponents, type ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { boundedPages } from '../aws/paging.js';
import { awsText } from '../aws/response-text.js';
import { COMPONENT_PLATFORMS, type ComponentPlatform } from '../../model/fleet/managed-component-catalog.js';

/** ListComponents' largest page (ListComponentsRequest.maxResults: 1-25). */
const PAGE_SIZE = 25;
/** Pages read at most: 5000 component versions, far more than AWS publishes (about 100 names, a few versions each). */
export const MAX_PAGES = 200;

/**
 * An AWS-owned component ARN and the name in it (Image Builder API Reference, ComponentVersion.arn:
 * `arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):component/[a-z0-9-_]+/...`; Amazon's components have owner `aws`).
 */
const AWS_COMPONENT_ARN =
  /^arn:aws[a-z-]*:imagebuilder:[a-z0-9-]+:aws:component\/([a-z0-9_-]{1,128})\/(?:\d+|x)\.(?:\d+|x)\.(?:\d+|x)(?:\/\d+)?$/;

/** What ListComponents answered: the names per platform, and the entries refused, as printable text. */
export interface ManagedComponentListing {
  components: Record<ComponentPlatform, string[]>;
  refused: string[];
}

/** Every AWS-managed component name, per platform, in the client's region. Throws a PagingError when paging does not end. */
export async function listManagedComponents(client: ImagebuilderClient): Promise<ManagedComponentListing> {
  const components = Object.fromEntries(COMPONENT_PLATFORMS.map((platform) => [platform, new Set<string>()])) as Record<
    ComponentPlatform,
    Set<string>
  >;
  const refused: string[] = [];
  const pages = paginateListComponents({ client, pageSize: PAGE_SIZE }, { owner: 'Amazon' });
  for await (const page of boundedPages(pages, (response) => response.nextToken, 'imagebuilder:ListComponents', MAX_PAGES)) {
    for (const entry of page.componentVersionList ?? []) {
      const name = AWS_COMPONENT_ARN.exec(entry.arn ?? '')?.[1];
      const platform = COMPONENT_PLATFORMS.find((known) => known === entry.platform);
      if (name && platform) components[platform].add(name);
      else refused.push(`${awsText(String(entry.arn))} (platform ${awsText(String(entry.platform))})`);
    }
  }
  return {
    components: Object.fromEntries(COMPONENT_PLATFORMS.map((platform) => [platform, [...components[platform]].sort()])) as Record<
      ComponentPlatform,
      string[]
    >,
    refused,
  };
}

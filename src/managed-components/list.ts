/**
 * The AWS-managed components Image Builder publishes, from ListComponents with owner Amazon: paged
 * with a bound, and every entry checked before its name is believed (an AWS-owned component ARN,
 * a known platform), so a repeated page token or a malformed response never reaches the catalog.
 */
import { ListComponentsCommand, type ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { COMPONENT_PLATFORMS, type ComponentPlatform } from '../fleet/managed-component-catalog.js';

/** ListComponents' largest page (ListComponentsRequest.maxResults: 1-25). */
const PAGE_SIZE = 25;
/** Pages read at most: 5000 component versions, far more than AWS publishes (about 100 names, a few versions each). */
export const MAX_PAGES = 200;

/**
 * An AWS-owned component ARN and the name in it (Image Builder API Reference, ComponentVersion.arn:
 * `arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):component/[a-z0-9-_]+/...`; Amazon's components have owner `aws`).
 */
const AWS_COMPONENT_ARN = /^arn:aws[a-z-]*:imagebuilder:[a-z0-9-]+:aws:component\/([a-z0-9_-]{1,128})\/(?:\d+|x)\.(?:\d+|x)\.(?:\d+|x)(?:\/\d+)?$/;

/** The listing could not be completed; nothing it read should be used. */
export class ListingError extends Error {
  override name = 'ListingError';
}

/** What ListComponents answered: the names per platform, and the entries refused, as printable text. */
export interface ManagedComponentListing {
  components: Record<ComponentPlatform, string[]>;
  refused: string[];
}

/** `text` with control and formatting characters written as `\u....`, at most 200 characters: safe to print. */
export function printable(text: string): string {
  const cut = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return cut.replace(/[\p{Cc}\p{Cf}]/gu, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** Every AWS-managed component name, per platform, in the client's region. Throws a ListingError when paging does not end. */
export async function listManagedComponents(client: ImagebuilderClient): Promise<ManagedComponentListing> {
  const components = Object.fromEntries(COMPONENT_PLATFORMS.map((platform) => [platform, new Set<string>()])) as Record<ComponentPlatform, Set<string>>;
  const refused: string[] = [];
  const seenTokens = new Set<string>();
  let nextToken: string | undefined;
  for (let page = 1; ; page++) {
    if (page > MAX_PAGES) throw new ListingError(`ListComponents returned more than ${MAX_PAGES} pages of ${PAGE_SIZE}; stopped reading`);
    const response = await client.send(new ListComponentsCommand({ owner: 'Amazon', maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) }));
    for (const entry of response.componentVersionList ?? []) {
      const name = AWS_COMPONENT_ARN.exec(entry.arn ?? '')?.[1];
      const platform = COMPONENT_PLATFORMS.find((known) => known === entry.platform);
      if (name && platform) components[platform].add(name);
      else refused.push(`${printable(String(entry.arn))} (platform ${printable(String(entry.platform))})`);
    }
    nextToken = response.nextToken || undefined;
    if (!nextToken) break;
    if (seenTokens.has(nextToken)) throw new ListingError(`ListComponents repeated the page token of an earlier page (page ${page + 1}); stopped reading`);
    seenTokens.add(nextToken);
  }
  return {
    components: Object.fromEntries(COMPONENT_PLATFORMS.map((platform) => [platform, [...components[platform]].sort()])) as Record<ComponentPlatform, string[]>,
    refused,
  };
}

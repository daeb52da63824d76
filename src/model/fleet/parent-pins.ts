/** Parent lookups and the AMIs they are pinned to in a team's lock. */
import type { ParentLookup } from '../../config/parent-lookup.js';
import type { ParentPin } from '../../config/lock-schema.js';

/**
 * Whether a pin answers a lookup in a region: same owner, pattern, architecture and product code,
 * same region, and a deprecated AMI only while the lookup includes deprecated ones.
 */
export function pinFits(pin: ParentPin, lookup: ParentLookup, region: string): boolean {
  return (
    pin.owner === lookup.owner &&
    pin.name === lookup.name &&
    pin.architecture === lookup.architecture &&
    pin.productCode === lookup.productCode &&
    pin.region === region &&
    (pin.deprecated === undefined || lookup.includeDeprecated === true)
  );
}

/** The bump reason when a recipe's pinned parent moves to another AMI. */
export function parentUpdateReason(before: ParentPin | undefined, after: ParentPin): string {
  const to = `${after.imageId} (${after.imageName}, created ${after.created})`;
  return before ? `parent image updated: ${before.imageId} (${before.imageName}) -> ${to}` : `parent image pinned: ${to}`;
}

/** `web/api` */
export function pinKey(team: string, image: string): string {
  return `${team}/${image}`;
}

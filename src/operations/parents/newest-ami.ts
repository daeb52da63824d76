/** Finding the newest AMI a parent lookup matches, with EC2 DescribeImages. */
import { paginateDescribeImages, type EC2Client, type Image } from '@aws-sdk/client-ec2';
import { boundedPages } from '../aws/paging.js';
import { awsText } from '../aws/response-text.js';
import type { ParentLookup } from '../../config/parent-lookup.js';
import type { ParentPin } from '../../config/lock-schema.js';

/** An AMI id as EC2 writes it; anything else in a response is not pinned. */
const AMI_ID = /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/;

/** A lookup that matched nothing pinnable, and what the team can do about it. */
export interface NoMatch {
  error: string;
  hint: string;
}

/** Whether EC2 had deprecated the image by `now` (its `DeprecationTime` has come, or cannot be read). */
function isDeprecated(image: Image, now: Date): boolean {
  return image.DeprecationTime !== undefined && !(Date.parse(image.DeprecationTime) > now.getTime());
}

/**
 * Whether an image EC2 returned is one the lookup may pin: available, not deprecated unless the
 * lookup opts in (EC2 shows an owner its own deprecated AMIs whatever it is asked, so
 * `DeprecationTime` is checked here; EC2 API reference, DescribeImages `IncludeDeprecated`), of
 * the lookup's owner and product code, and with an id, name and creation date.
 */
function pinnable(image: Image, lookup: ParentLookup, now: Date): boolean {
  if (!image.ImageId || !AMI_ID.test(image.ImageId) || !image.CreationDate || Number.isNaN(Date.parse(image.CreationDate))) return false;
  if (image.State !== undefined && image.State !== 'available') return false;
  if (!lookup.includeDeprecated && isDeprecated(image, now)) return false;
  if (/^\d{12}$/.test(lookup.owner) && image.OwnerId !== lookup.owner) return false;
  if (lookup.owner === 'amazon' && image.ImageOwnerAlias !== 'amazon') return false;
  if (lookup.productCode !== undefined && !image.ProductCodes?.some((code) => code.ProductCodeId === lookup.productCode)) return false;
  return true;
}

/**
 * The newest available machine image of the owner whose name matches the pattern, in the
 * client's region; what to do when none matches. Disabled AMIs are left out, and deprecated ones
 * unless the lookup opts in (`includeDeprecated`), so a pin never moves to an image the publisher
 * withdrew without the team saying so.
 */
export async function newestMatchingAmi(
  client: EC2Client,
  lookup: ParentLookup,
  region: string,
  now = new Date(),
): Promise<ParentPin | NoMatch> {
  let newest: Image | undefined;
  const pages = paginateDescribeImages(
    { client },
    {
      Owners: [lookup.owner],
      Filters: [
        { Name: 'name', Values: [lookup.name] },
        { Name: 'architecture', Values: [lookup.architecture] },
        { Name: 'state', Values: ['available'] },
        { Name: 'image-type', Values: ['machine'] },
        ...(lookup.productCode === undefined ? [] : [{ Name: 'product-code', Values: [lookup.productCode] }]),
      ],
      ...(lookup.includeDeprecated ? { IncludeDeprecated: true } : {}),
    },
  );
  for await (const page of boundedPages(pages, (page) => page.NextToken, 'ec2:DescribeImages')) {
    for (const image of page.Images ?? []) {
      if (!pinnable(image, lookup, now)) continue;
      const [created, newestCreated] = [
        Date.parse(image.CreationDate!),
        newest ? Date.parse(newest.CreationDate!) : Number.NEGATIVE_INFINITY,
      ];
      if (created > newestCreated || (created === newestCreated && image.ImageId! > newest!.ImageId!)) newest = image;
    }
  }
  if (!newest) return noMatch(lookup, region);
  const deprecated = isDeprecated(newest, now) ? new Date(Date.parse(newest.DeprecationTime!) || now.getTime()).toISOString() : undefined;
  return {
    owner: lookup.owner,
    name: lookup.name,
    architecture: lookup.architecture,
    ...(lookup.productCode === undefined ? {} : { productCode: lookup.productCode }),
    region,
    imageId: newest.ImageId!,
    imageName: awsText(newest.Name ?? ''),
    // Written back as a plain ISO date: nothing but the date of what EC2 returned reaches the lock.
    created: new Date(newest.CreationDate!).toISOString(),
    ...(deprecated ? { deprecated } : {}),
  };
}

/** The message and hint of a lookup without a match: the opt-in when deprecated AMIs were left out. */
function noMatch(lookup: ParentLookup, region: string): NoMatch {
  const product = lookup.productCode === undefined ? '' : ` with product code ${lookup.productCode}`;
  const kind = lookup.includeDeprecated ? 'available' : 'available, non-deprecated';
  const check = `check owner, name and architecture with \`aws ec2 describe-images --region ${region} --owners ${lookup.owner} --include-deprecated --filters "Name=name,Values=${lookup.name}"\` as the build account`;
  return {
    error: `no ${kind} ${lookup.architecture} AMI of owner ${lookup.owner}${product} matches "${lookup.name}" in ${region}`,
    hint: lookup.includeDeprecated
      ? check
      : `${check}; if only deprecated AMIs match, add includeDeprecated: true to the lookup and exceptions: [{ check: deprecated-parent, reason: ... }] to the image`,
  };
}

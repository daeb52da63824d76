/** Finding the newest AMI a parent lookup matches, with EC2 DescribeImages. */
import { paginateDescribeImages, type EC2Client, type Image } from '@aws-sdk/client-ec2';
import { boundedPages } from '../aws/paging.js';
import { awsText } from '../aws/response-text.js';
import type { ParentLookup } from '../config/parent-lookup.js';
import type { ParentPin } from '../versioning/lock-schema.js';

/** An AMI id as EC2 writes it; anything else in a response is not pinned. */
const AMI_ID = /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/;

/**
 * Whether an image EC2 returned is one the lookup may pin: available, not deprecated (EC2 shows an
 * owner its own deprecated AMIs whatever it is asked, so `DeprecationTime` is checked here; EC2
 * API reference, DescribeImages `IncludeDeprecated`), of the lookup's owner and product code, and
 * with an id, name and creation date.
 */
function pinnable(image: Image, lookup: ParentLookup, now: Date): boolean {
  if (!image.ImageId || !AMI_ID.test(image.ImageId) || !image.CreationDate || Number.isNaN(Date.parse(image.CreationDate))) return false;
  if (image.State !== undefined && image.State !== 'available') return false;
  if (image.DeprecationTime !== undefined && !(Date.parse(image.DeprecationTime) > now.getTime())) return false;
  if (/^\d{12}$/.test(lookup.owner) && image.OwnerId !== lookup.owner) return false;
  if (lookup.owner === 'amazon' && image.ImageOwnerAlias !== 'amazon') return false;
  if (lookup.productCode !== undefined && !image.ProductCodes?.some((code) => code.ProductCodeId === lookup.productCode)) return false;
  return true;
}

/**
 * The newest available machine image of the owner whose name matches the pattern, in the
 * client's region; a message when none matches. Deprecated and disabled AMIs are left out, so a
 * pin never moves to an image the publisher withdrew.
 */
export async function newestMatchingAmi(client: EC2Client, lookup: ParentLookup, region: string, now = new Date()): Promise<ParentPin | string> {
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
    },
  );
  for await (const page of boundedPages(pages, (page) => page.NextToken, 'ec2:DescribeImages')) {
    for (const image of page.Images ?? []) {
      if (!pinnable(image, lookup, now)) continue;
      const [created, newestCreated] = [Date.parse(image.CreationDate!), newest ? Date.parse(newest.CreationDate!) : Number.NEGATIVE_INFINITY];
      if (created > newestCreated || (created === newestCreated && image.ImageId! > newest!.ImageId!)) newest = image;
    }
  }
  if (!newest) return `no available, non-deprecated ${lookup.architecture} AMI of owner ${lookup.owner}${lookup.productCode === undefined ? '' : ` with product code ${lookup.productCode}`} matches "${lookup.name}" in ${region}`;
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
  };
}

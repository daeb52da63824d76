/** Finding the newest AMI a parent lookup matches, with EC2 DescribeImages. */
import { paginateDescribeImages, type EC2Client, type Image } from '@aws-sdk/client-ec2';
import type { ParentLookup } from '../config/parent-lookup.js';
import type { ParentPin } from '../versioning/lock-schema.js';

/**
 * The newest available machine image of the owner whose name matches the pattern, in the
 * client's region; a message when none matches. Deprecated and disabled AMIs are left out (EC2
 * returns them only when asked), so a pin never moves to an image the publisher withdrew.
 */
export async function newestMatchingAmi(client: EC2Client, lookup: ParentLookup, region: string): Promise<ParentPin | string> {
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
      ],
    },
  );
  for await (const page of pages) {
    for (const image of page.Images ?? []) {
      if (!image.ImageId || !image.CreationDate) continue;
      if (!newest || image.CreationDate > newest.CreationDate! || (image.CreationDate === newest.CreationDate && image.ImageId > newest.ImageId!)) newest = image;
    }
  }
  if (!newest) return `no available ${lookup.architecture} AMI of owner ${lookup.owner} matches "${lookup.name}" in ${region}`;
  return {
    owner: lookup.owner,
    name: lookup.name,
    architecture: lookup.architecture,
    region,
    imageId: newest.ImageId!,
    imageName: newest.Name ?? '',
    created: newest.CreationDate!,
  };
}

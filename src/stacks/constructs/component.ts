/** An Image Builder component made from a shared or team-local document. */
import { ImagebuilderComponent } from '@cdktf/provider-aws/lib/imagebuilder-component';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import type { Construct } from 'constructs';
import type { OwnedComponent } from '../../model/fleet/fleet.js';
import { tagsArgument } from './tags.js';

/**
 * Components are immutable per version: a new version is created before the old one goes,
 * and old versions are kept (`skip_destroy`) so that recipes and images using them never break.
 * A document over Image Builder's `data` limit is uploaded, encrypted, to a versioned key and
 * referenced by `uri`; Image Builder copies it when the version is created. A component serves every
 * image of the team, so it carries the team's tags; they update in place.
 */
export function addComponent(scope: Construct, component: OwnedComponent, tags: Record<string, string>): ImagebuilderComponent {
  const { args, upload } = component;
  const document =
    upload &&
    new S3Object(scope, `component-document-${component.key}`, {
      bucket: upload.bucket,
      key: upload.key,
      content: args.data,
      contentType: 'application/x-yaml',
      serverSideEncryption: 'aws:kms',
      kmsKeyId: args.kmsKeyId,
      lifecycle: { createBeforeDestroy: true },
    });
  return new ImagebuilderComponent(scope, `component-${component.key}`, {
    name: args.name,
    platform: args.platform,
    version: component.version,
    ...(document ? { uri: `s3://${upload.bucket}/${upload.key}`, dependsOn: [document] } : { data: args.data }),
    description: args.description || undefined,
    kmsKeyId: args.kmsKeyId,
    skipDestroy: true,
    tags: tagsArgument(tags),
    lifecycle: { createBeforeDestroy: true },
  });
}

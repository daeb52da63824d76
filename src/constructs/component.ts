/** An Image Builder component made from a shared or team-local document. */
import { ImagebuilderComponent } from '@cdktf/provider-aws/lib/imagebuilder-component';
import type { Construct } from 'constructs';
import type { OwnedComponent } from '../fleet/model.js';

/**
 * Components are immutable per version: a new version is created before the old one goes,
 * and old versions are kept (`skip_destroy`) so that recipes and images using them never break.
 */
export function addComponent(scope: Construct, component: OwnedComponent): ImagebuilderComponent {
  const { args } = component;
  return new ImagebuilderComponent(scope, `component-${component.key}`, {
    name: args.name,
    platform: args.platform,
    version: component.version,
    data: args.data,
    description: args.description || undefined,
    kmsKeyId: args.kmsKeyId,
    skipDestroy: true,
    lifecycle: { createBeforeDestroy: true },
  });
}

/** An image's recipe: parent image, ordered components, encrypted volumes, user data and working directory. */
import type { ImagebuilderComponent } from '@cdktf/provider-aws/lib/imagebuilder-component';
import { ImagebuilderImageRecipe } from '@cdktf/provider-aws/lib/imagebuilder-image-recipe';
import type { Construct } from 'constructs';
import { componentArn } from '../../model/names.js';
import type { Image, RecipeComponent, Team } from '../../model/fleet/fleet.js';
import { tagsArgument } from './tags.js';

/**
 * Recipes are immutable per version, so a new version is created before the old one is
 * replaced. Owned components are referenced through their resources, so Terraform creates
 * a component version before the recipe that uses it; one pinned below its current version by
 * the ARN of that version, which the stack no longer manages (`skip_destroy` kept it).
 */
export function addRecipe(
  scope: Construct,
  team: Pick<Team, 'partition' | 'region' | 'account'>,
  image: Image,
  components: ReadonlyMap<string, ImagebuilderComponent>,
): ImagebuilderImageRecipe {
  const { recipe } = image;
  // Pinned below the current version: a version the stack no longer manages. At the current one, the resource (it orders the apply).
  const behind = new Set(image.componentPins.filter((pin) => pin.version !== pin.current).map((pin) => pin.key));
  const arnOf = (component: RecipeComponent): string => {
    if (component.kind === 'managed') return component.arn;
    if (behind.has(component.key))
      return componentArn(team.partition, team.region, team.account.id, component.resourceName, component.version);
    return components.get(component.key)!.arn;
  };
  return new ImagebuilderImageRecipe(scope, 'recipe', {
    name: recipe.name,
    description: recipe.description,
    version: image.recipeVersion,
    parentImage: recipe.parentImage,
    component: recipe.components.map((component) => ({
      componentArn: arnOf(component),
      parameter: component.parameters.length ? component.parameters.map(({ name, value }) => ({ name, value })) : undefined,
    })),
    blockDeviceMapping: recipe.blockDevices.map((device) => ({
      deviceName: device.deviceName,
      ebs: {
        deleteOnTermination: 'true',
        encrypted: 'true',
        kmsKeyId: device.kmsKeyId,
        volumeSize: device.volumeSize,
        volumeType: device.volumeType,
        iops: device.iops,
        throughput: device.throughput,
        snapshotId: device.snapshotId,
      },
    })),
    // The recipe version tag derives from the version alone, so it changes exactly when the fingerprint does.
    amiTags: { ...recipe.amiTags, 'golden-ami:recipe-version': image.recipeVersion },
    userDataBase64: recipe.userDataBase64,
    workingDirectory: recipe.workingDirectory,
    // The team's tags update in place (`tags` is not ForceNew) and stay out of the fingerprint; on the AMI they come from the distribution.
    tags: tagsArgument(image.tags),
    lifecycle: { createBeforeDestroy: true },
  });
}

/** Everything one image needs: recipe, build infrastructure, distribution and the pipeline. */
import type { ImagebuilderComponent } from '@cdktf/provider-aws/lib/imagebuilder-component';
import { ImagebuilderImagePipeline } from '@cdktf/provider-aws/lib/imagebuilder-image-pipeline';
import type { ImagebuilderImageRecipe } from '@cdktf/provider-aws/lib/imagebuilder-image-recipe';
import { ImagebuilderInfrastructureConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-infrastructure-configuration';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import type { BuildInfo } from '../../model/fleet/build-info.js';
import { owningTeam, waives, type Image, type Team } from '../../model/fleet/fleet.js';
import { addDistribution } from './distribution.js';
import { addRecipe } from './recipe.js';
import { tagsArgument } from './tags.js';

export interface ImagePipelineProps {
  team: Team;
  image: Image;
  components: ReadonlyMap<string, ImagebuilderComponent>;
  instanceProfileName: string;
  buildInfo: BuildInfo;
}

/**
 * Tags on every distributed AMI, in every account. Distribution settings update in place, so the
 * commit (a volatile value) may go here and nowhere that forces replacement.
 */
export function distributionTags(team: Team, image: Image, buildInfo: BuildInfo): Record<string, string> {
  return {
    'golden-ami:team': owningTeam(team),
    'golden-ami:image': image.name,
    'golden-ami:built': '{{ imagebuilder:buildDate }}',
    ...(buildInfo.repository ? { 'golden-ami:source-repository': buildInfo.repository } : {}),
    ...(buildInfo.commit ? { 'golden-ami:source-commit': buildInfo.commit } : {}),
  };
}

export class ImagePipeline extends Construct {
  readonly pipeline: ImagebuilderImagePipeline;
  readonly recipe: ImagebuilderImageRecipe;

  constructor(scope: Construct, id: string, { team, image, components, instanceProfileName, buildInfo }: ImagePipelineProps) {
    super(scope, id);
    const recipe = (this.recipe = addRecipe(this, team, image, components));
    const infrastructure = new ImagebuilderInfrastructureConfiguration(this, 'infrastructure', {
      name: image.resourceName,
      description: `Build and test instances of ${image.resourceName}`,
      instanceProfileName,
      instanceTypes: image.instanceTypes,
      instanceMetadataOptions: {
        httpTokens: waives(image, 'imdsv2') ? 'optional' : 'required',
        httpPutResponseHopLimit: image.instanceMetadataHopLimit,
      },
      terminateInstanceOnFailure: !waives(image, 'terminate-on-failure'),
      logging: { s3Logs: { s3BucketName: team.logBucket, s3KeyPrefix: image.logPrefix } },
      subnetId: team.network?.subnetId,
      securityGroupIds: team.network?.securityGroupIds,
      resourceTags: { ...image.tags, Team: owningTeam(team), Image: image.name },
      tags: tagsArgument(image.tags),
    });
    const distribution = addDistribution(this, image, {
      ...image.tags,
      ...image.buildTimeTags,
      ...distributionTags(team, image, buildInfo),
    });
    this.pipeline = new ImagebuilderImagePipeline(this, 'pipeline', {
      name: image.resourceName,
      description: image.description,
      imageRecipeArn: recipe.arn,
      infrastructureConfigurationArn: infrastructure.arn,
      distributionConfigurationArn: distribution.arn,
      status: 'ENABLED',
      enhancedImageMetadataEnabled: true,
      // An on-demand image's pipeline has no schedule: it builds when started.
      schedule: image.schedule && {
        scheduleExpression: image.schedule.expression,
        pipelineExecutionStartCondition: image.schedule.startCondition,
        timezone: image.schedule.timezone,
      },
      imageTestsConfiguration: { imageTestsEnabled: !waives(image, 'image-tests'), timeoutMinutes: image.testTimeoutMinutes },
      imageScanningConfiguration: { imageScanningEnabled: !waives(image, 'image-scanning') },
      tags: tagsArgument(image.tags),
    });
    new TerraformOutput(scope, `${id}-pipeline-arn`, {
      value: this.pipeline.arn,
      description: `ARN of the ${image.resourceName} pipeline (start it on demand with aws imagebuilder start-image-pipeline-execution)`,
    });
  }
}

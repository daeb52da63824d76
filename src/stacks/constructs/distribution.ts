/** Where an image's AMIs go: regions, accounts, launch permissions, launch templates, SSM parameters. */
import { ImagebuilderDistributionConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-distribution-configuration';
import type { Construct } from 'constructs';
import type { DistributionTarget, Image } from '../../model/fleet/fleet.js';
import { launchTemplatesMovedByBuilds } from '../../model/fleet/channels.js';
import { tagsArgument } from './tags.js';

/** Distribution settings (AMI tags included) update in place, so a change here never touches components or recipes. */
export function addDistribution(scope: Construct, image: Image, amiTags: Record<string, string>): ImagebuilderDistributionConfiguration {
  return new ImagebuilderDistributionConfiguration(scope, 'distribution', {
    name: image.resourceName,
    description: `Distribution of ${image.resourceName}`,
    distribution: image.distribution.map((target) => distributionOf(image, target, amiTags)),
    tags: tagsArgument(image.tags),
  });
}

/**
 * One region's distribution. With channels, only the first channel's launch templates (and, in the
 * model already, its SSM parameter) move at build time; `npm run promote` moves the later ones.
 */
function distributionOf(image: Image, target: DistributionTarget, amiTags: Record<string, string>) {
  const launchTemplates = launchTemplatesMovedByBuilds(image, target);
  return {
    region: target.region,
    amiDistributionConfiguration: {
      name: target.amiName ?? image.amiName,
      description: image.description,
      kmsKeyId: target.kmsKeyId,
      targetAccountIds: target.targetAccountIds.length ? target.targetAccountIds : undefined,
      amiTags,
      launchPermission:
        target.organizationArns.length || target.organizationalUnitArns.length || target.launchPermissionAccountIds.length
          ? {
              organizationArns: target.organizationArns.length ? target.organizationArns : undefined,
              organizationalUnitArns: target.organizationalUnitArns.length ? target.organizationalUnitArns : undefined,
              userIds: target.launchPermissionAccountIds.length ? target.launchPermissionAccountIds : undefined,
            }
          : undefined,
    },
    launchTemplateConfiguration: launchTemplates.length
      ? launchTemplates.map((template) => ({
          accountId: template.accountId,
          launchTemplateId: template.launchTemplateId,
          default: template.setDefaultVersion,
        }))
      : undefined,
    ssmParameterConfiguration: target.ssmParameters.length
      ? target.ssmParameters.map((parameter) => ({
          parameterName: parameter.name,
          amiAccountId: parameter.accountId,
          dataType: 'aws:ec2:image',
        }))
      : undefined,
  };
}

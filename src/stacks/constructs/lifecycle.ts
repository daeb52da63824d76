/** Retention: EC2 Image Builder lifecycle policies that deprecate and then delete old AMIs. */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ImagebuilderLifecyclePolicy } from '@cdktf/provider-aws/lib/imagebuilder-lifecycle-policy';
import { Construct } from 'constructs';
import { deletesAmis, deprecatesAmis, type Image, type Team } from '../../model/fleet/fleet.js';
import { awsManagedPolicyArn, LIFECYCLE_MANAGED_POLICY, RELEASE_TAGS, teamBoundaryArn, teamRoleNames } from '../../model/names.js';
import { tagsArgument } from './tags.js';

/** AMIs with this tag are never deprecated or deleted. */
export const RETAIN_TAG = { Retain: 'true' };

/**
 * Revoked images and AMIs (`npm run revoke`) are kept, whatever their age, so the rollback never
 * races a deletion and consumers still on them keep working until they move; the operator removes
 * them (docs/operations.md, "Removing a revoked image"). Image Builder skips a resource that has any
 * one of an exclusion rule's tags (EC2 Image Builder API reference, LifecyclePolicyDetailExclusionRules:
 * at most 50 tags, keys of 1 to 128 characters not starting with `aws:`). The pinned provider
 * (internal/service/imagebuilder/lifecycle_policy.go) takes `exclusion_rules.tag_map` and
 * `exclusion_rules.amis.tag_map` as string maps with no plan-time validation; the two tags here fit.
 */
export const REVOKED_TAG = { [RELEASE_TAGS.revoked]: 'true' };

/** The team's lifecycle execution role and one lifecycle policy per image, selecting its recipe. */
export class Lifecycle extends Construct {
  constructor(scope: Construct, id: string, team: Team) {
    super(scope, id);
    const role = new IamRole(this, 'role', {
      name: teamRoleNames(team.name).lifecycle,
      description: `EC2 Image Builder lifecycle policies of team ${team.name}`,
      permissionsBoundary: teamBoundaryArn(team.partition, team.account.id),
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        // Image Builder acting for this account only (EC2 Image Builder User Guide, "Cross-service confused deputy prevention").
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'imagebuilder.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': team.account.id } },
          },
        ],
      }),
    });
    new IamRolePolicyAttachment(this, 'execution-policy', {
      role: role.name,
      policyArn: awsManagedPolicyArn(team.partition, LIFECYCLE_MANAGED_POLICY),
    });
    for (const image of team.images) if (deprecatesAmis(image)) addPolicy(this, image, image.retention.deprecateAfterDays, role.arn);
  }
}

/**
 * Deprecates an image's AMIs after `deprecateAfterDays` and deletes them after `deleteAfterDays`,
 * except AMIs tagged Retain=true or launched recently. AMIs other accounts launch by permission are
 * only deprecated (their last launch may not be recorded), unless the image waives keep-shared-amis.
 * An image whose AMIs are kept for good (`deprecateAfterDays: never`) has no policy.
 * The policy selects every version of the recipe the lock remembers: the pinned provider takes
 * exact versions only (no `x.x.x`).
 */
function addPolicy(scope: Construct, image: Image, deprecateAfterDays: number, executionRole: string): ImagebuilderLifecyclePolicy {
  const { retention } = image;
  const exclusionRules = [
    {
      tagMap: REVOKED_TAG,
      amis: [{ tagMap: { ...RETAIN_TAG, ...REVOKED_TAG }, lastLaunched: [{ unit: 'DAYS', value: retention.skipIfLaunchedWithinDays }] }],
    },
  ];
  const deprecate = {
    action: [{ type: 'DEPRECATE', includeResources: [{ amis: true }] }],
    filter: [{ type: 'AGE', value: deprecateAfterDays, unit: 'DAYS' }],
    exclusionRules,
  };
  const remove = {
    action: [{ type: 'DELETE', includeResources: [{ amis: true, snapshots: true }] }],
    filter: [{ type: 'AGE', value: retention.deleteAfterDays, unit: 'DAYS', retainAtLeast: retention.keepAtLeast }],
    exclusionRules,
  };
  const versions = [...image.earlierRecipeVersions, image.recipeVersion];
  return new ImagebuilderLifecyclePolicy(scope, `policy-${image.name}`, {
    name: image.resourceName,
    description: deletesAmis(image)
      ? `Deprecate ${image.resourceName} AMIs after ${deprecateAfterDays} days, delete after ${retention.deleteAfterDays}`
      : `Deprecate ${image.resourceName} AMIs after ${deprecateAfterDays} days; shared AMIs are never deleted`,
    executionRole,
    resourceType: 'AMI_IMAGE',
    status: 'ENABLED',
    resourceSelection: [{ recipe: versions.map((semanticVersion) => ({ name: image.recipe.name, semanticVersion })) }],
    policyDetail: deletesAmis(image) ? [deprecate, remove] : [deprecate],
    tags: tagsArgument(image.tags),
  });
}

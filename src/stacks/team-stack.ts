/** One team, one Terraform stack: provider, backend, and the team's Image Builder resources. */
import type { ImagebuilderComponent } from '@cdktf/provider-aws/lib/imagebuilder-component';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { automaticRebuildImages } from '../model/automatic-rebuild.js';
import { BUILDS_ON_DEPLOY_OUTPUT, type BuildOnDeploy } from '../model/deploy-outputs.js';
import type { Construct } from 'constructs';
import { BuildRole } from './constructs/build-role.js';
import { AutomaticRebuilds } from './constructs/automatic-rebuilds.js';
import { addComponent } from './constructs/component.js';
import { ImagePipeline } from './constructs/image-pipeline.js';
import { Lifecycle } from './constructs/lifecycle.js';
import { Notifications } from './constructs/notifications.js';
import type { BuildInfo } from '../model/fleet/build-info.js';
import { owningTeam, type Team } from '../model/fleet/fleet.js';
import { RELEASE_TAGS, TEAM_TAG } from '../model/names.js';
import { literalData } from '../core/terraform-text.js';

/** Tags every resource of the stack carries, through the provider's `default_tags`. */
export function defaultTags(team: Pick<Team, 'name' | 'preview' | 'folder'>): Record<string, string> {
  return {
    [TEAM_TAG]: owningTeam(team),
    Source: team.folder,
    ManagedBy: 'golden-ami-pipelines',
    ...(team.preview ? { [RELEASE_TAGS.preview]: team.preview.id } : {}),
  };
}

/** S3-native state locking (`use_lockfile`) needs Terraform 1.11 or later. */
export const REQUIRED_TERRAFORM = '>= 1.11.0';

/** Which role the provider assumes: the deploy role, or the read-only plan role. */
export type AssumedRole = 'deploy' | 'plan';

export interface TeamStackOptions {
  buildInfo?: BuildInfo;
  role?: AssumedRole;
}

export class TeamStack extends TerraformStack {
  constructor(scope: Construct, resolved: Team, options: TeamStackOptions = {}) {
    super(scope, resolved.name);
    // The one boundary where resolved data becomes Terraform: every string is made literal here.
    const team = literalData(resolved);
    const buildInfo = literalData(options.buildInfo ?? {});
    const role = options.role ?? 'deploy';
    new AwsProvider(this, 'aws', {
      region: team.region,
      // The session tag the deploy role's statements are bound to (foundation/account-policies.ts): this team's resources only.
      assumeRole: [
        {
          roleArn: role === 'plan' ? team.planRoleArn : team.deployRoleArn,
          sessionName: team.preview ? `golden-ami-preview-${team.preview.id}` : `golden-ami-${team.name}`,
          tags: { [TEAM_TAG]: owningTeam(team) },
        },
      ],
      defaultTags: [{ tags: defaultTags(team) }],
    });
    new S3Backend(this, {
      bucket: team.state.bucket,
      key: team.state.key,
      region: team.state.region,
      encrypt: true,
      kmsKeyId: team.state.kmsKeyId,
    });
    // S3-native state locking; cdktf 0.21's S3Backend does not know the option yet.
    this.addOverride('terraform.backend.s3.use_lockfile', true);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM);

    const buildRole = new BuildRole(this, 'build-role', team);
    new Notifications(this, 'notifications', team);
    const components = new Map<string, ImagebuilderComponent>(
      team.components.map((component) => [component.key, addComponent(this, component, team.tags)]),
    );
    const buildsOnDeploy: Record<string, BuildOnDeploy> = {};
    for (const image of team.images) {
      const { pipeline, recipe } = new ImagePipeline(this, `image-${image.name}`, {
        team,
        image,
        components,
        instanceProfileName: buildRole.instanceProfileName,
        buildInfo,
      });
      if (image.buildOnDeploy) buildsOnDeploy[image.name] = { pipeline_arn: pipeline.arn, recipe_arn: recipe.arn };
    }
    new TerraformOutput(this, BUILDS_ON_DEPLOY_OUTPUT, {
      value: buildsOnDeploy,
      description: 'Pipelines the deploy workflow starts when their recipe version has no image yet (npm run start-builds)',
    });
    new Lifecycle(this, 'lifecycle', team);
    if (automaticRebuildImages(team).length) new AutomaticRebuilds(this, 'automatic-rebuilds', team);
  }
}

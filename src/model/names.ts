/**
 * The one naming rule shared by the foundation stacks (which create these things), the team stacks
 * (which refer to them) and the commands (which ask AWS about them): every name and ARN they use is
 * computed here from the platform settings, so no name is typed twice. Pure functions, no cdktf.
 * The few names the settings' own schema checks (a region's component bucket, a role template's
 * role name) are derived in src/config/aws-names.ts, a layer below, and exported from here too.
 */
import type { PlatformSettings } from '../config/platform-schema.js';
import { partitionOf } from '../config/aws-names.js';
import { FOUNDATION_STACK_PREFIX, PREVIEW_NAME_MARK } from '../config/teams.js';

export { componentBucketName, roleNameOfTemplate } from '../config/aws-names.js';

/** The stack that holds an account's foundation: `foundation-<account name>`. */
export function foundationStackName(accountName: string): string {
  return `${FOUNDATION_STACK_PREFIX}${accountName}`;
}

/** Whether a stack name is a foundation stack's. */
export function isFoundationStack(stack: string): boolean {
  return stack.startsWith(FOUNDATION_STACK_PREFIX);
}

/** State key of an account's foundation stack; team stacks use `teams/<team>/terraform.tfstate`. */
export function foundationStateKey(accountName: string): string {
  return `foundation/${accountName}/terraform.tfstate`;
}

/** State key of a team stack. */
export function teamStateKey(team: string): string {
  return `teams/${team}/terraform.tfstate`;
}

/** The state keys team stacks write (S3-native lock files beside them). */
export const TEAM_STATE_KEYS = 'teams/*/terraform.tfstate';
/** The state keys foundation stacks write. */
export const FOUNDATION_STATE_KEYS = 'foundation/*/terraform.tfstate';

/** Alias of the platform key in every region (aliases are per account and region). */
export const PLATFORM_KEY_ALIAS = 'alias/golden-ami';
/** Alias of the key that encrypts Terraform state (state region only). */
export const STATE_KEY_ALIAS = 'alias/golden-ami-state';

/** GitHub's OIDC issuer and the audience AWS's credentials action asks for. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/** The roles GitHub Actions assumes in the state account (the workflows' GOLDEN_AMI_*_ROLE_ARN variables). */
export const CI_ROLE_NAMES = {
  /** Pull-request plans, manual diffs, drift checks: reads state, assumes each account's plan role. */
  plan: 'golden-ami-ci-plan',
  /** Team deploys from the `production` environment: writes team state, assumes each build account's deploy role. */
  deploy: 'golden-ami-ci-deploy',
  /** Foundation deploys from the `foundation` environment: writes foundation state, assumes each account's foundation role. */
  foundation: 'golden-ami-ci-foundation',
  /** Preview builds and their cleanup from the `preview` environment: writes preview state only, assumes each account's preview role. */
  preview: 'golden-ami-ci-preview',
  /** Promotions from the promotion environment (promote.yml): assumes each account's releaser role. */
  release: 'golden-ami-ci-release',
} as const;

/**
 * The roles people work through (`context.platform.foundation.operators`): read-only in the state
 * account, chained to each account's plan role like the CI plan role; and rebuild in each build account.
 */
export const OPERATOR_ROLE_NAMES = {
  /** `cdktf diff`, fleet-status, pin-parents: reads state, assumes each account's plan role. */
  readOnly: 'golden-ami-operator',
  /** `npm run rebuild`: starts the pipelines of the team in its session's Team tag. */
  rebuild: 'golden-ami-rebuilder',
} as const;

/** The state account stack's output with the read-only operator role's ARN (what a person's AWS profile names). */
export const OPERATOR_ROLE_OUTPUT = 'operator-role-arn';

/**
 * The role IAM Identity Center creates for a permission set in an account, as an `ArnLike` pattern:
 * `role/aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<set>_<16-character suffix>` (IAM
 * Identity Center User Guide, "Referencing permission sets in resource policies, Amazon EKS, and AWS
 * KMS"; roles of an instance in us-east-1 have no region in the path). The suffix is matched by its
 * length (`?` is one character), so set `Platform` never matches `AWSReservedSSO_Platform_Admin_…`.
 */
export function permissionSetRolePatterns(partition: string, accountId: string, permissionSet: string): string[] {
  const name = `AWSReservedSSO_${permissionSet}_${'?'.repeat(16)}`;
  return [
    roleArn(partition, accountId, `aws-reserved/sso.amazonaws.com/${name}`),
    roleArn(partition, accountId, `aws-reserved/sso.amazonaws.com/*/${name}`),
  ];
}

/** The role Image Builder assumes in an account that receives copies (its documented default name). */
export const DISTRIBUTION_ROLE_NAME = 'EC2ImageBuilderDistributionCrossAccountRole';
/**
 * The role Image Builder's lifecycle policies use in an account that received copies (the exact
 * name the EC2 Image Builder User Guide requires: "Create an IAM role for Image Builder
 * cross-account lifecycle management").
 */
export const CROSS_ACCOUNT_LIFECYCLE_ROLE_NAME = 'Ec2ImageBuilderCrossAccountLifecycleAccess';
/** The AWS managed policy of that role. */
export const DISTRIBUTION_MANAGED_POLICY = 'Ec2ImageBuilderCrossAccountDistributionAccess';
/** Image Builder's service-linked role, path included. */
export const IMAGE_BUILDER_SERVICE_ROLE = 'aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder';
/** The AWS managed policies a team's build role attaches: what an Image Builder instance needs, and nothing more. */
export const BUILD_MANAGED_POLICIES = ['AmazonSSMManagedInstanceCore', 'EC2InstanceProfileForImageBuilder'] as const;
/** The AWS managed policy of a lifecycle execution role: the team's, and the cross-account one of an account that receives copies. */
export const LIFECYCLE_MANAGED_POLICY = 'service-role/EC2ImageBuilderLifecycleExecutionPolicy';

/** `arn:<partition>:iam::aws:policy/<name>`: an AWS managed policy. */
export function awsManagedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/** `arn:<partition>:iam::<account>:role/<name>`. */
export function roleArn(partition: string, accountId: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:role/${name}`;
}

/** An account's root principal (the account, for policies that then narrow by `aws:PrincipalArn`). */
export function accountRoot(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** A role template of the settings (`arn:…:role/<name>` with `{accountId}`) for one account. */
export function roleFromTemplate(template: string, accountId: string): string {
  return template.replace('{accountId}', accountId);
}

/**
 * The customer-managed policies holding what a foundation role's inline policy cannot:
 * `<role name>-part-<n>`, numbered from 1 (e.g. `golden-ami-deployer-part-1`). Policy names are per
 * account, like the role's.
 */
export function policyPartName(roleName: string, part: number): string {
  return `${roleName}-part-${part}`;
}

/** The deploy role a team stack assumes in its build account. */
export function deployRoleArn(platform: Pick<PlatformSettings, 'deployRole'>, accountId: string): string {
  return roleFromTemplate(platform.deployRole, accountId);
}

/** The plan role a stack assumes for plans; the deploy role when the platform names none. */
export function planRoleArn(platform: Pick<PlatformSettings, 'deployRole' | 'planRole'>, accountId: string): string {
  return roleFromTemplate(platform.planRole ?? platform.deployRole, accountId);
}

/** The read-only operator role (state account); undefined when the platform has no foundation. */
export function operatorRoleArn(platform: Pick<PlatformSettings, 'foundation' | 'accounts' | 'stateRegion'>): string | undefined {
  const account = platform.foundation && platform.accounts[platform.foundation.stateAccount];
  return account ? roleArn(partitionOf(platform.stateRegion), account, OPERATOR_ROLE_NAMES.readOnly) : undefined;
}

/** The rebuild operator role of a build account. */
export function rebuildRoleArn(platform: Pick<PlatformSettings, 'stateRegion'>, accountId: string): string {
  return roleArn(partitionOf(platform.stateRegion), accountId, OPERATOR_ROLE_NAMES.rebuild);
}

/** A pipeline's ARN: Image Builder puts resource names in ARNs in lower case. */
export function pipelineArn(partition: string, region: string, accountId: string, pipeline: string): string {
  return `arn:${partition}:imagebuilder:${region}:${accountId}:image-pipeline/${pipeline.toLowerCase()}`;
}

/** A recipe version's ARN (`…:image-recipe/<name>/<x.y.z>`), in lower case as Image Builder writes it. */
export function recipeArn(partition: string, region: string, accountId: string, recipe: string, version: string): string {
  return `arn:${partition}:imagebuilder:${region}:${accountId}:image-recipe/${recipe.toLowerCase()}/${version}`;
}

/** An image build version's ARN (`…:image/<name>/<x.y.z>/<build>`), as GetImage and TagResource take it. */
export function imageBuildArn(partition: string, region: string, accountId: string, image: string, buildVersion: string): string {
  return `arn:${partition}:imagebuilder:${region}:${accountId}:image/${image.toLowerCase()}/${buildVersion}`;
}

/**
 * A component version's ARN (`…:component/<name>/<x.y.z>`), as a recipe references it: the
 * semantic version without a build number is accepted (Image Builder API reference,
 * ComponentConfiguration.componentArn).
 */
export function componentArn(partition: string, region: string, accountId: string, component: string, version: string): string {
  return `arn:${partition}:imagebuilder:${region}:${accountId}:component/${component.toLowerCase()}/${version}`;
}

/** Names of the roles a team stack creates in its build account (the foundation grants to them by name). */
export function teamRoleNames(team: string): { build: string; lifecycle: string; automaticRebuild: string; findingEvents: string } {
  return {
    build: `${team}-imagebuilder-build`,
    lifecycle: `${team}-imagebuilder-lifecycle`,
    automaticRebuild: `${team}-imagebuilder-auto-rebuild`,
    findingEvents: `${team}-imagebuilder-finding-events`,
  };
}

/**
 * The tag that names a team on its principals and resources: the team stacks' `default_tags` put it on
 * every resource (roles included, so a build role's sessions carry it as a principal tag), and the team
 * stack's provider sets it as a session tag when it assumes the deploy or plan role.
 */
export const TEAM_TAG = 'Team';

/** The IAM policy variable of the calling principal's team (its `Team` principal tag: role tag or session tag). */
export const PRINCIPAL_TEAM = `\${aws:PrincipalTag/${TEAM_TAG}}`;

/**
 * The tags that say who started a build and why: set by start-builds, rebuild and the automatic
 * rebuilds, read by fleet-status.
 */
export const START_TAGS = {
  startedBy: 'golden-ami:started-by',
  reason: 'golden-ami:start-reason',
  commit: 'golden-ami:source-commit',
  finding: 'golden-ami:finding',
} as const;

/**
 * The SSM parameter of an image's channel, in every account and region of the channel's stage:
 * `/golden-ami/<team>/<image>/<channel>` (issue 28: channels). Images without channels keep the
 * `ssmParameter` their team.yaml names.
 */
export function channelParameterName(team: string, image: string, channel: string): string {
  return `/golden-ami/${team}/${image}/${channel}`;
}

/**
 * The tags the release commands put on Image Builder images and their AMIs, read back by
 * fleet-status, promote, revoke and lineage. Values are at most 256 characters (EC2 tag limit).
 */
export const RELEASE_TAGS = {
  /** `golden-ami:promoted:<channel>`: `<ISO time> by <who>: <why>`, set by promote. */
  promotedPrefix: 'golden-ami:promoted:',
  /** `true` on a revoked image and its AMIs (promote refuses them; lifecycle policies exclude them by this tag). */
  revoked: 'golden-ami:revoked',
  revokedReason: 'golden-ami:revoked-reason',
  revokedBy: 'golden-ami:revoked-by',
  revokedAt: 'golden-ami:revoked-at',
  /** The preview a resource or AMI belongs to (`pr-<number>` or a branch slug); absent on production. */
  preview: 'golden-ami:preview',
  /** The golden parent an image was built on (lineage): team, image, version and AMI id. */
  parentTeam: 'golden-ami:parent-team',
  parentImage: 'golden-ami:parent-image',
  parentVersion: 'golden-ami:parent-version',
  parentAmi: 'golden-ami:parent-ami',
  /** The parent's channel the image follows, when it names one (lineage). */
  parentChannel: 'golden-ami:parent-channel',
} as const;

/** The role promote and revoke work through in every account of the fleet (foundation operator role). */
export const RELEASE_ROLE_NAME = 'golden-ami-releaser';

/** The tag promote puts on an image and its AMIs when it moves them into a channel: `golden-ami:promoted:<channel>`. */
export function promotedTag(channel: string): string {
  return `${RELEASE_TAGS.promotedPrefix}${channel}`;
}

/** The releaser role of an account (RELEASE_ROLE_NAME), which promote and revoke assume there. */
export function releaseRoleArn(partition: string, accountId: string): string {
  return roleArn(partition, accountId, RELEASE_ROLE_NAME);
}

/** Every channel parameter of an account, in any region: `arn:<partition>:ssm:*:<account>:parameter/golden-ami/*`. */
export function channelParametersArn(partition: string, accountId: string): string {
  return `arn:${partition}:ssm:*:${accountId}:parameter/golden-ami/*`;
}

/**
 * The tags `npm run revoke` keeps beside RELEASE_TAGS.revoked*, all under the `golden-ami:revoked`
 * prefix the releaser role's tag statements are bound to: the deprecation time an AMI had before it
 * was revoked (`none` when it had none), which `--restore` puts back, and who restored it, when and why.
 */
export const REVOCATION_TAGS = {
  deprecationBefore: 'golden-ami:revoked-deprecation-before',
  restoredBy: 'golden-ami:revoked-restored-by',
  restoredAt: 'golden-ami:revoked-restored-at',
  restoredReason: 'golden-ami:revoked-restored-reason',
} as const;

/** The tag keys revoke writes and removes: `golden-ami:revoked` and every key that starts with it. */
export const REVOCATION_TAG_PATTERN = `${RELEASE_TAGS.revoked}*`;

/** The permissions boundary every team role carries: a customer-managed policy of each build account's foundation stack. */
export const TEAM_BOUNDARY_NAME = 'golden-ami-team-boundary';

/** `arn:<partition>:iam::<account>:policy/golden-ami-team-boundary`. */
export function teamBoundaryArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:policy/${TEAM_BOUNDARY_NAME}`;
}

/** The team's alert topic (constructs/notifications.ts). */
export function alertTopicName(team: string): string {
  return `${team}-image-builds`;
}

/** Every team's build role in an account, as an ARN pattern for `aws:PrincipalArn` (`ArnLike`). */
export function buildRolePattern(partition: string, accountId: string): string {
  return roleArn(partition, accountId, '*-imagebuilder-build');
}

/** The state account stack's output with the platform key of a region: `platform-key-<region>-arn` (`npm run platform -- record-keys` reads it). */
export function platformKeyOutputName(region: string): string {
  return `platform-key-${region}-arn`;
}

/** The state account stack's output with a CI role's ARN: `ci-<role>-role-arn`, for the `GOLDEN_AMI_<ROLE>_ROLE_ARN` repository variable. */
export function ciRoleOutputName(role: keyof typeof CI_ROLE_NAMES): string {
  return `ci-${role}-role-arn`;
}

/** The repository variable the workflows read a CI role's ARN from. */
export function ciRoleVariable(role: keyof typeof CI_ROLE_NAMES): string {
  return `GOLDEN_AMI_${role.toUpperCase()}_ROLE_ARN`;
}

/** A preview's stack: `<team>-preview-<id>`; also the stem of every name its resources take in place of `<team>`. */
export function previewStackName(team: string, preview: string): string {
  return `${team}${PREVIEW_NAME_MARK}${preview}`;
}

/** State key of a preview stack: `previews/<id>/<team>/terraform.tfstate`, never among the team stacks' keys. */
export function previewStateKey(preview: string, team: string): string {
  return `previews/${preview}/${team}/terraform.tfstate`;
}

/** The state keys preview stacks write (S3-native lock files beside them). */
export const PREVIEW_STATE_KEYS = 'previews/*/terraform.tfstate';

/** The role preview deploys, destroys and the sweep work through in every account (foundation): preview-tagged resources only. */
export const PREVIEW_ROLE_NAME = 'golden-ami-preview';

/** The GitHub environment the preview workflows run in; the CI preview role trusts it alone. */
export const PREVIEW_ENVIRONMENT = 'preview';

/** Where a preview uploads a component document too large for `data`: beside the team's own, under `previews/<id>/`. */
export function previewComponentUploadKey(team: string, preview: string, component: string, version: string): string {
  return `components/${team}/previews/${preview}/${component}/${version}.yaml`;
}

/** An alert rule of a team stack (constructs/notifications.ts): `<team>-image-<alert>[-<n>]`, n from 2. */
export function alertRuleName(team: string, alert: string, index: number): string {
  return `${team}-image-${alert}${index === 0 ? '' : `-${index + 1}`}`;
}

/** Where a team's build logs go in the log bucket: `<team>/`, a preview's under `<team>/previews/<id>/`. */
export function teamLogPrefix(team: string, preview?: string): string {
  return preview === undefined ? team : `${team}/previews/${preview}`;
}

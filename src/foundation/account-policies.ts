/** Permissions of the roles in the accounts: deploy and plan roles, and the receiving accounts' distribution role. */
import { BUILD_MANAGED_POLICIES } from '../constructs/build-role.js';
import { LIFECYCLE_MANAGED_POLICY } from '../constructs/lifecycle.js';
import type { Foundation, FoundationAccount, FoundationTeam } from './model.js';
import { ssmParameterPrefixOf } from '../fleet/team-boundaries.js';
import { FINDINGS_BUS_NAME } from './findings-bus.js';
import { componentBucketName, IMAGE_BUILDER_SERVICE_ROLE, roleArn } from './names.js';
import { KEY_USE_ACTIONS } from './key-policies.js';
import { policy, roots, teamPolicies, type PolicyDocument, type RolePermissions } from './policy-document.js';

/** The managed policies a team stack may attach to its own roles (constructs/build-role.ts, lifecycle.ts). */
export const TEAM_MANAGED_POLICIES = [...BUILD_MANAGED_POLICIES, LIFECYCLE_MANAGED_POLICY];

/**
 * The deploy role of a build account: what the team stacks manage, on names with the prefixes of
 * the teams that build there (`<team>-…`) and in their regions. Reads that AWS cannot scope to a
 * resource (List/Get/Describe of Image Builder, EC2 image lookups) are on `*`.
 *
 * The statements that do not grow with the number of teams are the inline policy; those listing
 * the teams' resources are managed policies of as many teams each as fit IAM's 6,144 characters
 * (teamPolicies), so that the role is not bound by the 10,240 characters IAM allows a role's
 * inline policies together (the aws-policy-size check).
 */
export function deployRolePermissions(f: Foundation, account: FoundationAccount): RolePermissions | undefined {
  const teams = account.build ?? [];
  if (!teams.length) return undefined;
  const p = f.partition;
  const keys = f.regions.flatMap((r) => (r.recordedArn ? [r.recordedArn] : []));
  const inline = policy(
    {
      Sid: 'ReadImageBuilderAndImages',
      Effect: 'Allow',
      // The provider checks a changed state machine definition with ValidateStateMachineDefinition (no resource) at plan time.
      Action: [...IMAGE_BUILDER_READS, 'ec2:DescribeImages', 'states:ValidateStateMachineDefinition'],
      Resource: '*',
    },
    {
      Sid: 'ImageBuilderServiceLinkedRole',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: `arn:${p}:iam::${account.id}:role/${IMAGE_BUILDER_SERVICE_ROLE}`,
      Condition: { StringEquals: { 'iam:AWSServiceName': 'imagebuilder.amazonaws.com' } },
    },
    keys.length > 0 && {
      Sid: 'UsePlatformKeys',
      Effect: 'Allow',
      Action: ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: keys,
    },
  );
  return { inline, teams: teamPolicies(teams, (chunk) => deployRoleTeamPermissions(f, account, chunk)) };
}

/** The deploy role's statements on the resources of some of the teams of its account (one managed policy). */
export function deployRoleTeamPermissions(f: Foundation, account: FoundationAccount, teams: readonly FoundationTeam[]): PolicyDocument {
  const p = f.partition;
  const id = account.id;
  // Every Image Builder resource type (component, image-recipe, ..., image) whose name starts with `<team>-`:
  // names hold no "/", so `*/<team>-*` matches only at the name. One ARN per team keeps each managed policy small.
  const imageBuilder = teams.map((t) => `arn:${p}:imagebuilder:${t.region}:${id}:*/${t.name}-*`);
  const roles = teams.map((t) => `arn:${p}:iam::${id}:role/${t.name}-imagebuilder-*`);
  const profiles = teams.map((t) => `arn:${p}:iam::${id}:instance-profile/${t.name}-imagebuilder-*`);
  // The topic and its subscriptions (`<topic ARN>:<id>`).
  const topics = teams.map((t) => `arn:${p}:sns:${t.region}:${id}:${t.name}-image-builds*`);
  // Alert rules: <team>-image-build-failed, <team>-image-cve-detected (constructs/notifications.ts), and
  // for teams with automatic rebuilds their rule on the findings bus (constructs/automatic-rebuilds.ts).
  const rebuilding = teams.filter((t) => t.automaticRebuilds);
  const rules = [
    ...teams.map((t) => `arn:${p}:events:${t.region}:${id}:rule/${t.name}-image-*`),
    ...rebuilding.map((t) => `arn:${p}:events:${t.region}:${id}:rule/${FINDINGS_BUS_NAME}/${t.name}-image-*`),
  ];
  // The automatic rebuilds' state machines (builds/automatic-rebuild.ts), only for the teams that have them.
  const stateMachines = rebuilding.map((t) => `arn:${p}:states:${t.region}:${id}:stateMachine:${t.name}-image-*`);
  const passedToServices = ['ec2.amazonaws.com', ...(rebuilding.length ? ['events.amazonaws.com'] : []), 'imagebuilder.amazonaws.com', ...(rebuilding.length ? ['states.amazonaws.com'] : [])];
  const documents = teams.map((t) => `arn:${p}:s3:::${componentBucketName(f.platform, t.region)}/components/${t.name}/*`);
  return policy(
    {
      Sid: 'ManageTeamImageBuilderResources',
      Effect: 'Allow',
      Action: [
        'imagebuilder:CreateComponent',
        'imagebuilder:CreateDistributionConfiguration',
        'imagebuilder:CreateImagePipeline',
        'imagebuilder:CreateImageRecipe',
        'imagebuilder:CreateInfrastructureConfiguration',
        'imagebuilder:CreateLifecyclePolicy',
        'imagebuilder:DeleteComponent',
        'imagebuilder:DeleteDistributionConfiguration',
        'imagebuilder:DeleteImagePipeline',
        'imagebuilder:DeleteImageRecipe',
        'imagebuilder:DeleteInfrastructureConfiguration',
        'imagebuilder:DeleteLifecyclePolicy',
        // npm run start-builds, after a deploy (src/builds/start-builds.ts).
        'imagebuilder:StartImagePipelineExecution',
        'imagebuilder:TagResource',
        'imagebuilder:UntagResource',
        'imagebuilder:UpdateDistributionConfiguration',
        'imagebuilder:UpdateImagePipeline',
        'imagebuilder:UpdateInfrastructureConfiguration',
        'imagebuilder:UpdateLifecyclePolicy',
      ],
      Resource: imageBuilder,
    },
    {
      Sid: 'ManageTeamRoles',
      Effect: 'Allow',
      Action: [
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
        'iam:ListRolePolicies',
        'iam:PutRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ],
      Resource: roles,
    },
    {
      Sid: 'AttachOnlyTheTeamManagedPolicies',
      Effect: 'Allow',
      Action: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      Resource: roles,
      Condition: { ArnEquals: { 'iam:PolicyARN': TEAM_MANAGED_POLICIES.map((name) => `arn:${p}:iam::aws:policy/${name}`) } },
    },
    {
      Sid: 'ManageTeamInstanceProfiles',
      Effect: 'Allow',
      Action: [
        'iam:AddRoleToInstanceProfile',
        'iam:CreateInstanceProfile',
        'iam:DeleteInstanceProfile',
        'iam:GetInstanceProfile',
        'iam:RemoveRoleFromInstanceProfile',
        'iam:TagInstanceProfile',
        'iam:UntagInstanceProfile',
      ],
      Resource: profiles,
    },
    {
      Sid: 'PassTeamRolesToTheirServices',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: roles,
      Condition: { StringEquals: { 'iam:PassedToService': passedToServices } },
    },
    {
      Sid: 'ManageTeamTopics',
      Effect: 'Allow',
      Action: [
        'sns:CreateTopic',
        'sns:DeleteTopic',
        'sns:GetSubscriptionAttributes',
        'sns:GetTopicAttributes',
        'sns:ListTagsForResource',
        'sns:SetSubscriptionAttributes',
        'sns:SetTopicAttributes',
        'sns:Subscribe',
        'sns:TagResource',
        'sns:Unsubscribe',
        'sns:UntagResource',
      ],
      Resource: topics,
    },
    {
      Sid: 'ManageTeamAlertRules',
      Effect: 'Allow',
      Action: [
        'events:DeleteRule',
        'events:DescribeRule',
        'events:ListTagsForResource',
        'events:ListTargetsByRule',
        'events:PutRule',
        'events:PutTargets',
        'events:RemoveTargets',
        'events:TagResource',
        'events:UntagResource',
      ],
      Resource: rules,
    },
    stateMachines.length > 0 && {
      Sid: 'ManageTeamStateMachines',
      Effect: 'Allow',
      Action: [
        'states:CreateStateMachine',
        'states:DeleteStateMachine',
        'states:DescribeStateMachine',
        'states:ListStateMachineVersions',
        'states:ListTagsForResource',
        'states:TagResource',
        'states:UntagResource',
        'states:UpdateStateMachine',
      ],
      Resource: stateMachines,
    },
    { Sid: 'UploadTeamComponentDocuments', Effect: 'Allow', Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], Resource: documents },
  );
}

/** Image Builder reads: AWS authorises List* calls on `*` only. */
const IMAGE_BUILDER_READS = [
  'imagebuilder:GetComponent',
  'imagebuilder:GetDistributionConfiguration',
  'imagebuilder:GetImagePipeline',
  'imagebuilder:GetImageRecipe',
  'imagebuilder:GetInfrastructureConfiguration',
  'imagebuilder:GetLifecyclePolicy',
  'imagebuilder:ListComponents',
  'imagebuilder:ListImagePipelineImages',
  'imagebuilder:ListTagsForResource',
];

/**
 * The plan role of an account: reads the configuration of what the team and foundation stacks
 * manage, never data: no `s3:GetObject` (but component documents, see componentBucketPolicy, which
 * also needs it here), no secrets, no SSM parameter values but the AMI ids the fleet's images write
 * under its teams' prefixes, no `kms:Decrypt`. The reads on `*` are the inline policy; the
 * documents and parameters of the teams, which grow with them, are managed policies (teamPolicies).
 */
export function planRolePermissions(f: Foundation, account: FoundationAccount): RolePermissions {
  // The teams building here (documents and AMI ids), then those that only distribute here (AMI ids).
  const building = (account.build ?? []).map((t) => ({ document: `arn:${f.partition}:s3:::${componentBucketName(f.platform, t.region)}/components/${t.name}/*`, prefix: ssmParameterPrefixOf(f.platform, t.name) }));
  const distributing = (account.receiving?.ssmParameterPrefixes ?? []).filter((prefix) => !building.some((b) => b.prefix === prefix)).map((prefix) => ({ document: undefined, prefix }));
  const inline = policy(
    {
      Sid: 'ReadConfiguration',
      Effect: 'Allow',
      Action: [
        ...IMAGE_BUILDER_READS,
        // npm run fleet-status: which instances and launch templates still use a superseded AMI.
        'ec2:DescribeImageReferences',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:DescribeLaunchTemplates',
        'events:DescribeEventBus',
        'events:DescribeRule',
        'events:ListTagsForResource',
        'events:ListTargetsByRule',
        'iam:GetInstanceProfile',
        'iam:GetOpenIDConnectProvider',
        // The foundation stacks' managed policies of team statements (GetPolicy, GetPolicyVersion, tags).
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
        'iam:ListOpenIDConnectProviderTags',
        'iam:ListPolicyTags',
        'iam:ListRolePolicies',
        'iam:ListRoleTags',
        'inspector2:BatchGetAccountStatus',
        'kms:DescribeKey',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListAliases',
        'kms:ListResourceTags',
        's3:GetAccelerateConfiguration',
        's3:GetBucketAcl',
        's3:GetBucketCORS',
        's3:GetBucketLogging',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketOwnershipControls',
        's3:GetBucketPolicy',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketRequestPayment',
        's3:GetBucketTagging',
        's3:GetBucketVersioning',
        's3:GetBucketWebsite',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:GetReplicationConfiguration',
        's3:ListBucket',
        'sns:GetSubscriptionAttributes',
        'sns:GetTopicAttributes',
        'sns:ListTagsForResource',
        'states:DescribeStateMachine',
        'states:ListStateMachineVersions',
        'states:ListTagsForResource',
        // internal/service/sfn/state_machine.go validates a changed definition with AWS at plan time.
        'states:ValidateStateMachineDefinition',
      ],
      Resource: '*',
    },
  );
  return { inline, teams: teamPolicies([...building, ...distributing], (chunk) => planRoleTeamPermissions(f, account, chunk)) };
}

/** The plan role's reads of some teams' component documents and AMI-id parameters (one managed policy). */
function planRoleTeamPermissions(f: Foundation, account: FoundationAccount, teams: readonly { document?: string; prefix: string }[]): PolicyDocument {
  const documents = teams.flatMap((t) => (t.document ? [t.document] : []));
  // The AMI-id parameters Image Builder writes for the teams of this account (npm run fleet-status reads them): no other parameter.
  const parameters = teams.flatMap((t) => f.settings.regions.map((region) => `arn:${f.partition}:ssm:${region}:${account.id}:parameter${t.prefix}*`));
  return policy(
    documents.length > 0 && { Sid: 'ReadComponentDocuments', Effect: 'Allow', Action: 's3:GetObject', Resource: documents },
    parameters.length > 0 && { Sid: 'ReadTeamAmiParameters', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: parameters },
  );
}

/**
 * What Image Builder may do in a receiving account beyond the AWS managed distribution policy:
 * use the platform keys for encrypted copies (inline), add versions to the launch templates the
 * fleet names and write SSM parameters under the prefixes of the teams that distribute there
 * (managed policies, which grow with those teams: teamPolicies).
 */
export function distributionRolePermissions(f: Foundation, account: FoundationAccount): RolePermissions {
  const part = account.receiving!;
  const p = f.partition;
  const keys = f.regions.flatMap((r) => (r.recordedArn ? [r.recordedArn] : []));
  const inline = policy(
    keys.length > 0 && { Sid: 'EncryptedCopies', Effect: 'Allow', Action: KEY_USE_ACTIONS, Resource: keys },
    keys.length > 0 && {
      Sid: 'EncryptedCopiesGrantToServices',
      Effect: 'Allow',
      Action: 'kms:CreateGrant',
      Resource: keys,
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
    part.launchTemplates.length > 0 && { Sid: 'ReadLaunchTemplates', Effect: 'Allow', Action: ['ec2:DescribeLaunchTemplates', 'ec2:DescribeLaunchTemplateVersions'], Resource: '*' },
  );
  // What grows with the teams distributing here (a parameter prefix each, their launch templates) goes into managed policies.
  const items = [...part.ssmParameterPrefixes.map((prefix) => ({ prefix })), ...part.launchTemplates.map((template) => ({ template }))];
  const teams = teamPolicies(items, (chunk) => {
    const parameters = f.settings.regions.flatMap((region) => chunk.flatMap((item) => ('prefix' in item ? [`arn:${p}:ssm:${region}:${account.id}:parameter${item.prefix}*`] : [])));
    const templates = chunk.flatMap((item) => ('template' in item ? [`arn:${p}:ec2:${item.template.region}:${account.id}:launch-template/${item.template.id}`] : []));
    return policy(
      templates.length > 0 && { Sid: 'LaunchTemplateVersions', Effect: 'Allow', Action: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'], Resource: templates },
      parameters.length > 0 && { Sid: 'TeamParameters', Effect: 'Allow', Action: 'ssm:PutParameter', Resource: parameters },
    );
  });
  return { inline, teams };
}

/** Trust of the distribution role: only Image Builder's service-linked role of the build accounts that distribute here. */
export function distributionTrustPolicy(f: Foundation, account: FoundationAccount): PolicyDocument {
  const sources = account.receiving!.sourceAccountIds;
  return policy({
    Effect: 'Allow',
    Principal: roots(f, sources),
    Action: 'sts:AssumeRole',
    Condition: { ArnEquals: { 'aws:PrincipalArn': sources.map((id) => roleArn(f.partition, id, IMAGE_BUILDER_SERVICE_ROLE)) } },
  });
}

/**
 * Trust of the cross-account lifecycle role: Image Builder itself, acting for the build accounts
 * that distribute here on their images (the user guide's policy, narrowed to those accounts).
 */
export function crossAccountLifecycleTrustPolicy(f: Foundation, account: FoundationAccount): PolicyDocument {
  return policy({
    Effect: 'Allow',
    Principal: { Service: 'imagebuilder.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: {
      StringEquals: { 'aws:SourceAccount': account.receiving!.sourceAccountIds },
      ArnLike: { 'aws:SourceArn': `arn:${f.partition}:imagebuilder:*:*:image/*/*/*` },
    },
  });
}

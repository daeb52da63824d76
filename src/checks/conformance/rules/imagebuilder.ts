/**
 * hashicorp/aws 6.25.0's plan-time validation of the EC2 Image Builder arguments the stacks set.
 * Where the schemas and enum values were read from: docs/provider-rules.md, "EC2 Image Builder".
 */
import type { ArgumentRule, ResourceRules, ValueCheck } from '../argument-rules.js';

const COMPONENT = 'internal/service/imagebuilder/component.go';
const IMAGE_RECIPE = 'internal/service/imagebuilder/image_recipe.go';
const INFRASTRUCTURE_CONFIGURATION = 'internal/service/imagebuilder/infrastructure_configuration.go';
const DISTRIBUTION_CONFIGURATION = 'internal/service/imagebuilder/distribution_configuration.go';
const IMAGE_PIPELINE = 'internal/service/imagebuilder/image_pipeline.go';
const LIFECYCLE_POLICY = 'internal/service/imagebuilder/lifecycle_policy.go';

const bytes = (min: number, max: number): ValueCheck => ({ kind: 'bytes', min, max });
const range = (min: number, max: number): ValueCheck => ({ kind: 'range', min, max });
const oneOf = (...values: string[]): ValueCheck => ({ kind: 'enum', values });
/** `fwtypes.StringEnum` accepts its enum's values and the empty string. */
const frameworkOneOf = (...values: string[]): ValueCheck => ({ kind: 'enum', values: [...values, ''] });
const ARN: ValueCheck = { kind: 'arn' };
const ACCOUNT_ID: ValueCheck = { kind: 'account-id' };
/** `nullable.ValidateTypeStringNullableBool`: the argument is a string holding a bool, or empty. */
const NULLABLE_BOOL: ValueCheck = oneOf('', 'true', 'false');

/** `enum.Validate[awstypes.LifecyclePolicyTimeUnit]` values. */
const TIME_UNITS = ['DAYS', 'WEEKS', 'MONTHS', 'YEARS'] as const;
/** `^[-_A-Za-z-0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z-0-9]$`, the lifecycle policy's and its recipe selection's name. */
const LIFECYCLE_NAME: ValueCheck = {
  kind: 'pattern',
  pattern: /^[-_A-Za-z-0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z-0-9]$/,
  message: '3 to 128 letters, digits, hyphens, underscores or spaces, not starting or ending with a space',
};

function resource(type: string, source: string, rules: readonly (Omit<ArgumentRule, 'source'> & { source?: string })[]): ResourceRules {
  return { type, source, arguments: rules.map((rule) => ({ source, ...rule })) };
}

export const IMAGEBUILDER_RULES: readonly ResourceRules[] = [
  resource('aws_imagebuilder_component', COMPONENT, [
    { argument: 'change_description', forceNew: true, checks: [bytes(1, 128)] },
    { argument: 'data', forceNew: true, exactlyOneOf: ['data', 'uri'], checks: [bytes(1, 16000)] },
    { argument: 'description', forceNew: true, checks: [bytes(1, 1024)] },
    { argument: 'kms_key_id', forceNew: true, checks: [bytes(1, 1024)] },
    { argument: 'name', required: true, forceNew: true, checks: [bytes(1, 126)] },
    { argument: 'platform', required: true, forceNew: true, checks: [oneOf('Windows', 'Linux')] },
    { argument: 'skip_destroy' },
    { argument: 'supported_os_versions', forceNew: true, items: { min: 1, max: 25 }, checks: [{ kind: 'bytes', min: 1 }] },
    { argument: 'tags' },
    { argument: 'uri', forceNew: true, exactlyOneOf: ['data', 'uri'] },
    { argument: 'version', required: true, forceNew: true, checks: [bytes(1, 128)] },
  ]),

  resource('aws_imagebuilder_image_recipe', IMAGE_RECIPE, [
    { argument: 'ami_tags', forceNew: true },
    { argument: 'block_device_mapping', forceNew: true },
    { argument: 'block_device_mapping.device_name', forceNew: true, checks: [bytes(1, 1024)] },
    { argument: 'block_device_mapping.ebs', forceNew: true, items: { max: 1 } },
    { argument: 'block_device_mapping.ebs.delete_on_termination', forceNew: true, checks: [NULLABLE_BOOL] },
    { argument: 'block_device_mapping.ebs.encrypted', forceNew: true, checks: [NULLABLE_BOOL] },
    { argument: 'block_device_mapping.ebs.iops', forceNew: true, checks: [range(100, 100000)] },
    { argument: 'block_device_mapping.ebs.kms_key_id', forceNew: true, checks: [bytes(1, 1024)] },
    { argument: 'block_device_mapping.ebs.snapshot_id', forceNew: true, checks: [bytes(1, 1024)] },
    { argument: 'block_device_mapping.ebs.throughput', forceNew: true, checks: [range(125, 2000)] },
    { argument: 'block_device_mapping.ebs.volume_size', forceNew: true, checks: [range(1, 16000)] },
    {
      argument: 'block_device_mapping.ebs.volume_type',
      forceNew: true,
      checks: [oneOf('standard', 'io1', 'io2', 'gp2', 'gp3', 'sc1', 'st1')],
    },
    { argument: 'component', required: true, forceNew: true, items: { min: 1 } },
    { argument: 'component.component_arn', required: true, forceNew: true, checks: [ARN] },
    { argument: 'component.parameter.name', required: true, forceNew: true, checks: [bytes(1, 256)] },
    { argument: 'component.parameter.value', required: true, forceNew: true },
    { argument: 'description', forceNew: true, checks: [bytes(1, 1024)] },
    { argument: 'name', required: true, forceNew: true, checks: [bytes(1, 128)] },
    { argument: 'parent_image', required: true, forceNew: true, checks: [bytes(1, 1024)] },
    { argument: 'systems_manager_agent', forceNew: true, items: { max: 1 } },
    { argument: 'systems_manager_agent.uninstall_after_build', required: true, forceNew: true },
    { argument: 'tags' },
    { argument: 'user_data_base64', forceNew: true, checks: [bytes(1, 21847)] },
    { argument: 'version', required: true, forceNew: true, checks: [bytes(1, 128)] },
    { argument: 'working_directory', forceNew: true, checks: [bytes(1, 1024)] },
  ]),

  resource('aws_imagebuilder_infrastructure_configuration', INFRASTRUCTURE_CONFIGURATION, [
    { argument: 'description', checks: [bytes(1, 1024)] },
    { argument: 'instance_metadata_options', items: { max: 1 } },
    { argument: 'instance_metadata_options.http_put_response_hop_limit', checks: [range(1, 64)] },
    { argument: 'instance_metadata_options.http_tokens', checks: [oneOf('required', 'optional')] },
    { argument: 'instance_profile_name', required: true, checks: [bytes(1, 1024)] },
    { argument: 'instance_types' },
    { argument: 'key_pair', checks: [bytes(1, 1024)] },
    { argument: 'logging', items: { max: 1 } },
    { argument: 'logging.s3_logs', required: true, items: { max: 1 } },
    { argument: 'logging.s3_logs.s3_bucket_name', required: true, checks: [bytes(1, 1024)] },
    { argument: 'logging.s3_logs.s3_key_prefix', checks: [bytes(1, 1024)] },
    { argument: 'name', required: true, forceNew: true },
    { argument: 'resource_tags' },
    { argument: 'security_group_ids' },
    { argument: 'sns_topic_arn', checks: [ARN] },
    { argument: 'subnet_id', checks: [bytes(1, 1024)] },
    { argument: 'tags' },
    { argument: 'terminate_instance_on_failure' },
  ]),

  resource('aws_imagebuilder_distribution_configuration', DISTRIBUTION_CONFIGURATION, [
    { argument: 'description', checks: [bytes(1, 1024)] },
    { argument: 'distribution', required: true },
    { argument: 'distribution.ami_distribution_configuration', items: { max: 1 } },
    { argument: 'distribution.ami_distribution_configuration.ami_tags' },
    { argument: 'distribution.ami_distribution_configuration.description', checks: [bytes(0, 1024)] },
    { argument: 'distribution.ami_distribution_configuration.kms_key_id', checks: [bytes(1, 1024)] },
    { argument: 'distribution.ami_distribution_configuration.launch_permission', items: { max: 1 } },
    { argument: 'distribution.ami_distribution_configuration.launch_permission.organization_arns', checks: [ARN] },
    { argument: 'distribution.ami_distribution_configuration.launch_permission.organizational_unit_arns', checks: [ARN] },
    { argument: 'distribution.ami_distribution_configuration.launch_permission.user_groups', checks: [bytes(1, 1024)] },
    { argument: 'distribution.ami_distribution_configuration.launch_permission.user_ids', checks: [ACCOUNT_ID] },
    {
      argument: 'distribution.ami_distribution_configuration.name',
      checks: [
        bytes(0, 127),
        {
          kind: 'pattern',
          // Go's `\s` is [\t\n\f\r ]; JavaScript's also matches \v and Unicode spaces, so it is spelled out.
          pattern: /^[0-9A-Za-z_{-][0-9A-Za-z_.\t\n\f\r :{}-]+[0-9A-Za-z_}-]$/,
          message: 'must be a valid output AMI name',
        },
      ],
    },
    { argument: 'distribution.ami_distribution_configuration.target_account_ids', checks: [ACCOUNT_ID] },
    { argument: 'distribution.launch_template_configuration', items: { max: 100 } },
    { argument: 'distribution.launch_template_configuration.account_id', checks: [ACCOUNT_ID] },
    { argument: 'distribution.launch_template_configuration.default' },
    {
      argument: 'distribution.launch_template_configuration.launch_template_id',
      required: true,
      checks: [
        bytes(1, 255),
        { kind: 'pattern', pattern: /^lt-[0-9a-z]+$/, message: "must begin with 'lt-' and only contain alphanumeric characters" },
      ],
    },
    { argument: 'distribution.region', required: true, checks: [bytes(0, 1024)] },
    { argument: 'distribution.ssm_parameter_configuration' },
    { argument: 'distribution.ssm_parameter_configuration.ami_account_id', checks: [ACCOUNT_ID] },
    { argument: 'distribution.ssm_parameter_configuration.data_type', checks: [oneOf('text', 'aws:ec2:image')] },
    { argument: 'distribution.ssm_parameter_configuration.parameter_name', required: true, checks: [bytes(1, 1011)] },
    { argument: 'name', required: true, forceNew: true, checks: [bytes(1, 126)] },
    { argument: 'tags' },
  ]),

  resource('aws_imagebuilder_image_pipeline', IMAGE_PIPELINE, [
    {
      argument: 'container_recipe_arn',
      exactlyOneOf: ['container_recipe_arn', 'image_recipe_arn'],
      checks: [
        {
          kind: 'pattern',
          pattern: /^arn:aws[^:]*:imagebuilder:[^:]+:(?:\d{12}|aws):container-recipe\/[0-9a-z_-]+\/\d+\.\d+\.\d+$/,
          message: 'valid container recipe ARN must be provided',
        },
      ],
    },
    { argument: 'description', checks: [bytes(1, 1024)] },
    {
      argument: 'distribution_configuration_arn',
      checks: [
        {
          kind: 'pattern',
          pattern: /^arn:aws[^:]*:imagebuilder:[^:]+:(?:\d{12}|aws):distribution-configuration\/[0-9a-z_-]+$/,
          message: 'valid distribution configuration ARN must be provided',
        },
      ],
    },
    { argument: 'enhanced_image_metadata_enabled' },
    { argument: 'execution_role', checks: [ARN] },
    {
      argument: 'image_recipe_arn',
      exactlyOneOf: ['container_recipe_arn', 'image_recipe_arn'],
      checks: [
        {
          kind: 'pattern',
          pattern: /^arn:aws[^:]*:imagebuilder:[^:]+:(?:\d{12}|aws):image-recipe\/[0-9a-z_-]+\/\d+\.\d+\.\d+$/,
          message: 'valid image recipe ARN must be provided',
        },
      ],
    },
    { argument: 'image_scanning_configuration', items: { max: 1 } },
    { argument: 'image_scanning_configuration.ecr_configuration', items: { max: 1 } },
    { argument: 'image_scanning_configuration.ecr_configuration.container_tags' },
    { argument: 'image_scanning_configuration.ecr_configuration.repository_name' },
    { argument: 'image_scanning_configuration.image_scanning_enabled' },
    { argument: 'image_tests_configuration', items: { max: 1 } },
    { argument: 'image_tests_configuration.image_tests_enabled' },
    { argument: 'image_tests_configuration.timeout_minutes', checks: [range(60, 1440)] },
    {
      argument: 'infrastructure_configuration_arn',
      required: true,
      checks: [
        {
          kind: 'pattern',
          pattern: /^arn:aws[^:]*:imagebuilder:[^:]+:(?:\d{12}|aws):infrastructure-configuration\/[0-9a-z_-]+$/,
          message: 'valid infrastructure configuration ARN must be provided',
        },
      ],
    },
    {
      argument: 'name',
      required: true,
      forceNew: true,
      checks: [{ kind: 'pattern', pattern: /^[0-9A-Za-z_-][0-9A-Za-z_ -]{1,126}[0-9A-Za-z_-]$/, message: 'valid name must be provided' }],
    },
    { argument: 'schedule', items: { max: 1 } },
    {
      argument: 'schedule.pipeline_execution_start_condition',
      checks: [oneOf('EXPRESSION_MATCH_ONLY', 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE')],
    },
    { argument: 'schedule.schedule_expression', required: true, checks: [bytes(1, 1024)] },
    {
      argument: 'schedule.timezone',
      checks: [
        bytes(3, 100),
        {
          kind: 'pattern',
          // As the provider writes it: no end anchor, and `A-z` also admits [ \ ] ^ _ and the backtick.
          pattern: /^[0-9A-Za-z]{2,}(?:\/[0-9a-zA-z_+-]+)*/,
          message: 'must start with at least two letters or digits',
        },
      ],
    },
    { argument: 'status', checks: [oneOf('DISABLED', 'ENABLED')] },
    { argument: 'tags' },
    { argument: 'workflow' },
    { argument: 'workflow.on_failure', checks: [oneOf('CONTINUE', 'ABORT')] },
    { argument: 'workflow.parallel_group', checks: [bytes(1, 100)] },
    { argument: 'workflow.parameter.name', required: true, checks: [bytes(1, 128)] },
    { argument: 'workflow.parameter.value', required: true },
    { argument: 'workflow.workflow_arn', required: true, checks: [ARN] },
  ]),

  resource('aws_imagebuilder_lifecycle_policy', LIFECYCLE_POLICY, [
    { argument: 'description', checks: [bytes(1, 1024)] },
    // `fwtypes.ARNType` only asks `arn.IsARN`, a looser test than `verify.ValidARN`.
    { argument: 'execution_role', required: true, checks: [ARN] },
    { argument: 'name', required: true, forceNew: true, checks: [LIFECYCLE_NAME] },
    { argument: 'resource_type', required: true, checks: [frameworkOneOf('AMI_IMAGE', 'CONTAINER_IMAGE')] },
    { argument: 'status', checks: [frameworkOneOf('DISABLED', 'ENABLED')] },
    { argument: 'tags' },
    { argument: 'policy_detail', required: true, items: { min: 1, max: 3 } },
    { argument: 'policy_detail.action', required: true, items: { max: 1 } },
    { argument: 'policy_detail.action.type', required: true, checks: [frameworkOneOf('DELETE', 'DEPRECATE', 'DISABLE')] },
    { argument: 'policy_detail.action.include_resources', items: { max: 1 } },
    { argument: 'policy_detail.action.include_resources.amis' },
    { argument: 'policy_detail.action.include_resources.containers' },
    { argument: 'policy_detail.action.include_resources.snapshots' },
    { argument: 'policy_detail.exclusion_rules', items: { max: 1 } },
    { argument: 'policy_detail.exclusion_rules.tag_map' },
    { argument: 'policy_detail.exclusion_rules.amis', items: { max: 1 } },
    { argument: 'policy_detail.exclusion_rules.amis.is_public' },
    { argument: 'policy_detail.exclusion_rules.amis.regions' },
    { argument: 'policy_detail.exclusion_rules.amis.shared_accounts' },
    { argument: 'policy_detail.exclusion_rules.amis.tag_map' },
    { argument: 'policy_detail.exclusion_rules.amis.last_launched', items: { max: 1 } },
    { argument: 'policy_detail.exclusion_rules.amis.last_launched.unit', required: true, checks: [frameworkOneOf(...TIME_UNITS)] },
    { argument: 'policy_detail.exclusion_rules.amis.last_launched.value', required: true, checks: [range(1, 365)] },
    { argument: 'policy_detail.filter', required: true, items: { max: 1 } },
    { argument: 'policy_detail.filter.retain_at_least', checks: [range(1, 10)] },
    { argument: 'policy_detail.filter.type', required: true, checks: [frameworkOneOf('AGE', 'COUNT')] },
    { argument: 'policy_detail.filter.unit', checks: [frameworkOneOf(...TIME_UNITS)] },
    { argument: 'policy_detail.filter.value', required: true, checks: [range(1, 1000)] },
    { argument: 'resource_selection', required: true, items: { max: 1 } },
    { argument: 'resource_selection.tag_map' },
    { argument: 'resource_selection.recipe', items: { max: 50 } },
    { argument: 'resource_selection.recipe.name', required: true, checks: [LIFECYCLE_NAME] },
    {
      argument: 'resource_selection.recipe.semantic_version',
      required: true,
      checks: [
        {
          kind: 'pattern',
          pattern: /^[0-9]+\.[0-9]+\.[0-9]+$/,
          message: 'must be three dot-separated numbers such as 1.0.0; wildcards (x) are rejected',
        },
      ],
    },
  ]),
];

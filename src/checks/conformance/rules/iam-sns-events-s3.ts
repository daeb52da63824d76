/**
 * Plan-time rules of hashicorp/aws 6.25.0 for the resources around the pipelines: IAM roles,
 * policies and instance profiles, the SNS topic, the EventBridge rule and target, and the S3 object
 * of an uploaded component document. Which file versions were read, and how they were dated:
 * docs/provider-rules.md, "IAM, SNS, EventBridge rules and targets, S3 objects".
 */
import type { ResourceRules } from '../argument-rules.js';

const IAM_ROLE = 'internal/service/iam/role.go';
const IAM_ROLE_POLICY = 'internal/service/iam/role_policy.go';
const IAM_ROLE_POLICY_ATTACHMENT = 'internal/service/iam/role_policy_attachment.go';
const IAM_POLICY = 'internal/service/iam/policy.go';
const IAM_INSTANCE_PROFILE = 'internal/service/iam/instance_profile.go';
const IAM_VALIDATE = 'internal/service/iam/validate.go';
const SNS_TOPIC = 'internal/service/sns/topic.go';
const SNS_TOPIC_POLICY = 'internal/service/sns/topic_policy.go';
const SNS_TOPIC_SUBSCRIPTION = 'internal/service/sns/topic_subscription.go';
const EVENTS_RULE = 'internal/service/events/rule.go';
const EVENTS_TARGET = 'internal/service/events/target.go';
const EVENTS_VALIDATE = 'internal/service/events/validate.go';
const S3_OBJECT = 'internal/service/s3/object.go';
const VERIFY = 'internal/verify/validate.go';
const SDKV2_SCHEMA = 'internal/sdkv2/schema.go';

/** `id.UniqueIDSuffixLength` (terraform-plugin-sdk): what `name_prefix` leaves room for. */
const UNIQUE_ID_SUFFIX_LENGTH = 26;

/**
 * iam/validate.go `validResourceName(max)`: StringLenBetween(1, max) and `^[\w+=,.@-]*$`.
 * Role names use 64, role-policy and instance-profile names 128; a `name_prefix` takes 26 off.
 */
const iamName = (max: number) =>
  [
    { kind: 'bytes', min: 1, max },
    { kind: 'pattern', pattern: /^[\w+=,.@-]*$/, message: 'must match [\\w+=,.@-]' },
  ] as const;

/**
 * verify.ValidIAMPolicyJSON: non-empty, first character `{` (no leading whitespace, not a string
 * or array), valid JSON, and no duplicate keys (aws-sdk-go-base JSONNoDuplicateKeys, not
 * expressible here). It checks no policy size.
 */
const iamPolicyJson = [
  { kind: 'json' },
  { kind: 'pattern', pattern: /^\{/, message: 'an IAM policy is a JSON object starting with "{" (no leading whitespace)' },
] as const;

/** events/validate.go validateRuleName and validateTargetID: `len > 64` and `^[0-9A-Za-z_.-]+$` (was `^[\.\-_A-Za-z0-9]+$`). */
const eventsName = [
  { kind: 'bytes', max: 64 },
  { kind: 'pattern', pattern: /^[0-9A-Za-z_.-]+$/, message: 'letters, digits, _ . and - only (at least one)' },
] as const;

/**
 * events/validate.go validBusNameOrARN: StringLenBetween(1, 1600) and either the name format
 * `^[/\.\-_A-Za-z0-9]+$` or a verify.ValidARN whose service is `events` and whose resource matches
 * `^event-bus/([/\.\-_A-Za-z0-9]+)$`. The ARN branch is approximated: ValidARN's region and
 * account regexes are not repeated.
 */
const eventBusNameOrArn = [
  { kind: 'bytes', min: 1, max: 1600 },
  {
    kind: 'pattern',
    pattern: /^(?:[/.\-_A-Za-z0-9]+|arn:aws(?:-[a-z]+)*:events:[^:]*:[^:]*:event-bus\/[/.\-_A-Za-z0-9]+)$/,
    message: 'an event bus name (letters, digits and / . - _) or an event bus ARN',
  },
] as const;

/** IAM roles, policies and instance profiles, the SNS topic and subscription, the EventBridge rule and target, and the S3 object of a component document. */
export const IAM_SNS_EVENTS_S3_RULES: readonly ResourceRules[] = [
  {
    type: 'aws_iam_role',
    source: IAM_ROLE,
    arguments: [
      { argument: 'assume_role_policy', required: true, checks: iamPolicyJson, source: `${IAM_ROLE}, ${VERIFY}` },
      {
        argument: 'description',
        checks: [
          { kind: 'bytes', min: 0, max: 1000 },
          // Only the opening curly quotes U+201C and U+2018 are refused; ” and ’ pass.
          { kind: 'pattern', pattern: /[“‘]/, negate: true, message: 'cannot contain specially formatted single or double quotes: [“‘]' },
          // Unanchored and `*`: matches every string, so it never rejects anything.
        ],
        source: IAM_ROLE,
      },
      { argument: 'max_session_duration', checks: [{ kind: 'range', min: 3600, max: 43200 }], source: IAM_ROLE },
      { argument: 'name', forceNew: true, conflictsWith: ['name_prefix'], checks: iamName(64), source: `${IAM_ROLE}, ${IAM_VALIDATE}` },
      {
        argument: 'name_prefix',
        forceNew: true,
        conflictsWith: ['name'],
        checks: iamName(64 - UNIQUE_ID_SUFFIX_LENGTH),
        source: `${IAM_ROLE}, ${IAM_VALIDATE}`,
      },
      // Default "/". No pattern: the `/…/` form check (validPolicyPath) is aws_iam_policy's, not the role's.
      { argument: 'path', forceNew: true, checks: [{ kind: 'bytes', min: 0, max: 512 }], source: IAM_ROLE },
      { argument: 'permissions_boundary', checks: [{ kind: 'arn' }], source: `${IAM_ROLE}, ${VERIFY}` },
    ],
  },
  {
    type: 'aws_iam_role_policy',
    source: IAM_ROLE_POLICY,
    arguments: [
      {
        argument: 'name',
        forceNew: true,
        conflictsWith: ['name_prefix'],
        checks: iamName(128),
        source: `${IAM_ROLE_POLICY}, ${IAM_VALIDATE}`,
      },
      {
        argument: 'name_prefix',
        forceNew: true,
        conflictsWith: ['name'],
        checks: iamName(128 - UNIQUE_ID_SUFFIX_LENGTH),
        source: `${IAM_ROLE_POLICY}, ${IAM_VALIDATE}`,
      },
      { argument: 'policy', required: true, checks: iamPolicyJson, source: `${IAM_ROLE_POLICY}, ${VERIFY}` },
      {
        // iam/validate.go validRolePolicyRole: StringLenBetween(1, 128), the unanchored `[\w+=,.@-]+`
        // (message ""), and an error "must be the role's name not its ARN" when verify.ValidARN passes.
        argument: 'role',
        required: true,
        forceNew: true,
        checks: [
          { kind: 'bytes', min: 1, max: 128 },
          { kind: 'pattern', pattern: /[\w+=,.@-]+/, message: 'must contain a character of [\\w+=,.@-]' },
          // Approximates "is a valid ARN" (ValidARN's region and account regexes not repeated).
          {
            kind: 'pattern',
            pattern: /^arn:aws(?:-[a-z]+)*:[^:]*:[^:]*:[^:]*:.+$/,
            negate: true,
            message: "must be the role's name not its ARN",
          },
        ],
        source: `${IAM_ROLE_POLICY}, ${IAM_VALIDATE}`,
      },
    ],
  },
  {
    type: 'aws_iam_policy',
    source: IAM_POLICY,
    arguments: [
      // No value check; ForceNew (a changed description replaces the policy).
      { argument: 'description', forceNew: true, source: IAM_POLICY },
      { argument: 'name', forceNew: true, conflictsWith: ['name_prefix'], checks: iamName(128), source: `${IAM_POLICY}, ${IAM_VALIDATE}` },
      {
        argument: 'name_prefix',
        forceNew: true,
        conflictsWith: ['name'],
        checks: iamName(128 - UNIQUE_ID_SUFFIX_LENGTH),
        source: `${IAM_POLICY}, ${IAM_VALIDATE}`,
      },
      {
        // Default "/". validPolicyPath: StringLenBetween(1, 512), begins and ends with "/", no "//",
        // and `^[A-Za-z0-9\.,\+@=_/-]*$` (dated in docs/provider-rules.md).
        argument: 'path',
        forceNew: true,
        checks: [
          { kind: 'bytes', min: 1, max: 512 },
          {
            kind: 'pattern',
            pattern: /^\/(?:[^/]+\/)*$/,
            message: 'must begin and end with a slash (/) and not contain consecutive slashes (//)',
          },
          {
            kind: 'pattern',
            pattern: /^[A-Za-z0-9.,+@=_/-]*$/,
            message: 'must contain uppercase or lowercase alphanumeric characters or any of the following: / , . + @ = _ -',
          },
        ],
        source: `${IAM_POLICY}, ${IAM_VALIDATE}`,
      },
      // Updated in place (a new default policy version). No size check at plan time: the aws-policy-size check measures it.
      { argument: 'policy', required: true, checks: iamPolicyJson, source: `${IAM_POLICY}, ${VERIFY}` },
    ],
  },
  {
    type: 'aws_iam_role_policy_attachment',
    source: IAM_ROLE_POLICY_ATTACHMENT,
    arguments: [
      {
        argument: 'policy_arn',
        required: true,
        forceNew: true,
        checks: [{ kind: 'arn' }],
        source: `${IAM_ROLE_POLICY_ATTACHMENT}, ${VERIFY}`,
      },
      // No value check: a role ARN here passes the plan and fails at the API.
      { argument: 'role', required: true, forceNew: true, source: IAM_ROLE_POLICY_ATTACHMENT },
    ],
  },
  {
    type: 'aws_iam_instance_profile',
    source: IAM_INSTANCE_PROFILE,
    arguments: [
      {
        argument: 'name',
        forceNew: true,
        conflictsWith: ['name_prefix'],
        checks: iamName(128),
        source: `${IAM_INSTANCE_PROFILE}, ${IAM_VALIDATE}`,
      },
      {
        argument: 'name_prefix',
        forceNew: true,
        conflictsWith: ['name'],
        checks: iamName(128 - UNIQUE_ID_SUFFIX_LENGTH),
        source: `${IAM_INSTANCE_PROFILE}, ${IAM_VALIDATE}`,
      },
      // Default "/"; no value check (unlike the role's path).
      { argument: 'path', forceNew: true, source: IAM_INSTANCE_PROFILE },
      // Optional, updated in place (remove + add role), no value check.
      { argument: 'role', source: IAM_INSTANCE_PROFILE },
    ],
  },
  {
    type: 'aws_sns_topic',
    source: SNS_TOPIC,
    arguments: [
      // CustomizeDiff: true only with fifo_topic ("content-based deduplication can only be set for FIFO topics").
      { argument: 'content_based_deduplication', source: SNS_TOPIC },
      { argument: 'fifo_topic', forceNew: true, source: SNS_TOPIC },
      // No validation, no normalisation; read back verbatim from the KmsMasterKeyId attribute. Updated in place.
      { argument: 'kms_master_key_id', source: SNS_TOPIC },
      {
        // resourceTopicCustomizeDiff, on create only, on the name to be created. With fifo_topic = true
        // the name must instead match `^[0-9A-Za-z_-]{1,251}\.fifo$` (an explicit name is used as
        // given: the provider appends ".fifo" only to generated names).
        argument: 'name',
        forceNew: true,
        conflictsWith: ['name_prefix'],
        checks: [
          {
            kind: 'pattern',
            pattern: /^[0-9A-Za-z_-]{1,256}$/,
            message: 'invalid topic name: 1-256 letters, digits, _ and - (fifo_topic = false)',
          },
        ],
        source: SNS_TOPIC,
      },
      {
        // Derived: the same CustomizeDiff check on prefix + 26-character unique suffix (non-FIFO);
        // for FIFO the prefix leaves room for the suffix and ".fifo" (225 characters).
        argument: 'name_prefix',
        forceNew: true,
        conflictsWith: ['name'],
        checks: [
          {
            kind: 'pattern',
            pattern: new RegExp(`^[0-9A-Za-z_-]{1,${256 - UNIQUE_ID_SUFFIX_LENGTH}}$`),
            message: `invalid topic name prefix: 1-${256 - UNIQUE_ID_SUFFIX_LENGTH} letters, digits, _ and - (fifo_topic = false)`,
          },
        ],
        source: SNS_TOPIC,
      },
      // sdkv2.IAMPolicyDocumentSchemaOptionalComputed: validation.StringIsJSON (any JSON value), equivalent-policy diff suppression.
      { argument: 'policy', checks: [{ kind: 'json' }], source: `${SNS_TOPIC}, ${SDKV2_SCHEMA}` },
      { argument: 'signature_version', checks: [{ kind: 'range', min: 1, max: 2 }], source: SNS_TOPIC },
    ],
  },
  {
    type: 'aws_sns_topic_policy',
    source: SNS_TOPIC_POLICY,
    arguments: [
      { argument: 'arn', required: true, forceNew: true, checks: [{ kind: 'arn' }], source: `${SNS_TOPIC_POLICY}, ${VERIFY}` },
      // sdkv2.IAMPolicyDocumentSchemaRequired: validation.StringIsJSON, not ValidIAMPolicyJSON. Updated in place.
      { argument: 'policy', required: true, checks: [{ kind: 'json' }], source: `${SNS_TOPIC_POLICY}, ${SDKV2_SCHEMA}` },
    ],
  },
  {
    type: 'aws_sns_topic_subscription',
    source: SNS_TOPIC_SUBSCRIPTION,
    arguments: [
      // Default 1, no value check; used only as the confirmation wait for protocols containing "http".
      { argument: 'confirmation_timeout_in_minutes', source: SNS_TOPIC_SUBSCRIPTION },
      { argument: 'delivery_policy', checks: [{ kind: 'json' }], source: SNS_TOPIC_SUBSCRIPTION },
      // No value check (an email address is not validated).
      { argument: 'endpoint', required: true, forceNew: true, source: SNS_TOPIC_SUBSCRIPTION },
      // Default false; only affects waiting for confirmation of http/https subscriptions.
      { argument: 'endpoint_auto_confirms', source: SNS_TOPIC_SUBSCRIPTION },
      { argument: 'filter_policy', checks: [{ kind: 'json' }], source: SNS_TOPIC_SUBSCRIPTION },
      {
        // CustomizeDiff: "filter_policy is required when filter_policy_scope is set".
        argument: 'filter_policy_scope',
        checks: [{ kind: 'enum', values: ['MessageAttributes', 'MessageBody'] }],
        requiredWith: ['filter_policy'],
        source: `${SNS_TOPIC_SUBSCRIPTION}, internal/service/sns/consts.go`,
      },
      {
        argument: 'protocol',
        required: true,
        forceNew: true,
        checks: [{ kind: 'enum', values: ['application', 'email', 'email-json', 'firehose', 'http', 'https', 'lambda', 'sms', 'sqs'] }],
        source: `${SNS_TOPIC_SUBSCRIPTION}, internal/service/sns/consts.go`,
      },
      { argument: 'redrive_policy', checks: [{ kind: 'json' }], source: SNS_TOPIC_SUBSCRIPTION },
      { argument: 'replay_policy', checks: [{ kind: 'json' }], source: SNS_TOPIC_SUBSCRIPTION },
      { argument: 'subscription_role_arn', checks: [{ kind: 'arn' }], source: `${SNS_TOPIC_SUBSCRIPTION}, ${VERIFY}` },
      { argument: 'topic_arn', required: true, forceNew: true, checks: [{ kind: 'arn' }], source: `${SNS_TOPIC_SUBSCRIPTION}, ${VERIFY}` },
    ],
  },
  {
    type: 'aws_cloudwatch_event_rule',
    source: EVENTS_RULE,
    arguments: [
      { argument: 'description', checks: [{ kind: 'bytes', min: 0, max: 512 }], source: EVENTS_RULE },
      // Default "default".
      { argument: 'event_bus_name', forceNew: true, checks: eventBusNameOrArn, source: `${EVENTS_RULE}, ${EVENTS_VALIDATE}` },
      {
        // validateEventPatternValue: json.Unmarshal (any JSON value), then the pattern re-marshalled by
        // Go (compact, object keys sorted, \u003c \u003e \u0026 turned back into < > &) must be at most
        // 4096 bytes. The byte limit is on that normalised form, not on the configured string.
        argument: 'event_pattern',
        atLeastOneOf: ['schedule_expression', 'event_pattern'],
        checks: [{ kind: 'json' }, { kind: 'bytes', max: 4096 }],
        source: EVENTS_RULE,
      },
      { argument: 'force_destroy', source: EVENTS_RULE },
      // Deprecated in favour of state.
      { argument: 'is_enabled', conflictsWith: ['state'], source: EVENTS_RULE },
      {
        argument: 'name',
        forceNew: true,
        conflictsWith: ['name_prefix'],
        checks: eventsName,
        source: `${EVENTS_RULE}, ${EVENTS_VALIDATE}`,
      },
      // Checked like a full name (64 bytes); the 26-character suffix is not subtracted.
      {
        argument: 'name_prefix',
        forceNew: true,
        conflictsWith: ['name'],
        checks: eventsName,
        source: `${EVENTS_RULE}, ${EVENTS_VALIDATE}`,
      },
      { argument: 'role_arn', checks: [{ kind: 'arn' }], source: `${EVENTS_RULE}, ${VERIFY}` },
      {
        argument: 'schedule_expression',
        atLeastOneOf: ['schedule_expression', 'event_pattern'],
        checks: [{ kind: 'bytes', min: 0, max: 256 }],
        source: EVENTS_RULE,
      },
      {
        // enum.Validate[types.RuleState]() (aws-sdk-go-v2 eventbridge); rule.go reads back
        // types.RuleStateEnabledWithAllCloudtrailManagementEvents, so the SDK has all three values.
        argument: 'state',
        conflictsWith: ['is_enabled'],
        checks: [{ kind: 'enum', values: ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] }],
        source: EVENTS_RULE,
      },
    ],
  },
  {
    type: 'aws_cloudwatch_event_target',
    source: EVENTS_TARGET,
    arguments: [
      // Not ForceNew: a new target ARN is a PutTargets update.
      { argument: 'arn', required: true, checks: [{ kind: 'arn' }], source: `${EVENTS_TARGET}, ${VERIFY}` },
      // Default "default".
      { argument: 'event_bus_name', forceNew: true, checks: eventBusNameOrArn, source: `${EVENTS_TARGET}, ${EVENTS_VALIDATE}` },
      { argument: 'force_destroy', source: EVENTS_TARGET },
      {
        // StringIsJSON and StringLenBetween(0, 8192) on the configured string itself.
        argument: 'input',
        conflictsWith: ['input_path', 'input_transformer'],
        checks: [{ kind: 'json' }, { kind: 'bytes', min: 0, max: 8192 }],
        source: EVENTS_TARGET,
      },
      {
        argument: 'input_path',
        conflictsWith: ['input', 'input_transformer'],
        checks: [{ kind: 'bytes', min: 0, max: 256 }],
        source: EVENTS_TARGET,
      },
      { argument: 'input_transformer', items: { max: 1 }, conflictsWith: ['input', 'input_path'], source: EVENTS_TARGET },
      {
        argument: 'input_transformer.input_template',
        required: true,
        checks: [{ kind: 'bytes', min: 1, max: 8192 }],
        source: EVENTS_TARGET,
      },
      { argument: 'role_arn', checks: [{ kind: 'arn' }], source: `${EVENTS_TARGET}, ${VERIFY}` },
      { argument: 'rule', required: true, forceNew: true, checks: eventsName, source: `${EVENTS_TARGET}, ${EVENTS_VALIDATE}` },
      // Optional and Computed: a unique id is generated when unset.
      { argument: 'target_id', forceNew: true, checks: eventsName, source: `${EVENTS_TARGET}, ${EVENTS_VALIDATE}` },
    ],
  },
  {
    type: 'aws_s3_object',
    source: S3_OBJECT,
    arguments: [
      // validation.NoZeroValues: not empty.
      { argument: 'bucket', required: true, forceNew: true, checks: [{ kind: 'bytes', min: 1 }], source: S3_OBJECT },
      { argument: 'content', conflictsWith: ['source', 'content_base64'], source: S3_OBJECT },
      { argument: 'content_base64', conflictsWith: ['source', 'content'], source: S3_OBJECT },
      // Optional and Computed, no value check; a change re-uploads the object in place.
      { argument: 'content_type', source: S3_OBJECT },
      { argument: 'etag', conflictsWith: ['kms_key_id'], source: S3_OBJECT },
      // Default false.
      { argument: 'force_destroy', source: S3_OBJECT },
      // validation.NoZeroValues: not empty. The key is "cleaned" before API calls (leading "./" and "/" dropped, "//" collapsed).
      { argument: 'key', required: true, forceNew: true, checks: [{ kind: 'bytes', min: 1 }], source: S3_OBJECT },
      {
        // verify.ValidARN: a key ID or "alias/…" fails the plan. Not ForceNew (a change re-uploads in
        // place); Read stores HeadObject's SSEKMSKeyId, which S3 reports as the key ARN, so an alias
        // ARN here differs from state on every plan.
        argument: 'kms_key_id',
        checks: [{ kind: 'arn' }],
        source: `${S3_OBJECT}, ${VERIFY}`,
      },
      {
        // enum.Validate[types.ServerSideEncryption]() (aws-sdk-go-v2 service/s3); "aws:fsx" is in the
        // SDK since service/s3 v1.82.0 (2025-06-25), older than the SDK 6.25.0 builds with.
        argument: 'server_side_encryption',
        checks: [{ kind: 'enum', values: ['AES256', 'aws:fsx', 'aws:kms', 'aws:kms:dsse'] }],
        source: S3_OBJECT,
      },
      { argument: 'source', conflictsWith: ['content', 'content_base64'], source: S3_OBJECT },
    ],
  },
];

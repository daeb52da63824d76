/**
 * Plan-time rules of hashicorp/aws 6.25.0 for the automation around the pipelines: the Step
 * Functions state machine, and the EventBridge event bus with its policy (EventBridge rules and
 * targets are in iam-sns-events-s3.ts). Files read, and the plan-time checks not recorded:
 * docs/provider-rules.md, "Automation: Step Functions and the event bus".
 */
import type { ArgumentRule, ResourceRules } from '../argument-rules.js';

const SFN_STATE_MACHINE = 'internal/service/sfn/state_machine.go';
const EVENTS_BUS = 'internal/service/events/bus.go';
const EVENTS_BUS_POLICY = 'internal/service/events/bus_policy.go';
const EVENTS_VALIDATE = 'internal/service/events/validate.go';
const VERIFY = 'internal/verify/validate.go';

/** `id.UniqueIDSuffixLength` (terraform-plugin-sdk): what `name_prefix` leaves room for. */
const UNIQUE_ID_SUFFIX_LENGTH = 26;

/** The 6.x resource-level `region` (checked at configure time like the provider's). */
const region = (source: string): ArgumentRule => ({ argument: 'region', source: `${source}, internal/provider/sdkv2/provider.go` });

/** state_machine.go name/name_prefix: StringLenBetween(1, max) and `^[0-9A-Za-z_-]+$`. */
const stateMachineName = (max: number) =>
  [
    { kind: 'bytes', min: 1, max },
    { kind: 'pattern', pattern: /^[0-9A-Za-z_-]+$/, message: 'the name should only contain 0-9, A-Z, a-z, - and _' },
  ] as const;

export const AUTOMATION_RULES: readonly ResourceRules[] = [
  {
    type: 'aws_sfn_state_machine',
    source: SFN_STATE_MACHINE,
    arguments: [
      {
        // StringLenBetween(0, 1024*1024). Not ForceNew (UpdateStateMachine). The plan's
        // ValidateStateMachineDefinition call is not repeated (docs/provider-rules.md).
        argument: 'definition',
        required: true,
        checks: [{ kind: 'bytes', min: 0, max: 1048576 }],
        source: SFN_STATE_MACHINE,
      },
      // Optional, Computed, MaxItems 1; updated in place.
      { argument: 'encryption_configuration', items: { max: 1 }, source: SFN_STATE_MACHINE },
      {
        argument: 'encryption_configuration.kms_data_key_reuse_period_seconds',
        checks: [{ kind: 'range', min: 60, max: 900 }],
        source: SFN_STATE_MACHINE,
      },
      // No value check.
      { argument: 'encryption_configuration.kms_key_id', source: SFN_STATE_MACHINE },
      {
        argument: 'encryption_configuration.type',
        checks: [{ kind: 'enum', values: ['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY'] }],
        source: `${SFN_STATE_MACHINE} (enum.Validate[awstypes.EncryptionType])`,
      },
      // Optional, Computed, MaxItems 1; updated in place.
      { argument: 'logging_configuration', items: { max: 1 }, source: SFN_STATE_MACHINE },
      { argument: 'logging_configuration.include_execution_data', source: SFN_STATE_MACHINE },
      {
        argument: 'logging_configuration.level',
        checks: [{ kind: 'enum', values: ['ALL', 'ERROR', 'FATAL', 'OFF'] }],
        source: `${SFN_STATE_MACHINE} (enum.Validate[awstypes.LogLevel])`,
      },
      // 6.22.0 added a plan-time check (#35941) whose code no stored version shows; the provider
      // documents "The ARN must end with `:*`". Unrecorded: write the log group ARN with `:*`.
      { argument: 'logging_configuration.log_destination', source: SFN_STATE_MACHINE },
      {
        argument: 'name',
        forceNew: true,
        conflictsWith: ['name_prefix'],
        checks: stateMachineName(80),
        source: SFN_STATE_MACHINE,
      },
      {
        argument: 'name_prefix',
        forceNew: true,
        conflictsWith: ['name'],
        checks: stateMachineName(80 - UNIQUE_ID_SUFFIX_LENGTH),
        source: SFN_STATE_MACHINE,
      },
      // Default false; not ForceNew.
      { argument: 'publish', source: SFN_STATE_MACHINE },
      region(SFN_STATE_MACHINE),
      { argument: 'role_arn', required: true, checks: [{ kind: 'arn' }], source: `${SFN_STATE_MACHINE}, ${VERIFY}` },
      // tftags.TagsSchema: a map of strings, no check.
      { argument: 'tags', source: SFN_STATE_MACHINE },
      { argument: 'tracing_configuration', items: { max: 1 }, source: SFN_STATE_MACHINE },
      { argument: 'tracing_configuration.enabled', source: SFN_STATE_MACHINE },
      {
        // Default STANDARD.
        argument: 'type',
        forceNew: true,
        checks: [{ kind: 'enum', values: ['STANDARD', 'EXPRESS'] }],
        source: `${SFN_STATE_MACHINE} (enum.Validate[awstypes.StateMachineType])`,
      },
    ],
  },
  {
    type: 'aws_cloudwatch_event_bus',
    source: EVENTS_BUS,
    arguments: [
      { argument: 'dead_letter_config', items: { max: 1 }, source: EVENTS_BUS },
      {
        // StringLenBetween(1, 1600) and verify.ValidARN.
        argument: 'dead_letter_config.arn',
        checks: [{ kind: 'bytes', min: 1, max: 1600 }, { kind: 'arn' }],
        source: `${EVENTS_BUS}, ${VERIFY}`,
      },
      // Updated in place (UpdateEventBus).
      { argument: 'description', checks: [{ kind: 'bytes', min: 0, max: 512 }], source: EVENTS_BUS },
      {
        // validSourceName: StringLenBetween(1, 256) and `^aws\.partner(/[\.\-_A-Za-z0-9]+){2,}$`.
        argument: 'event_source_name',
        forceNew: true,
        checks: [
          { kind: 'bytes', min: 1, max: 256 },
          {
            kind: 'pattern',
            pattern: /^aws\.partner(\/[.\-_A-Za-z0-9]+){2,}$/,
            message: 'a partner event source: aws.partner/<partner>/<name>',
          },
        ],
        source: `${EVENTS_BUS}, ${EVENTS_VALIDATE}`,
      },
      // StringLenBetween(1, 2048); a key ARN, key id, alias or alias ARN; updated in place.
      { argument: 'kms_key_identifier', checks: [{ kind: 'bytes', min: 1, max: 2048 }], source: EVENTS_BUS },
      { argument: 'log_config', items: { max: 1 }, source: EVENTS_BUS },
      {
        argument: 'log_config.include_detail',
        checks: [{ kind: 'enum', values: ['NONE', 'FULL'] }],
        source: `${EVENTS_BUS} (enum.Validate[types.IncludeDetail])`,
      },
      {
        argument: 'log_config.level',
        checks: [{ kind: 'enum', values: ['OFF', 'ERROR', 'INFO', 'TRACE'] }],
        source: `${EVENTS_BUS} (enum.Validate[types.Level])`,
      },
      {
        // validCustomEventBusName: StringLenBetween(1, 256) and StringDoesNotMatch(`^default$`). No
        // character check at plan time: `/` (refused by AWS for custom buses) and an `aws.` prefix pass.
        argument: 'name',
        required: true,
        forceNew: true,
        checks: [
          { kind: 'bytes', min: 1, max: 256 },
          { kind: 'pattern', pattern: /^default$/, negate: true, message: "cannot be 'default'" },
        ],
        source: `${EVENTS_BUS}, ${EVENTS_VALIDATE}`,
      },
      region(EVENTS_BUS),
      // tftags.TagsSchema: a map of strings, no check.
      { argument: 'tags', source: EVENTS_BUS },
    ],
  },
  {
    type: 'aws_cloudwatch_event_bus_policy',
    source: EVENTS_BUS_POLICY,
    arguments: [
      {
        // validBusName: StringLenBetween(1, 256) and `^[/\.\-_A-Za-z0-9]+$`. A bus name only: unlike a
        // rule's or target's event_bus_name, an event bus ARN fails the plan here. Default "default".
        argument: 'event_bus_name',
        forceNew: true,
        checks: [
          { kind: 'bytes', min: 1, max: 256 },
          { kind: 'pattern', pattern: /^[/.\-_A-Za-z0-9]+$/, message: 'an event bus name (letters, digits and / . - _), not an ARN' },
        ],
        source: `${EVENTS_BUS_POLICY}, ${EVENTS_VALIDATE}`,
      },
      // validation.StringIsJSON (any JSON value, not ValidIAMPolicyJSON); equivalent-policy diff
      // suppression; updated in place (PutPermission).
      { argument: 'policy', required: true, checks: [{ kind: 'json' }], source: EVENTS_BUS_POLICY },
      region(EVENTS_BUS_POLICY),
    ],
  },
];

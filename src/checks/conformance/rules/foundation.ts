/**
 * Plan-time rules of hashicorp/aws 6.25.0 for the resources of the foundation stacks: KMS keys and
 * aliases, S3 buckets with their separate configuration resources and the IAM OIDC provider (IAM
 * roles and role policies are in iam-sns-events-s3.ts). Files read: docs/provider-rules.md,
 * "Foundation resources".
 */
import type { ArgumentRule, ResourceRules } from '../argument-rules.js';

const KMS_KEY = 'internal/service/kms/key.go';
const KMS_ALIAS = 'internal/service/kms/alias.go';
const KMS_VALIDATE = 'internal/service/kms/validate.go';
const S3_BUCKET = 'internal/service/s3/bucket.go';
const S3_PAB = 'internal/service/s3/bucket_public_access_block.go';
const S3_VERSIONING = 'internal/service/s3/bucket_versioning.go';
const S3_SSE = 'internal/service/s3/bucket_server_side_encryption_configuration.go';
const S3_POLICY = 'internal/service/s3/bucket_policy.go';
const S3_OWNERSHIP = 'internal/service/s3/bucket_ownership_controls.go';
const S3_LIFECYCLE = 'internal/service/s3/bucket_lifecycle_configuration.go';
const IAM_OIDC = 'internal/service/iam/openid_connect_provider.go';
const IAM_VALIDATE = 'internal/service/iam/validate.go';
const SDKV2_SCHEMA = 'internal/sdkv2/schema.go';
const VERIFY = 'internal/verify/validate.go';

/** Every foundation resource may set the 6.x resource-level `region` (checked at configure time like the provider's). */
const region = (source: string): ArgumentRule => ({ argument: 'region', source: `${source}, internal/provider/sdkv2/provider.go` });

/** A bucket-configuration resource's `bucket`: StringLenBetween(1, 63), ForceNew. */
const configBucket = (source: string): ArgumentRule => ({
  argument: 'bucket',
  required: true,
  forceNew: true,
  checks: [{ kind: 'bytes', min: 1, max: 63 }],
  source,
});

/** aws-sdk-go-v2 s3 types.ServerSideEncryption (the same enum as aws_s3_object's, see iam-sns-events-s3.ts). */
const SSE_ALGORITHMS = ['AES256', 'aws:fsx', 'aws:kms', 'aws:kms:dsse'];

export const FOUNDATION_RULES: readonly ResourceRules[] = [
  {
    type: 'aws_kms_key',
    source: KMS_KEY,
    arguments: [
      { argument: 'bypass_policy_lockout_safety_check', source: KMS_KEY },
      { argument: 'customer_master_key_spec', forceNew: true, source: `${KMS_KEY} (enum.Validate[types.KeySpec])` },
      { argument: 'deletion_window_in_days', checks: [{ kind: 'range', min: 7, max: 30 }], source: KMS_KEY },
      { argument: 'description', checks: [{ kind: 'bytes', min: 0, max: 8192 }], source: KMS_KEY },
      { argument: 'enable_key_rotation', source: KMS_KEY },
      { argument: 'is_enabled', source: KMS_KEY },
      {
        argument: 'key_usage',
        forceNew: true,
        checks: [{ kind: 'enum', values: ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] }],
        source: KMS_KEY,
      },
      { argument: 'multi_region', forceNew: true, source: KMS_KEY },
      // sdkv2.IAMPolicyDocumentSchemaOptionalComputed: StringIsJSON.
      { argument: 'policy', checks: [{ kind: 'json' }], source: `${KMS_KEY}, ${SDKV2_SCHEMA}` },
      {
        argument: 'rotation_period_in_days',
        checks: [{ kind: 'range', min: 90, max: 2560 }],
        requiredWith: ['enable_key_rotation'],
        source: KMS_KEY,
      },
      region(KMS_KEY),
    ],
  },
  {
    type: 'aws_kms_alias',
    source: KMS_ALIAS,
    arguments: [
      {
        argument: 'name',
        forceNew: true,
        conflictsWith: ['name_prefix'],
        checks: [
          { kind: 'pattern', pattern: /^alias\/aws\//, negate: true, message: "cannot begin with reserved AWS CMK prefix 'alias/aws/'" },
          {
            kind: 'pattern',
            pattern: /^alias\/[0-9A-Za-z_/-]+$/,
            message: "must begin with 'alias/' and be comprised of only [0-9A-Za-z_/-]",
          },
        ],
        source: `${KMS_ALIAS}, ${KMS_VALIDATE}`,
      },
      { argument: 'name_prefix', forceNew: true, conflictsWith: ['name'], source: `${KMS_ALIAS}, ${KMS_VALIDATE}` },
      { argument: 'target_key_id', required: true, source: KMS_ALIAS },
      region(KMS_ALIAS),
    ],
  },
  {
    type: 'aws_s3_bucket',
    source: S3_BUCKET,
    arguments: [
      {
        argument: 'bucket',
        forceNew: true,
        conflictsWith: ['bucket_prefix'],
        checks: [
          { kind: 'bytes', min: 0, max: 63 },
          {
            kind: 'pattern',
            pattern: /^[0-9a-z.-]+--[a-z0-9]+(?:-[a-z0-9]+)*--x-s3$/,
            negate: true,
            message: 'must not be in the format [bucket_name]--[azid]--x-s3 (directory buckets)',
          },
        ],
        source: S3_BUCKET,
      },
      {
        argument: 'bucket_prefix',
        forceNew: true,
        conflictsWith: ['bucket'],
        checks: [
          { kind: 'bytes', min: 0, max: 63 - 37 },
          { kind: 'pattern', pattern: /^[0-9a-z.-]*$/, message: 'must contain only lowercase letters, numbers, hyphens, and periods' },
        ],
        source: S3_BUCKET,
      },
      { argument: 'force_destroy', source: S3_BUCKET },
      region(S3_BUCKET),
    ],
  },
  {
    type: 'aws_s3_bucket_public_access_block',
    source: S3_PAB,
    arguments: [
      { argument: 'bucket', required: true, forceNew: true, source: S3_PAB },
      { argument: 'block_public_acls', source: S3_PAB },
      { argument: 'block_public_policy', source: S3_PAB },
      { argument: 'ignore_public_acls', source: S3_PAB },
      { argument: 'restrict_public_buckets', source: S3_PAB },
      region(S3_PAB),
    ],
  },
  {
    type: 'aws_s3_bucket_ownership_controls',
    source: S3_OWNERSHIP,
    arguments: [
      // validation.NoZeroValues.
      { argument: 'bucket', required: true, forceNew: true, checks: [{ kind: 'bytes', min: 1 }], source: S3_OWNERSHIP },
      { argument: 'rule', required: true, items: { min: 1, max: 1 }, source: S3_OWNERSHIP },
      {
        argument: 'rule.object_ownership',
        required: true,
        checks: [{ kind: 'enum', values: ['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced'] }],
        source: `${S3_OWNERSHIP} (s3.ObjectOwnership_Values)`,
      },
      region(S3_OWNERSHIP),
    ],
  },
  {
    type: 'aws_s3_bucket_versioning',
    source: S3_VERSIONING,
    arguments: [
      configBucket(S3_VERSIONING),
      { argument: 'expected_bucket_owner', forceNew: true, checks: [{ kind: 'account-id' }], source: `${S3_VERSIONING}, ${VERIFY}` },
      { argument: 'versioning_configuration', required: true, items: { max: 1 }, source: S3_VERSIONING },
      {
        argument: 'versioning_configuration.status',
        required: true,
        checks: [{ kind: 'enum', values: ['Enabled', 'Suspended', 'Disabled'] }],
        source: `${S3_VERSIONING} (BucketVersioningStatus_Values)`,
      },
      {
        argument: 'versioning_configuration.mfa_delete',
        checks: [{ kind: 'enum', values: ['Enabled', 'Disabled'] }],
        source: S3_VERSIONING,
      },
      region(S3_VERSIONING),
    ],
  },
  {
    type: 'aws_s3_bucket_server_side_encryption_configuration',
    source: S3_SSE,
    arguments: [
      configBucket(S3_SSE),
      { argument: 'expected_bucket_owner', forceNew: true, checks: [{ kind: 'account-id' }], source: `${S3_SSE}, ${VERIFY}` },
      { argument: 'rule', required: true, source: S3_SSE },
      { argument: 'rule.apply_server_side_encryption_by_default', items: { max: 1 }, source: S3_SSE },
      {
        argument: 'rule.apply_server_side_encryption_by_default.sse_algorithm',
        required: true,
        checks: [{ kind: 'enum', values: SSE_ALGORITHMS }],
        source: S3_SSE,
      },
      // No value check.
      { argument: 'rule.apply_server_side_encryption_by_default.kms_master_key_id', source: S3_SSE },
      { argument: 'rule.bucket_key_enabled', source: S3_SSE },
      region(S3_SSE),
    ],
  },
  {
    type: 'aws_s3_bucket_policy',
    source: S3_POLICY,
    arguments: [
      { argument: 'bucket', required: true, forceNew: true, source: S3_POLICY },
      // sdkv2.IAMPolicyDocumentSchemaRequired: StringIsJSON.
      { argument: 'policy', required: true, checks: [{ kind: 'json' }], source: `${S3_POLICY}, ${SDKV2_SCHEMA}` },
      region(S3_POLICY),
    ],
  },
  {
    type: 'aws_s3_bucket_lifecycle_configuration',
    source: S3_LIFECYCLE,
    arguments: [
      configBucket(S3_LIFECYCLE),
      { argument: 'rule', items: { min: 1 }, source: S3_LIFECYCLE },
      { argument: 'rule.id', required: true, checks: [{ kind: 'bytes', min: 1, max: 255 }], source: S3_LIFECYCLE },
      {
        argument: 'rule.status',
        required: true,
        checks: [{ kind: 'enum', values: ['Enabled', 'Disabled'] }],
        source: `${S3_LIFECYCLE} (lifecycleRuleStatus_Values)`,
      },
      { argument: 'rule.filter', items: { max: 1 }, source: S3_LIFECYCLE },
      { argument: 'rule.expiration', items: { max: 1 }, source: S3_LIFECYCLE },
      { argument: 'rule.abort_incomplete_multipart_upload', items: { max: 1 }, source: S3_LIFECYCLE },
      { argument: 'rule.noncurrent_version_expiration', items: { max: 1 }, source: S3_LIFECYCLE },
      {
        argument: 'rule.noncurrent_version_expiration.noncurrent_days',
        required: true,
        checks: [{ kind: 'range', min: 1 }],
        source: S3_LIFECYCLE,
      },
      {
        argument: 'rule.noncurrent_version_expiration.newer_noncurrent_versions',
        checks: [{ kind: 'range', min: 1 }],
        source: S3_LIFECYCLE,
      },
      region(S3_LIFECYCLE),
    ],
  },
  {
    type: 'aws_iam_openid_connect_provider',
    source: IAM_OIDC,
    arguments: [
      { argument: 'client_id_list', required: true, checks: [{ kind: 'bytes', min: 1, max: 255 }], source: IAM_OIDC },
      { argument: 'thumbprint_list', checks: [{ kind: 'bytes', min: 40, max: 40 }], source: IAM_OIDC },
      {
        // validOpenIDURL: url.Parse, scheme https, no query parameters.
        argument: 'url',
        required: true,
        forceNew: true,
        checks: [
          { kind: 'pattern', pattern: /^https:\/\//, message: 'has to use HTTPS scheme (i.e. begin with https://)' },
          { kind: 'pattern', pattern: /\?./, negate: true, message: 'cannot contain query parameters per the OIDC standard' },
        ],
        source: `${IAM_OIDC}, ${IAM_VALIDATE}`,
      },
    ],
  },
];

/**
 * A bucket as the foundation keeps every bucket: versioned, encrypted by default, Block Public
 * Access on all four settings, objects owned by the bucket owner (writes from other accounts
 * included), and a bucket policy that refuses requests without TLS.
 */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import type { PolicyDocument } from '../../model/foundation/policy-document.js';
import { policyJson } from '../../core/terraform-text.js';

/** A foundation bucket: its name, region, default encryption, policy and lifecycle. */
export interface SecureBucketProps {
  bucket: string;
  /** Region of the bucket (the provider's own when it is the same). */
  region?: string;
  /** SSE-KMS with this key; SSE-S3 (AES256) when absent. */
  kmsKeyArn?: string;
  policy: PolicyDocument;
  lifecycleRules?: S3BucketLifecycleConfigurationRule[];
}

/** The bucket and its separate configuration resources (provider 6.x keeps each setting in its own resource). */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const { region } = props;
    // A bucket the foundation owns is never emptied by a destroy.
    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucket, region, forceDestroy: false, lifecycle: { preventDestroy: true } });
    const bucket = this.bucket.id;
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      region,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, region, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketVersioningA(this, 'versioning', { bucket, region, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      region,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: 'AES256' },
          bucketKeyEnabled: props.kmsKeyArn ? true : undefined,
        },
      ],
    });
    // After the public access block, so that S3 judges the policy with it in place.
    new S3BucketPolicy(this, 'policy', { bucket, region, policy: policyJson(props.policy), dependsOn: [publicAccess] });
    if (props.lifecycleRules?.length) {
      new S3BucketLifecycleConfiguration(this, 'lifecycle', { bucket, region, rule: props.lifecycleRules });
    }
  }
}

/** Lifecycle of the log bucket: logs expire after `days`, their old versions 30 days later, unfinished uploads after 7. */
export function logLifecycleRules(days: number): S3BucketLifecycleConfigurationRule[] {
  return [
    {
      id: 'expire-old-build-logs',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      expiration: [{ days }],
      noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
    },
  ];
}

/** Lifecycle of buckets whose current objects stay (state, component documents): old versions go after `days`. */
export function noncurrentLifecycleRules(days: number): S3BucketLifecycleConfigurationRule[] {
  return [
    {
      id: 'expire-old-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      noncurrentVersionExpiration: [{ noncurrentDays: days }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
    },
  ];
}

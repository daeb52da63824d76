/**
 * The key the S3 backend encrypts Terraform state with, named so that every stack knows it from the
 * settings alone, before the key exists: the ARN of the state key's alias in the state account and
 * region. S3 resolves an alias ARN to its key (Amazon S3 API Reference, PutObject,
 * `x-amz-server-side-encryption-aws-kms-key-id`), and Terraform's S3 backend accepts one as
 * `kms_key_id` (checked with Terraform 1.11 on this machine). Without it, `encrypt = true` asks S3
 * for SSE-S3, which overrides the bucket's default KMS encryption.
 */
import { partitionOf } from '../../config/aws-names.js';
import type { PlatformSettings } from '../../config/platform-schema.js';
import { STATE_KEY_ALIAS } from '../names.js';

/** `arn:<partition>:kms:<stateRegion>:<state account>:alias/golden-ami-state`; undefined when the platform has no foundation (no state key). */
export function stateKeyAliasArn(platform: Pick<PlatformSettings, 'foundation' | 'accounts' | 'stateRegion'>): string | undefined {
  const account = platform.foundation && platform.accounts[platform.foundation.stateAccount];
  return account ? `arn:${partitionOf(platform.stateRegion)}:kms:${platform.stateRegion}:${account}:${STATE_KEY_ALIAS}` : undefined;
}

/** Why an S3 backend (its Terraform JSON) does not encrypt with the platform's state key. */
export function stateKeyProblems(
  s3: Record<string, unknown>,
  platform: Pick<PlatformSettings, 'foundation' | 'accounts' | 'stateRegion'>,
): string[] {
  const stateKey = stateKeyAliasArn(platform);
  return stateKey && s3.kms_key_id !== stateKey ? [`state is not encrypted with the state key (kms_key_id = ${stateKey})`] : [];
}

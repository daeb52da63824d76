/** A customer managed KMS key with rotation on, its alias, and (once recorded) a check that it is the key the settings name. */
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import type { PolicyDocument } from './policy-document.js';

/** A key's region, alias, description, exact policy and the ARN the settings record for it. */
export interface PlatformKeyProps {
  region?: string;
  alias: string;
  description: string;
  policy: PolicyDocument;
  /** The key ARN the settings record (`kmsKeys`); the plan fails when the key is another one. */
  recordedArn?: string;
}

/** The key and its alias. */
export class PlatformKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: PlatformKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      region: props.region,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify(props.policy),
      lifecycle: {
        preventDestroy: true,
        ...(props.recordedArn
          ? {
              postcondition: [
                {
                  condition: `\${self.arn == "${props.recordedArn}"}`,
                  errorMessage: `kmsKeys in cdktf.json records ${props.recordedArn}, which team stacks use, but this key is another one: record this key's ARN there`,
                },
              ],
            }
          : {}),
      },
    });
    new KmsAlias(this, 'alias', { region: props.region, name: props.alias, targetKeyId: this.key.keyId });
  }
}

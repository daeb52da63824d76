/**
 * A customer managed KMS key with rotation on, its alias, and its ARN as an output; once the
 * settings record the ARN, the output's precondition fails the plan when the key is another one.
 */
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Op, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import type { PolicyDocument } from '../../model/foundation/policy-document.js';

/** A key's region, alias, description, exact policy and the ARN the settings record for it. */
export interface PlatformKeyProps {
  region?: string;
  alias: string;
  description: string;
  policy: PolicyDocument;
  /** An output with the key's ARN (its id and what to do with it), and the ARN the settings record (`kmsKeys`) once they do. */
  output?: { id: string; description: string; recordedArn?: string };
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
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'alias', { region: props.region, name: props.alias, targetKeyId: this.key.keyId });
    // On the output, not the key: the key's own postcondition would need `self`, and an output may name the key.
    if (!props.output) return;
    const { id: outputId, description, recordedArn } = props.output;
    const output = new TerraformOutput(scope, outputId, { value: this.key.arn, description });
    // Named exactly (no construct-path hash): `terraform output -json` is what record-keys reads.
    output.overrideLogicalId(outputId);
    if (!recordedArn) return;
    // cdktf 0.21 keeps an output's `precondition` option but never writes it: set the block directly.
    output.addOverride('precondition', [
      {
        condition: Op.eq(this.key.arn, recordedArn),
        error_message: `kmsKeys in cdktf.json records ${recordedArn}, which team stacks use, but this key is another one: record this key's ARN there (npm run platform -- record-keys)`,
      },
    ]);
  }
}

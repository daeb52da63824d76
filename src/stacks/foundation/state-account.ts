/**
 * What the state (shared-services) account holds for the whole platform: the state bucket and its
 * key, the GitHub OIDC provider and the three CI roles, the read-only operator role, the platform key of every region, the log
 * bucket and a component bucket per region.
 */
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { regionArgument, type Foundation } from '../../model/foundation/foundation.js';
import {
  CI_ROLE_NAMES,
  ciRoleOutputName,
  OPERATOR_ROLE_NAMES,
  OPERATOR_ROLE_OUTPUT,
  ciRoleVariable,
  componentBucketName,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  PLATFORM_KEY_ALIAS,
  platformKeyOutputName,
  STATE_KEY_ALIAS,
} from '../../model/names.js';
import { PlatformKey } from './platform-key.js';
import { componentBucketPolicy, logBucketPolicy, stateBucketPolicy } from '../../model/foundation/bucket-policies.js';
import { ciPermissions, ciTrustPolicy } from '../../model/foundation/ci-policies.js';
import { platformKeyPolicy, stateKeyPolicy } from '../../model/foundation/key-policies.js';
import { operatorTrustPolicy } from '../../model/foundation/operator-policies.js';
import { hasOperators, type PolicyDocument } from '../../model/foundation/policy-document.js';
import { logLifecycleRules, noncurrentLifecycleRules, SecureBucket } from './secure-bucket.js';

/** What each CI role is for, in its description. */
const CI_ROLE_PURPOSES: Record<keyof typeof CI_ROLE_NAMES, string> = {
  plan: 'plans',
  deploy: 'team deploys',
  foundation: 'foundation deploys',
  release: 'promotions',
};

/** Days old state versions (history for recovery) and old component document versions are kept. */
export const STATE_HISTORY_DAYS = 365;

/** Everything the state account holds for the platform. */
export class StateAccount extends Construct {
  constructor(scope: Construct, id: string, f: Foundation) {
    super(scope, id);
    const { platform } = f;

    const stateKey = new PlatformKey(this, 'state-key', {
      alias: STATE_KEY_ALIAS,
      description: 'Terraform state of the golden AMI stacks',
      policy: stateKeyPolicy(f),
    });
    new SecureBucket(this, 'state-bucket', {
      bucket: platform.stateBucket,
      kmsKeyArn: stateKey.key.arn,
      policy: stateBucketPolicy(f),
      lifecycleRules: noncurrentLifecycleRules(STATE_HISTORY_DAYS),
    });

    const provider = new IamOpenidConnectProvider(this, 'github-oidc', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
    });
    /** A role of the state account, its policy (which names the state key), and its ARN as an output named exactly (`terraform output -json` is what record-keys and people read). */
    const stateAccountRole = (
      id: string,
      name: string,
      description: string,
      trust: PolicyDocument,
      permissions: PolicyDocument,
      output: { id: string; description: string },
      inlineName: string,
    ) => {
      const role = new IamRole(this, id, { name, description, assumeRolePolicy: JSON.stringify(trust), maxSessionDuration: 3600 });
      new IamRolePolicy(this, `${id}-permissions`, { name: inlineName, role: role.id, policy: JSON.stringify(permissions) });
      new TerraformOutput(this, output.id, { value: role.arn, description: output.description }).overrideLogicalId(output.id);
    };
    for (const role of Object.keys(CI_ROLE_NAMES) as (keyof typeof CI_ROLE_NAMES)[]) {
      stateAccountRole(
        `ci-${role}`,
        CI_ROLE_NAMES[role],
        `GitHub Actions (${f.settings.repository}): ${CI_ROLE_PURPOSES[role]}`,
        ciTrustPolicy(f, role, provider.arn),
        ciPermissions(f, role, stateKey.key.arn),
        { id: ciRoleOutputName(role), description: `the ${ciRoleVariable(role)} repository variable` },
        'golden-ami-ci',
      );
    }
    if (hasOperators(f, 'readOnly')) {
      // What a person's diff, fleet-status and pin-parents need is what a CI plan needs: the same permissions.
      stateAccountRole(
        'operator',
        OPERATOR_ROLE_NAMES.readOnly,
        "Golden AMI operators' reads (cdktf diff, fleet-status, pin-parents): state, and each account's plan role",
        operatorTrustPolicy(f, 'readOnly'),
        ciPermissions(f, 'plan', stateKey.key.arn),
        {
          id: OPERATOR_ROLE_OUTPUT,
          description: 'role_arn of the AWS profile people work with (docs/platform.md, "Working locally as a platform engineer")',
        },
        'golden-ami-operator',
      );
    }

    const keys = new Map<string, PlatformKey>();
    for (const key of f.regions) {
      const platformKey = new PlatformKey(this, `platform-key-${key.region}`, {
        region: regionArgument(f, key.region),
        alias: PLATFORM_KEY_ALIAS,
        description: `Golden AMI platform key (${key.region}): EBS volumes, AMIs, components, topics`,
        policy: platformKeyPolicy(f, key.region),
        output: {
          id: platformKeyOutputName(key.region),
          description: `kmsKeys["${key.region}"] in cdktf.json: npm run platform -- record-keys`,
          recordedArn: key.recordedArn,
        },
      });
      keys.set(key.region, platformKey);
    }

    // Logs are written by build roles in other accounts, whose policies grant s3:PutObject only: SSE-S3, so no KMS grant is needed.
    new SecureBucket(this, 'log-bucket', {
      bucket: platform.logBucket,
      region: regionArgument(f, platform.defaultRegion),
      policy: logBucketPolicy(f),
      lifecycleRules: logLifecycleRules(f.settings.logRetentionDays),
    });
    for (const region of f.settings.regions) {
      new SecureBucket(this, `component-bucket-${region}`, {
        bucket: componentBucketName(platform, region),
        region: regionArgument(f, region),
        kmsKeyArn: keys.get(region)!.key.arn,
        policy: componentBucketPolicy(f, region),
        lifecycleRules: noncurrentLifecycleRules(STATE_HISTORY_DAYS),
      });
    }
  }
}

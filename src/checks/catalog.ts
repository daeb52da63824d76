/**
 * The one catalog of every check the engine runs on the synthesised stacks, in three families:
 * team policy checks, foundation checks and the pinned provider's own validation (one check per
 * resource type). The ids and which checks are waivable are in ../config/check-ids.ts; this file adds what
 * each requires and where the requirement comes from. The configuration reference is generated from
 * `checkCatalog()`.
 */
import type { Severity } from '../core/problems.js';
import {
  FOUNDATION_CHECK_IDS,
  POLICY_CHECK_WAIVABLE,
  PROVIDER_BLOCK_CHECK,
  providerCheckOf,
  UNRECORDED_RESOURCE_TYPE_CHECK,
  type CheckId,
  type FoundationCheck,
  type PolicyCheck,
  type WaivableCheck,
} from '../config/check-ids.js';
import { PINNED_PROVIDER, type ArgumentRule, type ResourceRules } from './conformance/argument-rules.js';
import { PROVIDER_RULES } from './conformance/rules/index.js';
import { PROVIDER_BLOCK_RULES } from './conformance/rules/provider-block.js';

/** Which engine family a check belongs to: what it reads and where its findings point. */
export type CheckFamily = 'policy' | 'foundation' | 'provider';

/** One check of the catalog. */
export interface CatalogEntry {
  id: CheckId;
  family: CheckFamily;
  severity: Severity;
  /** Whether an image may waive it with a team.yaml `exceptions` entry and a reason. */
  waivable: boolean;
  /** What the check requires, in one line. */
  description: string;
  /** Where the requirement comes from, in one line: a provider file, an AWS document's title, a platform setting. */
  source: string;
  /** Waivable checks: what a waiver relaxes for the image. */
  whenWaived?: string;
}

/** What a policy or foundation check requires and where that comes from. */
interface Requirement {
  description: string;
  source: string;
}

const POLICY_REQUIREMENTS: Record<PolicyCheck, Requirement> = {
  'ebs-encryption': {
    description: 'recipe EBS volumes are encrypted with the platform customer managed key of the region',
    source: 'Amazon EBS User Guide, "Amazon EBS encryption"; the key is the platform setting kmsKeys',
  },
  'ami-encryption': {
    description: 'distributed AMIs are encrypted with the platform key of each region',
    source: 'Amazon EC2 User Guide, "Use encryption with EBS-backed AMIs"; the keys are the platform setting kmsKeys',
  },
  'component-encryption': {
    description: 'components are encrypted with the platform key',
    source: 'EC2 Image Builder User Guide, "Data protection in EC2 Image Builder"; the key is the platform setting kmsKeys',
  },
  'topic-encryption': {
    description: 'SNS topics are encrypted with the platform key',
    source: 'Amazon SNS Developer Guide, "Securing Amazon SNS data with server-side encryption"',
  },
  's3-object-encryption': {
    description: 'S3 objects the stack writes (uploaded component documents) are encrypted with the platform key',
    source: 'Amazon S3 User Guide, "Using server-side encryption with AWS KMS keys (SSE-KMS)"',
  },
  imdsv2: {
    description: 'build and test instances require IMDSv2 (http_tokens = required)',
    source: 'Amazon EC2 User Guide, "Transition to using Instance Metadata Service Version 2"',
  },
  'no-key-pair': {
    description: 'build and test instances have no SSH key pair',
    source: 'project policy (docs/design.md, "Conventions": secure by default, no SSH key pairs)',
  },
  'terminate-on-failure': {
    description: 'build instances are terminated when a build fails',
    source:
      'project policy (docs/design.md, "Conventions": build instances terminated on failure); the setting is EC2 Image Builder API, InfrastructureConfiguration terminateInstanceOnFailure',
  },
  'build-logs': {
    description: 'build logs go to the platform log bucket under the team prefix',
    source: 'project policy (docs/design.md, "Conventions": logs to S3); platform setting logBucket',
  },
  'no-public-launch': {
    description: 'no AMI is shared publicly (launch permission group "all")',
    source: 'Amazon EC2 User Guide, "Understand block public access for AMIs"',
  },
  'organization-sharing': {
    description: 'AMIs go only to accounts in the platform directory and to the platform organization and its OUs',
    source: 'platform settings accounts and organizationArn',
  },
  'team-boundaries': {
    description:
      "copies, launch permissions for named accounts, launch templates and SSM parameters only in the team's own accounts (its build account and distributionAccounts), SSM parameters under its ssmParameterPrefix",
    source: 'platform settings distributionAccounts and ssmParameterPrefix',
  },
  'iam-least-privilege': {
    description: 'no IAM or resource policy allows a wildcard or IAM action, a write action on every resource, or NotAction/NotResource',
    source: 'IAM User Guide, "Security best practices in IAM" (apply least-privilege permissions)',
  },
  'build-role-scope': {
    description:
      'the build role has only the SSM and Image Builder managed policies, put-object to its own log prefix and what buildInstance.permissions names',
    source:
      'project policy (docs/platform.md, "What the foundation grants"); AWS managed policies AmazonSSMManagedInstanceCore and EC2InstanceProfileForImageBuilder; team.yaml buildInstance.permissions',
  },
  'state-backend': {
    description:
      'state is in the platform S3 bucket, encrypted (with the state key when the platform has a foundation), with S3-native locking',
    source: 'Terraform documentation, "Backend Type: s3" (encrypt, kms_key_id, use_lockfile); platform setting stateBucket',
  },
  'image-tests': {
    description: 'image tests are enabled',
    source:
      'project policy (docs/teams.md, "Rebuild cadence"); the setting is EC2 Image Builder API, ImageTestsConfiguration imageTestsEnabled',
  },
  'image-scanning': {
    description: 'image scanning is enabled',
    source:
      'project policy (docs/teams.md, "Rebuild cadence"); the setting is EC2 Image Builder API, ImageScanningConfiguration imageScanningEnabled (Amazon Inspector findings)',
  },
  'keep-shared-amis': {
    description:
      'AMIs shared by launch permission (organization, organizational units, named accounts) are deprecated but never deleted by the lifecycle policy',
    source:
      'project policy (docs/teams.md, "Retention"), since per Amazon EC2 User Guide, "Deregister an Amazon EC2 AMI", a deregistered AMI can no longer launch instances',
  },
  'ami-deprecation': {
    description: "the image's lifecycle policy deprecates its AMIs (retention.deprecateAfterDays is a number of days, not never)",
    source: 'Amazon EC2 User Guide, "Deprecate an Amazon EC2 AMI"',
  },
  'deprecated-parent': {
    description: 'parent lookups never pin a deprecated AMI (no includeDeprecated: true)',
    source: 'Amazon EC2 User Guide, "Deprecate an Amazon EC2 AMI"',
  },
  'rebuild-cadence': {
    description: 'scheduled builds are at most the platform maximum apart (default 90 days)',
    source: 'platform setting maxRebuildIntervalDays',
  },
  'pinned-component-age': {
    description:
      'a shared component pinned to an earlier version is at most the platform maximum of versions behind the current one (maxPinnedComponentVersionsBehind, default 3)',
    source: 'platform setting maxPinnedComponentVersionsBehind; the version locks and their history',
  },
};

/** What waiving each waivable check relaxes for the image. */
const WHEN_WAIVED: Record<WaivableCheck, string> = {
  imdsv2: 'instance metadata tokens become optional',
  'terminate-on-failure': 'failed build instances are kept for debugging',
  'organization-sharing': 'other accounts are allowed (the platform must still list them for the team in distributionAccounts)',
  'image-tests': 'image tests are off',
  'image-scanning': 'image scanning is off',
  'keep-shared-amis': 'shared AMIs are deleted after deleteAfterDays',
  'ami-deprecation': 'retention.deprecateAfterDays: never keeps the AMIs for good',
  'deprecated-parent': 'parentImage.includeDeprecated: true may pin an AMI its publisher withdrew',
  'rebuild-cadence': 'longer gaps between builds are allowed',
  'pinned-component-age': 'the pin may fall further behind',
};

const FOUNDATION_REQUIREMENTS: Record<FoundationCheck, Requirement> = {
  'foundation-least-privilege': {
    description:
      'no statement allows a wildcard action, NotAction/NotResource, or (in a role or managed policy) a write action on every resource',
    source: 'IAM User Guide, "Security best practices in IAM" (apply least-privilege permissions)',
  },
  'no-admin-policies': {
    description: 'no role gets the AWS managed AdministratorAccess, PowerUserAccess or ReadOnlyAccess',
    source: 'IAM User Guide, "AWS managed policies for job functions"',
  },
  'key-rotation': {
    description: 'every KMS key rotates (enable_key_rotation = true)',
    source: 'AWS KMS Developer Guide, "Rotate AWS KMS keys"',
  },
  'key-policy-principals': {
    description:
      'key policies name only the foundation role, the build, receiving, launch-permission and keyConsumers accounts (narrowed by aws:PrincipalArn where roles are meant), EventBridge and SNS from the build accounts, and the organization only where an image shares with it or keyConsumers names it',
    source: 'AWS KMS Developer Guide, "Key policies in AWS KMS"',
  },
  'no-public-bucket': {
    description: 'every bucket blocks public access (all four settings), refuses requests without TLS, and allows no anonymous principal',
    source: 'Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage"',
  },
  'trust-pinned': {
    description:
      'roles trusted by GitHub OIDC require audience sts.amazonaws.com and an exact subject of this repository, and for an environment subject the workflow files on main (job_workflow_ref); other trusts name roles by aws:PrincipalArn, exactly or as the role of one IAM Identity Center permission set; a service principal names the accounts it acts for (aws:SourceAccount)',
    source: 'GitHub Docs, "Configuring OpenID Connect in Amazon Web Services"; IAM User Guide, "The confused deputy problem"',
  },
  'plan-reads-no-data': {
    description:
      "plan roles (inline and attached managed policies) read no S3 object but state and component documents, no secret, no SSM parameter value but the AMI ids under the teams' prefixes, and decrypt only with the state key or through Image Builder (kms:ViaService); no key policy lets a plan role decrypt directly (only through an AWS service, kms:ViaService), but the state key the CI plan role and the read-only operator role read state with",
    source:
      'project policy (docs/platform.md, "What the foundation grants", plan role): plan roles run pull-request code, so they read no data',
  },
  'aws-policy-size': {
    description:
      "policies fit AWS's size limits: a role's inline policies 10,240 characters together, a managed policy 6,144, a trust policy 2,048 (the default quota), a key policy 32,768, a bucket policy 20,480, an event bus policy 10,240 (whitespace not counted); a role has at most 10 managed policies attached (the default quota)",
    source:
      'IAM User Guide, "IAM and AWS STS quotas"; AWS KMS Developer Guide, "Creating a key policy"; Amazon S3 User Guide, "Bucket policies and user policies"; Amazon EventBridge User Guide, "Amazon EventBridge quotas"',
  },
  'foundation-state-backend': {
    description:
      'state is in the platform state bucket under foundation/<account>/, encrypted with the state key, with S3-native locking (bootstrap aside)',
    source: 'Terraform documentation, "Backend Type: s3" (encrypt, kms_key_id, use_lockfile); platform setting stateBucket',
  },
};

/** The kinds of validation a resource type's rules hold, for its one-line description. */
function validationKinds(rules: readonly ArgumentRule[]): string {
  const kinds = new Set<string>();
  for (const rule of rules) {
    if (rule.required) kinds.add('required arguments');
    if (rule.items) kinds.add('item limits');
    if (rule.conflictsWith || rule.exactlyOneOf || rule.atLeastOneOf || rule.requiredWith) kinds.add('argument combinations');
    for (const check of rule.checks ?? [])
      kinds.add(
        {
          bytes: 'lengths in bytes',
          pattern: 'patterns',
          enum: 'enumerations',
          range: 'ranges',
          json: 'JSON',
          arn: 'ARNs',
          'account-id': 'account ids',
        }[check.kind],
      );
  }
  return kinds.size ? [...kinds].join(', ') : 'no value checks, only the argument set';
}

function providerEntry(id: CheckId, what: string, rules: readonly ArgumentRule[], source: string): CatalogEntry {
  return {
    id,
    family: 'provider',
    severity: 'error',
    waivable: false,
    description: `${what}: every argument the stacks set passes ${PINNED_PROVIDER}'s plan-time validation (${rules.length} arguments recorded; ${validationKinds(rules)})`,
    source,
  };
}

function buildCatalog(): CatalogEntry[] {
  const policy = (Object.keys(POLICY_REQUIREMENTS) as PolicyCheck[]).map((id): CatalogEntry => ({
    id,
    family: 'policy',
    severity: 'error',
    waivable: POLICY_CHECK_WAIVABLE[id],
    ...POLICY_REQUIREMENTS[id],
    ...(POLICY_CHECK_WAIVABLE[id] ? { whenWaived: WHEN_WAIVED[id as WaivableCheck] } : {}),
  }));
  const foundation = FOUNDATION_CHECK_IDS.map((id): CatalogEntry => ({
    id,
    family: 'foundation',
    severity: 'error',
    waivable: false,
    ...FOUNDATION_REQUIREMENTS[id],
  }));
  const provider = [
    ...PROVIDER_RULES.map((rules: ResourceRules) => providerEntry(providerCheckOf(rules.type), rules.type, rules.arguments, rules.source)),
    providerEntry(PROVIDER_BLOCK_CHECK, 'the AWS provider block', PROVIDER_BLOCK_RULES, 'internal/provider/sdkv2/provider.go'),
    {
      id: UNRECORDED_RESOURCE_TYPE_CHECK,
      family: 'provider' as const,
      severity: 'error' as const,
      waivable: false,
      description:
        'every resource type the stacks write has recorded provider rules (a new type needs its rules read from the provider first)',
      source: 'docs/provider-rules.md',
    },
  ];
  return [...policy, ...foundation, ...provider];
}

const CATALOG = buildCatalog();
const BY_ID = new Map(CATALOG.map((entry) => [entry.id, entry]));

/** Every check of every family, in report order: a plain array the configuration reference is generated from. */
export function checkCatalog(): CatalogEntry[] {
  return CATALOG.map((entry) => ({ ...entry }));
}

/** The catalog entry of a check; every id a rule reports is in the catalog (a test holds it). */
export function catalogEntry(id: CheckId): CatalogEntry {
  const entry = BY_ID.get(id);
  if (!entry) throw new Error(`check ${id} is not in the catalog`);
  return entry;
}

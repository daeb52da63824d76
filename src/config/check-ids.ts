/**
 * The ids of the policy and foundation checks, and which policy checks a team may waive: the part of
 * the check catalog that config (team.yaml `exceptions`) and the model (`waives`) need. It imports
 * nothing, so it can sit in a lower layer; descriptions and sources are in src/checks/catalog.ts.
 */

/** Each policy check of the team stacks, and whether an image may waive it (team.yaml `exceptions` with a reason). */
export const POLICY_CHECK_WAIVABLE = {
  'ebs-encryption': false,
  'ami-encryption': false,
  'component-encryption': false,
  'topic-encryption': false,
  's3-object-encryption': false,
  imdsv2: true,
  'no-key-pair': false,
  'terminate-on-failure': true,
  'build-logs': false,
  'no-public-launch': false,
  'organization-sharing': true,
  'team-boundaries': false,
  'iam-least-privilege': false,
  'build-role-scope': false,
  'state-backend': false,
  'image-tests': true,
  'image-scanning': true,
  'keep-shared-amis': true,
  'ami-deprecation': true,
  'deprecated-parent': true,
  'rebuild-cadence': true,
  'pinned-component-age': true,
} as const;

/** A policy check's id. */
export type PolicyCheck = keyof typeof POLICY_CHECK_WAIVABLE;

/** A policy check an image may waive. */
export type WaivableCheck = { [K in PolicyCheck]: (typeof POLICY_CHECK_WAIVABLE)[K] extends true ? K : never }[PolicyCheck];

/** Every waivable check, in catalog order (the team.yaml schema's enum of `exceptions[].check`). */
export const WAIVABLE_CHECK_IDS = (Object.keys(POLICY_CHECK_WAIVABLE) as PolicyCheck[]).filter(
  (check): check is WaivableCheck => POLICY_CHECK_WAIVABLE[check],
) as [WaivableCheck, ...WaivableCheck[]];

/** Every foundation check of the foundation stacks; none is waivable. */
export const FOUNDATION_CHECK_IDS = [
  'foundation-least-privilege',
  'no-admin-policies',
  'key-rotation',
  'key-policy-principals',
  'no-public-bucket',
  'trust-pinned',
  'plan-reads-no-data',
  'aws-policy-size',
  'foundation-state-backend',
] as const;

/** A foundation check's id. */
export type FoundationCheck = (typeof FOUNDATION_CHECK_IDS)[number];

/** A provider-rule check's id: `provider:` and the Terraform resource type it validates (or `provider-block`, `unrecorded-resource-type`). */
export type ProviderCheck = `provider:${string}`;

/** The provider-rule check of one Terraform resource type, e.g. `provider:aws_imagebuilder_component`. */
export function providerCheckOf(resourceType: string): ProviderCheck {
  return `provider:${resourceType}`;
}

/** The provider-rule check of the stacks' AWS provider block (`assume_role`, `default_tags`, `region`). */
export const PROVIDER_BLOCK_CHECK: ProviderCheck = 'provider:provider-block';

/** A resource type the stacks write without recorded provider rules: a gap in the rules, not in team.yaml. */
export const UNRECORDED_RESOURCE_TYPE_CHECK: ProviderCheck = 'provider:unrecorded-resource-type';

/** Any check's id. */
export type CheckId = PolicyCheck | FoundationCheck | ProviderCheck;

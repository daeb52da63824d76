/**
 * The id of every policy check run on the synthesised configuration, and whether one image may
 * waive it with an `exceptions` entry and a reason. Data only, so that team.yaml's schema and the
 * fleet model can name checks without importing the checks; what each check requires is in
 * src/checks/catalog.ts.
 */

/** Check id → whether one image may waive the check. */
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

/** The id of a policy check. */
export type PolicyCheck = keyof typeof POLICY_CHECK_WAIVABLE;

/** The id of a check one image may waive. */
export type WaivableCheck = { [K in PolicyCheck]: (typeof POLICY_CHECK_WAIVABLE)[K] extends true ? K : never }[PolicyCheck];

/** The checks an image may waive, in the order above: what team.yaml's `exceptions[].check` accepts. */
export const WAIVABLE_CHECK_IDS = (Object.keys(POLICY_CHECK_WAIVABLE) as PolicyCheck[]).filter(
  (check): check is WaivableCheck => POLICY_CHECK_WAIVABLE[check],
) as [WaivableCheck, ...WaivableCheck[]];

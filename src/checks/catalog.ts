/** Every security and operations check run on the synthesised configuration. */

interface CheckInfo {
  description: string;
  /** Waivable checks may be relaxed for one image with an `exceptions` entry and a reason. */
  waivable: boolean;
}

export const POLICY_CHECKS = {
  'ebs-encryption': { description: 'recipe EBS volumes are encrypted with the platform customer managed key of the region', waivable: false },
  'ami-encryption': { description: 'distributed AMIs are encrypted with the platform key of each region', waivable: false },
  'component-encryption': { description: 'components are encrypted with the platform key', waivable: false },
  'topic-encryption': { description: 'SNS topics are encrypted with the platform key', waivable: false },
  's3-object-encryption': { description: 'S3 objects the stack writes are encrypted with the platform key', waivable: false },
  imdsv2: { description: 'build and test instances require IMDSv2 (http_tokens = required)', waivable: true },
  'no-key-pair': { description: 'build and test instances have no SSH key pair', waivable: false },
  'terminate-on-failure': { description: 'build instances are terminated when a build fails', waivable: true },
  'build-logs': { description: 'build logs go to the platform log bucket under the team prefix', waivable: false },
  'no-public-launch': { description: 'no AMI is shared publicly (launch permission group "all")', waivable: false },
  'organization-sharing': { description: 'AMIs go only to accounts in the platform directory and to the platform organization', waivable: true },
  'team-boundaries': {
    description: "copies, launch permissions for named accounts, launch templates and SSM parameters only in the team's own accounts (its build account and distributionAccounts), SSM parameters under its ssmParameterPrefix",
    waivable: false,
  },
  'iam-least-privilege': { description: 'no IAM or resource policy allows a wildcard or IAM action, a write action on every resource, or NotAction/NotResource', waivable: false },
  'build-role-scope': { description: 'the build role has only the SSM and Image Builder managed policies, put-object to its own log prefix and what buildInstance.permissions names', waivable: false },
  'state-backend': { description: 'state is in the platform S3 bucket, encrypted (with the state key when the platform has a foundation), with S3-native locking', waivable: false },
  'image-tests': { description: 'image tests are enabled', waivable: true },
  'image-scanning': { description: 'image scanning is enabled', waivable: true },
  'keep-shared-amis': {
    description: 'AMIs shared by launch permission (organization, organizational units, named accounts) are deprecated but never deleted by the lifecycle policy',
    waivable: true,
  },
  'ami-deprecation': {
    description: "the image's lifecycle policy deprecates its AMIs (retention.deprecateAfterDays is a number of days, not never)",
    waivable: true,
  },
  'deprecated-parent': {
    description: 'parent lookups never pin a deprecated AMI (no includeDeprecated: true)',
    waivable: true,
  },
  'rebuild-cadence': { description: 'scheduled builds are at most the platform maximum apart (default 90 days)', waivable: true },
  'pinned-component-age': {
    description: 'a shared component pinned to an earlier version is at most the platform maximum of versions behind the current one (maxPinnedComponentVersionsBehind, default 3)',
    waivable: true,
  },
} as const satisfies Record<string, CheckInfo>;

export type PolicyCheck = keyof typeof POLICY_CHECKS;

export type WaivableCheck = { [K in PolicyCheck]: (typeof POLICY_CHECKS)[K]['waivable'] extends true ? K : never }[PolicyCheck];

export const WAIVABLE_CHECK_IDS = (Object.keys(POLICY_CHECKS) as PolicyCheck[]).filter(
  (check): check is WaivableCheck => POLICY_CHECKS[check].waivable,
) as [WaivableCheck, ...WaivableCheck[]];

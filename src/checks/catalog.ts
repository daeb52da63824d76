/** Every security and operations check run on the synthesised configuration. */
import { POLICY_CHECK_WAIVABLE, type PolicyCheck } from '../config/check-ids.js';

export { WAIVABLE_CHECK_IDS, type PolicyCheck, type WaivableCheck } from '../config/check-ids.js';

interface CheckInfo {
  description: string;
  /** Waivable checks may be relaxed for one image with an `exceptions` entry and a reason. */
  waivable: boolean;
}

/** What each check requires; whether it is waivable is kept beside its id in src/config/check-ids.ts. */
const DESCRIPTIONS = {
  'ebs-encryption': { description: 'recipe EBS volumes are encrypted with the platform customer managed key of the region' },
  'ami-encryption': { description: 'distributed AMIs are encrypted with the platform key of each region' },
  'component-encryption': { description: 'components are encrypted with the platform key' },
  'topic-encryption': { description: 'SNS topics are encrypted with the platform key' },
  's3-object-encryption': { description: 'S3 objects the stack writes are encrypted with the platform key' },
  imdsv2: { description: 'build and test instances require IMDSv2 (http_tokens = required)' },
  'no-key-pair': { description: 'build and test instances have no SSH key pair' },
  'terminate-on-failure': { description: 'build instances are terminated when a build fails' },
  'build-logs': { description: 'build logs go to the platform log bucket under the team prefix' },
  'no-public-launch': { description: 'no AMI is shared publicly (launch permission group "all")' },
  'organization-sharing': { description: 'AMIs go only to accounts in the platform directory and to the platform organization' },
  'team-boundaries': {
    description: "copies, launch permissions for named accounts, launch templates and SSM parameters only in the team's own accounts (its build account and distributionAccounts), SSM parameters under its ssmParameterPrefix",
  },
  'iam-least-privilege': { description: 'no IAM or resource policy allows a wildcard or IAM action, a write action on every resource, or NotAction/NotResource' },
  'build-role-scope': { description: 'the build role has only the SSM and Image Builder managed policies, put-object to its own log prefix and what buildInstance.permissions names' },
  'state-backend': { description: 'state is in the platform S3 bucket, encrypted (with the state key when the platform has a foundation), with S3-native locking' },
  'image-tests': { description: 'image tests are enabled' },
  'image-scanning': { description: 'image scanning is enabled' },
  'keep-shared-amis': {
    description: 'AMIs shared by launch permission (organization, organizational units, named accounts) are deprecated but never deleted by the lifecycle policy',
  },
  'ami-deprecation': {
    description: "the image's lifecycle policy deprecates its AMIs (retention.deprecateAfterDays is a number of days, not never)",
  },
  'deprecated-parent': {
    description: 'parent lookups never pin a deprecated AMI (no includeDeprecated: true)',
  },
  'rebuild-cadence': { description: 'scheduled builds are at most the platform maximum apart (default 90 days)' },
  'pinned-component-age': {
    description: 'a shared component pinned to an earlier version is at most the platform maximum of versions behind the current one (maxPinnedComponentVersionsBehind, default 3)',
  },
} as const satisfies Record<PolicyCheck, Pick<CheckInfo, 'description'>>;

/** Every check with what it requires and whether it is waivable. */
export const POLICY_CHECKS = Object.fromEntries(
  (Object.keys(POLICY_CHECK_WAIVABLE) as PolicyCheck[]).map((check) => [check, { ...DESCRIPTIONS[check], waivable: POLICY_CHECK_WAIVABLE[check] }]),
) as Record<PolicyCheck, CheckInfo>;

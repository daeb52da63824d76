/** The key policies: the platform key of each region, and the state key. */
import { terraformLiteral } from '../../core/terraform-text.js';
import type { Foundation, FoundationAccount } from './foundation.js';
import {
  buildRolePattern,
  DISTRIBUTION_ROLE_NAME,
  IMAGE_BUILDER_SERVICE_ROLE,
  planRoleArn,
  releaseRoleArn,
  roleArn,
  roleFromTemplate,
} from '../names.js';
import {
  ciRoleArn,
  foundationRoleArn,
  planReaders,
  policy,
  type PolicyDocument,
  principalArn,
  releaseAccountIds,
  roots,
  type Statement,
} from './policy-document.js';

/** Key administration, listed one by one (no `kms:*`): the foundation role manages the key, nobody uses it through this. */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];
/** Using a key for encrypted volumes, AMIs, snapshots and components (ReEncrypt* spelled out). */
export const KEY_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];
/**
 * What launching from a shared encrypted AMI asks of the key, besides `kms:CreateGrant` (Amazon EBS
 * User Guide, "Requirements for Amazon EBS encryption", Permissions for users:
 * https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html). EC2 makes these calls
 * for the caller, so they are allowed through EC2 only (`kms:ViaService`), never directly.
 */
export const KEY_LAUNCH_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];
/** EC2's service endpoint in a region, as `kms:ViaService` names it for EBS (AWS KMS Developer Guide, "kms:ViaService": https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service). */
export const ec2ViaService = (region: string): string => `ec2.${region}.amazonaws.com`;
/** EC2 Auto Scaling's service-linked role, path included (EC2 Auto Scaling User Guide, "Service-linked roles"). */
const AUTO_SCALING_SERVICE_ROLE = 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling';
/** The caller's account, as an IAM policy variable written for Terraform (which would read `${…}` as its own interpolation). */
const CALLER_ACCOUNT = terraformLiteral('${aws:PrincipalAccount}');
/** What reading a key's configuration (plans) needs. */
export const KEY_READ_ACTIONS = ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'];

/** Who uses the platform key in a build account: team build roles (by name pattern), Image Builder's service-linked role, the deploy role. */
export function buildAccountKeyUsers(f: Foundation, accountId: string): string[] {
  return [
    buildRolePattern(f.partition, accountId),
    roleArn(f.partition, accountId, IMAGE_BUILDER_SERVICE_ROLE),
    roleFromTemplate(f.platform.deployRole, accountId),
  ];
}

/** Receiving accounts (with their distribution roles). */
export function receivingAccounts(f: Foundation): FoundationAccount[] {
  return f.accounts.filter((account) => account.receiving);
}

/** The foundation role of the state account administers every platform key (it creates them). */
function keyAdministration(f: Foundation): Statement {
  return {
    Sid: 'KeyAdministration',
    Effect: 'Allow',
    Principal: { AWS: foundationRoleArn(f, f.stateAccount.id) },
    Action: KEY_ADMIN_ACTIONS,
    Resource: '*',
  };
}

/**
 * Break-glass: the state account's IAM policies may grant the key's administration, never its use.
 * If the foundation role is deleted or broken, an IAM administrator of the state account can still
 * put a key policy, where a key policy naming only that role would need AWS Support (AWS KMS
 * Developer Guide, "Default key policy", "Allows access to the AWS account and enables IAM policies":
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html). Not the default
 * statement's `kms:*`: with it every IAM policy allowing `kms:Decrypt` on "*" (AdministratorAccess)
 * would decrypt state and AMIs unseen; here using the key takes a PutKeyPolicy first, which CloudTrail records.
 */
function breakGlassAdministration(f: Foundation): Statement {
  return {
    Sid: 'AccountAdministersKeyThroughIam',
    Effect: 'Allow',
    Principal: roots(f, [f.stateAccount.id]),
    Action: KEY_ADMIN_ACTIONS,
    Resource: '*',
  };
}

/** The state account's plan role may read a key's settings (to plan the foundation stack), never use it. */
function planReadsKeySettings(f: Foundation): PolicyDocument['Statement'][number] {
  return {
    Sid: 'PlanReadsKeySettings',
    Effect: 'Allow',
    Principal: roots(f, [f.stateAccount.id]),
    Action: KEY_READ_ACTIONS,
    Resource: '*',
    Condition: principalArn([planRoleArn(f.platform, f.stateAccount.id)]),
  };
}

/**
 * The platform key policy of one region: exactly the key administrators, the state account's plan
 * role (reads the key's settings), each build account's build roles, service-linked role and deploy
 * role, its plan role through Image Builder only (refreshing encrypted components), EventBridge and SNS (encrypted alert topics, from the build accounts only), each receiving
 * account's distribution role (encrypted copies), and only where an image of the region shares with
 * them the organization and the accounts given launch permission.
 */
export function platformKeyPolicy(f: Foundation, region: string): PolicyDocument {
  const key = f.regions.find((r) => r.region === region)!;
  const build = f.buildAccountIds;
  const users = build.flatMap((id) => buildAccountKeyUsers(f, id));
  const receivers = receivingAccounts(f);
  const distributionRoles = receivers.map((account) => roleArn(f.partition, account.id, DISTRIBUTION_ROLE_NAME));
  const releasers = releaseAccountIds(f);
  return policy(
    keyAdministration(f),
    breakGlassAdministration(f),
    planReadsKeySettings(f),
    {
      Sid: 'BuildAccountsUse',
      Effect: 'Allow',
      Principal: roots(f, build),
      Action: KEY_USE_ACTIONS,
      Resource: '*',
      Condition: principalArn(users),
    },
    {
      Sid: 'BuildAccountsGrantToServices',
      Effect: 'Allow',
      Principal: roots(f, build),
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { ...principalArn(users), Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
    {
      // Plans refresh encrypted components (GetComponent), which Image Builder decrypts for the caller.
      Sid: 'BuildAccountPlansReadComponents',
      Effect: 'Allow',
      Principal: roots(f, build),
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        ...principalArn(build.map((id) => planRoleArn(f.platform, id))),
        StringEquals: { 'kms:ViaService': `imagebuilder.${region}.amazonaws.com` },
      },
    },
    {
      Sid: 'EncryptedAlertTopics',
      Effect: 'Allow',
      Principal: { Service: ['events.amazonaws.com', 'sns.amazonaws.com'] },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': build.length === 1 ? build[0]! : build } },
    },
    receivers.length > 0 && {
      Sid: 'DistributionCopies',
      Effect: 'Allow',
      Principal: roots(
        f,
        receivers.map((a) => a.id),
      ),
      Action: KEY_USE_ACTIONS,
      Resource: '*',
      Condition: principalArn(distributionRoles),
    },
    receivers.length > 0 && {
      Sid: 'DistributionCopiesGrantToServices',
      Effect: 'Allow',
      Principal: roots(
        f,
        receivers.map((a) => a.id),
      ),
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { ...principalArn(distributionRoles), Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
    // npm run promote copies an AMI into an account of a later channel that has none yet (CopyImage,
    // encrypted with this key): the releaser roles use the key through EC2 only.
    {
      Sid: 'ReleaserCopies',
      Effect: 'Allow',
      Principal: roots(f, releasers),
      Action: KEY_USE_ACTIONS,
      Resource: '*',
      Condition: {
        ...principalArn(releasers.map((id) => releaseRoleArn(f.partition, id))),
        StringLike: { 'kms:ViaService': 'ec2.*.amazonaws.com' },
      },
    },
    {
      Sid: 'ReleaserCopiesGrantToServices',
      Effect: 'Allow',
      Principal: roots(f, releasers),
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { ...principalArn(releasers.map((id) => releaseRoleArn(f.partition, id))), Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
    ...(key.organizationSharing
      ? sharedAmiLaunch(f, region, 'Organization', { AWS: '*' }, { 'aws:PrincipalOrgID': f.organizationId })
      : []),
    ...(key.launchPermissionAccountIds.length > 0 ? sharedAmiLaunch(f, region, 'Accounts', roots(f, key.launchPermissionAccountIds)) : []),
  );
}

/**
 * What principals given launch permission on the AMIs of a region may do with its key: launch through
 * EC2 (`…SharedAmis`), let EC2 create the grants its volumes need (`…ToEc2`, only grants for AWS
 * resources), and grant their own account's Auto Scaling service-linked role, which launches for
 * Auto Scaling groups (`…ToAutoScaling`; EC2 Auto Scaling User Guide, "Required
 * AWS KMS key policy for use with encrypted volumes", cross-account example). No direct decrypt, and no
 * grant to any other principal.
 */
function sharedAmiLaunch(
  f: Foundation,
  region: string,
  who: 'Organization' | 'Accounts',
  principal: Statement['Principal'],
  equals: Record<string, string> = {},
): Statement[] {
  const throughEc2 = { ...equals, 'kms:ViaService': ec2ViaService(region) };
  // "The organization launches", "accounts launch".
  const [launch, grant] = who === 'Organization' ? ['Launches', 'Grants'] : ['Launch', 'Grant'];
  return [
    {
      Sid: `${who}${launch}SharedAmis`,
      Effect: 'Allow',
      Principal: principal,
      Action: KEY_LAUNCH_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: throughEc2 },
    },
    {
      Sid: `${who}${grant}ToEc2`,
      Effect: 'Allow',
      Principal: principal,
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { StringEquals: throughEc2, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
    {
      Sid: `${who}${grant}ToAutoScaling`,
      Effect: 'Allow',
      Principal: principal,
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { StringEquals: { ...equals, 'kms:GranteePrincipal': roleArn(f.partition, CALLER_ACCOUNT, AUTO_SCALING_SERVICE_ROLE) } },
    },
  ];
}

/** The state key policy: administration, the CI roles that read and write state, the read-only operator role, the state account's plan role. */
export function stateKeyPolicy(f: Foundation): PolicyDocument {
  const writers = [ciRoleArn(f, 'deploy'), ciRoleArn(f, 'foundation'), foundationRoleArn(f, f.stateAccount.id)];
  return policy(
    keyAdministration(f),
    breakGlassAdministration(f),
    {
      Sid: 'StateWriters',
      Effect: 'Allow',
      Principal: roots(f, [f.stateAccount.id]),
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: principalArn(writers),
    },
    {
      Sid: 'StateReaders',
      Effect: 'Allow',
      Principal: roots(f, [f.stateAccount.id]),
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
      Condition: principalArn(planReaders(f)),
    },
    planReadsKeySettings(f),
  );
}

/** Resolving an image's distribution: regions, target accounts, organization sharing, launch templates. */
import { organizationIdOf } from '../../config/aws-names.js';
import type { PlatformSettings } from '../../config/platform-schema.js';
import type { DistributionConfig } from '../../config/team-schema.js';
import type { YamlPath } from '../../core/yaml-source.js';
import type { Account, DistributionTarget, LaunchTemplateTarget, SourceRef } from './fleet.js';
import { distributionAccountRefusal, ssmParameterRefusal } from './team-boundaries.js';
import { keyConsumersOf } from '../../config/foundation-schema.js';

/** What resolving part of a team needs from the team's resolver: its settings and lookups that report problems. */
export interface TeamScope {
  readonly platform: PlatformSettings;
  /** The team's name, for its boundaries. */
  readonly teamName: string;
  /** The team's build region. */
  readonly region: string;
  /** Reports a problem at a path of the team's team.yaml. */
  fail(path: YamlPath, message: string, hint: string): void;
  /** An account name or id, resolved through the platform's directory (a problem when unknown). */
  account(reference: string, path: YamlPath): Account | undefined;
  /** The platform KMS key ARN of a region (a problem when the region has none). */
  kmsKey(region: string, path: YamlPath): string | undefined;
  /** File, path and position of a path of the team's team.yaml. */
  sourceRef(path: YamlPath): SourceRef;
}

/** The image's distribution per region (the build region alone by default); undefined when any part is wrong. */
export function resolveDistribution(
  scope: TeamScope,
  configs: DistributionConfig[] | undefined,
  path: YamlPath,
  account: Account | undefined,
  sharingWaived: boolean,
): DistributionTarget[] | undefined {
  const regions: DistributionConfig[] = configs ?? [
    {
      region: scope.region as DistributionConfig['region'],
      accounts: [],
      organization: false,
      organizationalUnits: [],
      launchPermissionAccounts: [],
      launchTemplates: [],
    },
  ];
  const seen = new Set<string>();
  const targets = regions.map((config, index): DistributionTarget | undefined => {
    const at = [...path, index];
    if (seen.has(config.region)) {
      scope.fail([...at, 'region'], `region ${config.region} is listed twice`, 'merge the two entries into one');
      return undefined;
    }
    seen.add(config.region);
    const kmsKeyId = scope.kmsKey(config.region, [...at, 'region']);
    const resolved = config.accounts.map((ref, i) => scope.account(ref, [...at, 'accounts', i]));
    // An account outside the team's boundary is reported once, there, and not again by later checks.
    const accounts = resolved.map((target, i) =>
      target && withinBoundary(scope, account, target, [...at, 'accounts', i]) ? target : undefined,
    );
    const permitted = config.launchPermissionAccounts.map((ref, i) => {
      const target = scope.account(ref, [...at, 'launchPermissionAccounts', i]);
      return target && withinBoundary(scope, account, target, [...at, 'launchPermissionAccounts', i]) ? target : undefined;
    });
    checkSharing(scope, config, { accounts, launchPermissionAccounts: permitted }, at, sharingWaived);
    checkKeyConsumers(scope, config, accounts, account, at);
    // The build account keeps the AMI anyway; only other accounts receive copies.
    const targetAccountIds = [...new Set(resolved.flatMap((a) => (a && a.id !== account?.id ? [a.id] : [])))];
    const launchTemplates = resolveLaunchTemplates(scope, config, at, account, targetAccountIds);
    const ssmParameter = config.ssmParameter;
    const ssmRefusal = ssmParameter === undefined ? undefined : ssmParameterRefusal(scope.platform, scope.teamName, ssmParameter);
    if (ssmRefusal) scope.fail([...at, 'ssmParameter'], ssmRefusal.message, ssmRefusal.hint);
    if (!kmsKeyId || !account || accounts.includes(undefined) || permitted.includes(undefined) || ssmRefusal) return undefined;
    const ssmSource = scope.sourceRef([...at, 'ssmParameter']);
    return {
      region: config.region,
      kmsKeyId,
      targetAccountIds,
      organizationArns: config.organization ? [scope.platform.organizationArn] : [],
      organizationalUnitArns: config.organizationalUnits,
      // The build account owns the AMI and needs no permission.
      launchPermissionAccountIds: [...new Set(permitted.flatMap((a) => (a && a.id !== account.id ? [a.id] : [])))],
      launchTemplates,
      ssmParameters: ssmParameter
        ? [
            { name: ssmParameter, source: ssmSource },
            ...targetAccountIds.map((id) => ({ name: ssmParameter, accountId: id, source: ssmSource })),
          ]
        : [],
      ...(config.amiName !== undefined ? { amiName: config.amiName } : {}),
    };
  });
  return targets.every((t) => t !== undefined) ? targets : undefined;
}

/** The launch templates to update, each in the build account or one that receives the image. */
function resolveLaunchTemplates(
  scope: TeamScope,
  config: DistributionConfig,
  at: YamlPath,
  build: Account | undefined,
  targetAccountIds: readonly string[],
): LaunchTemplateTarget[] {
  return config.launchTemplates.flatMap((template, i) => {
    const accountPath = [...at, 'launchTemplates', i, 'account'];
    const target = scope.account(template.account, accountPath);
    if (!target) return [];
    if (target.id !== build?.id && !targetAccountIds.includes(target.id)) {
      if (withinBoundary(scope, build, target, accountPath)) {
        scope.fail(
          accountPath,
          `account "${template.account}" does not receive this image in ${config.region}`,
          'add the account to "accounts" of this region, or use the build account',
        );
      }
      return [];
    }
    const source = scope.sourceRef([...at, 'launchTemplates', i, 'id']);
    return [{ accountId: target.id, launchTemplateId: template.id, setDefaultVersion: template.setDefaultVersion, source }];
  });
}

/** Whether the team may distribute to an account (a problem when not); unknowable without a build account. */
export function withinBoundary(scope: TeamScope, build: Account | undefined, target: Account, path: YamlPath): boolean {
  const refusal = build && distributionAccountRefusal(scope.platform, scope.teamName, build, target);
  if (refusal) scope.fail(path, refusal.message, refusal.hint);
  return !refusal;
}

/** Accounts (copies or launch permission) outside the directory and OUs outside the organization need an organization-sharing waiver. */
function checkSharing(
  scope: TeamScope,
  config: DistributionConfig,
  accounts: Record<'accounts' | 'launchPermissionAccounts', (Account | undefined)[]>,
  at: YamlPath,
  waived: boolean,
): void {
  if (waived) return;
  const hint = 'add the account to the platform directory, or waive organization-sharing for this image with a reason';
  for (const [field, targets] of Object.entries(accounts)) {
    targets.forEach((target, i) => {
      if (target && !target.name) scope.fail([...at, field, i], `account ${target.id} is not in the platform account directory`, hint);
    });
  }
  const organizationId = organizationIdOf(scope.platform.organizationArn);
  config.organizationalUnits.forEach((ou, i) => {
    if (!ou.includes(`/${organizationId}/`)) {
      scope.fail(
        [...at, 'organizationalUnits', i],
        `organizational unit ${ou} is not in the platform organization ${organizationId}`,
        'use an organizational unit of the platform organization',
      );
    }
  });
}

/**
 * With a foundation, copies are encrypted with the platform key of their region, whose key policy
 * lets an account launch them only when `foundation.keyConsumers` names it or the organization
 * (launch-permission accounts and organization sharing are granted from team.yaml itself):
 * each other account receiving copies is reported, as no instance there could start from them.
 */
function checkKeyConsumers(
  scope: TeamScope,
  config: DistributionConfig,
  accounts: (Account | undefined)[],
  build: Account | undefined,
  at: YamlPath,
): void {
  if (!scope.platform.foundation) return;
  const consumers = keyConsumersOf(scope.platform);
  if (consumers.organization) return;
  accounts.forEach((target, index) => {
    if (!target || target.id === build?.id || consumers.accountIds.includes(target.id)) return;
    const written = config.accounts[index]!;
    scope.fail(
      [...at, 'accounts', index],
      `account ${written}${written === target.id ? '' : ` (${target.id})`} receives copies encrypted with the platform key of ${config.region}, but the key policy does not let it use the key: no instance there could launch from them`,
      `add "${written}" (or "organization") to foundation.keyConsumers in cdktf.json and deploy the foundation stack of the state account (docs/platform.md: Migrating consumers to the platform key)`,
    );
  });
}

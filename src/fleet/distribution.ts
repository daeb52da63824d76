/** Resolving an image's distribution: regions, target accounts, organization sharing, launch templates. */
import { organizationIdOf } from '../config/aws-names.js';
import type { PlatformSettings } from '../config/platform-schema.js';
import type { DistributionConfig } from '../config/team-schema.js';
import type { YamlPath } from '../config/yaml-source.js';
import type { Account, DistributionTarget } from './model.js';

/** What resolving part of a team needs from the team's resolver: its settings and lookups that report problems. */
export interface TeamScope {
  readonly platform: PlatformSettings;
  /** The team's build region. */
  readonly region: string;
  /** Reports a problem at a path of the team's team.yaml. */
  fail(path: YamlPath, message: string, hint: string): void;
  /** An account name or id, resolved through the platform's directory (a problem when unknown). */
  account(reference: string, path: YamlPath): Account | undefined;
  /** The platform KMS key ARN of a region (a problem when the region has none). */
  kmsKey(region: string, path: YamlPath): string | undefined;
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
    { region: scope.region as DistributionConfig['region'], accounts: [], organization: false, organizationalUnits: [], launchTemplates: [] },
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
    const accounts = config.accounts.map((ref, i) => scope.account(ref, [...at, 'accounts', i]));
    checkSharing(scope, config, accounts, at, sharingWaived);
    // The build account keeps the AMI anyway; only other accounts receive copies.
    const targetAccountIds = [...new Set(accounts.flatMap((a) => (a && a.id !== account?.id ? [a.id] : [])))];
    const launchTemplates = config.launchTemplates.flatMap((template, i) => {
      const target = scope.account(template.account, [...at, 'launchTemplates', i, 'account']);
      if (!target) return [];
      if (target.id !== account?.id && !targetAccountIds.includes(target.id)) {
        scope.fail([...at, 'launchTemplates', i, 'account'], `account "${template.account}" does not receive this image in ${config.region}`, 'add the account to "accounts" of this region, or use the build account');
        return [];
      }
      return [{ accountId: target.id, launchTemplateId: template.id, setDefaultVersion: template.setDefaultVersion }];
    });
    if (!kmsKeyId || !account || accounts.includes(undefined)) return undefined;
    return {
      region: config.region,
      kmsKeyId,
      targetAccountIds,
      organizationArns: config.organization ? [scope.platform.organizationArn] : [],
      organizationalUnitArns: config.organizationalUnits,
      launchTemplates,
      ssmParameters: config.ssmParameter
        ? [{ name: config.ssmParameter }, ...targetAccountIds.map((id) => ({ name: config.ssmParameter!, accountId: id }))]
        : [],
    };
  });
  return targets.every((t) => t !== undefined) ? (targets as DistributionTarget[]) : undefined;
}

/** Accounts outside the directory and OUs outside the organization need an organization-sharing waiver. */
function checkSharing(scope: TeamScope, config: DistributionConfig, accounts: (Account | undefined)[], at: YamlPath, waived: boolean): void {
  if (waived) return;
  const hint = 'add the account to the platform directory, or waive organization-sharing for this image with a reason';
  accounts.forEach((target, i) => {
    if (target && !target.name) scope.fail([...at, 'accounts', i], `account ${target.id} is not in the platform account directory`, hint);
  });
  const organizationId = organizationIdOf(scope.platform.organizationArn);
  config.organizationalUnits.forEach((ou, i) => {
    if (!ou.includes(`/${organizationId}/`)) {
      scope.fail([...at, 'organizationalUnits', i], `organizational unit ${ou} is not in the platform organization ${organizationId}`, 'use an organizational unit of the platform organization');
    }
  });
}

/**
 * An image's rollout stages (team.yaml `channels`): which accounts follow which channel, checked
 * against the distribution, and what each channel writes. The first channel moves with every build
 * (Image Builder's distribution sets its SSM parameter and launch templates); later channels move
 * only through `npm run promote`, so none of their writes is in Terraform.
 */
import { findAccount } from '../../config/account-directory.js';
import type { ImageConfig } from '../../config/team-schema.js';
import type { YamlPath } from '../../core/yaml-source.js';
import { channelParameterName } from '../names.js';
import { withinBoundary, type TeamScope } from './distribution.js';
import type { Account, Channel, DistributionTarget, Image, LaunchTemplateTarget, SsmParameterTarget } from './fleet.js';
import { distributionAccountRefusal, ssmParameterRefusal } from './team-boundaries.js';

/**
 * The image's channels (empty when team.yaml has none), each problem reported at its line; undefined
 * when any is wrong. `account` is the team's build account (undefined when it is itself wrong).
 */
export function resolveChannels(
  scope: TeamScope,
  config: Pick<ImageConfig, 'name' | 'channels' | 'distribution' | 'retention'>,
  path: YamlPath,
  account: Account | undefined,
): Channel[] | undefined {
  if (!config.channels) return [];
  const failures = { count: 0 };
  const fail = (at: YamlPath, message: string, hint: string) => {
    failures.count++;
    scope.fail(at, message, hint);
  };
  const channelsPath = [...path, 'channels'];
  const parameterOf = (channel: string) => channelParameterName(scope.teamName, config.name, channel);
  config.distribution?.forEach((region, index) => {
    if (region.ssmParameter === undefined) return;
    fail(
      [...path, 'distribution', index, 'ssmParameter'],
      `with channels, the channels name the SSM parameters (${parameterOf('<channel>')}): distribution takes no ssmParameter`,
      `remove ssmParameter; consumers read ${parameterOf(config.channels![0]!.name)} and the like, each in its channel's accounts`,
    );
  });
  const distributed = distributionAccountIds(scope, config, account);
  const channelOf = new Map<string, number>();
  const unknownAccounts: string[] = [];
  const channels = config.channels.map((stage, index): Channel => {
    const at = [...channelsPath, index];
    const parameterName = parameterOf(stage.name);
    const refusal = ssmParameterRefusal(scope.platform, scope.teamName, parameterName);
    if (refusal) fail([...at, 'name'], refusal.message, refusal.hint);
    const accountIds = stage.accounts.flatMap((ref, i) => {
      const accountPath = [...at, 'accounts', i];
      const target = scope.account(ref, accountPath);
      if (!target) {
        unknownAccounts.push(ref);
        return [];
      }
      const earlier = channelOf.get(target.id);
      if (earlier !== undefined) {
        fail(
          accountPath,
          `account ${ref} is already in channel "${config.channels![earlier]!.name}" (channels[${earlier}]): an account follows one channel of an image`,
          'keep the account in the one channel whose version it should run',
        );
        return [];
      }
      channelOf.set(target.id, index);
      // A distribution account is held to the team's boundary where distribution names it; any other is held to it here.
      if (target.id !== account?.id && !distributed.has(target.id) && (!account || withinBoundary(scope, account, target, accountPath))) {
        fail(
          accountPath,
          `account ${ref} does not receive this image: a channel's accounts are the build account and the accounts of distribution`,
          'add the account to accounts (or launchPermissionAccounts) of a distribution region, or remove it from the channel',
        );
      }
      return [target.id];
    });
    return {
      name: stage.name,
      accountIds,
      parameterName,
      ...(stage.promotion ? { promotion: { ...stage.promotion, approval: stage.promotion.approval ?? false } } : {}),
      source: scope.sourceRef(at),
    };
  });
  checkSoaksOutliveNoAmi(config, channelsPath, fail);
  // An unknown (often misspelt) channel account may be the one a distribution account misses: that is reported once, there.
  if (!unknownAccounts.length) checkEveryAccountFollowsAChannel(config, channelOf, scope, account, path, fail);
  return failures.count === 0 ? channels : undefined;
}

/**
 * A version reaches a soaked channel no sooner than the soaks of every channel up to it, counted
 * from its build; the lifecycle policy deprecates AMIs `deprecateAfterDays` after their build, so a
 * soak that long would only ever promote deprecated AMIs.
 */
function checkSoaksOutliveNoAmi(
  config: Pick<ImageConfig, 'channels' | 'retention'>,
  channelsPath: YamlPath,
  fail: (at: YamlPath, message: string, hint: string) => void,
): void {
  const { deprecateAfterDays } = config.retention;
  if (typeof deprecateAfterDays !== 'number') return;
  let soaked = 0;
  config.channels!.forEach((stage, index) => {
    const days = stage.promotion?.soakDays;
    if (days === undefined) return;
    soaked += days;
    if (soaked < deprecateAfterDays) return;
    fail(
      [...channelsPath, index, 'promotion', 'soakDays'],
      `channel "${stage.name}" gets a version ${soaked} days after its build at the earliest, but the image's AMIs are deprecated ${deprecateAfterDays} days after it (retention.deprecateAfterDays)`,
      'shorten the soak, or raise retention.deprecateAfterDays (and deleteAfterDays) above the soaks up to this channel',
    );
  });
}

/** Ids of the accounts distribution copies to or grants launch permission, in any region (unknown names are reported there). */
function distributionAccountIds(scope: TeamScope, config: Pick<ImageConfig, 'distribution'>, account: Account | undefined): Set<string> {
  const refs = (config.distribution ?? []).flatMap((region) => [...region.accounts, ...region.launchPermissionAccounts]);
  return new Set(refs.flatMap((ref) => findAccount(ref, scope.platform.accounts)?.id ?? []).filter((id) => id !== account?.id));
}

/**
 * Every account that receives the image (copies or launch permission) follows some channel, and so
 * does the account of every launch template: otherwise no stage would ever move its parameter or
 * template. The build account needs a channel only when it has launch templates.
 */
function checkEveryAccountFollowsAChannel(
  config: Pick<ImageConfig, 'channels' | 'distribution'>,
  channelOf: ReadonlyMap<string, number>,
  scope: TeamScope,
  build: Account | undefined,
  path: YamlPath,
  fail: (at: YamlPath, message: string, hint: string) => void,
): void {
  const names = config.channels!.map((stage) => stage.name).join(', ');
  config.distribution?.forEach((region, index) => {
    const at = [...path, 'distribution', index];
    for (const field of ['accounts', 'launchPermissionAccounts'] as const) {
      region[field].forEach((ref, i) => {
        const target = findAccount(ref, scope.platform.accounts);
        // Unknown accounts and those outside the team's boundary are reported at this line already.
        if (!target || target.id === build?.id || channelOf.has(target.id)) return;
        if (build && distributionAccountRefusal(scope.platform, scope.teamName, build, target)) return;
        fail(
          [...at, field, i],
          `account ${ref} receives this image in ${region.region} but follows no channel: with channels, every account follows one`,
          `add it to the accounts of one of the channels (${names}), or remove it from ${field}`,
        );
      });
    }
    region.launchTemplates.forEach((template, i) => {
      const target = findAccount(template.account, scope.platform.accounts);
      if (!target || target.id !== build?.id || channelOf.has(target.id)) return;
      fail(
        [...at, 'launchTemplates', i, 'account'],
        `launch template ${template.id} is in the build account, which follows no channel: no stage would move it`,
        `add the build account to the accounts of one of the channels (${names}), or remove the launch template`,
      );
    });
  });
}

/**
 * A channel's SSM parameter in one distribution region: in each of its accounts that has the AMI
 * there (the build account, without an account id, first; then the accounts receiving copies, in
 * distribution order). Accounts with launch permission only get none, as without channels: Image
 * Builder's `amiAccountId` "must be specified in distribution settings as a target account for the
 * Region" (API reference, SsmParameterConfiguration). The entries obey the provider's rules for
 * `ssm_parameter_configuration` (internal/service/imagebuilder/distribution_configuration.go:
 * parameter_name 1-1011 bytes, ami_account_id an account id), recorded in src/checks/conformance.
 */
export function channelParameterTargets(channel: Channel, target: DistributionTarget, buildAccountId: string): SsmParameterTarget[] {
  const entry = (accountId?: string): SsmParameterTarget => ({
    name: channel.parameterName,
    ...(accountId === undefined ? {} : { accountId }),
    source: channel.source,
  });
  return [
    ...(channel.accountIds.includes(buildAccountId) ? [entry()] : []),
    ...target.targetAccountIds.filter((id) => channel.accountIds.includes(id)).map(entry),
  ];
}

/** The launch templates of a channel's accounts in one distribution region. */
export function channelLaunchTemplates(channel: Channel, target: DistributionTarget): LaunchTemplateTarget[] {
  return target.launchTemplates.filter((template) => channel.accountIds.includes(template.accountId));
}

/**
 * The distribution with the first channel's SSM parameter in place of `ssmParameter` (which
 * channels refuse): the parameters a build sets. Unchanged without channels.
 */
export function withFirstChannelParameters(
  distribution: DistributionTarget[],
  channels: readonly Channel[],
  buildAccountId: string,
): DistributionTarget[] {
  const [first] = channels;
  if (!first) return distribution;
  return distribution.map((target) => ({ ...target, ssmParameters: channelParameterTargets(first, target, buildAccountId) }));
}

/** The launch templates a build updates in one region: all of them without channels, else the first channel's. */
export function launchTemplatesMovedByBuilds(image: Pick<Image, 'channels'>, target: DistributionTarget): LaunchTemplateTarget[] {
  const [first] = image.channels;
  return first ? channelLaunchTemplates(first, target) : target.launchTemplates;
}

/** The SSM parameters only `npm run promote` writes, in one region: those of every channel after the first. */
export function parametersMovedByPromotion(image: Pick<Image, 'channels'>, target: DistributionTarget, buildAccountId: string) {
  return image.channels.slice(1).flatMap((channel) => channelParameterTargets(channel, target, buildAccountId));
}

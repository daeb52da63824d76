/**
 * The foundation as plain data: which accounts get which parts, worked out from the platform
 * settings and the resolved fleet (which teams build where, and where their AMIs go). Constructs
 * turn it into stacks; the checks and tests read it. No cdktf here.
 */
import { organizationIdOf, partitionOf } from '../../config/aws-names.js';
import type { PlatformSettings } from '../../config/platform-schema.js';
import type { Problem } from '../../core/problems.js';
import type { Fleet } from '../fleet/fleet.js';
import { ownAccountIds, ssmParameterPrefixOf } from '../fleet/team-boundaries.js';
import { buildWriteArns } from '../fleet/build-permissions.js';
import { launchTemplatesMovedByBuilds } from '../fleet/channels.js';
import { keyConsumersOf, type FoundationSettings } from '../../config/foundation-schema.js';

/** A team as the foundation sees it: its name, build account and region. */
export interface FoundationTeam {
  name: string;
  accountId: string;
  region: string;
  /** An image of the team rebuilds on critical findings: its stack has state machines and a findings-bus rule. */
  automaticRebuilds: boolean;
  /** Objects the team's build role may write besides its logs (`buildInstance.permissions.writeS3`), as ARN patterns. */
  buildWrites: string[];
}

/** What an account that receives AMI copies must allow, and to whom. */
export interface ReceivingPart {
  /** Build accounts that copy AMIs, launch templates or parameters into this account. */
  sourceAccountIds: string[];
  /** Launch templates Image Builder adds versions to, by region. */
  launchTemplates: { region: string; id: string }[];
  /** SSM parameter prefixes (one per team distributing here) Image Builder may write under. */
  ssmParameterPrefixes: string[];
}

/**
 * A build account's findings bus in one region, and the accounts that forward findings to it (itself
 * included: a bus receives from another bus of its own account only when its policy allows that too,
 * Amazon EventBridge User Guide, "Sending events between event buses in the same account and Region").
 */
export interface FindingsBus {
  region: string;
  senderAccountIds: string[];
}

/** Findings in `region` of an account go to the bus of `buildAccountId` in `busRegion`. */
export interface FindingForwarding {
  region: string;
  buildAccountId: string;
  busRegion: string;
}

/** One account of the foundation and the parts its stack holds. */
export interface FoundationAccount {
  name: string;
  id: string;
  /** State bucket, OIDC provider, CI roles, keys, log and component buckets. */
  state: boolean;
  /** Deploy role, Inspector; set to the teams that build here. */
  build?: FoundationTeam[];
  receiving?: ReceivingPart;
  /** Build account: a findings bus in each foundation region. */
  findingsBuses?: FindingsBus[];
  /** Where the AMIs of images that rebuild on critical findings are, the forwarding of those findings. */
  findingForwarding?: FindingForwarding[];
}

/** How the platform key of one region is used beyond the build accounts. */
export interface RegionKey {
  region: string;
  /** The key ARN recorded in `kmsKeys` (what team stacks use); absent until the first deploy. */
  recordedArn?: string;
  /** An image shares AMIs of this region with the organization or its OUs, or `keyConsumers` names the organization. */
  organizationSharing: boolean;
  /** Accounts granted launch permission on AMIs of this region (they decrypt the build account's snapshots), and the `keyConsumers` accounts (they launch their copies). */
  launchPermissionAccountIds: string[];
}

/** Everything the foundation stacks are built from. */
export interface Foundation {
  settings: FoundationSettings;
  partition: string;
  platform: Pick<
    PlatformSettings,
    | 'stateBucket'
    | 'stateRegion'
    | 'defaultRegion'
    | 'logBucket'
    | 'componentBucket'
    | 'deployRole'
    | 'planRole'
    | 'organizationArn'
    | 'accounts'
    | 'ssmParameterPrefix'
  >;
  organizationId: string;
  stateAccount: { name: string; id: string };
  buildAccountIds: string[];
  /** Every account with a foundation stack, in directory order. */
  accounts: FoundationAccount[];
  regions: RegionKey[];
  teams: FoundationTeam[];
  /** Every launch template team.yaml names, in any account: the only ones the releaser role may move. */
  launchTemplates: { accountId: string; region: string; id: string }[];
}

/**
 * The `region` argument of a foundation resource in `region`: none in the state region, where the
 * stack's provider is; the region otherwise (the provider's per-resource `region`).
 */
export function regionArgument(f: Pick<Foundation, 'platform'>, region: string): string | undefined {
  return region === f.platform.stateRegion ? undefined : region;
}

/** The foundation of a fleet, or undefined when the settings name none; problems for teams it cannot serve. */
export function foundationOf(fleet: Fleet): { foundation?: Foundation; problems: Problem[] } {
  const { platform } = fleet;
  const settings = platform.foundation;
  // Team names never take a foundation stack's name: teamNameProblem (src/config/teams.ts) refuses them.
  const problems: Problem[] = [];
  if (!settings) return { problems };
  const idOf = (name: string) => platform.accounts[name]!;
  const buildAccountIds = settings.buildAccounts.map(idOf);
  const teams: FoundationTeam[] = fleet.teams.map((team) => ({
    name: team.name,
    accountId: team.account.id,
    region: team.region,
    automaticRebuilds: team.images.some((image) => image.rebuildOnCriticalFindings),
    buildWrites: buildWriteArns(team.buildPermissions, team.partition),
  }));

  for (const team of fleet.teams) {
    if (!buildAccountIds.includes(team.account.id)) {
      problems.push({
        severity: 'error',
        ...team.source,
        message: `team ${team.name} builds in account ${team.account.name ?? team.account.id}, which is not a foundation build account`,
        hint: `ask the platform team to add it to foundation.buildAccounts in cdktf.json (its deploy role and Inspector come from there)`,
      });
    }
    if (!settings.regions.includes(team.region as never)) {
      problems.push({
        severity: 'error',
        ...team.source,
        message: `team ${team.name} builds in ${team.region}, which is not a foundation region`,
        hint: 'ask the platform team to add the region to foundation.regions in cdktf.json (its key and component bucket come from there)',
      });
    }
    for (const image of team.images) {
      for (const target of image.distribution) {
        if (!settings.regions.includes(target.region as never)) {
          problems.push({
            severity: 'error',
            ...image.source,
            message: `image ${image.name} distributes to ${target.region}, which is not a foundation region`,
            hint: 'ask the platform team to add the region to foundation.regions in cdktf.json (its key and bucket come from there)',
          });
        }
      }
    }
  }

  const receiving = new Map<string, ReceivingPart>();
  const receivingPart = (accountId: string) => {
    const part = receiving.get(accountId) ?? { sourceAccountIds: [], launchTemplates: [], ssmParameterPrefixes: [] };
    receiving.set(accountId, part);
    return part;
  };
  const addOnce = <T>(list: T[], item: T) => {
    if (!list.some((existing) => JSON.stringify(existing) === JSON.stringify(item))) list.push(item);
  };
  for (const team of fleet.teams) {
    // Every account the platform lets the team write to, besides its build account (launch permission alone needs no role).
    for (const accountId of ownAccountIds(platform, team.name, team.account.id)) {
      if (accountId === team.account.id) continue;
      const part = receivingPart(accountId);
      addOnce(part.sourceAccountIds, team.account.id);
      addOnce(part.ssmParameterPrefixes, ssmParameterPrefixOf(platform, team.name));
    }
    for (const image of team.images) {
      // Image Builder updates only the launch templates a build moves (the first channel's); promote moves the others.
      for (const target of image.distribution)
        for (const template of launchTemplatesMovedByBuilds(image, target)) {
          if (template.accountId !== team.account.id)
            addOnce(receivingPart(template.accountId).launchTemplates, { region: target.region, id: template.launchTemplateId });
        }
    }
  }

  const forwarding = findingForwardingOf(fleet);
  const stateId = idOf(settings.stateAccount);
  const accounts: FoundationAccount[] = Object.entries(platform.accounts)
    .map(([name, id]): FoundationAccount => {
      const build = buildAccountIds.includes(id) ? teams.filter((team) => team.accountId === id) : undefined;
      const part = receiving.get(id);
      const buses = build ? findingsBusesOf(settings.regions, id, forwarding) : [];
      const forwards = forwarding.filter((f) => f.accountId === id).map(({ accountId: _, ...f }) => f);
      return {
        name,
        id,
        state: id === stateId,
        ...(build ? { build } : {}),
        ...(part ? { receiving: sortedPart(part) } : {}),
        ...(buses.length ? { findingsBuses: buses } : {}),
        ...(forwards.length ? { findingForwarding: forwards } : {}),
      };
    })
    .filter((account) => account.state || account.build || account.receiving);

  const consumers = keyConsumersOf(platform);
  const regions = settings.regions.map((region): RegionKey => {
    const targets = fleet.teams
      .flatMap((team) => team.images.flatMap((image) => image.distribution))
      .filter((target) => target.region === region);
    const recordedArn = platform.kmsKeys[region];
    return {
      region,
      ...(recordedArn ? { recordedArn } : {}),
      organizationSharing:
        consumers.organization || targets.some((target) => target.organizationArns.length > 0 || target.organizationalUnitArns.length > 0),
      launchPermissionAccountIds: [
        ...new Set([...targets.flatMap((target) => target.launchPermissionAccountIds), ...consumers.accountIds]),
      ].sort(),
    };
  });

  return {
    problems,
    foundation: {
      settings,
      partition: partitionOf(platform.stateRegion),
      platform,
      organizationId: organizationIdOf(platform.organizationArn),
      stateAccount: { name: settings.stateAccount, id: stateId },
      buildAccountIds,
      accounts,
      regions,
      teams,
      launchTemplates: launchTemplatesOf(fleet),
    },
  };
}

/** Every launch template of the fleet's distributions, once each, sorted. */
function launchTemplatesOf(fleet: Fleet): Foundation['launchTemplates'] {
  const found = new Map<string, Foundation['launchTemplates'][number]>();
  for (const target of fleet.teams.flatMap((team) => team.images.flatMap((image) => image.distribution)))
    for (const template of target.launchTemplates) {
      const entry = { accountId: template.accountId, region: target.region, id: template.launchTemplateId };
      found.set(JSON.stringify(entry), entry);
    }
  return [...found.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function sortedPart(part: ReceivingPart): ReceivingPart {
  return {
    sourceAccountIds: [...part.sourceAccountIds].sort(),
    launchTemplates: [...part.launchTemplates].sort((a, b) => `${a.region}/${a.id}`.localeCompare(`${b.region}/${b.id}`)),
    ssmParameterPrefixes: [...part.ssmParameterPrefixes].sort(),
  };
}

/**
 * Every account and region holding AMIs of an image that rebuilds on critical findings (the build
 * account and each target account, in each distribution region), with the bus its findings go to.
 * Accounts that only have launch permission run instances of the build account's AMIs but keep their
 * findings: they have no foundation stack to forward from.
 */
function findingForwardingOf(fleet: Fleet): (FindingForwarding & { accountId: string })[] {
  const found = new Map<string, FindingForwarding & { accountId: string }>();
  for (const team of fleet.teams) {
    for (const target of team.images.filter((image) => image.rebuildOnCriticalFindings).flatMap((image) => image.distribution)) {
      for (const accountId of [team.account.id, ...target.targetAccountIds]) {
        const forward = { accountId, region: target.region, buildAccountId: team.account.id, busRegion: team.region };
        found.set(JSON.stringify(forward), forward);
      }
    }
  }
  return [...found.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/**
 * A build account's buses: one in each foundation region, so that a team may build (and rebuild
 * automatically) in any of them with no foundation change; each with the accounts that forward to it.
 */
function findingsBusesOf(
  regions: readonly string[],
  accountId: string,
  forwarding: (FindingForwarding & { accountId: string })[],
): FindingsBus[] {
  return [...regions].sort().map((region) => ({
    region,
    senderAccountIds: [
      ...new Set(forwarding.filter((f) => f.buildAccountId === accountId && f.busRegion === region).map((f) => f.accountId)),
    ].sort(),
  }));
}

/** `npm run report`: what every team's images are made of, when they rebuild, where they go, how long they live. */
import { markdownTable } from 'markdown-table';
import { managedComponentOf } from '../model/fleet/managed-component.js';
import { reasonedBuildGrants } from '../model/fleet/build-permissions.js';
import { deletesAmis, type Fleet, type Image, type RecipeComponent, type Team } from '../model/fleet/fleet.js';
import { markdownCellText } from '../core/markdown-text.js';

const COLUMNS = ['Team', 'Image', 'Parent image', 'Components', 'Schedule', 'Targets', 'Channels', 'Retention', 'Alerts', 'Waived checks'];

/** An account by its id, and its name in the platform settings when it has one. */
export interface AccountRef {
  id: string;
  name?: string;
}

/** One image as the report describes it; `npm run report -- --json` prints `{ "images": [...] }` of these. */
export interface ImageReport {
  team: string;
  image: string;
  /** The team's build account and region. */
  account: AccountRef;
  region: string;
  platform: string;
  recipeVersion: string;
  /**
   * `reference`: exactly what the recipe builds on (an image ARN, `ssm:` parameter, or AMI id: for a
   * pinned lookup, the pinned AMI); `family`: what stays the same across its releases (a managed
   * image's name, `ami`, `lookup:<owner>/<name>:<architecture>`); `updates`: whether Image Builder
   * can pick a newer parent at build time; `includesDeprecated` (only when true): the lookup may
   * pin a deprecated AMI (`includeDeprecated: true`, waived with a reason).
   */
  /** `golden`: the fleet image it builds on, `<team>/<image>`, and the channel it follows. */
  parentImage: {
    reference: string;
    family: string;
    updates: boolean;
    includesDeprecated?: true;
    golden?: { image: string; channel?: string };
  };
  /**
   * In recipe order; `name` is the document key, or `aws/<name>` for an AWS-managed component;
   * `pinned`: a shared component the image pins to `version`, with its current version and how
   * many versions the shared lock recorded in between.
   */
  components: { name: string; version: string; managed: boolean; pinned?: { current: string; versionsBehind: number } }[];
  /** Null for an on-demand image. */
  schedule: {
    expression: string;
    timezone: string;
    longestGapDays: number;
    maxRebuildIntervalDays: number;
    /** False: builds on every scheduled run; true: only when the parent or a component has an update. */
    onlyWithUpdates: boolean;
  } | null;
  /** Also rebuilt at once (at most daily) when Inspector finds a critical vulnerability with a fix on an instance of its AMIs. */
  rebuildOnCriticalFindings: boolean;
  /** Per region: the accounts that get a copy (the build account first), and who may launch the build account's AMI. */
  targets: {
    region: string;
    copies: AccountRef[];
    launch: { organizations: string[]; organizationalUnits: string[]; accounts: AccountRef[] };
  }[];
  /**
   * The rollout stages in order, empty for one stage (every build moves everything). `parameter`: the
   * channel's SSM parameter in its accounts; `promotion`: null for the first channel, which every
   * successful build moves.
   */
  channels: { name: string; parameter: string; accounts: AccountRef[]; promotion: { soakDays?: number; approval: boolean } | null }[];
  /** `deprecateAfterDays: never`: kept for good; `deleteAfterDays: null`: never deleted. */
  retention: {
    deprecateAfterDays: number | 'never';
    deleteAfterDays: number | null;
    keepAtLeast: number;
    skipIfLaunchedWithinDays: number;
  };
  alerts: string[];
  waivers: { check: string; reason: string }[];
  /** The team's build-role grants that needed a reason (writes, buckets by pattern); the role serves every image of the team. */
  buildGrants: { grant: string; reason: string }[];
}

/** Every image of the fleet, in team and image order. */
export function reportData(fleet: Fleet): ImageReport[] {
  const accountNames = new Map(Object.entries(fleet.platform.accounts).map(([name, id]) => [id, name]));
  const account = (id: string): AccountRef => {
    const name = accountNames.get(id);
    return name ? { id, name } : { id };
  };
  return fleet.teams.flatMap((team) =>
    team.images.map((image) => imageReport(team, image, account, fleet.platform.maxRebuildIntervalDays)),
  );
}

function imageReport(team: Team, image: Image, account: (id: string) => AccountRef, maxRebuildIntervalDays: number): ImageReport {
  const { schedule, retention } = image;
  return {
    team: team.name,
    image: image.name,
    account: account(team.account.id),
    region: team.region,
    platform: image.platform,
    recipeVersion: image.recipeVersion,
    parentImage: {
      reference: image.parentImage.value,
      family: image.parentImage.family,
      updates: image.parentImage.updates,
      ...(image.parentImage.includesDeprecated ? { includesDeprecated: true as const } : {}),
      ...goldenOf(image),
    },
    components: image.recipe.components.map((component) => componentOf(component, image)),
    schedule: schedule
      ? {
          expression: schedule.expression,
          timezone: schedule.timezone,
          longestGapDays: schedule.longestGapDays,
          maxRebuildIntervalDays,
          onlyWithUpdates: schedule.startCondition !== 'EXPRESSION_MATCH_ONLY',
        }
      : null,
    rebuildOnCriticalFindings: image.rebuildOnCriticalFindings,
    targets: image.distribution.map((target) => ({
      region: target.region,
      copies: [team.account.id, ...target.targetAccountIds].map(account),
      launch: {
        organizations: target.organizationArns,
        organizationalUnits: target.organizationalUnitArns,
        accounts: target.launchPermissionAccountIds.map(account),
      },
    })),
    channels: image.channels.map((channel) => ({
      name: channel.name,
      parameter: channel.parameterName,
      accounts: channel.accountIds.map(account),
      promotion: channel.promotion ?? null,
    })),
    retention: {
      deprecateAfterDays: retention.deprecateAfterDays,
      deleteAfterDays: deletesAmis(image) ? retention.deleteAfterDays : null,
      keepAtLeast: retention.keepAtLeast,
      skipIfLaunchedWithinDays: retention.skipIfLaunchedWithinDays,
    },
    alerts: team.emails,
    waivers: image.waivers.map(({ check, reason }) => ({ check, reason })),
    buildGrants: reasonedBuildGrants(team.buildPermissions),
  };
}

function componentOf(component: RecipeComponent, image: Image): ImageReport['components'][number] {
  if (component.kind === 'owned') {
    const pin = image.componentPins.find((p) => p.key === component.key);
    return {
      name: component.key,
      version: component.version,
      managed: false,
      ...(pin ? { pinned: { current: pin.current, versionsBehind: pin.versionsBehind } } : {}),
    };
  }
  const { name, version } = managedComponentOf(component.arn);
  return { name: `aws/${name}`, version, managed: true };
}

/** The fleet image an image builds on, by name, for the report. */
function goldenOf(image: Image): Pick<ImageReport['parentImage'], 'golden'> {
  const golden = image.parentImage.golden;
  if (!golden) return {};
  return { golden: { image: `${golden.team}/${golden.image}`, ...(golden.channel === undefined ? {} : { channel: golden.channel }) } };
}

/**
 * The parent as built on, its family where that says more (a managed image's name, a pinned lookup), and the deprecated opt-in;
 * a fleet image by name first (`on platform/container-host, channel stable`), then the parameter it is read from.
 */
function parentLines({ reference, family, includesDeprecated, golden }: ImageReport['parentImage']): string[] {
  if (golden) return [`on ${golden.image}${golden.channel === undefined ? '' : `, channel ${golden.channel}`}`, reference];
  return [
    ...(family === reference || family === 'ami' ? [reference] : [reference, family]),
    ...(includesDeprecated ? ['includes deprecated AMIs'] : []),
  ];
}

/** `ssm-agent 1.0.3`, or for a pin `ansible 0.0.11 pinned, current 0.0.14, 3 versions behind`. */
export function componentLine({ name, version, pinned }: ImageReport['components'][number]): string {
  if (!pinned) return `${name} ${version}`;
  if (pinned.versionsBehind === 0) return `${name} ${version} pinned (the current version)`;
  const behind = `current ${pinned.current}, ${pinned.versionsBehind} version${pinned.versionsBehind === 1 ? '' : 's'} behind`;
  return `${name} ${version} pinned, ${behind}`;
}

/**
 * Each channel with its accounts and what moves it: `candidate: collections-staging; every successful
 * build`, `stable: collections-prod; promoted 7 days after candidate with no failed test or open critical finding`.
 */
export function channelLines(channels: ImageReport['channels'], label: (account: AccountRef) => string): string[] {
  if (!channels.length) return ['one stage: every build moves every parameter and launch template'];
  return channels.map((channel, index) => {
    const before = channels[index - 1]?.name;
    const rule = !channel.promotion
      ? 'every successful build'
      : channel.promotion.approval
        ? `promoted from ${before!} on approval`
        : `promoted ${channel.promotion.soakDays!} day${channel.promotion.soakDays === 1 ? '' : 's'} after ${before!} with no failed test or open critical finding`;
    return `${channel.name}: ${channel.accounts.map(label).join(', ')}; ${rule}`;
  });
}

/** One line of an image's stages, as validate lists them: `candidate (collections-staging, every successful build) → stable (collections-prod, after 7 days in candidate)`. */
export function channelSummary(channels: ImageReport['channels'], label: (account: AccountRef) => string): string {
  return channels
    .map((channel, index) => {
      const before = channels[index - 1]?.name;
      const rule = !channel.promotion
        ? 'every successful build'
        : channel.promotion.approval
          ? `on approval after ${before!}`
          : `after ${channel.promotion.soakDays!} day${channel.promotion.soakDays === 1 ? '' : 's'} in ${before!}`;
      return `${channel.name} (${channel.accounts.map(label).join(', ')}, ${rule})`;
    })
    .join(' → ');
}

/** What the lifecycle policy does; an image kept for good has none, so none of its settings shows. */
function retentionLines(retention: ImageReport['retention']): string[] {
  if (retention.deprecateAfterDays === 'never') return ['kept for good: never deprecated or deleted'];
  return [
    retention.deleteAfterDays === null
      ? `deprecate ${retention.deprecateAfterDays} d, never delete (shared)`
      : `deprecate ${retention.deprecateAfterDays} d, delete ${retention.deleteAfterDays} d`,
    `keep ≥ ${retention.keepAtLeast}, skip launched < ${retention.skipIfLaunchedWithinDays} d`,
  ];
}

/** One report row: each cell (in COLUMNS order) a list of lines. */
type Row = string[][];

/** The report rows, one per image, in team and image order. */
export function reportRows(fleet: Fleet): Row[] {
  return reportData(fleet).map(imageRow);
}

function imageRow(report: ImageReport): Row {
  const { schedule, retention } = report;
  const label = (account: AccountRef) => account.name ?? account.id;
  return [
    [report.team, `${label(report.account)}, ${report.region}`],
    [report.image, `${report.platform}, recipe ${report.recipeVersion}`],
    parentLines(report.parentImage),
    report.components.map(componentLine),
    [
      ...(schedule
        ? [
            `${schedule.expression} ${schedule.timezone}`,
            `longest gap ${schedule.longestGapDays} days (max ${schedule.maxRebuildIntervalDays})`,
            schedule.onlyWithUpdates ? 'builds when updates are available' : 'always builds',
          ]
        : ['on demand', 'no schedule: started from the console, CLI or CI']),
      ...(report.rebuildOnCriticalFindings ? ['rebuilds on critical findings with a fix (at most daily)'] : []),
    ],
    report.targets.map((target) => {
      const { organizations, organizationalUnits, accounts } = target.launch;
      const launch = [
        ...organizations.map(() => 'organization'),
        ...organizationalUnits.map((ou) => ou.split('/').pop()!),
        ...accounts.map(label),
      ];
      return `${target.region}: ${target.copies.map(label).join(', ')}${launch.length ? `; launch: ${launch.join(', ')}` : ''}`;
    }),
    channelLines(report.channels, label),
    retentionLines(retention),
    report.alerts,
    report.waivers.length || report.buildGrants.length
      ? [
          ...report.waivers.map((w) => `${w.check}: ${w.reason}`),
          ...report.buildGrants.map((g) => `build role may ${g.grant}: ${g.reason}`),
        ]
      : ['none'],
  ];
}

/** How a column's lines are joined in the text report before wrapping; absent: one line each. */
const TEXT_JOINERS: Record<string, string> = { Components: ', ', Schedule: '; ', Retention: '; ', Alerts: ', ' };
const TEXT_LABEL_WIDTH = Math.max(...COLUMNS.map((column) => column.length)) + 2;

/**
 * The report for a terminal, no line wider than `width` columns: per image, a heading line
 * (`<team>/<image>`, platform, recipe version, build account and region), then one labelled,
 * wrapped field per column.
 */
export function renderText(rows: Row[], width = 100): string {
  const blocks = rows.map((row) => {
    // imageRow writes [team, build account and region] and [image, platform and recipe] first.
    const [[team, builtIn], [image, platform]] = row as [[string, string], [string, string]];
    const heading = wrap(words(`${team}/${image}: ${platform}, built in ${builtIn}`), width, '', '  ');
    const indent = ' '.repeat(2 + TEXT_LABEL_WIDTH);
    const room = width - indent.length;
    const fields = row.slice(2).flatMap((lines, index) => {
      const column = COLUMNS[index + 2]!;
      const label = `  ${column.padEnd(TEXT_LABEL_WIDTH)}`;
      const joiner = TEXT_JOINERS[column];
      if (joiner === undefined) return lines.flatMap((line, i) => wrap(words(line), width, i === 0 ? label : indent, indent));
      // Joined items break between items (`ssm-agent 1.0.0,` stays whole) unless one alone is too long.
      const chunks = lines.flatMap((line, i) => {
        const chunk = i < lines.length - 1 ? `${line}${joiner.trimEnd()}` : line;
        return [...chunk].length > room ? words(chunk) : [chunk];
      });
      return wrap(chunks, width, label, indent);
    });
    return [...heading, ...fields].join('\n');
  });
  return blocks.join('\n\n');
}

/** The words of a line. */
function words(text: string): string[] {
  return text.split(' ').filter(Boolean);
}

/**
 * Chunks joined by spaces in lines of at most `width` columns: the first line starts with
 * `first`, the others with `rest`; a chunk is split only when it alone is too long. Control
 * characters a team may have written show as `?` (they would move the cursor).
 */
function wrap(chunks: string[], width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  const room = () => width - [...line].length;
  for (let word of chunks.map((chunk) => chunk.replace(/\p{Cc}/gu, '?'))) {
    if (!empty && [...word].length + 1 > room()) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    while ([...word].length > room() - (empty ? 0 : 1)) {
      const space = empty ? '' : ' ';
      const fits = Math.max(1, room() - space.length);
      line += space + [...word].slice(0, fits).join('');
      word = [...word].slice(fits).join('');
      lines.push(line);
      line = rest;
      empty = true;
    }
    if (word) {
      line += (empty ? '' : ' ') + word;
      empty = false;
    }
  }
  if (!empty || !lines.length) lines.push(line);
  return lines;
}

/** A Markdown table for a pull request comment; every cell's text shows as written (src/core/markdown-text.ts). */
export function renderMarkdown(rows: Row[]): string {
  return markdownTable([COLUMNS, ...rows.map((row) => row.map((lines) => lines.map(markdownCellText).join('<br>')))]);
}

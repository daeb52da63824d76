/** `npm run report`: what every team's images are made of, when they rebuild, where they go, how long they live. */
import Table from 'cli-table3';
import { markdownTable } from 'markdown-table';
import type { PlatformSettings } from '../config/platform-schema.js';
import { managedComponentOf } from '../fleet/managed-component.js';
import { deletesAmis, type Fleet, type Image, type RecipeComponent, type Team } from '../fleet/model.js';
import { markdownCellText } from './markdown-text.js';

const COLUMNS = ['Team', 'Image', 'Parent image', 'Components', 'Schedule', 'Targets', 'Retention', 'Alerts', 'Waived checks'];

/** One report row: each cell a list of lines. */
type Row = string[][];

/** The report rows, one per image, in team and image order. */
export function reportRows(fleet: Fleet): Row[] {
  const accountNames = new Map(Object.entries(fleet.platform.accounts).map(([name, id]) => [id, name]));
  return fleet.teams.flatMap((team) => team.images.map((image) => imageRow(team, image, accountNames, fleet.platform)));
}

function imageRow(team: Team, image: Image, accountNames: Map<string, string>, platform: PlatformSettings): Row {
  const { schedule, retention } = image;
  const account = (id: string) => accountNames.get(id) ?? id;
  return [
    [team.name, `${account(team.account.id)}, ${team.region}`],
    [image.name, `${image.platform}, recipe ${image.recipeVersion}`],
    [image.parentImage.family],
    image.recipe.components.map(componentLabel),
    schedule
      ? [
          `${schedule.expression} ${schedule.timezone}`,
          `longest gap ${schedule.longestGapDays} days (max ${platform.maxRebuildIntervalDays})`,
          schedule.startCondition === 'EXPRESSION_MATCH_ONLY' ? 'always builds' : 'builds when updates are available',
        ]
      : ['on demand', 'no schedule: started from the console, CLI or CI'],
    image.distribution.map((target) => {
      const receivers = [account(team.account.id), ...target.targetAccountIds.map(account)];
      const shared = [...target.organizationArns.map(() => 'organization'), ...target.organizationalUnitArns.map((ou) => ou.split('/').pop()!)];
      return `${target.region}: ${receivers.join(', ')}${shared.length ? `; launch: ${shared.join(', ')}` : ''}`;
    }),
    [
      deletesAmis(image)
        ? `deprecate ${retention.deprecateAfterDays} d, delete ${retention.deleteAfterDays} d`
        : `deprecate ${retention.deprecateAfterDays} d, never delete (shared)`,
      `keep ≥ ${retention.keepAtLeast}, skip launched < ${retention.skipIfLaunchedWithinDays} d`,
    ],
    team.emails,
    image.waivers.length ? image.waivers.map((w) => `${w.check}: ${w.reason}`) : ['none'],
  ];
}

function componentLabel(component: RecipeComponent): string {
  if (component.kind === 'owned') return `${component.key} ${component.version}`;
  const { name, version } = managedComponentOf(component.arn);
  return `aws/${name} ${version}`;
}

/** A text table for the terminal. */
export function renderText(rows: Row[]): string {
  const table = new Table({ head: COLUMNS, style: { head: [], border: [] }, wordWrap: true });
  for (const row of rows) table.push(row.map((lines) => lines.join('\n')));
  return table.toString();
}

/** A Markdown table for a pull request comment; every cell's text shows as written (src/report/markdown-text.ts). */
export function renderMarkdown(rows: Row[]): string {
  return markdownTable([COLUMNS, ...rows.map((row) => row.map((lines) => lines.map(markdownCellText).join('<br>')))]);
}

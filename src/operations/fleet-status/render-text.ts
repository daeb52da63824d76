/** The fleet status as a terminal table, every line at most 100 columns. */
import { channelsText } from './channels.js';
import type { Build, Consumer, FleetStatus, ImageStatus } from './status.js';
import { accountProblems, buildOutcome, daysText, findingsText } from './render-shared.js';

/** The widest line the table prints. */
export const TEXT_WIDTH = 100;
/** Consumers listed per image; the count of the rest follows. */
const CONSUMERS_SHOWN = 10;

/** `text` cut to `width` columns with an ellipsis. */
function fit(text: string, width = TEXT_WIDTH): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

const COLUMNS: [string, number][] = [
  ['IMAGE', 18],
  ['PIPELINE', 9],
  ['NEWEST', 13],
  ['AGE', 5],
  ['LAST BUILDS', 23],
];

function row(cells: string[], last: string): string {
  return fit(`  ${cells.map((cell, i) => fit(cell, COLUMNS[i]![1]).padEnd(COLUMNS[i]![1])).join(' ')} ${last}`.trimEnd());
}

function builds(list: Build[]): string {
  return list.map(buildOutcome).join(' ') || '-';
}

/** `text` cut in the middle to `width` columns, so both ends (an id's prefix and tail) show. */
function fitMiddle(text: string, width: number): string {
  if (text.length <= width) return text;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

/** `    <account> <region> <kind> <id>: <version>, <n>d behind[, LAGGING]`; a long id is cut in the middle. */
function consumerLine(consumer: Consumer): string {
  const head = `    ${consumer.accountId} ${consumer.region} ${consumer.kind} `;
  const tail = `: ${consumer.version}, ${daysText(consumer.behindDays, 'd')} behind${consumer.lagging ? ', LAGGING' : ''}`;
  return fit(`${head}${fitMiddle(consumer.id, Math.max(12, TEXT_WIDTH - head.length - tail.length))}${tail}`);
}

/** `text` wrapped at spaces to TEXT_WIDTH columns, every line indented by `indent` spaces. */
function wrap(text: string, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > TEXT_WIDTH) {
      lines.push(fit(' '.repeat(indent) + line));
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(fit(' '.repeat(indent) + line));
  return lines;
}

function imageLines(status: ImageStatus): string[] {
  const lines = [
    row(
      [
        status.image,
        status.pipelineState ?? (status.findings.includes('missing') ? 'MISSING' : '?'),
        status.newest?.version ?? 'none',
        status.newest ? daysText(status.newest.ageDays, 'd', '?') : '-',
        builds(status.lastBuilds),
      ],
      findingsText(status.findings),
    ),
  ];
  if (status.channels) lines.push(...wrap(`channels: ${channelsText(status.channels)}`, 6));
  for (const consumer of status.consumers.slice(0, CONSUMERS_SHOWN)) lines.push(consumerLine(consumer));
  if (status.consumers.length > CONSUMERS_SHOWN) lines.push(`      … and ${status.consumers.length - CONSUMERS_SHOWN} more (see --json)`);
  return lines;
}

/** The report as a terminal table: one block per team, then what could not be checked. */
export function renderText(report: FleetStatus): string {
  const lines = [
    fit(
      `Fleet status ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC: stale >${report.maxRebuildIntervalDays}d, ` +
        `lagging >${report.consumerGraceDays}d behind, failing = ${report.failingAfter} failed in a row`,
    ),
  ];
  for (const team of report.teams) {
    lines.push(
      '',
      fit(`${team.team}${team.owners.length ? ` (${team.owners.join(', ')})` : ''}: ${team.ok ? 'all well' : 'needs attention'}`),
    );
    lines.push(
      row(
        COLUMNS.map(([title]) => title),
        'STATUS',
      ),
    );
    for (const image of team.images) lines.push(...imageLines(image));
  }
  const problems = accountProblems(report.teams.flatMap((team) => team.images));
  if (problems.length) {
    lines.push('', 'Not fully checked (the rest of the report is complete):');
    for (const problem of problems) {
      lines.push(fit(`  ${problem.accountId} ${problem.region} ${problem.action}: ${problem.kind}`), ...wrap(problem.message, 4));
    }
  }
  lines.push('', report.ok ? 'All well.' : 'Something needs attention (exit 1).');
  return lines.join('\n');
}

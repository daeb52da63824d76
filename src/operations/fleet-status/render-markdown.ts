/**
 * The fleet status as Markdown for an issue or a pull-request comment. Everything AWS returned is
 * escaped as table-cell text (no mention, link or HTML gets through).
 */
import { channelsText } from './channels.js';
import { markdownTable } from 'markdown-table';
import { markdownCellText } from '../../core/markdown-text.js';
import type { FleetStatus, TeamStatus } from './status.js';
import { accountProblems, buildOutcome, daysText, findingsText, problemLine } from './render-shared.js';

/** Consumers listed per image; the count of the rest follows. */
const CONSUMERS_SHOWN = 50;

const cell = (text: string) => markdownCellText(text);

function thresholds(report: FleetStatus): string {
  return `Stale after ${report.maxRebuildIntervalDays} days, lagging after ${report.consumerGraceDays} days, failing after ${report.failingAfter} failed builds in a row.`;
}

/** One team's part: a table of its images, the consumers behind, what could not be checked. */
export function teamMarkdown(team: TeamStatus, report: FleetStatus): string {
  const lines = [
    `### ${cell(team.team)}: ${team.ok ? 'all well' : 'needs attention'}`,
    '',
    `${thresholds(report)} Checked ${report.generatedAt}.`,
    '',
    markdownTable([
      ['Image', 'Pipeline', 'Newest image', 'Age (days)', 'Last builds (newest first)', 'Status'],
      ...team.images.map((image) => [
        cell(image.image),
        cell(image.pipelineState ?? (image.findings.includes('missing') ? 'MISSING' : 'unknown')),
        cell(image.newest?.version ?? 'none'),
        image.newest ? daysText(image.newest.ageDays) : '-',
        cell(image.lastBuilds.map(buildOutcome).join(' ') || '-'),
        image.findings.length ? `**${cell(findingsText(image.findings))}**` : 'healthy',
      ]),
    ]),
  ];
  const withChannels = team.images.filter((image) => image.channels);
  if (withChannels.length)
    lines.push('', '#### Channels', '', ...withChannels.map((image) => `- ${cell(image.image)}: ${cell(channelsText(image.channels!))}`));
  const behind = team.images.filter((image) => image.consumers.length);
  if (behind.length) {
    lines.push('', '#### Consumers on a superseded AMI', '');
    for (const image of behind) {
      lines.push(
        markdownTable([
          ['Image', 'Account', 'Region', 'Consumer', 'On version (AMI)', 'Behind (days)'],
          ...image.consumers
            .slice(0, CONSUMERS_SHOWN)
            .map((c) => [
              cell(image.image),
              cell(c.accountId),
              cell(c.region),
              cell(`${c.kind} ${c.id}`),
              cell(`${c.version} (${c.imageId})`),
              c.lagging ? `**${daysText(c.behindDays)} (lagging)**` : daysText(c.behindDays),
            ]),
        ]),
      );
      if (image.consumers.length > CONSUMERS_SHOWN)
        lines.push('', `… and ${image.consumers.length - CONSUMERS_SHOWN} more in the JSON report.`);
      lines.push('');
    }
  }
  const problems = accountProblems(team.images);
  if (problems.length) {
    lines.push('', '#### Not fully checked', '');
    for (const problem of problems) lines.push(`- ${cell(problemLine(problem))}`);
  }
  return lines.join('\n').trimEnd();
}

/** The whole report as Markdown: one section per team. */
export function renderMarkdown(report: FleetStatus): string {
  const lines = [`## Fleet status: ${report.ok ? 'all well' : 'needs attention'}`, ''];
  for (const team of report.teams) lines.push(teamMarkdown(team, report), '');
  if (!report.teams.length) lines.push('No image selected.');
  return lines.join('\n').trimEnd();
}

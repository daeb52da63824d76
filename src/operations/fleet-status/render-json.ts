/**
 * The fleet status as JSON (`--json`): the report as gathered, and per team its Markdown, which
 * the scheduled audit puts into the team's issue without running any of this code.
 */
import type { FleetStatus } from './status.js';
import { teamMarkdown } from './render-markdown.js';

/** The report as indented JSON, each team with its `markdown`. */
export function renderJson(report: FleetStatus): string {
  return JSON.stringify({ ...report, teams: report.teams.map((team) => ({ ...team, markdown: teamMarkdown(team, report) })) }, null, 2);
}

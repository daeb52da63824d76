/** `npm run report`: every team's images, for a terminal, a pull request comment or a script. */
import { renderMarkdown, renderText, reportData, reportRows } from '../workflows/fleet-report.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { commandOf, usageError, type CommandSpec } from './command.js';
import { reportProblems, type TextStream } from '../core/output.js';

/** The text report's width: the terminal's, at most 100 columns (100 when not a terminal). */
const MAX_WIDTH = 100;
const MIN_WIDTH = 40;

const options = {
  markdown: { type: 'boolean', description: 'a Markdown table for a pull request comment (what teams write is escaped)' },
  json: { type: 'boolean', description: 'the same data as JSON for scripts: {"images":[...]}' },
} as const;

const command: CommandSpec<typeof options> = {
  name: 'report',
  summary: "Describe every team's images: parent image, components and versions, schedule, targets, retention, alerts and waived checks.",
  synopsis: '[--markdown | --json]',
  options,
  details: [
    `Without an option, one block per image, no wider than the terminal or ${MAX_WIDTH} columns.`,
    'Versions are decided as synth would, from the locks; nothing is written. Exits 1 when the config has errors.',
  ],
  examples: ['npm run report', 'npm run report -- --markdown > report.md', 'npm run -s report -- --json | jq ".images[].image"'],
  run(values, _positionals, io) {
    if (values.markdown && values.json) return usageError(command, '--markdown and --json exclude each other', io);
    const { fleet, problems } = loadVersionedFleet(io.cwd);
    if (reportProblems(problems, io) || !fleet) return 1;
    if (values.json) io.out(JSON.stringify({ images: reportData(fleet) }, null, 2));
    else if (values.markdown) io.out(renderMarkdown(reportRows(fleet)));
    else io.out(renderText(reportRows(fleet), terminalWidth(io.stdout)));
    return 0;
  },
};

function terminalWidth(stdout: TextStream): number {
  const columns = stdout.isTTY ? stdout.columns : undefined;
  return columns ? Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, columns)) : MAX_WIDTH;
}

/** `npm run report`. */
export const report = commandOf(command);

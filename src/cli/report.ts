/** `npm run report [-- --markdown]`: a readable table of every team's images. */
import { parseArgs } from 'node:util';
import { renderMarkdown, renderText, reportRows } from '../report/fleet-report.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { reportProblems } from './output.js';

const { values } = parseArgs({ options: { markdown: { type: 'boolean', default: false } } });
const { fleet, problems } = loadVersionedFleet(process.cwd());
if (reportProblems(problems) || !fleet) {
  process.exitCode = 1;
} else {
  const rows = reportRows(fleet);
  console.log(values.markdown ? renderMarkdown(rows) : renderText(rows));
}

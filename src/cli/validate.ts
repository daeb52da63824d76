/** `npm run validate`: load and check all config without synthesising; exit 1 on any error. */
import { formatProblems } from '../config/problems.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { reportProblems } from './output.js';

const { fleet, problems, plan } = loadVersionedFleet(process.cwd());
const failed = reportProblems(problems) || !fleet;
if (plan?.damage.length) console.error(formatProblems(plan.damage));
if (failed || !fleet || plan?.damage.length) {
  process.exitCode = 1;
} else {
  const images = fleet.teams.reduce((n, team) => n + team.images.length, 0);
  console.log(`Config is valid: ${fleet.teams.length} teams, ${images} images.`);
}

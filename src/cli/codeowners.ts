/** `npm run codeowners`: regenerate .github/CODEOWNERS from the team files and the platform owners. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CODEOWNERS_FILE, codeownersText } from '../ci/codeowners.js';
import { loadPlatformSettings } from '../config/platform.js';
import { Problems } from '../config/problems.js';
import { loadTeams } from '../config/teams.js';
import { reportProblems } from './output.js';

function main(): number {
  const root = process.cwd();
  const problems = new Problems();
  const platform = loadPlatformSettings(root, problems);
  const teams = loadTeams(root, problems);
  if (reportProblems(problems) || !platform) {
    console.error(`${CODEOWNERS_FILE} was not written: fix the problems above first.`);
    return 1;
  }
  mkdirSync(dirname(join(root, CODEOWNERS_FILE)), { recursive: true });
  writeFileSync(join(root, CODEOWNERS_FILE), codeownersText(teams, platform.owners));
  console.log(`Wrote ${CODEOWNERS_FILE}: ${teams.length} team folders.`);
  return 0;
}

process.exitCode = main();

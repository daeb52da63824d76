/**
 * `npm run validate`: every check short of AWS. Loads and checks all config (platform settings,
 * team.yaml, component documents with the AWSTOE linter, version locks, CODEOWNERS), then
 * synthesises into a scratch folder and runs the policy checks on the result. Lists every
 * problem; exits 1 on any error. Writes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCodeowners } from '../ci/codeowners.js';
import { listTeamFolders } from '../config/teams.js';
import { violationProblems } from '../policy/evaluate.js';
import { withSynthesisThreads, type SynthesisThreads } from '../synthesis/parallel.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { reportProblems } from './output.js';
import { synthesizeAndCheck, teamSourcesOf } from './synth.js';

async function validate(root: string, threads: SynthesisThreads): Promise<number> {
  const { fleet, sources, problems, plan } = loadVersionedFleet(root);
  problems.addAll(plan?.damage ?? []);
  if (plan?.historyWarning) console.error(`warning: ${plan.historyWarning}`);
  if (sources) checkCodeowners(root, sources.teams, sources.platform.owners, problems);
  if (!fleet || problems.hasErrors()) {
    reportProblems(problems);
    return 1;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'golden-ami-validate-'));
  try {
    const { violations, waived, conformance } = await synthesizeAndCheck(fleet, scratch, { threads, teamSources: teamSourcesOf({ sources }) });
    problems.addAll([...violationProblems(violations), ...conformance]);
    if (reportProblems(problems)) return 1;
    const images = fleet.teams.reduce((n, team) => n + team.images.length, 0);
    console.log(`Valid: ${fleet.teams.length} teams, ${images} images; every policy check and the provider's validation pass (${waived.length} policy checks waived for one image each).`);
    for (const w of waived) console.log(`  waived ${w.check} for ${w.stack} (${w.source.path}): ${w.waiver!.reason}`);
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const root = process.cwd();
// The threads start first, so that the workers load their modules while the configuration is read.
void withSynthesisThreads(listTeamFolders(root).length, (threads) => validate(root, threads)).then((code) => (process.exitCode = code));

/**
 * Writes a synthetic fleet to disk in the real config format (cdktf.json, components-yaml/,
 * teams/<team>/, .github/CODEOWNERS), then brings its version locks up to date with the project's
 * own versions logic, so that a later `CI=true` synth finds every lock current (the steady state).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkCodeowners, CODEOWNERS_FILE, codeownersText } from '../src/workflows/codeowners.js';
import { formatProblems } from '../src/core/problems.js';
import { loadVersionedFleet, writeLocks } from '../src/versioning/sync.js';
import {
  ACCOUNT_IDS,
  BUILD_ACCOUNT,
  kmsKeyArnOf,
  PARENT_IMAGE,
  REGIONS,
  syntheticFleet,
  TARGET_ACCOUNTS,
  TEST_COMPONENT,
  type SyntheticDocument,
  type SyntheticImage,
  type SyntheticTeam,
} from './fleet-spec.js';
import { REPO_ROOT } from './paths.js';

/**
 * Writes the fleet of `teamCount` teams under `root` (a new, empty folder) with its locks and
 * CODEOWNERS; throws with every problem when the result does not validate.
 */
export function generateFleet(root: string, teamCount: number): void {
  const fleet = syntheticFleet(teamCount);
  writeFileSync(join(root, 'cdktf.json'), cdktfJson(fleet.teams.map((team) => team.name)));
  writeFileSync(join(root, 'package.json'), packageJson());
  mkdirSync(join(root, 'components-yaml'), { recursive: true });
  for (const document of fleet.sharedDocuments) writeDocument(join(root, 'components-yaml'), document);
  for (const team of fleet.teams) {
    const folder = join(root, 'teams', team.name);
    mkdirSync(join(folder, 'components'), { recursive: true });
    writeFileSync(join(folder, 'team.yaml'), teamYaml(team));
    for (const document of team.localDocuments) writeDocument(join(folder, 'components'), document);
  }
  writeLocksAndCodeowners(root);
  checkValid(root);
}

/** What `npm run versions` and `npm run codeowners` do. */
function writeLocksAndCodeowners(root: string): void {
  const { sources, problems, plan } = loadVersionedFleet(root);
  if (!sources || !plan || problems.hasErrors()) throw new Error(`the generated fleet is invalid:\n${formatProblems(problems.all)}`);
  writeLocks(root, plan);
  mkdirSync(dirname(join(root, CODEOWNERS_FILE)), { recursive: true });
  writeFileSync(join(root, CODEOWNERS_FILE), codeownersText(sources.teams, sources.platform.owners));
}

/** The checks of `npm run validate` short of synthesis (the measured app runs synthesise and run the policy checks). */
function checkValid(root: string): void {
  const { fleet, sources, problems, plan } = loadVersionedFleet(root);
  problems.addAll(plan?.damage ?? []);
  if (sources) checkCodeowners(root, sources.teams, sources.platform.owners, problems);
  if (!fleet || !plan || problems.all.length)
    throw new Error(`the generated fleet does not validate cleanly:\n${formatProblems(problems.all)}`);
  if (plan.staleLocks.length)
    throw new Error(`the generated locks are stale: ${plan.staleLocks.map((update) => update.read.file).join(', ')}`);
}

/** A package.json whose `synth` script is the project's, so that `npm run synth` runs in the fleet as in the repository. */
function packageJson(): string {
  const project = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const synth = project.scripts.synth!.replace(/(?<=^|\s)(?=bin\/|src\/)/g, `${REPO_ROOT}/`);
  return `${JSON.stringify({ name: 'bench-fleet', private: true, scripts: { synth } }, null, 2)}\n`;
}

/**
 * The example repository's cdktf.json with the project's app (by absolute path, so that `cdktf synth`
 * runs it from the fleet's folder), the synthetic account directory, KMS keys and every team's
 * target accounts, without the foundation (its stacks are not what the bench measures).
 */
function cdktfJson(teams: readonly string[]): string {
  const example = JSON.parse(readFileSync(join(REPO_ROOT, 'cdktf.json'), 'utf8')) as {
    app: string;
    context: { platform: Record<string, unknown> };
  };
  example.app = example.app.replace(/(?<=^|\s)(?=bin\/|main\.ts)/g, `${REPO_ROOT}/`);
  example.context.platform = {
    ...example.context.platform,
    defaultRegion: REGIONS[0],
    accounts: ACCOUNT_IDS,
    kmsKeys: Object.fromEntries(REGIONS.map((region) => [region, kmsKeyArnOf(region)])),
    distributionAccounts: Object.fromEntries(teams.map((team) => [team, TARGET_ACCOUNTS])),
  };
  // The bench measures the team stacks against the reference app; the foundation stacks are not measured.
  delete example.context.platform.foundation;
  return `${JSON.stringify(example, null, 2)}\n`;
}

function writeDocument(folder: string, document: SyntheticDocument): void {
  writeFileSync(join(folder, `${document.name}.yaml`), `${document.header}\n${document.body}`);
}

function teamYaml(team: SyntheticTeam): string {
  return [
    '# yaml-language-server: $schema=../../schema/team.schema.json',
    `# ${team.name}: a synthetic team of the synth benchmark.`,
    'owners:',
    `  - "@bench-org/${team.name}"`,
    `account: ${BUILD_ACCOUNT}`,
    'notifications:',
    '  emails:',
    ...team.emails.map((email) => `    - ${email}`),
    '',
    'images:',
    ...team.images.flatMap((image) => imageYaml(team, image)),
  ].join('\n');
}

function imageYaml(team: SyntheticTeam, image: SyntheticImage): string[] {
  return [
    `  - name: ${image.name}`,
    `    description: ${image.description}`,
    '    platform: Linux',
    `    parentImage: ${PARENT_IMAGE}`,
    '    components:',
    ...image.components.flatMap((use) => [
      `      - ${use.origin}: ${use.name}`,
      ...(Object.keys(use.parameters).length
        ? ['        parameters:', ...Object.entries(use.parameters).map(([name, value]) => `          ${name}: ${value}`)]
        : []),
    ]),
    '    tests:',
    `      - aws: ${TEST_COMPONENT}`,
    '    instanceTypes: [m7i.large, m6i.large]',
    '    schedule:',
    `      cron: ${image.cron}`,
    ...(image.rebuildOnCriticalFindings ? ['    rebuildOnCriticalFindings: true'] : []),
    '    distribution:',
    ...REGIONS.flatMap((region) => [
      `      - region: ${region}`,
      `        accounts: [${TARGET_ACCOUNTS.join(', ')}]`,
      `        ssmParameter: /golden-ami/${team.name}/${image.name}/latest`,
    ]),
    '',
  ];
}

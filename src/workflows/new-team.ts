/** Scaffolding a team folder: the documented team.yaml a new team starts from, and writing it with the team's lock and CODEOWNERS rule. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadComponentLibrary } from '../components/library.js';
import { loadPlatformSettings } from '../config/platform.js';
import { teamSchema } from '../config/team-schema.js';
import { loadTeams, TEAM_FILE, TEAMS_FOLDER, teamNameProblem } from '../config/teams.js';
import { reportProblems, type Printer } from '../core/output.js';
import { SHARED_COMPONENTS_FOLDER } from '../core/paths.js';
import { formatProblems, Problems } from '../core/problems.js';
import { checkAgainstSchema } from '../core/schema-check.js';
import { WriteError } from '../core/write-together.js';
import { parseYaml } from '../core/yaml-source.js';
import { PLACEHOLDER_EMAIL_DOMAIN } from '../model/fleet/team-mistakes.js';
import { lockFileOf } from '../versioning/planner.js';
import { loadVersionedFleet, writeLocks } from '../versioning/sync.js';
import { CODEOWNERS_FILE, readOwners, writeCodeownersFile } from './codeowners.js';

/** The component a new team's first image starts with: a shared document or an AWS-managed one. */
export type StarterComponent = { shared: string } | { aws: string };

/** Everything the template needs; values are checked against the team schema before writing. */
export interface NewTeam {
  name: string;
  owner: string;
  account: string;
  region: string;
  email: string;
  component: StarterComponent;
}

/** The shared document new teams start with when the library has it. */
const PREFERRED_STARTER = 'update-os';
/** The AWS-managed fallback when the shared library is empty. */
const MANAGED_STARTER = 'update-linux';

/** `@<org>/<team>`, the org taken from the first known owner; undefined when none is known. */
export function defaultOwner(team: string, knownOwners: readonly string[]): string | undefined {
  const org = knownOwners.map((owner) => /^@([^/]+)\//.exec(owner)?.[1]).find(Boolean);
  return org ? `@${org}/${team}` : undefined;
}

/** An address at the reserved example.com domain, to be replaced (validate reports it until then). */
export function placeholderEmail(team: string): string {
  return `${team}-builds@${PLACEHOLDER_EMAIL_DOMAIN}`;
}

/** `update-os` when the shared library has it, else its first document, else AWS's `update-linux`. */
export function starterComponent(sharedDocuments: readonly string[]): StarterComponent {
  if (sharedDocuments.includes(PREFERRED_STARTER)) return { shared: PREFERRED_STARTER };
  const first = [...sharedDocuments].sort()[0];
  return first ? { shared: first } : { aws: MANAGED_STARTER };
}

/** The text of `teams/<name>/team.yaml`: one small Linux image, every field explained. */
export function teamYaml(team: NewTeam): string {
  const quote = (value: string) => JSON.stringify(value);
  const component = 'shared' in team.component ? `shared: ${team.component.shared}` : `aws: ${team.component.aws}`;
  return `# yaml-language-server: $schema=../../schema/team.schema.json
# The ${team.name} team's golden images. Every field is described in the configuration reference,
# docs/reference.md; your editor completes and checks this file through the schema on the first line.

# GitHub teams that own this folder: they review every change to it (.github/CODEOWNERS is
# generated from this list by \`npm run codeowners\`).
owners:
  - ${quote(team.owner)}

# Build account: a name from the platform's account directory (cdktf.json) or a 12-digit id.
account: ${quote(team.account)}

# Build region; it needs a platform KMS key. Without this line the platform default is used.
region: ${quote(team.region)}

# Who hears about failed builds: each address confirms an SNS subscription email once.
notifications:
  emails:
    - ${quote(team.email)}

# Where build instances run; default: the build account's default VPC.
# network:
#   subnetId: subnet-0123456789abcdef0
#   securityGroupIds: [sg-0123456789abcdef0]

# Tags of every AMI, Image Builder resource and build instance of the team (not aws: or golden-ami:).
# tags:
#   CostCentre: ${team.name}

images:
  # Each image becomes the Image Builder pipeline ${team.name}-<name>.
  - name: base
    description: Amazon Linux 2023 base image of the ${team.name} team
    # Linux or Windows.
    platform: Linux
    # A managed image name, ssm:<parameter>, an AMI id, an image ARN, or AMIs found by owner and
    # name ({ owner: "309956199498", name: RHEL-9.*_HVM-*-x86_64-* }, pinned by npm run pin-parents).
    parentImage: amazon-linux-2023-x86
    # Build steps, in order. Each is one of: shared: <document in components-yaml/>,
    # local: <document in teams/${team.name}/components/>, aws: <AWS-managed component>;
    # with optional parameters: { name: value }.
    components:
      - ${component}
    # Test components, run on an instance launched from the new image.
    tests:
      - aws: simple-boot-test-linux
    # Build and test instance types; default: [m7i.large].
    # instanceTypes: [t3.large]
    # When to build (Image Builder cron, UTC); default: 00:00 on the first of each month, and
    # only when the parent image or a component has a newer version.
    # schedule:
    #   cron: cron(0 0 1 * ? *)
    # (onDemand: true instead builds only when started; it needs a rebuild-cadence exception.)
    # A deploy that changes the recipe starts a build at once; false leaves it to the schedule.
    # buildOnDeploy: true
    # A critical Inspector finding with a fix, on an instance of this AMI, rebuilds it (at most daily).
    # rebuildOnCriticalFindings: true
    # AMI name; it must hold {{ imagebuilder:buildDate }} or {{ imagebuilder:buildVersion }}.
    # amiName: ${team.name}-base-{{ imagebuilder:buildDate }}
    # Who receives the AMI; default: the build region, build account only. Other accounts must be
    # granted by the platform in teams/${team.name}/platform.yaml (distributionAccounts).
    # distribution:
    #   - region: ${team.region}
    #     accounts: [${team.account}]
    #     ssmParameter: /golden-ami/${team.name}/base/latest   # under the platform's ssmParameterPrefix
`;
}

/** Owners already in use: the platform's, then every team's (only their org is borrowed). */
function knownOwners(root: string, platformOwners: readonly string[]): string[] {
  const teams = loadTeams(root, new Problems());
  return [...platformOwners, ...teams.flatMap((team) => team.config.owners)];
}

/** Checks the generated text as `npm run validate` would check the file; true when it holds. */
function isValidTeamFile(text: string, file: string, print: Printer): boolean {
  const problems = new Problems();
  const source = parseYaml(text, file, problems);
  if (source) checkAgainstSchema(teamSchema, source, problems, TEAM_FILE);
  return !reportProblems(problems, print);
}

/** The template's values from the options and the repository's settings, or why there are none. */
function templateValues(root: string, name: string, options: NewTeamOptions, print: Printer): NewTeam | string {
  const problems = new Problems();
  const platform = loadPlatformSettings(root, problems);
  if (reportProblems(problems, print) || !platform) return 'Nothing was written: fix the platform settings above first.';
  const directory = Object.keys(platform.accounts);
  const account = options.account ?? directory[0]!;
  if (!directory.includes(account) && !/^\d{12}$/.test(account)) {
    return `--account ${account}: no such account in the platform directory (${directory.join(', ')}) and not a 12-digit id`;
  }
  const owner = options.owner ?? defaultOwner(name, knownOwners(root, platform.owners));
  if (owner === undefined) return 'no owner known to borrow the GitHub org from: pass --owner @<org>/<team>';
  const shared = loadComponentLibrary(root, SHARED_COMPONENTS_FOLDER, 'shared', new Problems()).documents;
  return {
    name,
    owner,
    account,
    region: platform.defaultRegion,
    email: options.email ?? placeholderEmail(name),
    component: starterComponent([...shared.keys()]),
  };
}

/** What `npm run new-team` is given besides the name; each has a default (see templateValues). */
export interface NewTeamOptions {
  account?: string;
  owner?: string;
  email?: string;
}

/**
 * Writes `teams/<name>/team.yaml` from the template, the team's version lock and CODEOWNERS,
 * printing what was written and what to do next; refuses (printing why, writing nothing) a bad
 * name, an existing folder or options the team schema rejects. Returns whether the team was created.
 */
export function createTeam(root: string, name: string, values: NewTeamOptions, print: Printer): boolean {
  const folder = `${TEAMS_FOLDER}/${name}`;
  const file = `${folder}/${TEAM_FILE}`;
  const nameProblem = teamNameProblem(name);
  if (nameProblem) {
    print.err(`${nameProblem} (a team name prefixes every AWS resource name of the team).`);
    return false;
  }
  if (existsSync(join(root, folder))) {
    print.err(`${folder} already exists: pick another name, or edit ${file} instead.`);
    return false;
  }
  const team = templateValues(root, name, values, print);
  if (typeof team === 'string') {
    print.err(team);
    return false;
  }
  const text = teamYaml(team);
  if (!isValidTeamFile(text, file, print)) {
    print.err('Nothing was written: fix the options above.');
    return false;
  }

  mkdirSync(join(root, folder), { recursive: true });
  writeFileSync(join(root, file), text, { flag: 'wx' });
  print.out(`Created ${file}: owner ${team.owner}, build account ${team.account}, region ${team.region}.`);
  const lock = writeTeamLock(root, name, print);
  const placeholder = values.email === undefined ? ', the placeholder address among them' : '';
  print.out(
    lock
      ? `Created ${lock}: the versions of the team's components and recipes.`
      : `  ${lockFileOf(name)} was not written: the configuration has errors (npm run validate lists them${placeholder}); fix them, then run npm run versions.`,
  );
  const owners = readOwners(root);
  if (owners) writeCodeownersFile(root, owners);
  print.out(
    owners
      ? `Updated ${CODEOWNERS_FILE}: ${team.owner} owns /${folder}/.`
      : `  ${CODEOWNERS_FILE} was not updated: a team file or the platform settings have errors (npm run validate lists them); fix them, then run npm run codeowners.`,
  );
  if (values.owner === undefined) print.out(`  Check that the GitHub team ${team.owner} exists, or pass --owner.`);
  if (values.email === undefined) print.out(`  Replace the placeholder address ${team.email} in ${file}.`);
  print.out(`Next: describe your images in ${file}, then run npm run versions, npm run codeowners and npm run validate;`);
  print.out(`commit ${folder}/ and ${CODEOWNERS_FILE}, and open a pull request (see "Onboarding a team" in docs/teams.md).`);
  return true;
}

/**
 * Writes the new team's version lock as `npm run versions` would (versions above any its name had
 * in the lock history), and only when it would: the whole configuration without errors. Returns
 * the file, or undefined when it was not written. Other locks are left alone.
 */
function writeTeamLock(root: string, name: string, print: Printer): string | undefined {
  const { fleet, plan } = loadVersionedFleet(root);
  const update = plan?.staleLocks.find((candidate) => candidate.read.file === lockFileOf(name));
  if (!fleet || !plan || !update) return undefined;
  try {
    return writeLocks(root, { ...plan, staleLocks: [update] })[0];
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    print.err(formatProblems([error.problem]));
    return undefined;
  }
}

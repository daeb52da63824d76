/** Scaffolding a team folder: the name rules and the documented team.yaml a new team starts from. */
import { PLACEHOLDER_EMAIL_DOMAIN } from '../model/fleet/team-mistakes.js';

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

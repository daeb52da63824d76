/** Security policy checks judge the synthesised Terraform JSON of every stack (and the fleet model where JSON cannot tell). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Fleet } from '../src/model/fleet/fleet.js';
import { checkCatalog } from '../src/checks/catalog.js';
import { POLICY_CHECK_WAIVABLE, WAIVABLE_CHECK_IDS, type PolicyCheck } from '../src/config/check-ids.js';
import { checkPolicies, findingProblems } from '../src/checks/engine.js';
import { readSynthesizedStacks, type SynthesizedStack } from '../src/checks/synthesized.js';
import { synthesizeAndCheck } from '../src/synthesis/pipeline.js';
import { renderText, reportRows } from '../src/workflows/fleet-report.js';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { FixtureRepo } from './support/fixture.js';

/** Breaks one check in the platform stack's JSON, or (for checks that read the fleet model) in the platform team's model. */
type Mutation = (stack: any, fleet: Fleet) => void;

/** The first resource of a type whose logical id contains `idPart`. */
function find(stack: any, type: string, idPart = ''): any {
  const [, resource] = Object.entries(stack.resource[type] as Record<string, unknown>).find(([id]) => id.includes(idPart))!;
  return resource;
}

const ONE_VIOLATION_EACH: [PolicyCheck, Mutation, RegExp, ((fleet: Fleet) => void)?][] = [
  [
    'ebs-encryption',
    (s) => (find(s, 'aws_imagebuilder_image_recipe', 'container-host').block_device_mapping[0].ebs.encrypted = 'false'),
    /volume \/dev\/xvda is not encrypted/,
  ],
  [
    'ami-encryption',
    (s) =>
      delete find(s, 'aws_imagebuilder_distribution_configuration', 'container-host').distribution[1].ami_distribution_configuration
        .kms_key_id,
    /distributed to eu-west-1 are not encrypted/,
  ],
  [
    'component-encryption',
    (s) => (find(s, 'aws_imagebuilder_component', 'ssm-agent').kms_key_id = 'alias/aws/imagebuilder'),
    /the component is not encrypted/,
  ],
  ['topic-encryption', (s) => delete find(s, 'aws_sns_topic').kms_master_key_id, /the topic is not encrypted/],
  [
    's3-object-encryption',
    (s) => (s.resource.aws_s3_object = { doc: { key: 'components/x.yaml', '//': { metadata: { path: 'platform/doc' } } } }),
    /object components\/x.yaml is not encrypted/,
  ],
  [
    'imdsv2',
    (s) => (find(s, 'aws_imagebuilder_infrastructure_configuration', 'container-host').instance_metadata_options.http_tokens = 'optional'),
    /IMDSv2/,
  ],
  ['no-key-pair', (s) => (find(s, 'aws_imagebuilder_infrastructure_configuration', 'container-host').key_pair = 'ops'), /SSH key pair/],
  [
    'terminate-on-failure',
    (s) => (find(s, 'aws_imagebuilder_infrastructure_configuration', 'container-host').terminate_instance_on_failure = false),
    /left running/,
  ],
  [
    'build-logs',
    (s) => (find(s, 'aws_imagebuilder_infrastructure_configuration', 'container-host').logging.s3_logs.s3_key_prefix = 'collections/x'),
    /log bucket under the team prefix/,
  ],
  [
    'no-public-launch',
    (s) =>
      (find(
        s,
        'aws_imagebuilder_distribution_configuration',
        'bastion-host',
      ).distribution[0].ami_distribution_configuration.launch_permission.user_groups = ['all']),
    /public/,
  ],
  [
    'organization-sharing',
    (s) =>
      (find(
        s,
        'aws_imagebuilder_distribution_configuration',
        'bastion-host',
      ).distribution[0].ami_distribution_configuration.launch_permission.organization_arns = [
        'arn:aws:organizations::123456789012:organization/o-other00001',
      ]),
    /organization arn:aws:organizations::123456789012:organization\/o-other00001 is not the platform organization/,
  ],
  [
    'team-boundaries',
    (s) =>
      (find(
        s,
        'aws_imagebuilder_distribution_configuration',
        'container-host',
      ).distribution[0].launch_template_configuration[0].account_id = '555555555555'),
    /in eu-west-2: account 555555555555 is not one of the accounts of team platform/,
  ],
  [
    'iam-least-privilege',
    (s) => (find(s, 'aws_sns_topic_policy').policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })),
    /every action/,
  ],
  [
    'build-role-scope',
    (s) =>
      (find(s, 'aws_iam_role_policy_attachment', 'AmazonSSMManagedInstanceCore').policy_arn =
        'arn:aws:iam::aws:policy/AdministratorAccess'),
    /must not have arn:aws:iam::aws:policy\/AdministratorAccess/,
  ],
  ['state-backend', (s) => (s.terraform.backend.s3.use_lockfile = false), /no S3-native locking/],
  [
    'image-tests',
    (s) => (find(s, 'aws_imagebuilder_image_pipeline', 'container-host').image_tests_configuration.image_tests_enabled = false),
    /image tests are disabled/,
  ],
  [
    'image-scanning',
    (s) => (find(s, 'aws_imagebuilder_image_pipeline', 'container-host').image_scanning_configuration.image_scanning_enabled = false),
    /image scanning is disabled/,
  ],
  [
    'keep-shared-amis',
    (s) => {
      const policy = find(s, 'aws_imagebuilder_lifecycle_policy', 'bastion-host');
      policy.policy_detail.push({
        action: [{ type: 'DELETE', include_resources: [{ amis: true }] }],
        filter: [{ type: 'AGE', value: 1, unit: 'DAYS' }],
      });
    },
    /deletes AMIs of platform-bastion-host that other accounts may still launch/,
  ],
  [
    'ami-deprecation',
    (s) => (find(s, 'aws_imagebuilder_lifecycle_policy', 'container-host').policy_detail = []),
    /no lifecycle policy deprecates the AMIs of platform-container-host/,
  ],
  [
    'deprecated-parent',
    (_, f) =>
      (f.teams.find((t) => t.name === 'platform')!.images.find((i) => i.name === 'container-host')!.parentImage.includesDeprecated = true),
    /the parent lookup of platform-container-host includes deprecated AMIs/,
  ],
  [
    'rebuild-cadence',
    (s) => (find(s, 'aws_imagebuilder_image_pipeline', 'container-host').schedule.schedule_expression = 'cron(0 0 1 JAN ? *)'),
    /366 days apart/,
  ],
  // The recipe references the pinned version; how far behind it is comes from the lock history, in the fleet model.
  [
    'pinned-component-age',
    (_, f) =>
      (f.teams.find((t) => t.name === 'platform')!.images.find((i) => i.name === 'bastion-host')!.componentPins[0]!.versionsBehind = 4),
    /baseline-hardening is pinned at 1\.0\.0, 4 versions behind 1\.0\.0/,
  ],
];

/** The example's waivers, both the gallery kiosk's: its AMIs are kept for good, and it is built on demand. */
const KIOSK_WAIVERS = [
  ['ami-deprecation', 'collections'],
  ['rebuild-cadence', 'collections'],
];

describe('policy checks', () => {
  let repo: FixtureRepo;
  let fleet: Fleet;
  let outdir: string;
  let pristine: SynthesizedStack[];

  beforeAll(async () => {
    repo = new FixtureRepo();
    fleet = repo.fleet();
    outdir = mkdtempSync(join(tmpdir(), 'golden-ami-policy-'));
    const { violations, waived } = await synthesizeAndCheck(fleet, outdir);
    expect(violations).toEqual([]);
    expect(waived.map((w) => [w.check, w.stack])).toEqual(KIOSK_WAIVERS);
    pristine = readSynthesizedStacks(outdir);
  });
  afterAll(() => {
    repo.dispose();
    rmSync(outdir, { recursive: true, force: true });
  });

  /** The stacks and the fleet with one check broken. */
  const mutated = (mutate: Mutation): [SynthesizedStack[], Fleet] => {
    const model = structuredClone(fleet);
    const stacks = pristine.map((stack) => {
      const json = structuredClone(stack.json);
      if (stack.name === 'platform') mutate(json, model);
      return { name: stack.name, json };
    });
    return [stacks, model];
  };

  it("pass on the example fleet, whose waivers are the kiosk's AMIs kept for good and its on-demand rebuild cadence", () => {
    const { violations, waived } = checkPolicies(pristine, fleet);
    expect(violations).toEqual([]);
    expect(waived.map((w) => [w.check, w.stack])).toEqual(KIOSK_WAIVERS);
    expect(fleet.teams.flatMap((t) => t.images.flatMap((i) => i.waivers.map((w) => [t.name, i.name, w.check])))).toEqual([
      ['collections', 'gallery-kiosk', 'rebuild-cadence'],
      ['collections', 'gallery-kiosk', 'ami-deprecation'],
    ]);
  });

  it('cover every check in the catalog', () => {
    expect(ONE_VIOLATION_EACH.map(([check]) => check).sort()).toEqual(
      checkCatalog()
        .filter((entry) => entry.family === 'policy')
        .map((entry) => entry.id)
        .sort(),
    );
  });

  it.each(ONE_VIOLATION_EACH)('%s: finds the violation and names stack, resource and team.yaml line', (check, mutate, message) => {
    const { violations } = checkPolicies(...mutated(mutate));
    expect(violations.map((v) => v.check)).toEqual([check]);
    const [violation] = violations;
    expect(violation!.stack).toBe('platform');
    expect(violation!.message).toMatch(message);
    expect(violation!.resource).toMatch(check === 'state-backend' ? /^backend$/ : /^aws_[a-z0-9_]+\.[\w-]+$/);
    expect(violation!.source.file).toBe('teams/platform/team.yaml');
    const problem = findingProblems(violations)[0]!;
    expect(problem.message).toBe(`policy ${check}: ${violation!.message} (stack platform, ${violation!.resource})`);
    expect(problem.hint).toContain(POLICY_CHECK_WAIVABLE[check] ? `exceptions: [{ check: ${check}` : 'cannot be waived');
  });

  it('point image resources at their image in team.yaml, team resources at the team', () => {
    const image = checkPolicies(...mutated(ONE_VIOLATION_EACH.find(([c]) => c === 'imdsv2')![1])).violations[0]!;
    expect(image.source).toMatchObject({
      path: 'images[0]',
      line:
        repo
          .read('teams/platform/team.yaml')
          .split('\n')
          .findIndex((l) => l.includes('- name: container-host')) + 1,
    });
    const team = checkPolicies(...mutated(ONE_VIOLATION_EACH.find(([c]) => c === 'topic-encryption')![1])).violations[0]!;
    expect(team.source).toMatchObject({ path: 'account', line: 5 });
  });
});

describe('waivers', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const waive = (check: string) =>
    repo.edit(
      'teams/platform/team.yaml',
      '    instanceTypes: [t3.small]\n',
      `    instanceTypes: [t3.small]\n    exceptions:\n      - check: ${check}\n        reason: legacy agent needs the old behaviour\n`,
    );

  it('are possible only for the waivable checks', () => {
    expect(WAIVABLE_CHECK_IDS.sort()).toEqual([
      'ami-deprecation',
      'deprecated-parent',
      'image-scanning',
      'image-tests',
      'imdsv2',
      'keep-shared-amis',
      'organization-sharing',
      'pinned-component-age',
      'rebuild-cadence',
      'terminate-on-failure',
    ]);
    waive('ebs-encryption');
    expect(loadVersionedFleet(repo.root).problems.errors[0]!.message).toBe('"ebs-encryption" is not a check that can be waived');
  });

  it.each([
    ['image-tests', 'image tests are disabled'],
    ['image-scanning', 'image scanning is disabled'],
    ['imdsv2', 'instances do not require IMDSv2 (http_tokens)'],
    ['terminate-on-failure', 'failed build instances are left running'],
  ])('relax %s for that image only, and list the waiver', async (check, message) => {
    waive(check);
    const fleet = repo.fleet();
    const outdir = mkdtempSync(join(tmpdir(), 'golden-ami-waiver-'));
    try {
      const { violations, waived: all } = await synthesizeAndCheck(fleet, outdir);
      expect(violations).toEqual([]);
      const waived = all.filter((w) => w.stack === 'platform');
      expect(waived).toEqual([
        expect.objectContaining({ check, message, stack: 'platform', waiver: { check, reason: 'legacy agent needs the old behaviour' } }),
      ]);
      expect(waived[0]!.resource).toContain('image-bastion-host');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
    expect(renderText(reportRows(fleet))).toContain(`${check}: legacy agent needs the old behaviour`);
  });

  it('let an image share with an account outside the directory only when organization-sharing is waived', async () => {
    repo.edit(
      'cdktf.json',
      '"platform": ["collections-prod", "collections-staging", "web-prod"]',
      '"platform": ["collections-prod", "collections-staging", "web-prod", "999988887777"]',
    );
    repo.edit('cdktf.json', '"keyConsumers": ["collections-prod",', '"keyConsumers": ["999988887777", "collections-prod",');
    repo.edit(
      'teams/platform/team.yaml',
      'accounts: [collections-prod, collections-staging, web-prod]\n        organization: true',
      'accounts: [web-prod, 999988887777]\n        organization: true',
    );
    expect(loadVersionedFleet(repo.root).problems.errors.map((p) => [p.path, p.message])).toEqual([
      ['images[1].distribution[0].accounts[1]', 'account 999988887777 is not in the platform account directory'],
    ]);
    waive('organization-sharing');
    const outdir = mkdtempSync(join(tmpdir(), 'golden-ami-waiver-'));
    try {
      const { violations, waived } = await synthesizeAndCheck(repo.fleet(), outdir);
      expect(violations).toEqual([]);
      expect(waived.filter((w) => w.stack === 'platform').map((w) => w.message)).toEqual([
        'in eu-west-2: account 999988887777 is not in the platform account directory',
      ]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

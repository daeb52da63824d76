/** Channels: an image's rollout stages, from team.yaml to the distribution a build applies, the report and validate. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPolicies, checkProviderRules } from '../src/checks/engine.js';
import { foundationOf } from '../src/model/foundation/foundation.js';
import { channelLaunchTemplates, parametersMovedByPromotion } from '../src/model/fleet/channels.js';
import { consumerLocations } from '../src/operations/fleet-status/gather.js';
import { supersededAmis } from '../src/operations/fleet-status/classify.js';
import { CODEOWNERS_FILE } from '../src/workflows/codeowners.js';
import { renderText, reportData, reportRows } from '../src/workflows/fleet-report.js';
import { COLLECTIONS, problemsOf } from './support/bad-input.js';
import { runCli } from './support/cli.js';
import { FixtureRepo, REPO_ROOT, resource, resources, synthesize, synthesizeForPolicies } from './support/fixture.js';

const STAGING = '333333333333';
const PROD = '222222222222';
const BUILD = '555555555555';

/** The example's iiif-server channels, as team.yaml has them. */
const IIIF_CHANNELS = `    channels:
      - name: candidate
        accounts: [collections-staging]
      - name: stable
        accounts: [collections-prod]
        promotion: { soakDays: 7 }
`;

/** The iiif-server of the example before channels: one stage, one parameter everywhere. */
const IIIF_ONE_STAGE = '        ssmParameter: /golden-ami/collections/iiif-server/latest\n';

describe('channels', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const iiif = () =>
    repo
      .fleet()
      .teams.find((t) => t.name === 'collections')!
      .images.find((i) => i.name === 'iiif-server')!;
  const iiifDistribution = () =>
    resource(synthesize(repo.fleet()).collections!, 'aws_imagebuilder_distribution_configuration', 'iiif-server').distribution;

  it('resolves each channel with its accounts, its parameter /golden-ami/<team>/<image>/<channel> and its promotion rule', () => {
    expect(iiif().channels).toEqual([
      expect.objectContaining({ name: 'candidate', accountIds: [STAGING], parameterName: '/golden-ami/collections/iiif-server/candidate' }),
      expect.objectContaining({
        name: 'stable',
        accountIds: [PROD],
        parameterName: '/golden-ami/collections/iiif-server/stable',
        promotion: { soakDays: 7, approval: false },
      }),
    ]);
    expect(iiif().channels[0]).not.toHaveProperty('promotion');
    repo.edit(COLLECTIONS, 'promotion: { soakDays: 7 }', 'promotion: { approval: true }');
    expect(iiif().channels[1]!.promotion).toEqual({ approval: true });
  });

  it("a build sets only the first channel's SSM parameter, in each of its accounts; later channels' parameters are not in Terraform", () => {
    const [london] = iiifDistribution();
    expect(london.ssm_parameter_configuration).toEqual([
      { parameter_name: '/golden-ami/collections/iiif-server/candidate', ami_account_id: STAGING, data_type: 'aws:ec2:image' },
    ]);
    expect(JSON.stringify(synthesize(repo.fleet()).collections)).not.toContain('/golden-ami/collections/iiif-server/stable');
  });

  it('a build still copies the AMI to every distribution account, later channels included', () => {
    expect(iiifDistribution()[0].ami_distribution_configuration.target_account_ids).toEqual([PROD, STAGING]);
  });

  it("sets the first channel's parameter in every distribution region, and in the build account without an account id", () => {
    repo
      .edit(COLLECTIONS, '        accounts: [collections-staging]\n', '        accounts: [digital-lab, collections-staging]\n')
      .edit(
        COLLECTIONS,
        '        accounts: [collections-prod, collections-staging]\n    # Staging',
        '        accounts: [collections-prod, collections-staging]\n      - region: eu-west-1\n        accounts: [collections-staging]\n    # Staging',
      );
    const targets = iiifDistribution();
    expect(targets.map((t: any) => [t.region, t.ssm_parameter_configuration])).toEqual([
      [
        'eu-west-2',
        [
          { parameter_name: '/golden-ami/collections/iiif-server/candidate', data_type: 'aws:ec2:image' },
          { parameter_name: '/golden-ami/collections/iiif-server/candidate', ami_account_id: STAGING, data_type: 'aws:ec2:image' },
        ],
      ],
      [
        'eu-west-1',
        [
          { parameter_name: '/golden-ami/collections/iiif-server/candidate', data_type: 'aws:ec2:image' },
          { parameter_name: '/golden-ami/collections/iiif-server/candidate', ami_account_id: STAGING, data_type: 'aws:ec2:image' },
        ],
      ],
    ]);
  });

  it("a build updates only the launch templates of the first channel's accounts; promotion moves the others", () => {
    repo.edit(
      COLLECTIONS,
      '        accounts: [collections-prod, collections-staging]\n    # Staging',
      [
        '        accounts: [collections-prod, collections-staging]',
        '        launchTemplates:',
        '          - account: collections-staging',
        '            id: lt-0aaaaaaaaaaaaaaa1',
        '          - account: collections-prod',
        '            id: lt-0bbbbbbbbbbbbbbb2',
        '    # Staging',
      ].join('\n'),
    );
    expect(iiifDistribution()[0].launch_template_configuration).toEqual([
      { account_id: STAGING, launch_template_id: 'lt-0aaaaaaaaaaaaaaa1', default: true },
    ]);
    // The model keeps every launch template, so promotion finds the later channels' own.
    const image = iiif();
    expect(channelLaunchTemplates(image.channels[1]!, image.distribution[0]!).map((t) => t.launchTemplateId)).toEqual([
      'lt-0bbbbbbbbbbbbbbb2',
    ]);
    // Image Builder's distribution role in production is granted no launch template: it never updates one there.
    const { foundation } = foundationOf(repo.fleet());
    const receiving = (id: string) => foundation?.accounts.find((a) => a.id === id)?.receiving?.launchTemplates;
    expect(receiving(STAGING)).toContainEqual({ region: 'eu-west-2', id: 'lt-0aaaaaaaaaaaaaaa1' });
    expect(receiving(PROD)).toContainEqual({ region: 'eu-west-2', id: 'lt-0c0ffee0c0ffee001' });
    expect(receiving(PROD)).not.toContainEqual({ region: 'eu-west-2', id: 'lt-0bbbbbbbbbbbbbbb2' });
  });

  it('images without channels synthesise byte for byte the distribution they did before channels existed', () => {
    // The fixture holds every distribution configuration of the example as main synthesised it before channels (commit 94f2bee).
    const before = readFileSync(new URL('./fixtures/channels/distributions-without-channels.json', import.meta.url), 'utf8');
    repo
      .edit(COLLECTIONS, IIIF_CHANNELS, '')
      .edit(COLLECTIONS, /(accounts: \[collections-prod, collections-staging\]\n)/, `$1${IIIF_ONE_STAGE}`);
    const stacks = synthesize(repo.fleet());
    // The teams the example had then (the website team came later, with lineage).
    const teamsThen = Object.keys(JSON.parse(before) as Record<string, unknown>);
    const now = Object.fromEntries(
      teamsThen.map((team) => [team, resources(stacks[team]!, 'aws_imagebuilder_distribution_configuration')]),
    );
    expect(`${JSON.stringify(now, null, 2)}\n`).toBe(before);
  });

  it('channels change the distribution only: the recipe keeps its version and the lock does not change', () => {
    const lock = repo.read('teams/collections/versions.lock.json');
    const withChannels = iiif().recipeVersion;
    repo
      .edit(COLLECTIONS, IIIF_CHANNELS, '')
      .edit(COLLECTIONS, /(accounts: \[collections-prod, collections-staging\]\n)/, `$1${IIIF_ONE_STAGE}`);
    expect(iiif().recipeVersion).toBe(withChannels);
    repo.updateVersions();
    expect(repo.read('teams/collections/versions.lock.json')).toBe(lock);
  });

  it('the synthesised example with two stages passes the provider rules and every policy check', () => {
    const fleet = repo.fleet();
    const stacks = synthesizeForPolicies(fleet);
    expect(checkProviderRules(stacks, fleet)).toEqual([]);
    expect(checkPolicies(stacks, fleet).violations).toEqual([]);
  });

  it("refuses another image writing a later channel's parameter, which promotion writes", () => {
    const image = iiif();
    expect(parametersMovedByPromotion(image, image.distribution[0]!, BUILD)).toEqual([
      expect.objectContaining({ name: '/golden-ami/collections/iiif-server/stable', accountId: PROD }),
    ]);
    repo.edit(
      COLLECTIONS,
      '        launchPermissionAccounts: [collections-staging]\n',
      '        launchPermissionAccounts: [collections-staging]\n        ssmParameter: /golden-ami/collections/iiif-server/stable\n',
    );
    const problems = problemsOf(repo);
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      [
        'images[1].distribution[0].ssmParameter',
        expect.stringMatching(
          /^image gallery-kiosk of team collections writes SSM parameter \/golden-ami\/collections\/iiif-server\/stable \(eu-west-2, account 222222222222 \(collections-prod\)\), like image iiif-server of team collections/,
        ),
      ],
    ]);
  });

  it("fleet-status looks for consumers of superseded AMIs through every channel's parameter in its accounts", () => {
    const team = repo.fleet().teams.find((t) => t.name === 'collections')!;
    const image = team.images.find((i) => i.name === 'iiif-server')!;
    const superseded = supersededAmis([
      {
        version: '1.0.1/1',
        status: 'AVAILABLE',
        created: '2026-12-01T00:00:00.000Z',
        amis: [{ accountId: BUILD, region: 'eu-west-2', imageId: 'ami-new' }],
      },
      {
        version: '1.0.0/1',
        status: 'AVAILABLE',
        created: '2026-11-01T00:00:00.000Z',
        amis: [
          { accountId: PROD, region: 'eu-west-2', imageId: 'ami-oldprod' },
          { accountId: STAGING, region: 'eu-west-2', imageId: 'ami-oldstaging' },
        ],
      },
    ]);
    expect(consumerLocations(team, image, superseded).map((l) => [l.accountId, l.parameterNames])).toEqual([
      [PROD, ['/golden-ami/collections/iiif-server/stable']],
      [STAGING, ['/golden-ami/collections/iiif-server/candidate']],
    ]);
  });

  it('the report shows each channel with its accounts and promotion rule', () => {
    const report = reportData(repo.fleet()).find((r) => r.image === 'iiif-server')!;
    expect(report.channels).toEqual([
      {
        name: 'candidate',
        parameter: '/golden-ami/collections/iiif-server/candidate',
        accounts: [{ id: STAGING, name: 'collections-staging' }],
        promotion: null,
      },
      {
        name: 'stable',
        parameter: '/golden-ami/collections/iiif-server/stable',
        accounts: [{ id: PROD, name: 'collections-prod' }],
        promotion: { soakDays: 7, approval: false },
      },
    ]);
    const [iiifRow, kioskRow] = reportRows(repo.fleet());
    expect(iiifRow![6]).toEqual([
      'candidate: collections-staging; every successful build',
      'stable: collections-prod; promoted 7 days after candidate with no failed test or open critical finding',
    ]);
    expect(kioskRow![6]).toEqual(['one stage: every build moves every parameter and launch template']);
    expect(renderText(reportRows(repo.fleet()))).toMatch(/^ {2}Channels {7}candidate: collections-staging; every successful build$/m);
    expect(reportData(repo.fleet()).find((r) => r.image === 'gallery-kiosk')!.channels).toEqual([]);
  });

  it('validate lists each image with channels, its stages and their promotion rules', async () => {
    repo.write(CODEOWNERS_FILE, readFileSync(join(REPO_ROOT, CODEOWNERS_FILE), 'utf8'));
    const { code, stdout } = await runCli(repo.root, 'validate');
    expect(code).toBe(0);
    expect(stdout).toContain(
      '  collections/iiif-server channels: candidate (collections-staging, every successful build) → stable (collections-prod, after 7 days in candidate)',
    );
  });
});

/** A team writes SSM parameters only under its prefix, distributes only to its own accounts, and never to what another image writes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Problems } from '../src/core/problems.js';
import { checkSingleWriters } from '../src/model/fleet/single-writers.js';
import { checkPolicies } from '../src/checks/engine.js';
import { COLLECTIONS, PLATFORM, problemsOf } from './support/bad-input.js';
import { FixtureRepo, resource, synthesize, synthesizeForPolicies } from './support/fixture.js';

const SETTINGS = 'cdktf.json';
const WEB_TEAM = `owners: ["@museum-digital/web"]
account: web-prod
notifications:
  emails: [web@museum.example.org]
images:
  - name: web-server
    description: Web server base image
    platform: Linux
    parentImage: amazon-linux-2023-x86
    components:
      - shared: update-os
    distribution:
      - region: eu-west-2
        accounts: [web-prod]
        launchTemplates:
          - account: web-prod
            id: lt-0123456789abcdef0
        ssmParameter: /golden-ami/web/web-server/latest
`;

describe('team boundaries', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  describe('SSM parameter prefix', () => {
    it('defaults to /golden-ami/{team}/, which the example teams write under', () => {
      const fleet = repo.fleet();
      expect(fleet.platform.ssmParameterPrefix).toBe('/golden-ami/{team}/');
      const names = fleet.teams.flatMap((team) =>
        team.images.flatMap((image) => image.distribution.flatMap((d) => d.ssmParameters.map((p) => `${team.name} ${p.name}`))),
      );
      expect(new Set(names)).toEqual(
        new Set([
          'collections /golden-ami/collections/iiif-server/candidate',
          'platform /golden-ami/platform/container-host/latest',
          'platform /golden-ami/platform/bastion-host/latest',
          'website /golden-ami/website/web-server/latest',
        ]),
      );
    });

    it('follows the platform setting, with {team} replaced by each team name', () => {
      repo.edit(SETTINGS, '"distributionAccounts"', '"ssmParameterPrefix": "/ami/{team}/",\n      "distributionAccounts"');
      // Channels' parameters are /golden-ami/<team>/<image>/<channel> whatever the prefix: a platform with another one refuses them.
      expect(problemsOf(repo).map((p) => `${p.file} ${p.path}`)).toEqual([
        `${COLLECTIONS} images[0].channels[0].name`,
        `${COLLECTIONS} images[0].channels[1].name`,
        `${PLATFORM} images[0].distribution[0].ssmParameter`,
        `${PLATFORM} images[0].distribution[1].ssmParameter`,
        `${PLATFORM} images[1].distribution[0].ssmParameter`,
        `teams/website/team.yaml images[0].distribution[0].ssmParameter`,
      ]);
      repo
        .edit(COLLECTIONS, / {4}channels:\n(?: {6}.*\n)+/, '')
        .edit(
          COLLECTIONS,
          /(accounts: \[collections-prod, collections-staging\]\n)/,
          '$1        ssmParameter: /ami/collections/iiif-server/latest\n',
        );
      repo.edit(PLATFORM, /ssmParameter: \/golden-ami\//g, 'ssmParameter: /ami/');
      repo.edit('teams/website/team.yaml', 'ssmParameter: /golden-ami/', 'ssmParameter: /ami/');
      const distribution = resource(
        synthesize(repo.fleet()).collections!,
        'aws_imagebuilder_distribution_configuration',
        'iiif-server',
      ).distribution;
      expect(distribution[0].ssm_parameter_configuration[0].parameter_name).toBe('/ami/collections/iiif-server/latest');
    });
  });

  describe('distribution accounts', () => {
    it('are the build account alone for a team the platform lists no accounts for', () => {
      repo.write('teams/web/team.yaml', WEB_TEAM).updateVersions();
      const web = repo.fleet().teams.find((team) => team.name === 'web')!;
      expect(web.images[0]!.distribution[0]).toMatchObject({ targetAccountIds: [], launchTemplates: [{ accountId: '444444444444' }] });

      repo.write('teams/web/team.yaml', WEB_TEAM.replace('accounts: [web-prod]', 'accounts: [web-prod, collections-prod]'));
      expect(problemsOf(repo).map((p) => [p.path, p.message])).toEqual([
        [
          'images[0].distribution[0].accounts[1]',
          'team web may not distribute to account collections-prod: the platform lets it distribute to its build account web-prod',
        ],
      ]);
    });

    it('follow the platform setting: removing a team from it stops every copy to its other accounts', () => {
      repo.edit(SETTINGS, /"collections": \[[^\]]*\],\n\s*/, '');
      expect(problemsOf(repo).map((p) => `${p.file} ${p.path}`)).toEqual([
        `${COLLECTIONS} images[0].distribution[0].accounts[0]`,
        `${COLLECTIONS} images[0].distribution[0].accounts[1]`,
        `${COLLECTIONS} images[1].distribution[0].accounts[0]`,
        `${COLLECTIONS} images[1].distribution[0].launchPermissionAccounts[0]`,
      ]);
    });

    it('need the platform listing for an account outside the directory, even when the image waives organization-sharing', () => {
      repo.edit(
        PLATFORM,
        'accounts: [collections-prod, collections-staging, web-prod]\n        organization: true',
        'accounts: [web-prod, 999988887777]\n        organization: true',
      );
      repo.edit(
        PLATFORM,
        '    instanceTypes: [t3.small]',
        '    instanceTypes: [t3.small]\n    exceptions:\n      - check: organization-sharing\n        reason: vendor account receives the image for support',
      );
      expect(problemsOf(repo).map((p) => [p.path, p.message])).toEqual([
        ['images[1].distribution[0].accounts[1]', expect.stringMatching(/^team platform may not distribute to account 999988887777: /)],
      ]);
      repo.edit(SETTINGS, '"web-prod"]\n', '"web-prod", "999988887777"]\n');
      // The vendor account launches its copies only once the platform key lets it (foundation.keyConsumers).
      expect(problemsOf(repo).map((p) => [p.path, p.message])).toEqual([
        [
          'images[1].distribution[0].accounts[1]',
          expect.stringMatching(/^account 999988887777 receives copies encrypted with the platform key/),
        ],
      ]);
      repo.edit(SETTINGS, '"keyConsumers": ["collections-prod",', '"keyConsumers": ["999988887777", "collections-prod",');
      expect(problemsOf(repo)).toEqual([]);
    });
  });

  it('are checked again on the synthesised JSON by the team-boundaries policy check', () => {
    const fleet = repo.fleet();
    const stacks = synthesizeForPolicies(fleet);
    expect(checkPolicies(stacks, fleet).violations).toEqual([]);
    const iiif = Object.values(
      stacks.find((s) => s.name === 'collections')!.json.resource.aws_imagebuilder_distribution_configuration as Record<string, any>,
    ).find((d) => d.name === 'collections-iiif-server')!.distribution[0];
    iiif.ami_distribution_configuration.target_account_ids.push('444444444444');
    iiif.ssm_parameter_configuration[0].parameter_name = '/golden-ami/platform/iiif-server/latest';
    expect(checkPolicies(stacks, fleet).violations.map((v) => [v.check, v.stack, v.message])).toEqual([
      ['team-boundaries', 'collections', 'in eu-west-2: account 444444444444 is not one of the accounts of team collections'],
      [
        'team-boundaries',
        'collections',
        'in eu-west-2: SSM parameter /golden-ami/platform/iiif-server/latest is outside /golden-ami/collections/',
      ],
    ]);
  });

  describe('one image per SSM parameter and launch template', () => {
    it('lets one image write the same parameter in several regions, and one launch template id be used in other accounts and regions', () => {
      repo.edit(PLATFORM, 'id: lt-0f9e8d7c6b5a40312', 'id: lt-0c0ffee0c0ffee001');
      repo.edit(
        PLATFORM,
        '        accounts: [collections-prod, web-prod]\n',
        '        accounts: [collections-prod, web-prod]\n        launchTemplates:\n          - account: collections-prod\n            id: lt-0c0ffee0c0ffee001\n',
      );
      expect(problemsOf(repo)).toEqual([]);
    });

    it('reports two teams writing one SSM parameter in the accounts they share, naming both places', () => {
      const fleet = repo.fleet();
      const iiif = fleet.teams.find((team) => team.name === 'collections')!.images[0]!.distribution[0]!;
      iiif.ssmParameters = iiif.ssmParameters.map((p) => ({ ...p, name: '/golden-ami/platform/container-host/latest' }));
      const problems = new Problems();
      checkSingleWriters(fleet.teams, fleet.platform, problems);
      expect(problems.all).toEqual([
        {
          severity: 'error',
          file: PLATFORM,
          path: 'images[0].distribution[0].ssmParameter',
          line: 45,
          column: 23,
          message:
            'image container-host of team platform writes SSM parameter /golden-ami/platform/container-host/latest (eu-west-2, account 333333333333 (collections-staging)), like image iiif-server of team collections at teams/collections/team.yaml:35:9 (images[0].channels[0])',
          hint: 'an SSM parameter takes the AMIs of one image only: give each image its own',
        },
      ]);
    });
  });
});

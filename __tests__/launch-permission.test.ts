/** Launch permission for named accounts: the AMI stays in the build account, within the team's boundaries, never deleted while shared. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPolicies } from '../src/checks/engine.js';
import { COLLECTIONS, KIOSK_NEVER_DEPRECATED, problemsOf } from './support/bad-input.js';
import { FixtureRepo, resource, synthesize, synthesizeForPolicies } from './support/fixture.js';

const KIOSK_PERMISSION = 'launchPermissionAccounts: [collections-staging]';

describe('launch permission for named accounts', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const kioskTarget = () =>
    resource(synthesize(repo.fleet()).collections!, 'aws_imagebuilder_distribution_configuration', 'gallery-kiosk').distribution[0];
  const kioskLifecycle = () => resource(synthesize(repo.fleet()).collections!, 'aws_imagebuilder_lifecycle_policy', 'gallery-kiosk');

  it('grants launch_permission.user_ids without copying the AMI to the account', () => {
    const target = kioskTarget();
    expect(target.ami_distribution_configuration.launch_permission).toEqual({ user_ids: ['333333333333'] });
    expect(target.ami_distribution_configuration.target_account_ids).toEqual(['222222222222']);
    // The parameter is written where copies are, not in accounts that only launch.
    expect(target.ssm_parameter_configuration).toBeUndefined();
  });

  it('sits beside the organization and its OUs in one launch_permission block', () => {
    repo.edit(COLLECTIONS, KIOSK_PERMISSION, `${KIOSK_PERMISSION}\n        organization: true`);
    expect(kioskTarget().ami_distribution_configuration.launch_permission).toEqual({
      organization_arns: ['arn:aws:organizations::999999999999:organization/o-museum0001'],
      user_ids: ['333333333333'],
    });
  });

  it('needs no permission for the build account, which owns the AMI', () => {
    repo.edit(COLLECTIONS, KIOSK_PERMISSION, 'launchPermissionAccounts: [digital-lab, "555555555555"]');
    expect(kioskTarget().ami_distribution_configuration.launch_permission).toBeUndefined();
  });

  it('keeps shared AMIs: the lifecycle policy deprecates but never deletes them, unless keep-shared-amis is waived', () => {
    // The example keeps the kiosk's AMIs for good, without a lifecycle policy: a number of days gives it one.
    repo.edit(COLLECTIONS, KIOSK_NEVER_DEPRECATED, '      deprecateAfterDays: 90\n');
    expect(kioskLifecycle().policy_detail.map((d: any) => d.action[0].type)).toEqual(['DEPRECATE']);
    // The kiosk already waives rebuild-cadence and ami-deprecation: one more exception.
    repo.edit(
      COLLECTIONS,
      '    exceptions:\n',
      '    exceptions:\n      - check: keep-shared-amis\n        reason: staging kiosks follow the launch template within days\n',
    );
    expect(kioskLifecycle().policy_detail.map((d: any) => d.action[0].type)).toEqual(['DEPRECATE', 'DELETE']);
  });

  it('takes an account outside the directory only when the platform lists it and the image waives organization-sharing', () => {
    repo.edit(
      'cdktf.json',
      '"collections": ["collections-prod", "collections-staging"]',
      '"collections": ["collections-prod", "collections-staging", "123412341234"]',
    );
    repo.edit(COLLECTIONS, KIOSK_PERMISSION, 'launchPermissionAccounts: ["123412341234"]');
    expect(problemsOf(repo).map((p) => [p.path, p.message])).toEqual([
      ['images[1].distribution[0].launchPermissionAccounts[0]', 'account 123412341234 is not in the platform account directory'],
    ]);
    repo.edit(
      COLLECTIONS,
      '    exceptions:\n',
      '    exceptions:\n      - check: organization-sharing\n        reason: vendor account tests the kiosk image\n',
    );
    expect(kioskTarget().ami_distribution_configuration.launch_permission).toEqual({ user_ids: ['123412341234'] });
  });

  it('is checked again on the synthesised JSON by team-boundaries and organization-sharing', () => {
    const fleet = repo.fleet();
    const stacks = synthesizeForPolicies(fleet);
    expect(checkPolicies(stacks, fleet).violations).toEqual([]);
    const collections = stacks.find((s) => s.name === 'collections')!;
    const target = Object.values(collections.json.resource.aws_imagebuilder_distribution_configuration as Record<string, any>).find(
      (d) => d.name === 'collections-gallery-kiosk',
    ).distribution[0];
    target.ami_distribution_configuration.launch_permission.user_ids = ['444444444444', '999988887777'];
    expect(checkPolicies(stacks, fleet).violations.map((v) => [v.check, v.message])).toEqual([
      ['organization-sharing', 'in eu-west-2: account 999988887777 is not in the platform account directory'],
      ['team-boundaries', 'in eu-west-2: account 444444444444 is not one of the accounts of team collections'],
      ['team-boundaries', 'in eu-west-2: account 999988887777 is not one of the accounts of team collections'],
    ]);
  });
});

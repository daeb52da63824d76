/**
 * The foundation at scale: a thousand teams over three build accounts fit every AWS policy limit,
 * the policies of the roles teams deploy with do not grow with the teams, and onboarding a team
 * changes no foundation stack unless it reaches something new (docs/security.md, "How the policies hold any number of teams").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../src/model/fleet/fleet.js';
import { checkFoundationStacks } from '../src/checks/foundation/checks.js';
import { ATTACHED_POLICIES_PER_ROLE, POLICY_SIZE_LIMITS } from '../src/model/foundation/policy-document.js';
import { FixtureRepo } from './support/fixture.js';
import { foundationModel, roleDocuments, stackNamed, synthesizeFoundation } from './support/foundation.js';
import { formatSizes, largeFleet, largestPolicies, teamCopies } from './support/large-fleet.js';

const BUILD_ACCOUNTS = [
  { id: '111111111111', name: 'image-factory' },
  { id: '555555555555', name: 'digital-lab' },
  { id: '444444444444', name: 'web-prod' },
];

let repo: FixtureRepo;
let fleet: Fleet;
beforeAll(() => {
  repo = new FixtureRepo();
  fleet = repo.fleet();
});
afterAll(() => repo.dispose());

describe('a platform of 1,000 teams', () => {
  it('synthesises within every AWS default policy limit, and its largest policies are those of 60 teams', () => {
    const measured = [60, 1000].map((count) => {
      const foundation = foundationModel(largeFleet(fleet, count, BUILD_ACCOUNTS));
      const stacks = synthesizeFoundation(foundation);
      expect(checkFoundationStacks(stacks, foundation), `${count} teams`).toEqual([]);
      const sizes = largestPolicies(stacks);
      console.log(
        formatSizes(
          `largest foundation policies with ${count} teams over ${BUILD_ACCOUNTS.length} build accounts (characters without whitespace)`,
          sizes,
        ),
      );
      return sizes;
    });
    const [sixty, thousand] = measured as [ReturnType<typeof largestPolicies>, ReturnType<typeof largestPolicies>];
    expect(thousand.roleInline.size).toBeLessThanOrEqual(POLICY_SIZE_LIMITS.roleInline);
    expect(thousand.managed.size).toBeLessThanOrEqual(POLICY_SIZE_LIMITS.managed);
    expect(thousand.managedPerRole.size).toBeLessThanOrEqual(ATTACHED_POLICIES_PER_ROLE);
    expect(thousand.trust.size).toBeLessThanOrEqual(POLICY_SIZE_LIMITS.trust);
    expect(thousand.bucket.size).toBeLessThanOrEqual(POLICY_SIZE_LIMITS.bucket);
    expect(thousand.key.size).toBeLessThanOrEqual(POLICY_SIZE_LIMITS.key);
    expect(thousand.eventBus.size).toBeLessThanOrEqual(POLICY_SIZE_LIMITS.eventBus);
    // Nothing grows from 60 teams to 1,000: the teams are in tags, not in the policies.
    expect(thousand).toEqual(sixty);
  });

  it('gives the deploy and plan roles the same policies whatever the teams', () => {
    const documents = (teams: number) => {
      const lab = stackNamed(synthesizeFoundation(foundationModel(largeFleet(fleet, teams, BUILD_ACCOUNTS))), 'foundation-digital-lab');
      return [roleDocuments(lab, 'golden-ami-deployer'), roleDocuments(lab, 'golden-ami-planner')];
    };
    expect(documents(1000)).toEqual(documents(3));
  });
});

describe('onboarding a team', () => {
  const foundationJson = (f: Fleet) => Object.fromEntries(synthesizeFoundation(foundationModel(f)).map((s) => [s.name, s.json]));
  /** The fleet with a copy of one of its teams, named newcomer, building in the same account. */
  const onboard = (name: string, options: { ownLaunchTemplates?: boolean } = {}): Fleet => {
    const original = fleet.teams.find((t) => t.name === name)!;
    const copy = teamCopies(
      { ...fleet, teams: [original] },
      ['newcomer'],
      [{ id: original.account.id, name: original.account.name ?? original.account.id }],
      options,
    );
    return {
      ...fleet,
      teams: [...fleet.teams, copy.teams[0]!],
      platform: {
        ...fleet.platform,
        distributionAccounts: { ...fleet.platform.distributionAccounts, ...copy.platform.distributionAccounts },
      },
    };
  };

  it('changes no foundation stack when the team builds and distributes as the teams before it do', () => {
    // A copy of each example team, under a new name, in the same accounts and with the same distribution.
    for (const original of fleet.teams)
      expect(foundationJson(onboard(original.name)), `a copy of ${original.name}`).toEqual(foundationJson(fleet));
  });

  it('changes only the distribution role and the releaser role of an account where the team names a launch template no team named before', () => {
    const before = foundationJson(fleet);
    const after = foundationJson(onboard('collections', { ownLaunchTemplates: true }));
    const changed = Object.keys(after).flatMap((stack) =>
      Object.entries(after[stack]!.resource ?? {}).flatMap(([type, resources]) =>
        Object.entries(resources as Record<string, unknown>)
          .filter(([id, config]) => JSON.stringify(config) !== JSON.stringify((before[stack]!.resource as any)?.[type]?.[id]))
          .map(([, config]) => `${stack} ${type} ${(config as { name?: string }).name ?? ''}`),
      ),
    );
    // The releaser role's inline policy (golden-ami) names the launch templates it may move.
    expect(changed).toEqual([
      'foundation-collections-prod aws_iam_policy EC2ImageBuilderDistributionCrossAccountRole-part-1',
      'foundation-collections-prod aws_iam_role_policy golden-ami',
    ]);
  });
});

/** The role every foundation stack runs as: who may assume it, what it may use, and that the stacks assume exactly it. */
import { describe, expect, it } from 'vitest';
import { foundationRoleTemplate, FOUNDATION_SERVICES } from '../src/model/foundation/foundation-role.js';
import { roleFromTemplate } from '../src/model/names.js';
import { FixtureRepo } from './support/fixture.js';
import { foundationModel, synthesizeFoundation } from './support/foundation.js';

const repo = new FixtureRepo();
const fleet = repo.fleet();
repo.dispose();
const foundation = foundationModel(fleet);
const platform = { ...fleet.platform, foundation: fleet.platform.foundation! };
const BOOTSTRAP = 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AdministratorAccess_*';
const template = foundationRoleTemplate({ platform, bootstrapPrincipals: [BOOTSTRAP] }) as any;
const role = template.Resources.FoundationRole.Properties;

describe('the foundation role template', () => {
  it('is trusted by the bootstrap principals and the CI foundation role, each by aws:PrincipalArn, and never by itself', () => {
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Sid: 'BootstrapAndFoundationDeploys',
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::111111111111:root'] },
        Action: 'sts:AssumeRole',
        Condition: { ArnLike: { 'aws:PrincipalArn': [BOOTSTRAP, 'arn:aws:iam::111111111111:role/golden-ami-ci-foundation'] } },
      },
    ]);
    const trusted = JSON.stringify(role.AssumeRolePolicyDocument);
    for (const account of foundation.accounts)
      expect(trusted).not.toContain(roleFromTemplate(platform.foundation.foundationRole, account.id));
  });

  it("is the role every foundation stack's provider assumes, in every account", () => {
    const arnIn = (accountId: string) => `arn:aws:iam::${accountId}:role${role.Path ?? '/'}${role.RoleName}`;
    for (const stack of synthesizeFoundation(foundation)) {
      const account = foundation.accounts.find((a) => stack.name === `foundation-${a.name}`)!;
      expect((stack.json as any).provider.aws[0].assume_role[0].role_arn).toBe(arnIn(account.id));
    }
  });

  it('may use every service whose resources the foundation stacks create, and no other', () => {
    const types = new Set(synthesizeFoundation(foundation).flatMap((stack) => Object.keys(stack.json.resource ?? {})));
    const uncovered = [...types].filter((type) => !Object.keys(FOUNDATION_SERVICES).some((prefix) => type.startsWith(prefix)));
    expect(uncovered).toEqual([]);
    expect(role.Policies[0].PolicyDocument.Statement[0].Action).toEqual(['iam:*', 'kms:*', 's3:*', 'events:*']);
    // Every service listed is used by some resource: none is there for nothing.
    for (const prefix of Object.keys(FOUNDATION_SERVICES))
      expect(
        [...types].some((type) => type.startsWith(prefix)),
        prefix,
      ).toBe(true);
  });
});

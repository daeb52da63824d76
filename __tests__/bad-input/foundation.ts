/** Foundation settings (`context.platform.foundation`): every account and region they name must exist and fit. */
import type { BadInput } from '../support/bad-input.js';

const SETTINGS = 'cdktf.json';
const BUILD_ACCOUNTS = '"buildAccounts": ["image-factory", "digital-lab", "web-prod"]';
const FOUNDATION_ROLE = '"foundationRole": "arn:aws:iam::{accountId}:role/golden-ami-foundation-admin"';

export const cases: BadInput[] = [
  {
    name: 'foundation: a team folder named like a foundation stack',
    change: (r) => r.write('teams/foundation-web-prod/team.yaml', r.read('teams/platform/team.yaml')),
    file: 'teams/foundation-web-prod',
    path: '',
    where: null,
    message: /^team name foundation-web-prod starts with "foundation-", which the platform's foundation stacks use$/,
    hint: /^rename the folder/,
  },
  {
    name: 'foundation: a build account not in the directory',
    change: (r) => r.edit(SETTINGS, BUILD_ACCOUNTS, '"buildAccounts": ["image-factory", "digital-labs", "web-prod"]'),
    file: SETTINGS,
    path: 'context.platform.foundation.buildAccounts[1]',
    where: ['"digital-labs"'],
    message: /^unknown account "digital-labs"$/,
    hint: /^use a name from "accounts": image-factory, collections-prod/,
  },
  {
    name: 'foundation: an operator permission set IAM Identity Center cannot name (a wildcard)',
    change: (r) =>
      r.edit(SETTINGS, '"readOnly": { "permissionSets": ["PlatformEngineer"] }', '"readOnly": { "permissionSets": ["Platform*"] }'),
    file: SETTINGS,
    path: 'context.platform.foundation.operators.readOnly.permissionSets[0]',
    where: ['"Platform*"'],
    message: /^a permission set name: 1 to 32 letters, digits or \+ = , \. @ _ -$/,
    hint: /docs\/reference\.md/,
  },
  {
    name: 'foundation: an operator role given as a pattern',
    change: (r) =>
      r.edit(
        SETTINGS,
        '"rebuild": { "permissionSets": ["PlatformEngineer"] }',
        '"rebuild": { "roles": ["arn:aws:iam::123456789012:role/ops-*"] }',
      ),
    file: SETTINGS,
    path: 'context.platform.foundation.operators.rebuild.roles[0]',
    where: ['"arn:aws:iam::123456789012:role/ops-*"'],
    message: /^a role ARN, e\.g\. "arn:aws:iam::123456789012:role\/platform-engineer", without wildcards$/,
    hint: /docs\/reference\.md/,
  },
  {
    name: 'foundation: a key consumer not in the directory',
    change: (r) => r.edit(SETTINGS, '"keyConsumers": ["collections-prod",', '"keyConsumers": ["collections-prd", "collections-prod",'),
    file: SETTINGS,
    path: 'context.platform.foundation.keyConsumers[0]',
    where: ['"collections-prd"'],
    message: /^unknown account "collections-prd"$/,
    hint: /^use a name from "accounts": image-factory, .*, a 12-digit account id, or "organization"$/,
  },
  {
    name: 'foundation: adopted roles of an account not in the directory',
    change: (r) =>
      r.edit(
        SETTINGS,
        FOUNDATION_ROLE,
        `${FOUNDATION_ROLE},\n        "adoptRoles": { "collections-prd": ["EC2ImageBuilderDistributionCrossAccountRole"] }`,
      ),
    file: SETTINGS,
    path: 'context.platform.foundation.adoptRoles.collections-prd',
    // A key's problem points at its value, as for every record setting checked after parsing.
    where: ['["EC2ImageBuilderDistributionCrossAccountRole"]'],
    message: /^unknown account "collections-prd"$/,
    hint: /^use a name from "accounts": image-factory, /,
  },
  {
    name: 'foundation: a state account not in the directory',
    change: (r) => r.edit(SETTINGS, '"stateAccount": "image-factory"', '"stateAccount": "shared-services"'),
    file: SETTINGS,
    path: 'context.platform.foundation.stateAccount',
    where: ['"shared-services"'],
    message: /^unknown account "shared-services"$/,
    hint: /^use a name from "accounts"/,
  },
  {
    name: 'foundation: a platform key outside the state account',
    change: (r) => r.edit(SETTINGS, 'arn:aws:kms:eu-west-1:111111111111:key/', 'arn:aws:kms:eu-west-1:222222222222:key/'),
    file: SETTINGS,
    path: 'context.platform.kmsKeys.eu-west-1',
    where: ['"arn:aws:kms:eu-west-1:222222222222'],
    message: /^the key for eu-west-1 is not in the state account image-factory \(111111111111\), where the foundation creates it$/,
    hint: /^deploy the foundation stack of image-factory and record the ARN it outputs$/,
  },
  {
    name: 'foundation: a key region that is not a foundation region',
    change: (r) => r.edit(SETTINGS, '"regions": ["eu-west-2", "eu-west-1"]', '"regions": ["eu-west-2"]'),
    file: SETTINGS,
    path: 'context.platform.kmsKeys.eu-west-1',
    where: ['"arn:aws:kms:eu-west-1'],
    message: /^region eu-west-1 has a key but is not a foundation region$/,
    hint: /^add "eu-west-1" to foundation\.regions, or remove the key$/,
  },
  {
    name: 'foundation: a repository that is not owner/name',
    change: (r) =>
      r.edit(
        SETTINGS,
        '"repository": "museum-digital/golden-ami-pipelines"',
        '"repository": "https://github.com/museum-digital/golden-ami-pipelines"',
      ),
    file: SETTINGS,
    path: 'context.platform.foundation.repository',
    where: ['"https://github.com/'],
    message: /^the repository is "<owner>\/<name>" on GitHub/,
    hint: /config reference/,
  },
  {
    name: 'foundation: no plan role',
    change: (r) => r.edit(SETTINGS, '"planRole": "arn:aws:iam::{accountId}:role/golden-ami-planner",', ''),
    file: SETTINGS,
    path: 'context.platform.foundation',
    where: ['"foundation": {', 1, 14],
    message: /^the foundation needs a planRole: pull-request plans must not run with the deploy role$/,
    hint: /^add "planRole"/,
  },
  {
    name: 'foundation: the foundation role is the plan role',
    change: (r) => r.edit(SETTINGS, FOUNDATION_ROLE, '"foundationRole": "arn:aws:iam::{accountId}:role/golden-ami-planner"'),
    file: SETTINGS,
    path: 'context.platform.foundation.foundationRole',
    where: ['"arn:aws:iam::{accountId}:role/golden-ami-planner"', 2],
    message:
      /^the foundation role is planRole \(golden-ami-planner\): pull-request plans would run with the power to change every role and key$/,
    hint: /^give the foundation stacks a role of their own/,
  },
  {
    name: 'foundation: the foundation role is the deploy role, under another path',
    change: (r) => r.edit(SETTINGS, FOUNDATION_ROLE, '"foundationRole": "arn:aws:iam::{accountId}:role/ci/golden-ami-deployer"'),
    file: SETTINGS,
    path: 'context.platform.foundation.foundationRole',
    where: ['"arn:aws:iam::{accountId}:role/ci/golden-ami-deployer"'],
    message:
      /^the foundation role is deployRole \(golden-ami-deployer\): team deploys would run with the power to change every role and key$/,
    hint: /^give the foundation stacks a role of their own/,
  },
  {
    name: 'foundation: the plan role is the deploy role',
    change: (r) =>
      r.edit(
        SETTINGS,
        '"planRole": "arn:aws:iam::{accountId}:role/golden-ami-planner"',
        '"planRole": "arn:aws:iam::{accountId}:role/golden-ami-deployer"',
      ),
    file: SETTINGS,
    path: 'context.platform.planRole',
    where: ['"arn:aws:iam::{accountId}:role/golden-ami-deployer"', 2],
    message: /^the plan role is the deployRole \(golden-ami-deployer\): pull-request plans would run with the power to deploy$/,
    hint: /^give plans a read-only role of their own/,
  },
  {
    name: 'foundation: foundation deploys in the production environment',
    change: (r) => r.edit(SETTINGS, FOUNDATION_ROLE, `${FOUNDATION_ROLE},\n        "foundationEnvironment": "production"`),
    file: SETTINGS,
    path: 'context.platform.foundation.foundationEnvironment',
    where: ['"production"'],
    message: /^the foundation environment is the production environment "production": team deploys would get the CI foundation role$/,
    hint: /^use a GitHub environment of its own, e.g. "foundation"/,
  },
  {
    name: 'foundation: automatic promotions in the environment whose reviewers approve promotions',
    change: (r) => r.edit(SETTINGS, FOUNDATION_ROLE, `${FOUNDATION_ROLE},\n        "automaticPromotionEnvironment": "promotion"`),
    file: SETTINGS,
    path: 'context.platform.foundation.automaticPromotionEnvironment',
    where: ['"promotion"'],
    message:
      /^the automatic promotion environment is the promotion environment "promotion": either promotions by hand go unapproved or the scheduled rule waits for a reviewer$/,
    hint: /^use an environment of its own without required reviewers, e.g. "promotion-automatic"/,
  },
  {
    name: 'foundation: one account under two names',
    change: (r) => r.edit(SETTINGS, '"web-prod": "444444444444",', '"web-prod": "444444444444",\n        "web": "444444444444",'),
    file: SETTINGS,
    path: 'context.platform.accounts.web',
    where: ['"444444444444"', 2],
    message: /^account 444444444444 is listed as "web-prod" and again as "web": two foundation stacks would create the same roles in it$/,
    hint: /^list each account once; use "web-prod" everywhere$/,
  },
];

/** Foundation settings (`context.platform.foundation`): every account and region they name must exist and fit. */
import type { BadInput } from '../support/bad-input.js';

const SETTINGS = 'cdktf.json';
const BUILD_ACCOUNTS = '"buildAccounts": ["image-factory", "digital-lab", "web-prod"]';

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
    change: (r) => r.edit(SETTINGS, '"repository": "museum-digital/golden-ami-pipelines"', '"repository": "https://github.com/museum-digital/golden-ami-pipelines"'),
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
];

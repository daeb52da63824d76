/** Team boundaries: SSM parameters under the team's prefix, distribution only to its accounts, one image per parameter and launch template. */
import { COLLECTIONS, PLATFORM, type BadInput } from '../support/bad-input.js';

const SETTINGS = 'cdktf.json';
const PLATFORM_ACCOUNTS = '"platform": ["collections-prod", "collections-staging", "web-prod"]';
const COLLECTIONS_ACCOUNTS = '"collections": ["collections-prod", "collections-staging"]';

export const cases: BadInput[] = [
  {
    name: 'team boundaries: an SSM parameter outside the team prefix',
    change: (r) =>
      r.edit(PLATFORM, 'ssmParameter: /golden-ami/platform/bastion-host/latest', 'ssmParameter: /golden-ami/bastion-host/latest'),
    file: PLATFORM,
    path: 'images[1].distribution[0].ssmParameter',
    where: ['/golden-ami/bastion-host/latest'],
    message: /^SSM parameter \/golden-ami\/bastion-host\/latest does not start with \/golden-ami\/platform\/, the prefix of team platform$/,
    hint: /^name it \/golden-ami\/platform\/<image>\/latest or similar; the prefix is "ssmParameterPrefix" in cdktf\.json \(platform team\)$/,
  },
  {
    name: "team boundaries: an SSM parameter under another team's prefix",
    change: (r) =>
      r.edit(
        COLLECTIONS,
        'launchPermissionAccounts: [collections-staging]\n',
        'launchPermissionAccounts: [collections-staging]\n        ssmParameter: /golden-ami/platform/iiif-server/latest\n',
      ),
    file: COLLECTIONS,
    path: 'images[1].distribution[0].ssmParameter',
    where: ['/golden-ami/platform/iiif-server/latest'],
    message:
      /^SSM parameter \/golden-ami\/platform\/iiif-server\/latest does not start with \/golden-ami\/collections\/, the prefix of team collections$/,
    hint: /"ssmParameterPrefix" in cdktf\.json/,
  },
  {
    name: 'team boundaries: an SSM parameter that is the team prefix itself',
    change: (r) => r.edit(PLATFORM, 'ssmParameter: /golden-ami/platform/bastion-host/latest', 'ssmParameter: /golden-ami/platform/'),
    file: PLATFORM,
    path: 'images[1].distribution[0].ssmParameter',
    where: ['/golden-ami/platform/', 3],
    message: /^SSM parameter \/golden-ami\/platform\/ does not start with \/golden-ami\/platform\/, the prefix of team platform$/,
    hint: /"ssmParameterPrefix"/,
  },
  {
    name: 'team boundaries: a target account the platform does not list for the team',
    change: (r) =>
      r.edit(
        COLLECTIONS,
        'accounts: [collections-prod, collections-staging]',
        'accounts: [collections-prod, collections-staging, web-prod]',
      ),
    file: COLLECTIONS,
    path: 'images[0].distribution[0].accounts[2]',
    where: ['web-prod'],
    message:
      /^team collections may not distribute to account web-prod: the platform lets it distribute to its build account digital-lab and collections-prod, collections-staging$/,
    hint: /^remove the account, or ask the platform team to add "web-prod" to "distributionAccounts" in teams\/collections\/platform\.yaml$/,
  },
  {
    name: 'team boundaries: a target account given by id',
    change: (r) =>
      r.edit(
        COLLECTIONS,
        'accounts: [collections-prod]\n        launchTemplates:',
        'accounts: [collections-prod, "444444444444"]\n        launchTemplates:',
      ),
    file: COLLECTIONS,
    path: 'images[1].distribution[0].accounts[1]',
    where: ['"444444444444"'],
    message: /^team collections may not distribute to account web-prod: /,
    hint: /add "web-prod" to "distributionAccounts" in teams\/collections\/platform\.yaml/,
  },
  {
    name: 'team boundaries: a launch template in an account outside the team boundary',
    change: (r) =>
      r.edit(
        PLATFORM,
        '          - account: web-prod\n            id: lt-01234567890abcdef',
        '          - account: digital-lab\n            id: lt-01234567890abcdef',
      ),
    file: PLATFORM,
    path: 'images[1].distribution[0].launchTemplates[0].account',
    where: ['digital-lab'],
    message:
      /^team platform may not distribute to account digital-lab: the platform lets it distribute to its build account image-factory and collections-prod, collections-staging, web-prod$/,
    hint: /add "digital-lab" to "distributionAccounts" in teams\/platform\/platform\.yaml$/,
  },
  {
    name: 'team boundaries: a launch template in a target account outside the team boundary, reported once at the account',
    change: (r) =>
      r.edit(
        COLLECTIONS,
        'accounts: [collections-prod]\n        launchTemplates:\n          - account: collections-prod',
        'accounts: [collections-prod, web-prod]\n        launchTemplates:\n          - account: web-prod',
      ),
    file: COLLECTIONS,
    path: 'images[1].distribution[0].accounts[1]',
    where: ['web-prod'],
    message: /^team collections may not distribute to account web-prod: /,
    hint: /"distributionAccounts" in teams\/collections\/platform\.yaml/,
  },
  {
    name: 'team boundaries: an account the platform settings stop listing for the team',
    change: (r) =>
      r
        .edit(SETTINGS, COLLECTIONS_ACCOUNTS, '"collections": ["collections-prod"]')
        .edit(COLLECTIONS, 'launchPermissionAccounts: [collections-staging]', 'launchPermissionAccounts: []'),
    file: COLLECTIONS,
    path: 'images[0].distribution[0].accounts[1]',
    where: ['collections-staging'],
    message:
      /^team collections may not distribute to account collections-staging: the platform lets it distribute to its build account digital-lab and collections-prod$/,
    hint: /add "collections-staging" to "distributionAccounts" in teams\/collections\/platform\.yaml/,
  },
  {
    name: 'team boundaries: an SSM parameter two images of one team write',
    change: (r) =>
      r.edit(
        PLATFORM,
        'ssmParameter: /golden-ami/platform/bastion-host/latest',
        'ssmParameter: /golden-ami/platform/container-host/latest',
      ),
    file: PLATFORM,
    path: 'images[1].distribution[0].ssmParameter',
    where: ['/golden-ami/platform/container-host/latest', 3],
    message:
      /^image bastion-host of team platform writes SSM parameter \/golden-ami\/platform\/container-host\/latest \(eu-west-2, accounts 111111111111 \(image-factory\), 222222222222 \(collections-prod\), 333333333333 \(collections-staging\), 444444444444 \(web-prod\)\), like image container-host of team platform at teams\/platform\/team\.yaml:45:23 \(images\[0\]\.distribution\[0\]\.ssmParameter\)$/,
    hint: /^an SSM parameter takes the AMIs of one image only: give each image its own$/,
  },
  {
    name: 'team boundaries: a launch template two images of one team update',
    change: (r) => r.edit(PLATFORM, 'id: lt-01234567890abcdef', 'id: lt-0f9e8d7c6b5a40312'),
    file: PLATFORM,
    path: 'images[1].distribution[0].launchTemplates[0].id',
    where: ['lt-0f9e8d7c6b5a40312', 2],
    message:
      /^image bastion-host of team platform writes launch template lt-0f9e8d7c6b5a40312 \(eu-west-2, account 444444444444 \(web-prod\)\), like image container-host of team platform at teams\/platform\/team\.yaml:44:17 \(images\[0\]\.distribution\[0\]\.launchTemplates\[1\]\.id\)$/,
    hint: /^a launch template takes the AMIs of one image only: give each image its own$/,
  },
  {
    name: 'team boundaries: a launch template two teams update',
    change: (r) => r.edit(PLATFORM, 'id: lt-0a1b2c3d4e5f60718', 'id: lt-0c0ffee0c0ffee001'),
    file: PLATFORM,
    path: 'images[0].distribution[0].launchTemplates[0].id',
    where: ['lt-0c0ffee0c0ffee001'],
    message:
      /^image container-host of team platform writes launch template lt-0c0ffee0c0ffee001 \(eu-west-2, account 222222222222 \(collections-prod\)\), like image gallery-kiosk of team collections at teams\/collections\/team\.yaml:70:17 \(images\[1\]\.distribution\[0\]\.launchTemplates\[0\]\.id\)$/,
    hint: /^a launch template takes the AMIs of one image only/,
  },
  {
    name: 'platform settings: an SSM parameter prefix without {team}',
    change: (r) => r.edit(SETTINGS, '"distributionAccounts"', '"ssmParameterPrefix": "/golden-ami/",\n      "distributionAccounts"'),
    file: SETTINGS,
    path: 'context.platform.ssmParameterPrefix',
    where: ['"/golden-ami/"'],
    message:
      /^the SSM parameter prefix starts and ends with "\/" and has "\{team\}" as one whole level, e\.g\. "\/golden-ami\/\{team\}\/"$/,
    hint: /config reference/,
  },
  {
    name: 'platform settings: an SSM parameter prefix with {team} inside a level',
    change: (r) =>
      r.edit(SETTINGS, '"distributionAccounts"', '"ssmParameterPrefix": "/golden-ami/team-{team}/",\n      "distributionAccounts"'),
    file: SETTINGS,
    path: 'context.platform.ssmParameterPrefix',
    where: ['"/golden-ami/team-{team}/"'],
    message: /has "\{team\}" as one whole level/,
    hint: /config reference/,
  },
  {
    name: 'platform settings: an SSM parameter prefix AWS reserves',
    change: (r) => r.edit(SETTINGS, '"distributionAccounts"', '"ssmParameterPrefix": "/aws/{team}/",\n      "distributionAccounts"'),
    file: SETTINGS,
    path: 'context.platform.ssmParameterPrefix',
    where: ['"/aws/{team}/"'],
    message: /^an SSM parameter prefix cannot start with "\/aws" or "\/ssm": AWS reserves them$/,
    hint: /config reference/,
  },
  {
    name: 'platform settings: a distribution account not in the directory',
    change: (r) => r.edit(SETTINGS, PLATFORM_ACCOUNTS, '"platform": ["collections-prod", "collections-staging", "web-production"]'),
    file: SETTINGS,
    path: 'context.platform.distributionAccounts.platform[2]',
    where: ['"web-production"'],
    message: /^unknown account "web-production"$/,
    hint: /^use a name from "accounts": image-factory, collections-prod, collections-staging, web-prod, digital-lab \(or the 12-digit id of an account outside the directory\)$/,
  },
  {
    name: 'platform settings: a distribution account by the id of a directory account',
    change: (r) => r.edit(SETTINGS, PLATFORM_ACCOUNTS, '"platform": ["collections-prod", "collections-staging", "444444444444"]'),
    file: SETTINGS,
    path: 'context.platform.distributionAccounts.platform[2]',
    where: ['"444444444444"', 2],
    message: /^account 444444444444 is "web-prod" in the account directory$/,
    hint: /^write "web-prod"$/,
  },
  {
    name: 'platform settings: distribution accounts for a name that cannot be a team',
    change: (r) => r.edit(SETTINGS, COLLECTIONS_ACCOUNTS, `${COLLECTIONS_ACCOUNTS},\n        "Web_Team": ["web-prod"]`),
    file: SETTINGS,
    path: 'context.platform.distributionAccounts.Web_Team',
    where: ['["web-prod"]'],
    message: /^"Web_Team" is not a valid team name/,
    hint: /./,
  },
  {
    name: 'platform settings: distribution accounts that are not a list',
    change: (r) => r.edit(SETTINGS, COLLECTIONS_ACCOUNTS, '"collections": "collections-prod"'),
    file: SETTINGS,
    path: 'context.platform.distributionAccounts.collections',
    where: ['"collections-prod"', 2],
    message: /expected array/,
    hint: /give a value of type array/,
  },
];

/** Channels: names, order and promotion rules, and accounts that follow exactly one channel of the distribution. */
import { COLLECTIONS, type BadInput } from '../support/bad-input.js';

const CANDIDATE = '      - name: candidate\n        accounts: [collections-staging]\n';
const STABLE_ACCOUNTS = '        accounts: [collections-prod]\n        promotion:';
const SOAK = 'promotion: { soakDays: 7 }';
const IIIF_ACCOUNTS = '        accounts: [collections-prod, collections-staging]\n';

export const cases: BadInput[] = [
  {
    name: 'channels: a name that is not a lower-case DNS label (an SSM parameter path segment)',
    change: (r) => r.edit(COLLECTIONS, '- name: candidate', '- name: Candidate_1'),
    file: COLLECTIONS,
    path: 'images[0].channels[0].name',
    where: ['Candidate_1'],
    message: /^"Candidate_1" is not a valid channel name: use lower-case letters, digits and single hyphens$/,
    hint: /./,
  },
  {
    name: 'channels: two channels of one image with the same name',
    change: (r) => r.edit(COLLECTIONS, '- name: stable', '- name: candidate'),
    file: COLLECTIONS,
    path: 'images[0].channels[1].name',
    where: ['- name: candidate', 2, 8],
    message: /^channel "candidate" is already channels\[0\]$/,
    hint: /^give each channel of an image its own name: it names the SSM parameter$/,
  },
  {
    name: 'channels: a single channel, which is what an image without channels does',
    change: (r) => r.edit(COLLECTIONS, / {6}- name: stable\n.*\n.*\n/, ''),
    file: COLLECTIONS,
    path: 'images[0].channels',
    where: ['- name: candidate'],
    message: /^channels needs at least two stages, not 1: one stage is what an image without channels does/,
    hint: /^add a later channel \(e\.g\. stable, with a promotion rule\), or remove channels$/,
  },
  {
    name: 'channels: a promotion rule on the first channel, which every build moves',
    change: (r) => r.edit(COLLECTIONS, CANDIDATE, `${CANDIDATE}        promotion: { approval: true }\n`),
    file: COLLECTIONS,
    path: 'images[0].channels[0].promotion',
    where: ['{ approval: true }'],
    message: /^the first channel \("candidate"\) moves with every successful build, so it has no promotion rule$/,
    hint: /^remove promotion here, or put a channel before this one$/,
  },
  {
    name: 'channels: a later channel without a promotion rule',
    change: (r) => r.edit(COLLECTIONS, `        ${SOAK}\n`, ''),
    file: COLLECTIONS,
    path: 'images[0].channels[1]',
    where: ['name: stable'],
    message: /^channel "stable" has no promotion rule: every channel after the first is moved only by promotion$/,
    hint: /promotion: \{ soakDays: 7 \}.*promotion: \{ approval: true \}/,
  },
  {
    name: 'channels: a soak of zero days',
    change: (r) => r.edit(COLLECTIONS, SOAK, 'promotion: { soakDays: 0 }'),
    file: COLLECTIONS,
    path: 'images[0].channels[1].promotion.soakDays',
    where: ['0 }', 1],
    message: />=1/,
    hint: /./,
  },
  {
    name: 'channels: a promotion rule with both a soak and an approval',
    change: (r) => r.edit(COLLECTIONS, SOAK, 'promotion: { soakDays: 7, approval: true }'),
    file: COLLECTIONS,
    path: 'images[0].channels[1].promotion',
    where: ['{ soakDays: 7, approval: true }'],
    message: /^a promotion rule is either soakDays or approval, not both$/,
    hint: /promotion: \{ soakDays: 7 \}/,
  },
  {
    name: 'channels: a soak as long as the AMIs live before they are deprecated',
    change: (r) => r.edit(COLLECTIONS, SOAK, 'promotion: { soakDays: 90 }'),
    file: COLLECTIONS,
    path: 'images[0].channels[1].promotion.soakDays',
    where: ['soakDays: 90', 1, 10],
    message:
      /^channel "stable" gets a version 90 days after its build at the earliest, but the image's AMIs are deprecated 90 days after it \(retention\.deprecateAfterDays\)$/,
    hint: /^shorten the soak, or raise retention\.deprecateAfterDays/,
  },
  {
    name: 'channels: approval: false',
    change: (r) => r.edit(COLLECTIONS, SOAK, 'promotion: { approval: false }'),
    file: COLLECTIONS,
    path: 'images[0].channels[1].promotion.approval',
    where: ['false'],
    message: /^approval is `true` or absent$/,
    hint: /./,
  },
  {
    name: 'channels: an unknown account',
    change: (r) =>
      r.edit(COLLECTIONS, 'accounts: [collections-staging]\n      - name: stable', 'accounts: [collections-stagign]\n      - name: stable'),
    file: COLLECTIONS,
    path: 'images[0].channels[0].accounts[0]',
    where: ['collections-stagign'],
    message: /^unknown account "collections-stagign"$/,
    hint: /collections-staging/,
  },
  {
    name: 'channels: an account in two channels of one image',
    change: (r) => r.edit(COLLECTIONS, STABLE_ACCOUNTS, '        accounts: [collections-prod, collections-staging]\n        promotion:'),
    file: COLLECTIONS,
    path: 'images[0].channels[1].accounts[1]',
    where: ['collections-staging', 3],
    message:
      /^account collections-staging is already in channel "candidate" \(channels\[0\]\): an account follows one channel of an image$/,
    hint: /^keep the account in the one channel whose version it should run$/,
  },
  {
    name: 'channels: an account outside the team boundary, by the distribution rule',
    change: (r) => r.edit(COLLECTIONS, STABLE_ACCOUNTS, '        accounts: [collections-prod, web-prod]\n        promotion:'),
    file: COLLECTIONS,
    path: 'images[0].channels[1].accounts[1]',
    where: ['web-prod'],
    message: /^team collections may not distribute to account web-prod: /,
    hint: /add "web-prod" to "distributionAccounts" in teams\/collections\/platform\.yaml/,
  },
  {
    name: 'channels: an account the image is not distributed to',
    change: (r) => r.edit(COLLECTIONS, IIIF_ACCOUNTS, '        accounts: [collections-prod]\n'),
    file: COLLECTIONS,
    path: 'images[0].channels[0].accounts[0]',
    where: ['accounts: [collections-staging]', 1, 11],
    message:
      /^account collections-staging does not receive this image: a channel's accounts are the build account and the accounts of distribution$/,
    hint: /^add the account to accounts \(or launchPermissionAccounts\) of a distribution region, or remove it from the channel$/,
  },
  {
    name: 'channels: a distribution account that follows no channel',
    change: (r) => r.edit(COLLECTIONS, STABLE_ACCOUNTS, '        accounts: [digital-lab]\n        promotion:'),
    file: COLLECTIONS,
    path: 'images[0].distribution[0].accounts[0]',
    where: ['collections-prod'],
    message: /^account collections-prod receives this image in eu-west-2 but follows no channel: with channels, every account follows one$/,
    hint: /^add it to the accounts of one of the channels \(candidate, stable\), or remove it from accounts$/,
  },
  {
    name: 'channels: an ssmParameter beside channels, which name the parameters',
    change: (r) => r.edit(COLLECTIONS, IIIF_ACCOUNTS, `${IIIF_ACCOUNTS}        ssmParameter: /golden-ami/collections/iiif-server/latest\n`),
    file: COLLECTIONS,
    path: 'images[0].distribution[0].ssmParameter',
    where: ['/golden-ami/collections/iiif-server/latest'],
    message:
      /^with channels, the channels name the SSM parameters \(\/golden-ami\/collections\/iiif-server\/<channel>\): distribution takes no ssmParameter$/,
    hint: /^remove ssmParameter; consumers read \/golden-ami\/collections\/iiif-server\/candidate and the like/,
  },
  {
    name: 'channels: a launch template in a build account that follows no channel',
    change: (r) =>
      r.edit(
        COLLECTIONS,
        IIIF_ACCOUNTS,
        `${IIIF_ACCOUNTS}        launchTemplates:\n          - account: digital-lab\n            id: lt-0aaaaaaaaaaaaaaa1\n`,
      ),
    file: COLLECTIONS,
    path: 'images[0].distribution[0].launchTemplates[0].account',
    where: ['- account: digital-lab', 1, 11],
    message: /^launch template lt-0aaaaaaaaaaaaaaa1 is in the build account, which follows no channel: no stage would move it$/,
    hint: /^add the build account to the accounts of one of the channels \(candidate, stable\), or remove the launch template$/,
  },
  {
    name: 'channels: a soak written beside promotion instead of in it',
    change: (r) => r.edit(COLLECTIONS, `        ${SOAK}\n`, `        ${SOAK}\n        soakDays: 7\n`),
    file: COLLECTIONS,
    path: 'images[0].channels[1].soakDays',
    where: ['soakDays: 7', 2],
    message: /^unknown field "soakDays" in images\[0\]\.channels\[1\]$/,
    hint: /Allowed fields: name, accounts, promotion/,
  },
];

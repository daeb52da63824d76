/// <reference types="vite/client" />
/** Every kind of bad input is reported with file, YAML path, line:column and a hint; nothing is written. */
import { existsSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { synthesizeFleet } from '../src/synthesis/pipeline.js';
import { at, COLLECTIONS, PLATFORM, problemsOf, type BadInput } from './support/bad-input.js';
import { FixtureRepo } from './support/fixture.js';

/** More tables of bad inputs, one file per concern: each exports `cases: BadInput[]`. */
const tables = Object.values(import.meta.glob<{ cases: BadInput[] }>('./bad-input/*.ts', { eager: true })).flatMap((table) => table.cases);

const cases: BadInput[] = [
  {
    name: 'a YAML syntax error',
    change: (r) => r.edit(PLATFORM, 'region: eu-west-2', 'region: [eu-west-2'),
    file: PLATFORM,
    path: '',
    where: ['timezone:'],
    message: /^YAML syntax error/,
    hint: /fix the YAML syntax/,
  },
  {
    name: 'an unknown field, with a suggestion',
    change: (r) => r.edit(PLATFORM, 'region: eu-west-2', 'regoin: eu-west-2'),
    file: PLATFORM,
    path: 'regoin',
    where: ['regoin'],
    message: /^unknown field "regoin" in team.yaml$/,
    hint: /did you mean "region"\?/,
  },
  {
    name: 'an unknown nested field',
    change: (r) => r.edit(PLATFORM, '      cron: cron(0 3 1 * ? *)', '      cron: cron(0 3 1 * ? *)\n      every: month'),
    file: PLATFORM,
    path: 'images[0].schedule.every',
    where: ['every: month'],
    message: /^unknown field "every" in images\[0\]\.schedule$/,
    hint: /Allowed fields: cron, onDependencyUpdates/,
  },
  {
    name: 'an unknown shared component',
    change: (r) => r.edit(PLATFORM, 'shared: ssm-agent', 'shared: ssm-agnet'),
    file: PLATFORM,
    path: 'images[0].components[1].shared',
    where: ['ssm-agnet'],
    message: /^no shared component "ssm-agnet" in components-yaml\/$/,
    hint: /use one of: .*ssm-agent/,
  },
  {
    name: 'an unknown local component',
    change: (r) => r.edit(COLLECTIONS, 'local: iiif-image-server', 'local: iiif-server-setup'),
    file: COLLECTIONS,
    path: 'images[0].components[3].local',
    where: ['iiif-server-setup'],
    message: /^no local component "iiif-server-setup" in teams\/collections\/components\/$/,
    hint: /add teams\/collections\/components\/iiif-server-setup\.yaml, or use one of: iiif-image-server, kiosk-windows/,
  },
  {
    name: 'an unknown account name',
    change: (r) => r.edit(PLATFORM, 'account: image-factory', 'account: imagefactory'),
    file: PLATFORM,
    path: 'account',
    where: ['imagefactory'],
    message: /^unknown account "imagefactory"$/,
    hint: /image-factory, collections-prod/,
  },
  {
    name: 'an unknown target account',
    change: (r) => r.edit(PLATFORM, 'accounts: [collections-prod, web-prod]', 'accounts: [collections-prod, web-production]'),
    file: PLATFORM,
    path: 'images[0].distribution[1].accounts[1]',
    where: ['web-production'],
    message: /^unknown account "web-production"$/,
    hint: /12-digit account id or a name/,
  },
  {
    name: 'an invalid region',
    change: (r) => r.edit(PLATFORM, 'region: eu-west-2', 'region: eu-west-9'),
    file: PLATFORM,
    path: 'region',
    where: ['eu-west-9'],
    message: /^"eu-west-9" is not an AWS region Image Builder runs in$/,
    hint: /use one of: .*"eu-west-2"/,
  },
  {
    name: 'a region without a platform KMS key',
    change: (r) => r.edit(PLATFORM, '      - region: eu-west-1', '      - region: us-east-1'),
    file: PLATFORM,
    path: 'images[0].distribution[1].region',
    where: ['us-east-1'],
    message: /^the platform has no KMS key for region us-east-1$/,
    hint: /record it in kmsKeys with `npm run platform -- record-keys`/,
  },
  {
    name: 'a cron expression with both day fields set',
    change: (r) => r.edit(PLATFORM, 'cron(0 3 1 * ? *)', 'cron(0 3 1 * * *)'),
    file: PLATFORM,
    path: 'images[0].schedule.cron',
    where: ['cron(0 3 1 * * *)'],
    message: /exactly one of day-of-month and day-of-week must be "\?"/,
    hint: /Rebuild cadence/,
  },
  {
    name: 'a cron expression with an hour out of range',
    change: (r) => r.edit(PLATFORM, 'cron(0 3 1 * ? *)', 'cron(0 25 1 * ? *)'),
    file: PLATFORM,
    path: 'images[0].schedule.cron',
    where: ['cron(0 25 1 * ? *)'],
    message: /hours field "25": 25 is outside 0-23/,
    hint: /Rebuild cadence/,
  },
  {
    name: 'a cron expression with five fields',
    change: (r) => r.edit(PLATFORM, 'cron(0 3 1 * ? *)', 'cron(0 3 1 * ?)'),
    file: PLATFORM,
    path: 'images[0].schedule.cron',
    where: ['cron(0 3 1 * ?)'],
    message: /has 6 fields .* has 5/,
    hint: /Rebuild cadence/,
  },
  {
    name: 'a duplicate image name',
    change: (r) => r.edit(PLATFORM, 'name: bastion-host', 'name: container-host # again'),
    file: PLATFORM,
    path: 'images[1].name',
    where: ['container-host # again'],
    message: /^image name "container-host" is already used by images\[0\]$/,
    hint: /its own name/,
  },
  {
    name: 'an image name Image Builder would reject',
    change: (r) => r.edit(PLATFORM, 'name: bastion-host', 'name: Bastion_Host'),
    file: PLATFORM,
    path: 'images[1].name',
    where: ['Bastion_Host'],
    message: /^"Bastion_Host" is not a valid image name/,
    hint: /config reference/,
  },
  {
    name: 'a component file name Image Builder would reject',
    change: (r) => r.write('components-yaml/Update OS.yaml', 'name: x\nschemaVersion: 1.0\nphases: []\n'),
    file: 'components-yaml/Update OS.yaml',
    path: '',
    where: null,
    message: /^"Update OS" cannot be a component name$/,
    hint: /rename the file/,
  },
  {
    name: 'a missing required field',
    change: (r) => r.edit(PLATFORM, '    description: Amazon Linux 2023 host for ECS and container workloads\n', ''),
    file: PLATFORM,
    path: 'images[0].description',
    where: ['name: container-host'],
    message: /^required field "description" is missing$/,
    hint: /add "description" here/,
  },
  {
    name: 'a value of the wrong type',
    change: (r) => r.edit(PLATFORM, 'sizeGiB: 40', 'sizeGiB: forty'),
    file: PLATFORM,
    path: 'images[0].blockDevices[0].sizeGiB',
    where: ['forty'],
    message: /expected number, received string/,
    hint: /type number/,
  },
  {
    name: 'a parameter the component does not declare',
    change: (r) => r.edit(PLATFORM, 'metricsNamespace: Museum/ContainerHosts', 'metricNamespace: Museum/ContainerHosts'),
    file: PLATFORM,
    path: 'images[0].components[2].parameters.metricNamespace',
    where: ['metricNamespace'],
    message: /^component "cloudwatch-agent" has no parameter "metricNamespace"$/,
    hint: /its parameters are: metricsNamespace, logGroupPrefix/,
  },
  {
    name: 'a component parameter without default left unset',
    change: (r) =>
      r
        .edit('teams/collections/components/iiif-image-server.yaml', "      default: '20'\n", '')
        .edit(COLLECTIONS, '        parameters:\n          cacheSizeGiB: 50\n', ''),
    file: COLLECTIONS,
    path: 'images[0].components[3]',
    where: ['local: iiif-image-server'],
    message: /^component "iiif-image-server" needs a value for parameter "cacheSizeGiB" \(it has no default\)$/,
    hint: /add parameters: \{ cacheSizeGiB: <value> \}/,
  },
  {
    name: 'a Linux component in a Windows image',
    change: (r) => r.edit(COLLECTIONS, '      - aws: amazon-cloudwatch-agent-windows', '      - shared: cloudwatch-agent'),
    file: COLLECTIONS,
    path: 'images[1].components[1]',
    where: ['shared: cloudwatch-agent', 2],
    message: /^component "cloudwatch-agent" is a Linux component but the image is Windows$/,
    hint: /use a Windows component/,
  },
  {
    name: 'a launch template in an account that does not receive the image',
    change: (r) =>
      r.edit(
        COLLECTIONS,
        '          - account: collections-prod\n            id: lt-0c0ffee0c0ffee001',
        '          - account: collections-staging\n            id: lt-0c0ffee0c0ffee001',
      ),
    file: COLLECTIONS,
    path: 'images[1].distribution[0].launchTemplates[0].account',
    where: ['account: collections-staging', 1, 9],
    message: /^account "collections-staging" does not receive this image in eu-west-2$/,
    hint: /add the account to "accounts"/,
  },
  {
    name: 'a component listed twice in one image',
    change: (r) => r.edit(PLATFORM, '      - shared: container-runtime\n', '      - shared: ssm-agent # again\n'),
    file: PLATFORM,
    path: 'images[0].components[4]',
    where: ['shared: ssm-agent # again'],
    message: /^component "shared: ssm-agent" is listed twice in this image$/,
    hint: /list each component once/,
  },
  {
    name: 'a team folder without team.yaml',
    change: (r) => r.write('teams/web/components/nginx.yaml', 'name: nginx\nschemaVersion: 1.0\nphases: []\n'),
    file: 'teams/web',
    path: '',
    where: null,
    message: /^the team folder has no team.yaml$/,
    hint: /^run npm run new-team -- web to write one/,
  },
];

const PLATFORM_SETTINGS = 'cdktf.json';
const SSM_DOC = 'components-yaml/ssm-agent.yaml';
const TEAM_LOCK = 'teams/platform/versions.lock.json';
const SHARED_LOCK = 'components-yaml/versions.lock.json';

/** Bad inputs beyond team.yaml: platform settings, component documents, lock files, odd files. */
const moreCases: BadInput[] = [
  {
    name: 'platform settings: an invalid state bucket name',
    change: (r) => r.edit(PLATFORM_SETTINGS, '"museum-golden-ami-tfstate"', '"Museum_TFState"'),
    file: PLATFORM_SETTINGS,
    path: 'context.platform.stateBucket',
    where: ['"Museum_TFState"'],
    message: /^"Museum_TFState" is not a valid S3 bucket name$/,
    hint: /config reference/,
  },
  {
    name: 'platform settings: an account id of 11 digits',
    change: (r) => r.edit(PLATFORM_SETTINGS, '"web-prod": "444444444444"', '"web-prod": "44444444444"'),
    file: PLATFORM_SETTINGS,
    path: 'context.platform.accounts.web-prod',
    where: ['"44444444444"'],
    message: /^an AWS account id has exactly 12 digits$/,
    hint: /config reference/,
  },
  {
    name: 'platform settings: a deploy role without {accountId}',
    change: (r) => r.edit(PLATFORM_SETTINGS, 'iam::{accountId}:role/golden-ami-deployer', 'iam::111111111111:role/golden-ami-deployer'),
    file: PLATFORM_SETTINGS,
    path: 'context.platform.deployRole',
    where: ['"arn:aws:iam::111111111111:role/golden-ami-deployer"'],
    message: /^the deploy role is an IAM role ARN with "\{accountId\}"/,
    hint: /config reference/,
  },
  {
    name: 'platform settings: a misspelt setting',
    change: (r) => r.edit(PLATFORM_SETTINGS, '"planRole"', '"planRoles"'),
    file: PLATFORM_SETTINGS,
    path: 'context.platform.planRoles',
    where: ['"planRoles"'],
    message: /^unknown field "planRoles" in the platform settings$/,
    hint: /did you mean "planRole"\?/,
  },
  {
    name: 'platform settings: a KMS key for a region that does not exist',
    change: (r) =>
      r.edit(
        PLATFORM_SETTINGS,
        '"eu-west-1": "arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"',
        '"eu-west-9": "arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"',
      ),
    file: PLATFORM_SETTINGS,
    path: 'context.platform.kmsKeys.eu-west-9',
    where: ['"eu-west-9"'],
    message: /eu-west-9/,
    hint: /./,
  },
  {
    name: 'platform settings: a KMS key that is not a key ARN',
    change: (r) =>
      r.edit(
        PLATFORM_SETTINGS,
        '"eu-west-1": "arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"',
        '"eu-west-1": "golden-ami"',
      ),
    file: PLATFORM_SETTINGS,
    path: 'context.platform.kmsKeys.eu-west-1',
    where: ['"golden-ami"'],
    message: /^"golden-ami" is not a KMS key ARN/,
    hint: /config reference/,
  },
  {
    name: 'platform settings: a KMS alias, which AWS and other accounts cannot compare or use',
    change: (r) =>
      r.edit(
        PLATFORM_SETTINGS,
        '"eu-west-1": "arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"',
        '"eu-west-1": "alias/golden-ami"',
      ),
    file: PLATFORM_SETTINGS,
    path: 'context.platform.kmsKeys.eu-west-1',
    where: ['"alias/golden-ami"'],
    message: /^"alias\/golden-ami" is an alias: use the key ARN \(aws kms describe-key/,
    hint: /config reference/,
  },
  {
    name: 'platform settings: a KMS key of another region',
    change: (r) =>
      r.edit(
        PLATFORM_SETTINGS,
        '"eu-west-1": "arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"',
        '"eu-west-1": "arn:aws:kms:eu-west-3:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"',
      ),
    file: PLATFORM_SETTINGS,
    path: 'context.platform.kmsKeys.eu-west-1',
    where: ['"arn:aws:kms:eu-west-3'],
    message: /^the key for eu-west-1 is in eu-west-3$/,
    hint: /a key of that region/,
  },
  {
    name: 'platform settings: a cadence limit of zero days',
    change: (r) => r.edit(PLATFORM_SETTINGS, '"organizationArn"', '"maxRebuildIntervalDays": 0,\n      "organizationArn"'),
    file: PLATFORM_SETTINGS,
    path: 'context.platform.maxRebuildIntervalDays',
    where: ['0,'],
    message: />=1/,
    hint: /fit the limit/,
  },
  {
    name: 'platform settings: a JSON syntax error',
    change: (r) => r.edit(PLATFORM_SETTINGS, '"stateRegion": "eu-west-2",', '"stateRegion": "eu-west-2",,'),
    file: PLATFORM_SETTINGS,
    path: '',
    where: [',,', 1, 1],
    message: /^YAML syntax error/,
    hint: /fix the YAML syntax/,
  },
  {
    name: 'team.yaml: an empty file',
    change: (r) => r.write(PLATFORM, '# nothing here yet\n'),
    file: PLATFORM,
    path: '',
    where: null,
    message: /^the file is empty$/,
    hint: /add the required content/,
  },
  {
    name: 'team.yaml: bytes that are not UTF-8',
    change: (r) => {
      const [before, after] = r.read(PLATFORM).split('owners:') as [string, string];
      r.write(PLATFORM, Buffer.concat([Buffer.from(`${before}owners: # caf`), Buffer.from([0xe9]), Buffer.from(after)]));
    },
    file: PLATFORM,
    path: '',
    where: ['owners: # caf'],
    message: /^the file is not valid UTF-8 text$/,
    hint: /save the file as UTF-8/,
  },
  {
    name: 'team.yaml: git merge conflict markers',
    change: (r) =>
      r.edit(PLATFORM, 'region: eu-west-2\n', '<<<<<<< HEAD\nregion: eu-west-2\n=======\nregion: eu-west-1\n>>>>>>> feature\n'),
    file: PLATFORM,
    path: '',
    where: ['<<<<<<< HEAD'],
    message: /^the file still holds git merge conflict markers$/,
    hint: /resolve the conflict/,
  },
  {
    name: 'team.yaml: a key given twice',
    change: (r) => r.edit(PLATFORM, 'region: eu-west-2\n', 'region: eu-west-2\nregion: eu-west-1\n'),
    file: PLATFORM,
    path: '',
    where: ['region: eu-west-1'],
    message: /^YAML syntax error: Map keys must be unique/,
    hint: /remove or rename one of the duplicate keys/,
  },
  {
    name: 'team.yaml: a file over 1 MiB',
    change: (r) => r.write(PLATFORM, `${r.read(PLATFORM)}\n${'# padding\n'.repeat(105_000)}`),
    file: PLATFORM,
    path: '',
    where: null,
    message: /^the file is 1\.0 MiB, over the 1 MiB limit$/,
    hint: /is a mistake/,
  },
  {
    name: 'team.yaml: a description over the API limit of 1024 bytes (600 two-byte letters)',
    change: (r) =>
      r.edit(PLATFORM, 'description: Hardened Amazon Linux 2023 host for Session Manager access', `description: ${'é'.repeat(600)}`),
    file: PLATFORM,
    path: 'images[1].description',
    where: ['éééé'],
    message: /^a description has at most 1024 bytes of UTF-8/,
    hint: /fit the limit/,
  },
  {
    name: "team.yaml: cdktf's own reference marker in a description",
    change: (r) =>
      r.edit(PLATFORM, 'description: Hardened Amazon Linux 2023 host for Session Manager access', 'description: "see ${TfToken[TOKEN.1]}"'),
    file: PLATFORM,
    path: 'images[1].description',
    where: ['"see ${TfToken'],
    message: /^the text "\$\{TfToken\[" is reserved: CDK for Terraform reads it as one of its own references$/,
    hint: /reword the text/,
  },
  {
    name: 'a component document: a cdktf list marker in a command',
    change: (r) =>
      r.edit(
        'components-yaml/update-os.yaml',
        'delaySeconds: 0',
        'delaySeconds: 0\n      - name: Marker\n        action: ExecuteBash\n        inputs:\n          commands: ["echo #{TfToken[TOKEN.2]}"]',
      ),
    file: 'components-yaml/update-os.yaml',
    path: 'phases[0].steps[2].inputs.commands[0]',
    where: ['"echo #{TfToken'],
    message: /^the text "#\{TfToken\[" is reserved/,
    hint: /reword the text/,
  },
  {
    name: 'team.yaml: an image name over 64 characters',
    change: (r) => r.edit(PLATFORM, 'name: bastion-host', `name: ${'b'.repeat(65)}`),
    file: PLATFORM,
    path: 'images[1].name',
    where: ['bbbb'],
    message: /^an image name has at most 64 characters$/,
    hint: /fit the limit/,
  },
  {
    name: 'team.yaml: an invalid email address',
    change: (r) => r.edit(PLATFORM, 'platform-alerts@museum.example.org', 'platform-alerts(at)museum'),
    file: PLATFORM,
    path: 'notifications.emails[0]',
    where: ['platform-alerts(at)museum'],
    message: /^not a valid email address$/,
    hint: /config reference/,
  },
  {
    name: 'team.yaml: an owner that is not a GitHub team',
    change: (r) => r.edit(PLATFORM, '"@museum-digital/platform"', 'platform-team'),
    file: PLATFORM,
    path: 'owners[0]',
    where: ['platform-team'],
    message: /^an owner is a GitHub team like @acme\/platform$/,
    hint: /config reference/,
  },
  {
    name: 'team.yaml: a malformed launch template id',
    change: (r) => r.edit(PLATFORM, 'id: lt-01234567890abcdef', 'id: lt-123'),
    file: PLATFORM,
    path: 'images[1].distribution[0].launchTemplates[0].id',
    where: ['lt-123'],
    message: /^a launch template id looks like lt-0123456789abcdef0$/,
    hint: /config reference/,
  },
  {
    name: 'team.yaml: an SSM parameter in the namespace AWS reserves',
    change: (r) => r.edit(PLATFORM, 'ssmParameter: /golden-ami/platform/bastion-host/latest', 'ssmParameter: /aws/golden-ami/bastion-host'),
    file: PLATFORM,
    path: 'images[1].distribution[0].ssmParameter',
    where: ['/aws/golden-ami'],
    message: /^an SSM parameter name cannot start with "aws" or "ssm"/,
    hint: /start it with your team/,
  },
  {
    name: 'team.yaml: an SSM parameter name over 1011 characters with its leading /',
    change: (r) => r.edit(PLATFORM, 'ssmParameter: /golden-ami/platform/bastion-host/latest', `ssmParameter: /${'p'.repeat(1011)}`),
    file: PLATFORM,
    path: 'images[1].distribution[0].ssmParameter',
    where: ['/ppp'],
    message: /^an SSM parameter name has at most 1011 characters/,
    hint: /./,
  },
  {
    name: 'a component document: a description over 1024 bytes',
    change: (r) =>
      r.edit(
        'components-yaml/update-os.yaml',
        'description: Installs the latest operating system updates and reboots the build instance.',
        `description: ${'✓'.repeat(342)}`,
      ),
    file: 'components-yaml/update-os.yaml',
    path: 'description',
    where: ['✓✓✓'],
    message: /^the description is 1026 bytes of UTF-8, over Image Builder's 1024$/,
    hint: /shorten it/,
  },
  {
    name: 'team.yaml: an organizational unit outside the platform organization',
    change: (r) =>
      r.edit(
        PLATFORM,
        '        organization: true\n',
        '        organization: true\n        organizationalUnits: [arn:aws:organizations::123456789012:ou/o-other00001/ou-ab12-cdef3456]\n',
      ),
    file: PLATFORM,
    path: 'images[1].distribution[0].organizationalUnits[0]',
    where: ['arn:aws:organizations::123456789012:ou/o-other00001'],
    message: /^organizational unit .* is not in the platform organization o-museum0001$/,
    hint: /use an organizational unit of the platform organization/,
  },
  {
    name: 'team.yaml: a component that is both shared and AWS-managed',
    change: (r) =>
      r.edit(PLATFORM, '      - shared: container-runtime\n', '      - shared: container-runtime\n        aws: docker-ce-linux\n'),
    file: PLATFORM,
    path: 'images[0].components[4]',
    where: ['shared: container-runtime'],
    message: /^a component has exactly one of "shared", "local" or "aws", not shared and aws$/,
    hint: /write e\.g\./,
  },
  {
    name: 'team.yaml: a shared component pinned to a version its lock never recorded',
    change: (r) => r.edit(PLATFORM, '      - shared: container-runtime\n', '      - shared: container-runtime\n        version: 1.2.0\n'),
    file: PLATFORM,
    path: 'images[0].components[4].version',
    where: ['1.2.0'],
    message: /^shared component "container-runtime" never had version 1\.2\.0: its lock history records 1\.0\.0$/,
    hint: /pin one of those versions .*remove "version" to use the current one, 1\.0\.0/,
  },
  {
    name: 'team.yaml: a pinned shared component further behind than maxPinnedComponentVersionsBehind',
    change: (r) =>
      r
        .edit('cdktf.json', '"logBucket"', '"maxPinnedComponentVersionsBehind": 0, "logBucket"')
        // baseline-hardening at 1.0.1, its 1.0.0 kept for the example's pin: the pin is 1 version behind.
        .edit(
          'components-yaml/versions.lock.json',
          /("component:baseline-hardening": \{[\s\S]*?"version": )"1\.0\.0"/,
          '$1"1.0.1", "earlier": ["1.0.0"]',
        ),
    file: PLATFORM,
    path: 'images[1].components[2].version',
    where: ['version: 1.0.0', 1, 9],
    message: /^shared component "baseline-hardening" pinned at 1\.0\.0 is 1 version behind 1\.0\.1, more than the platform maximum of 0$/,
    hint: /pinned-component-age/,
  },
  {
    name: 'team.yaml: a shared component pinned to a version pattern',
    change: (r) => r.edit(PLATFORM, '      - shared: container-runtime\n', '      - shared: container-runtime\n        version: 1.x.x\n'),
    file: PLATFORM,
    path: 'images[0].components[4].version',
    where: ['1.x.x'],
    message: /^a pinned shared component names one exact version, not the pattern "1\.x\.x"$/,
    hint: /write the version the shared lock recorded/,
  },
  {
    name: 'team.yaml: a pinned local component',
    change: (r) => r.edit(COLLECTIONS, '      - local: iiif-image-server\n', '      - local: iiif-image-server\n        version: 1.0.0\n'),
    file: COLLECTIONS,
    path: 'images[0].components[3].version',
    where: ['1.0.0'],
    message: /^a local component cannot be pinned: it is deployed only at its current version$/,
    hint: /only shared components/,
  },
  {
    name: 'team.yaml: a schedule limited to one year (it stops rebuilding)',
    change: (r) => r.edit(PLATFORM, 'cron(0 3 1 * ? *)', 'cron(0 3 1 * ? 2027)'),
    file: PLATFORM,
    path: 'images[0].schedule.cron',
    where: ['cron(0 3 1 * ? 2027)'],
    message: /^scheduled builds can be \d+ days apart, more than the platform maximum of 90 days$/,
    hint: /rebuild-cadence/,
  },
  {
    name: 'team.yaml: names that collide in AWS with another team',
    change: (r) =>
      r.write(
        'teams/platform-container/team.yaml',
        // Without distribution: the copy would write the platform team's SSM parameters and launch templates; nor its AMI name.
        r
          .read(PLATFORM)
          .replace('name: container-host', 'name: host')
          .replace('name: bastion-host', 'name: jump-box')
          .replace('amiName: museum-bastion-al2023-', 'amiName: platform-container-jump-box-')
          .replace(/ {4}distribution:\n(?: {6,}.*\n?)*/g, ''),
      ),
    file: 'teams/platform-container/team.yaml',
    path: 'images[0]',
    where: ['name: host'],
    message:
      /^image host of team platform-container would be named "platform-container-host" in AWS, like image container-host of team platform/,
    hint: /rename one of them/,
  },
  {
    name: 'a team folder whose name cannot be a team name',
    change: (r) => r.write('teams/Web_Team/team.yaml', r.read(PLATFORM)),
    file: 'teams/Web_Team',
    path: '',
    where: null,
    message: /^"Web_Team" is not a valid team name/,
    hint: /rename the folder/,
  },
  {
    name: 'a component document with a YAML syntax error',
    change: (r) => r.edit(SSM_DOC, 'schemaVersion: 1.0', 'schemaVersion: [1.0'),
    file: SSM_DOC,
    path: '',
    where: ['phases:'],
    message: /^YAML syntax error/,
    hint: /fix the YAML syntax/,
  },
  {
    name: 'a component document with an unknown action module',
    change: (r) => r.edit(SSM_DOC, 'action: ExecuteBash', 'action: ExecuteShell'),
    file: SSM_DOC,
    path: 'phases[0].steps[0].action',
    where: ['ExecuteShell'],
    message: /ExecuteShell/,
    hint: /ExecuteBash/,
  },
  {
    name: 'a component document without phases',
    change: (r) => r.write(SSM_DOC, 'name: ssm-agent\ndescription: nothing to do\nschemaVersion: 1.0\n'),
    file: SSM_DOC,
    path: '',
    where: ['name: ssm-agent'],
    message: /phases/,
    hint: /./,
  },
  {
    name: 'a component document with two steps of the same name',
    change: (r) => r.edit(SSM_DOC, 'name: EnableSsmAgent', 'name: InstallSsmAgent'),
    file: SSM_DOC,
    path: 'phases[0].steps[1].name',
    where: ['InstallSsmAgent', 2],
    message: /InstallSsmAgent/,
    hint: /./,
  },
  {
    name: 'a component document using a variable it never declares',
    change: (r) => r.edit(SSM_DOC, 'dnf install -y amazon-ssm-agent', 'dnf install -y {{ agentPackage }}'),
    file: SSM_DOC,
    path: 'phases[0].steps[0].inputs.commands[0]',
    where: ['- |', 1, 2],
    message: /agentPackage/,
    hint: /./,
  },
  {
    name: 'a lock file that is not valid JSON',
    change: (r) => r.edit(TEAM_LOCK, '"retired": {}', '"retired": {} ]'),
    file: TEAM_LOCK,
    path: '',
    where: ['"retired": {} ]', 1, 14],
    message: /^YAML syntax error/,
    hint: /npm run versions/,
  },
  {
    name: 'a lock file with merge conflict markers',
    change: (r) =>
      r.edit(
        SHARED_LOCK,
        '  "retired": {}',
        '<<<<<<< HEAD\n  "retired": {}\n=======\n  "retired": {"component:old": "1.0.0"}\n>>>>>>> feature',
      ),
    file: SHARED_LOCK,
    path: '',
    where: ['<<<<<<< HEAD'],
    message: /^the file still holds git merge conflict markers$/,
    hint: /npm run versions/,
  },
  {
    name: 'a lock file of the wrong shape',
    change: (r) => r.edit(TEAM_LOCK, /"version": "1\.0\.0"/, '"version": "one"'),
    file: TEAM_LOCK,
    path: 'entries.recipe:bastion-host.version',
    where: ['"one"'],
    message: /^a version is major\.minor\.patch, e\.g\. 1\.2\.0$/,
    hint: /npm run versions/,
  },
];

describe('bad input', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  it('cover at least 40 distinct bad inputs', () => {
    expect(new Set([...cases, ...moreCases, ...tables].map((c) => c.name)).size).toBeGreaterThanOrEqual(40);
  });

  it.each([...cases, ...moreCases, ...tables])('reports $name at its file, path, line and column', (bad) => {
    bad.change(repo);
    const problems = problemsOf(repo);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem).toMatchObject({ severity: 'error', file: bad.file, path: bad.path });
    const position = { line: problem!.line, column: problem!.column };
    expect(position).toEqual(bad.where ? at(repo, bad.file, bad.where) : { line: undefined, column: undefined });
    expect(problem!.message).toMatch(bad.message);
    expect(problem!.hint).toMatch(bad.hint);
  });

  it('reports every problem of a run together, across files', () => {
    const together = /invalid region|wrong type|unknown nested|Linux component|file name|without team.yaml/;
    for (const bad of cases.filter((c) => together.test(c.name))) bad.change(repo);
    const problems = problemsOf(repo);
    expect(problems.map((p) => `${p.file}:${p.path}`).sort()).toEqual([
      'components-yaml/Update OS.yaml:',
      `${COLLECTIONS}:images[1].components[1]`,
      `${PLATFORM}:images[0].blockDevices[0].sizeGiB`,
      `${PLATFORM}:images[0].schedule.every`,
      `${PLATFORM}:region`,
      'teams/web:',
    ]);
  });

  it('writes nothing (no cdktf.out, no lock change) when any input is wrong', async () => {
    repo.edit(PLATFORM, 'shared: ssm-agent', 'shared: ssm-agnet');
    repo.edit('components-yaml/update-os.yaml', 'Installs the latest', 'Installs all the latest');
    const lockBefore = repo.read('components-yaml/versions.lock.json');
    const outdir = repo.path('cdktf.out');
    const code = await synthesizeFleet(repo.root, { ci: false, outdir });
    expect(code).toBe(1);
    expect(existsSync(outdir)).toBe(false);
    expect(repo.read('components-yaml/versions.lock.json')).toBe(lockBefore);
  });

  it('synthesises every team into cdktf.out/stacks/<team>/cdk.tf.json when the input is right', async () => {
    const outdir = repo.path('cdktf.out');
    expect(await synthesizeFleet(repo.root, { ci: true, outdir })).toBe(0);
    expect(
      readdirSync(`${outdir}/stacks`)
        .filter((stack) => !stack.startsWith('foundation-'))
        .sort(),
    ).toEqual(['collections', 'platform', 'website']);
    expect(readdirSync(`${outdir}/stacks`)).toContain('foundation-image-factory');
    expect(existsSync(`${outdir}/stacks/platform/cdk.tf.json`)).toBe(true);
  });
});

/** Bad on-demand schedules, AMI names and recipe settings: each is reported once, at the value in team.yaml. */
import { COLLECTIONS, PLATFORM, type BadInput } from '../support/bad-input.js';

const CRON = '      cron: cron(0 3 1 * ? *)\n';
const BASTION_TYPES = '    instanceTypes: [t3.small]\n';
const BASTION_AMI_NAME = 'museum-bastion-al2023-{{ imagebuilder:buildDate }}';
type Change = BadInput['change'];
/** Adds settings to the bastion-host image (images[1]), under its instance types. */
const bastion =
  (settings: string): Change =>
  (r) =>
    r.edit(PLATFORM, BASTION_TYPES, `${BASTION_TYPES}${settings}`);
/** Gives the bastion-host image another AMI name. */
const amiName =
  (name: string): Change =>
  (r) =>
    r.edit(PLATFORM, BASTION_AMI_NAME, name);

export const cases: BadInput[] = [
  {
    name: "an AMI name that starts with another team's prefix",
    change: (r) =>
      r.edit(
        COLLECTIONS,
        '    instanceTypes: [m7g.large]\n',
        '    instanceTypes: [m7g.large]\n    amiName: platform-container-host-{{ imagebuilder:buildDate }}\n',
      ),
    file: COLLECTIONS,
    path: 'images[0].amiName',
    where: ['platform-container-host-{{'],
    message:
      /^AMI name "platform-container-host-\{\{ imagebuilder:buildDate \}\}" starts with "platform-", the prefix of team platform's AMIs \(teams\/platform\/team\.yaml\)$/,
    hint: /^start it with "collections-"/,
  },
  {
    name: "an AMI name whose fixed start overlaps another team's AMI name",
    change: (r) =>
      r.edit(
        COLLECTIONS,
        '    instanceTypes: [m7g.large]\n',
        '    instanceTypes: [m7g.large]\n    amiName: museum-{{ imagebuilder:buildVersion }}\n',
      ),
    file: COLLECTIONS,
    path: 'images[0].amiName',
    where: ['museum-{{'],
    message:
      /^AMI name "museum-\{\{ imagebuilder:buildVersion \}\}" overlaps team platform's "museum-bastion-al2023-\{\{ imagebuilder:buildDate \}\}" \(teams\/platform\/team\.yaml:\d+ at images\[1\]\.amiName\): a consumer filtering on "museum-\*" would get both teams' AMIs$/,
    hint: /^start it with "collections-"/,
  },
  {
    name: 'an io2 volume without iops, which EC2 refuses',
    change: (r) => r.edit(PLATFORM, '        type: gp3', '        type: io2'),
    file: PLATFORM,
    path: 'images[0].blockDevices[0].type',
    where: ['type: io2', 1, 6],
    message: /^an io2 volume needs iops: EC2 refuses io2 without provisioned IOPS$/,
    hint: /^add iops \(100–40000 for 40 GiB\)$/,
  },
  {
    name: 'an io1 volume with more IOPS per GiB than EC2 allows',
    change: (r) => r.edit(PLATFORM, '        type: gp3', '        type: io1\n        iops: 4000'),
    file: PLATFORM,
    path: 'images[0].blockDevices[0].iops',
    where: ['iops: 4000', 1, 6],
    message: /^an io1 volume has at most 50 IOPS per GiB: 40 GiB allows 2000, not 4000$/,
    hint: /raise sizeGiB to at least 80/,
  },
  {
    name: 'throughput on a volume that is not gp3',
    change: (r) => r.edit(PLATFORM, '        type: gp3', '        type: gp2\n        throughput: 250'),
    file: PLATFORM,
    path: 'images[0].blockDevices[0].throughput',
    where: ['throughput: 250', 1, 12],
    message: /^a gp2 volume takes no throughput: EC2 provisions throughput only for gp3$/,
    hint: /remove throughput/,
  },
  {
    name: 'an st1 volume smaller than EC2 allows',
    change: (r) => r.edit(PLATFORM, '        type: gp3', '        type: st1'),
    file: PLATFORM,
    path: 'images[0].blockDevices[0].sizeGiB',
    where: ['sizeGiB: 40', 1, 9],
    message: /^an st1 volume is 125–16000 GiB/,
    hint: /change sizeGiB/,
  },
  {
    name: 'an on-demand image without the rebuild-cadence exception',
    change: (r) => r.edit(PLATFORM, CRON, '      onDemand: true\n'),
    file: PLATFORM,
    path: 'images[0].schedule.onDemand',
    where: ['onDemand: true', 1, 10],
    message: /^an on-demand image has no schedule, so nothing rebuilds it within the platform maximum of 90 days$/,
    hint: /exception \{ check: rebuild-cadence, reason: \.\.\. \}/,
  },
  {
    name: 'an on-demand image with a cron expression',
    // With the exception an on-demand image needs: the cron is then its one problem.
    change: (r) =>
      r
        .edit(PLATFORM, CRON, `${CRON}      onDemand: true\n`)
        .edit(
          PLATFORM,
          '    instanceTypes: [m7i.large, m6i.large]\n',
          '    instanceTypes: [m7i.large, m6i.large]\n    exceptions:\n      - check: rebuild-cadence\n        reason: built from CI when the vendor certifies a release\n',
        ),
    file: PLATFORM,
    path: 'images[0].schedule.cron',
    where: ['cron(0 3 1 * ? *)'],
    message: /^an on-demand image has no schedule, so no "cron"$/,
    hint: /remove "cron", or remove onDemand/,
  },
  {
    name: 'an AMI name without a build-unique variable',
    change: amiName('museum-bastion'),
    file: PLATFORM,
    path: 'images[1].amiName',
    where: ['museum-bastion'],
    message: /needs \{\{ imagebuilder:buildDate \}\} or \{\{ imagebuilder:buildVersion \}\}/,
    hint: /imagebuilder:buildDate/,
  },
  {
    name: "an AMI name over the provider's 127 characters",
    change: amiName(`${'b'.repeat(100)}-{{ imagebuilder:buildDate }}`),
    file: PLATFORM,
    path: 'images[1].amiName',
    where: ['bbbb'],
    message: /^an AMI name has at most 127 characters, the \{\{ \.\.\. \}\} variables included \(it has 129\)$/,
    hint: /docs\/reference\.md/,
  },
  {
    name: 'an AMI name with a character the provider refuses',
    change: amiName('museum/bastion-{{ imagebuilder:buildDate }}'),
    file: PLATFORM,
    path: 'images[1].amiName',
    where: ['museum/bastion'],
    message: /^an AMI name uses letters, digits, spaces and _ \. -/,
    hint: /docs\/reference\.md/,
  },
  {
    name: 'an AMI name with a colon outside the variables, which EC2 refuses',
    change: amiName('"bastion:{{ imagebuilder:buildDate }}"'),
    file: PLATFORM,
    path: 'images[1].amiName',
    where: ['"bastion:'],
    message: /EC2 refuses : \{ \} and line breaks/,
    hint: /docs\/reference\.md/,
  },
  {
    name: "a region's AMI name without a build-unique variable",
    change: (r) =>
      r.edit(PLATFORM, '      - region: eu-west-1\n', '      - region: eu-west-1\n        amiName: museum-container-host-ireland\n'),
    file: PLATFORM,
    path: 'images[0].distribution[1].amiName',
    where: ['museum-container-host-ireland'],
    message: /needs \{\{ imagebuilder:buildDate \}\}/,
    hint: /./,
  },
  {
    name: "user data over Image Builder's 21847 base64 characters",
    change: bastion(`    userData: ${'x'.repeat(16384)}\n`),
    file: PLATFORM,
    path: 'images[1].userData',
    where: ['xxxx'],
    message: /^user data is 16384 bytes, 21848 characters in base64, over Image Builder's 21847 \(16383 bytes of text\)$/,
    hint: /component/,
  },
  {
    name: 'a relative working directory',
    change: bastion('    workingDirectory: build\n'),
    file: PLATFORM,
    path: 'images[1].workingDirectory',
    where: ['workingDirectory: build', 1, 18],
    message: /^the working directory is an absolute path/,
    hint: /./,
  },
  {
    name: 'an EBS snapshot id of the wrong form',
    change: (r) => r.edit(PLATFORM, '        type: gp3\n', '        type: gp3\n        snapshotId: snapshot-1234\n'),
    file: PLATFORM,
    path: 'images[0].blockDevices[0].snapshotId',
    where: ['snapshot-1234'],
    message: /^a snapshot id looks like snap-0123456789abcdef0$/,
    hint: /./,
  },
  {
    name: 'an instance metadata hop limit over 64',
    change: bastion('    instanceMetadataHopLimit: 65\n'),
    file: PLATFORM,
    path: 'images[1].instanceMetadataHopLimit',
    where: ['65'],
    message: /<=64/,
    hint: /fit the limit/,
  },
  {
    name: 'automatic rebuilds asked for with a string, not true or false',
    change: bastion('    rebuildOnCriticalFindings: "yes"\n'),
    file: PLATFORM,
    path: 'images[1].rebuildOnCriticalFindings',
    where: ['"yes"'],
    message: /expected boolean, received string/,
    hint: /boolean/,
  },
];

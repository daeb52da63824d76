/** Bad on-demand schedules, AMI names and recipe settings: each is reported once, at the value in team.yaml. */
import { PLATFORM, type BadInput } from '../support/bad-input.js';

const CRON = '      cron: cron(0 3 1 * ? *)\n';
const BASTION_TYPES = '    instanceTypes: [t3.small]\n';
const BASTION_AMI_NAME = 'museum-bastion-al2023-{{ imagebuilder:buildDate }}';
type Change = BadInput['change'];
/** Adds settings to the bastion-host image (images[1]), under its instance types. */
const bastion = (settings: string): Change => (r) => r.edit(PLATFORM, BASTION_TYPES, `${BASTION_TYPES}${settings}`);
/** Gives the bastion-host image another AMI name. */
const amiName = (name: string): Change => (r) => r.edit(PLATFORM, BASTION_AMI_NAME, name);

export const cases: BadInput[] = [
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
    change: (r) => r.edit(PLATFORM, CRON, `${CRON}      onDemand: true\n`),
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
    name: 'an AMI name over the provider\'s 127 characters',
    change: amiName(`${'b'.repeat(100)}-{{ imagebuilder:buildDate }}`),
    file: PLATFORM,
    path: 'images[1].amiName',
    where: ['bbbb'],
    message: /^an AMI name has at most 127 characters, the \{\{ \.\.\. \}\} variables included \(it has 129\)$/,
    hint: /README/,
  },
  {
    name: 'an AMI name with a character the provider refuses',
    change: amiName('museum/bastion-{{ imagebuilder:buildDate }}'),
    file: PLATFORM,
    path: 'images[1].amiName',
    where: ['museum/bastion'],
    message: /^an AMI name uses letters, digits, spaces and _ \. -/,
    hint: /README/,
  },
  {
    name: 'an AMI name with a colon outside the variables, which EC2 refuses',
    change: amiName('"bastion:{{ imagebuilder:buildDate }}"'),
    file: PLATFORM,
    path: 'images[1].amiName',
    where: ['"bastion:'],
    message: /EC2 refuses : \{ \} and line breaks/,
    hint: /README/,
  },
  {
    name: 'a region\'s AMI name without a build-unique variable',
    change: (r) => r.edit(PLATFORM, '      - region: eu-west-1\n', '      - region: eu-west-1\n        amiName: museum-container-host-ireland\n'),
    file: PLATFORM,
    path: 'images[0].distribution[1].amiName',
    where: ['museum-container-host-ireland'],
    message: /needs \{\{ imagebuilder:buildDate \}\}/,
    hint: /./,
  },
  {
    name: 'user data over Image Builder\'s 21847 base64 characters',
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

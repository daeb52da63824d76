/** Every kind of bad input is reported with file, YAML path, line:column and a hint; nothing is written. */
import { existsSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../src/config/problems.js';
import { synthesizeFleet } from '../src/cli/synth.js';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { FixtureRepo } from './support/fixture.js';

const PLATFORM = 'teams/platform/team.yaml';
const COLLECTIONS = 'teams/collections/team.yaml';

/** 1-based line and column of the `occurrence`-th match of `needle` in a file of the repo. */
function at(repo: FixtureRepo, file: string, [needle, occurrence = 1]: Where): { line: number; column: number } {
  const lines = repo.read(file).split('\n');
  let seen = 0;
  for (const [index, line] of lines.entries()) {
    const column = line.indexOf(needle);
    if (column >= 0 && ++seen === occurrence) return { line: index + 1, column: column + 1 };
  }
  throw new Error(`"${needle}" not found in ${file}`);
}

/** The text the problem points at (its first character), and which occurrence of it. */
type Where = [needle: string, occurrence?: number];

function problemsOf(repo: FixtureRepo): Problem[] {
  const { problems, plan } = loadVersionedFleet(repo.root);
  return [...problems.errors, ...(plan?.damage ?? [])];
}

interface BadInput {
  name: string;
  change: (repo: FixtureRepo) => void;
  file: string;
  path: string;
  /** Where the problem points; null for a problem with the file as a whole. */
  where: Where | null;
  message: RegExp;
  hint: RegExp;
}

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
    hint: /add "us-east-1" to kmsKeys in cdktf.json/,
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
    change: (r) => r.edit(PLATFORM, '          - account: web-prod\n            id: lt-01234567890abcdef', '          - account: digital-lab\n            id: lt-01234567890abcdef'),
    file: PLATFORM,
    path: 'images[1].distribution[0].launchTemplates[0].account',
    where: ['digital-lab'],
    message: /^account "digital-lab" does not receive this image in eu-west-2$/,
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
    hint: /add teams\/web\/team.yaml/,
  },
];

describe('bad input', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  it.each(cases)('reports $name at its file, path, line and column', (bad) => {
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

  it('writes nothing (no cdktf.out, no lock change) when any input is wrong', () => {
    repo.edit(PLATFORM, 'shared: ssm-agent', 'shared: ssm-agnet');
    repo.edit('components-yaml/update-os.yaml', 'Installs the latest', 'Installs all the latest');
    const lockBefore = repo.read('components-yaml/versions.lock.json');
    const outdir = repo.path('cdktf.out');
    const code = synthesizeFleet(repo.root, { ci: false, outdir });
    expect(code).toBe(1);
    expect(existsSync(outdir)).toBe(false);
    expect(repo.read('components-yaml/versions.lock.json')).toBe(lockBefore);
  });

  it('synthesises every team into cdktf.out/stacks/<team>/cdk.tf.json when the input is right', () => {
    const outdir = repo.path('cdktf.out');
    expect(synthesizeFleet(repo.root, { ci: true, outdir })).toBe(0);
    expect(readdirSync(`${outdir}/stacks`).sort()).toEqual(['collections', 'platform']);
    expect(existsSync(`${outdir}/stacks/platform/cdk.tf.json`)).toBe(true);
  });
});

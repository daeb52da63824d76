/** On any error nothing is half-written: output and locks stay exactly as they were. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { format } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeAbandonedStagingFolders } from '../src/synthesis/staging-folder.js';
import { synthesizeFleet } from '../src/synthesis/pipeline.js';
import * as engine from '../src/checks/engine.js';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { cliArgs } from './support/cli.js';
import { FixtureRepo, REPO_ROOT } from './support/fixture.js';
import { folderContents } from './support/folder-contents.js';

const LOCKS = ['components-yaml/versions.lock.json', 'teams/platform/versions.lock.json', 'teams/collections/versions.lock.json'];

describe('a failed synth', () => {
  // The example with a good synth's cdktf.out, synthesised once; each test fails a synth in a copy of it.
  let synthesized: FixtureRepo;
  let repo: FixtureRepo;
  let errors: string[];
  let before: ReturnType<typeof outputAndLocks>;

  beforeAll(async () => {
    synthesized = new FixtureRepo();
    expect(await synthesizeFleet(synthesized.root, { ci: true, outdir: synthesized.path('cdktf.out') })).toBe(0);
  });
  afterAll(() => synthesized.dispose());
  beforeEach(() => {
    repo = new FixtureRepo({ copyOf: synthesized.root });
    errors = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(...format(line).split('\n')));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    repo.dispose();
  });

  /** What a synth may write: cdktf.out and the locks. */
  const outputAndLocks = () => ({ output: folderContents(repo.path('cdktf.out')), locks: LOCKS.map((lock) => repo.read(lock)) });

  const run = (ci: boolean) => {
    before = outputAndLocks();
    return synthesizeFleet(repo.root, { ci, outdir: repo.path('cdktf.out') });
  };

  const unchanged = () => {
    expect(outputAndLocks()).toEqual(before);
    expect(readdirSync(repo.root).filter((name) => name.startsWith('.cdktf.out'))).toEqual([]);
  };

  const listedOnce = () => {
    const problems = errors.filter((line) => / (error|warning)( at [^:]+)?: /.test(line));
    expect(problems.length).toBeGreaterThan(0);
    expect(new Set(problems).size).toBe(problems.length);
  };

  it('on bad config, with a stale lock waiting to be updated', async () => {
    repo.edit('components-yaml/ssm-agent.yaml', 'Ensures amazon-ssm-agent', 'Makes sure amazon-ssm-agent');
    repo.edit('teams/platform/team.yaml', 'account: image-factory', 'account: imagefactory');
    repo
      .edit('teams/collections/team.yaml', 'region', 'regoin')
      .edit(
        'cdktf.json',
        '"eu-west-1": "arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"',
        '"eu-west-1": "golden-ami"',
      );
    expect(await run(false)).toBe(1);
    unchanged();
    listedOnce();
  });

  it('on a damaged lock', async () => {
    repo.edit(LOCKS[1]!, '"retired": {}', '"retired": {');
    expect(await run(false)).toBe(1);
    unchanged();
    listedOnce();
  });

  it('on a stale lock in CI', async () => {
    repo.edit('components-yaml/ssm-agent.yaml', 'Ensures amazon-ssm-agent', 'Makes sure amazon-ssm-agent');
    expect(await run(true)).toBe(1);
    unchanged();
  });

  it('on a policy violation, even with locks to update', async () => {
    repo.edit('components-yaml/ssm-agent.yaml', 'Ensures amazon-ssm-agent', 'Makes sure amazon-ssm-agent');
    vi.spyOn(engine, 'checkPolicies').mockReturnValue({
      violations: [
        {
          check: 'imdsv2',
          severity: 'error',
          stack: 'platform',
          resource: 'aws_imagebuilder_infrastructure_configuration.x',
          constructPath: 'platform/image-x/infrastructure',
          message: 'instances do not require IMDSv2',
          source: { file: 'teams/platform/team.yaml', path: 'images[0]', line: 12, column: 5 },
        },
      ],
      waived: [],
    });
    expect(await run(false)).toBe(1);
    unchanged();
    expect(errors.join('\n')).toContain('teams/platform/team.yaml:12:5 error at images[0]: policy imdsv2: instances do not require IMDSv2');
  });

  it('and a good one replaces the whole output folder', async () => {
    repo.write('cdktf.out/stacks/platform/cdk.tf', 'stale HCL from an earlier run');
    expect(await run(false)).toBe(0);
    expect(readdirSync(repo.path('cdktf.out/stacks/platform'))).toEqual(['cdk.tf.json']);
  });
});

describe('npm run versions, twice at once', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const versions = () =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, cliArgs('versions'), {
        cwd: repo.root,
        stdio: 'ignore',
      });
      child.on('exit', (code) => resolve(code ?? -1));
    });

  it('never corrupts a lock file', async () => {
    for (let round = 0; round < 3; round++) {
      repo.edit('components-yaml/ssm-agent.yaml', /Ensures amazon-ssm-agent( \(round \d\))?/, `Ensures amazon-ssm-agent (round ${round})`);
      expect(await Promise.all([versions(), versions()])).toEqual([0, 0]);
      const { plan } = loadVersionedFleet(repo.root);
      expect(plan!.damage).toEqual([]);
      expect(plan!.staleLocks).toEqual([]);
      expect(JSON.parse(repo.read('components-yaml/versions.lock.json')).entries['component:ssm-agent'].version).toBe(`1.0.${round + 1}`);
    }
  });
});

describe('a staging folder left by a killed synth', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    repo.dispose();
  });

  it('is removed by the next run when its owner is gone; a running synth’s folder and other folders stay', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const abandoned = `.cdktf.out-${dead}-a1B2c3`;
    const running = `.cdktf.out-${process.pid}-d4E5f6`;
    for (const folder of [abandoned, running, '.cdktf.out-keepme', '.cdktf.out-g7H8i9'])
      repo.write(`${folder}/stacks/platform/cdk.tf.json`, '{}');
    expect(await synthesizeFleet(repo.root, { ci: true, outdir: repo.path('cdktf.out') })).toBe(0);
    expect(
      readdirSync(repo.root)
        .filter((name) => name.startsWith('.cdktf.out'))
        .sort(),
    ).toEqual([running, '.cdktf.out-g7H8i9', '.cdktf.out-keepme'].sort());
    expect(removeAbandonedStagingFolders(repo.path('cdktf.out'), Date.now() + 25 * 60 * 60 * 1000)).toEqual([running]);
  });

  it('is ignored by git', () => {
    expect(
      execFileSync('git', ['check-ignore', '.cdktf.out-12345-a1B2c3/stacks/x/cdk.tf.json'], { cwd: REPO_ROOT, encoding: 'utf8' }),
    ).not.toBe('');
  });
});

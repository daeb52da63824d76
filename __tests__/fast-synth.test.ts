/**
 * `npm run synth` runs the synthesis without the cdktf CLI and must leave exactly what `cdktf synth`
 * leaves, so that `cdktf diff/deploy <stack>` and `terraform -chdir=cdktf.out/stacks/<team>` work on
 * it. The comparison runs the real cdktf CLI (about 6 s a run): the CLI's own work after the app
 * (the stale stack folders it deletes, the formatter of `--hcl`) is what the fast path could get
 * wrong, and running only the app would not show it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryLine, synthesizeFleet } from '../src/synthesis/pipeline.js';
import { runCliWith } from './support/cli.js';
import { FixtureRepo, REPO_ROOT } from './support/fixture.js';
import { folderContents } from './support/folder-contents.js';

/** The cdktf CLI as `npm run cdktf` runs it: with HashiCorp's checkpoint off (bin/cdktf.mjs). */
const CDKTF = join(REPO_ROOT, 'bin/cdktf.mjs');
/** The environment of a developer's shell: no CHECKPOINT_DISABLE (the workflows set it themselves). */
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'CHECKPOINT_DISABLE')),
  CI: 'true',
};
const CLI_TIMEOUT_MS = 120_000;

/** Keeps only the files under `prefix`. */
function under(files: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([path]) => path.startsWith(prefix)));
}

/** The stacks a manifest lists (the teams', and any other stack the app writes). */
function stacksOf(files: Record<string, string>): string[] {
  return Object.keys(JSON.parse(files['manifest.json']!).stacks as object).sort();
}

/** The files a synth writes: the manifest and one cdk.tf.json per stack (and with --hcl one cdk.tf per stack). */
function expectedFiles(stacks: string[], hcl = false): string[] {
  return [
    'manifest.json',
    ...stacks.map((stack) => `stacks/${stack}/cdk.tf.json`),
    ...(hcl ? stacks.map((stack) => `hcl/${stack}/cdk.tf`) : []),
  ].sort();
}

/** A copy of the example whose cdktf.json runs this repository's app, as the CLI would from the repository. */
function exampleRepo(): FixtureRepo {
  const repo = new FixtureRepo();
  return repo.edit(
    'cdktf.json',
    '"app": "node bin/run.mjs main.ts"',
    `"app": "node ${join(REPO_ROOT, 'bin/run.mjs')} ${join(REPO_ROOT, 'main.ts')}"`,
  );
}

/** `npm run synth -- <args>` in the repository, in-process. */
function fastSynth(repo: FixtureRepo, ...args: string[]) {
  return runCliWith({ cwd: repo.root, env: ENV }, 'synth', ...args);
}

/** What the CLI printed on each run, for the check that no run calls HashiCorp's checkpoint service. */
const cliOutput: string[] = [];

function cdktfSynth(repo: FixtureRepo, ...args: string[]) {
  const result = spawnSync(process.execPath, [CDKTF, 'synth', ...args], { cwd: repo.root, env: ENV, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cdktf synth ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  cliOutput.push(result.stdout + result.stderr);
  return folderContents(repo.path('cdktf.out'));
}

/** A stack folder of a team that no longer exists, as an earlier synth left it. */
function plantRemovedTeam(repo: FixtureRepo): void {
  repo.write('cdktf.out/stacks/retired-team/cdk.tf.json', '{}');
}

describe('npm run synth against the cdktf CLI (example repository)', () => {
  let repo: FixtureRepo;
  let fast: Record<string, string>;
  let fastHcl: Record<string, string>;
  let cli: Record<string, string>;
  let cliHcl: Record<string, string>;

  beforeAll(async () => {
    repo = exampleRepo();
    plantRemovedTeam(repo);
    cli = cdktfSynth(repo);
    plantRemovedTeam(repo);
    cliHcl = cdktfSynth(repo, '--hcl');
    plantRemovedTeam(repo);
    expect((await fastSynth(repo)).code).toBe(0);
    fast = folderContents(repo.path('cdktf.out'));
    plantRemovedTeam(repo);
    expect((await fastSynth(repo, '--hcl')).code).toBe(0);
    fastHcl = folderContents(repo.path('cdktf.out'));
  }, 4 * CLI_TIMEOUT_MS);
  afterAll(() => repo.dispose());

  it('npm run cdktf runs the CLI without calling checkpoint-api.hashicorp.com (no "ENOTFOUND" offline), though the environment does not set CHECKPOINT_DISABLE', () => {
    expect(ENV).not.toHaveProperty('CHECKPOINT_DISABLE');
    expect(cliOutput).toHaveLength(2);
    for (const output of cliOutput) expect(output).not.toMatch(/checkpoint|ENOTFOUND/i);
    expect(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts.cdktf).toBe('node bin/cdktf.mjs');
  });

  it('writes the same manifest and stacks, byte for byte, and nothing else', () => {
    expect(stacksOf(fast)).toEqual(expect.arrayContaining(['collections', 'platform']));
    expect(Object.keys(fast).sort()).toEqual(expectedFiles(stacksOf(fast)));
    expect(fast).toEqual(cli);
  });

  it('removes the stack folders of removed teams, as the CLI does (and the CLI no longer fails on them)', () => {
    for (const files of [cli, cliHcl, fast, fastHcl])
      expect(Object.keys(files).filter((path) => path.includes('retired-team'))).toEqual([]);
  });

  it('with --hcl, leaves cdk.tf.json and the manifest exactly as without it, and adds the HCL copies', () => {
    expect(under(fastHcl, 'stacks/')).toEqual(under(fast, 'stacks/'));
    expect(fastHcl['manifest.json']).toBe(fast['manifest.json']);
    expect(Object.keys(fastHcl).sort()).toEqual(expectedFiles(stacksOf(fast), true));
  });

  it('cdktf synth --hcl no longer reformats cdk.tf.json, and writes the same HCL copies', () => {
    expect(under(cliHcl, 'stacks/')).toEqual(under(fast, 'stacks/'));
    expect(under(cliHcl, 'hcl/')).toEqual(under(fastHcl, 'hcl/'));
    // The one intended difference: the manifest of `cdktf synth --hcl` points the CLI's formatter at the HCL copies.
    const stack = JSON.parse(cliHcl['manifest.json']!).stacks.platform;
    expect(stack).toMatchObject({
      synthesizedStackPath: 'hcl/platform/cdk.tf',
      stackMetadataPath: 'stacks/platform/cdk.tf.json',
      workingDirectory: 'stacks/platform',
    });
  });
});

describe('npm run synth, its output', () => {
  let repo: FixtureRepo;
  beforeAll(() => {
    repo = exampleRepo();
  });
  afterAll(() => repo.dispose());

  it('ends with one summary line: teams, images, where it wrote, how long it took', async () => {
    const images = repo.fleet().teams.reduce((n, team) => n + team.images.length, 0);
    const { code, stdout, stderr } = await fastSynth(repo, '--hcl');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    const others = stacksOf(folderContents(repo.path('cdktf.out'))).length - 3;
    const otherStacks = others ? ` and ${others} other stacks?` : '';
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^Synthesised 3 teams \\(${images} images\\)${otherStacks} into cdktf\\.out/stacks/, HCL review copies in cdktf\\.out/hcl/ in \\d+\\.\\d s( \\(\\d+ of \\d+ stacks unchanged since the last synth, kept\\))?$`,
      ),
    );
    // No spinner, no progress lines.
    expect(`${stdout}${stderr}`).not.toMatch(/Synthesizing/);
    expect(`${stdout}${stderr}`).not.toContain('\u001b[');
  });

  it('says "1 team (1 image)", counts stacks that are not a team\'s, and names a folder given with --output', () => {
    const written = { outdir: join(repo.root, 'out'), teams: 1, images: 1, stacks: 1, hcl: false, synthesised: ['collections'] };
    expect(summaryLine(written, 0.84, repo.root)).toBe('Synthesised 1 team (1 image) into out/stacks/ in 0.8 s');
    expect(summaryLine({ ...written, teams: 2, images: 5, stacks: 4, synthesised: ['a', 'b', 'c', 'd'] }, 1.26, repo.root)).toBe(
      'Synthesised 2 teams (5 images) and 2 other stacks into out/stacks/ in 1.3 s',
    );
  });

  it('on failure, lists each problem exactly once, writes nothing and exits 1', async () => {
    expect((await fastSynth(repo)).code).toBe(0);
    const before = { ...folderContents(repo.path('cdktf.out')), lock: repo.read('teams/collections/versions.lock.json') };
    repo.edit('teams/collections/team.yaml', 'shared: ssm-agent', 'shared: ssm-agnet');
    repo.edit('teams/platform/team.yaml', 'account: image-factory', 'account: imagefactory');
    const { code, stdout, stderr } = await fastSynth(repo);
    expect(code).toBe(1);
    const problems = stderr.split('\n').filter((line) => / error( at [^:]+)?: /.test(line));
    expect(problems.some((line) => line.includes('ssm-agnet'))).toBe(true);
    expect(problems.some((line) => line.includes('imagefactory'))).toBe(true);
    expect(new Set(problems).size).toBe(problems.length);
    expect(`${stdout}${stderr}`).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
    expect(stdout).not.toContain('Synthesised');
    expect({ ...folderContents(repo.path('cdktf.out')), lock: repo.read('teams/collections/versions.lock.json') }).toEqual(before);
  });
});

describe('npm run synth, its arguments', () => {
  let repo: FixtureRepo;
  beforeAll(() => {
    repo = exampleRepo();
  });
  afterAll(() => repo.dispose());

  it('--help explains the command and its options, and writes nothing', async () => {
    const { code, stdout } = await fastSynth(repo, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('usage: npm run synth -- [--hcl] [--full] [--output <dir>]');
    expect(stdout).toContain('--hcl');
    expect(stdout).toContain('Examples:');
    expect(existsSync(repo.path('cdktf.out'))).toBe(false);
  });

  it('an unknown option is refused in one line with the usage, exit 2, nothing written', async () => {
    const { code, stdout, stderr } = await fastSynth(repo, '--hlc');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe("Unknown option '--hlc'");
    expect(stderr).toContain('usage: npm run synth -- [--hcl] [--full] [--output <dir>]');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(repo.path('cdktf.out'))).toBe(false);
  });

  it('an unexpected argument is refused the same way', async () => {
    const { code, stderr } = await fastSynth(repo, 'collections');
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('unexpected argument "collections"');
  });

  it('--output writes there instead', async () => {
    expect((await fastSynth(repo, '--output', 'elsewhere')).code).toBe(0);
    const files = folderContents(repo.path('elsewhere'));
    expect(stacksOf(files)).toEqual(expect.arrayContaining(['collections', 'platform']));
    expect(Object.keys(files).sort()).toEqual(expectedFiles(stacksOf(files)));
    expect(existsSync(repo.path('cdktf.out'))).toBe(false);
  });
});

describe('parallel synthesis', () => {
  it('merges the shares into the manifest cdktf itself writes, byte for byte', async () => {
    const repo = new FixtureRepo();
    try {
      expect(await synthesizeFleet(repo.root, { ci: true, outdir: repo.path('one'), threads: 1 })).toBe(0);
      expect(await synthesizeFleet(repo.root, { ci: true, outdir: repo.path('two'), threads: 2 })).toBe(0);
      expect(folderContents(repo.path('two'))).toEqual(folderContents(repo.path('one')));
    } finally {
      repo.dispose();
    }
  }, 60_000);
});

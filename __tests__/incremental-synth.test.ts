/**
 * Incremental synthesis (src/synthesis/incremental.ts): `npm run synth` synthesises again only the
 * stacks whose inputs changed, and what it leaves is byte for byte what a full synth writes, after
 * every kind of change and whatever happened to the cache or the output folder in between.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summaryLine, synthesizeFleet, type SynthesisWritten, type SynthOptions } from '../src/synthesis/pipeline.js';
import { readSynthCache, synthCacheFile, writeSynthCache, type SynthCache } from '../src/synthesis/synth-cache.js';
import { runFingerprint, sha256 } from '../src/synthesis/stack-keys.js';
import { codeFingerprint } from '../src/synthesis/code-fingerprint.js';
import { APP_CODE_FILES, APP_CODE_FOLDERS } from '../src/model/stack-sources.js';
import { FixtureRepo, REPO_ROOT } from './support/fixture.js';
import { folderContents } from './support/folder-contents.js';
import { GitRepo } from './support/git-repo.js';
import { buildInfoFromEnvironment } from '../src/model/fleet/build-info.js';

const OUT = 'cdktf.out';
const FULL_OUT = 'full.out';
const TEAM_STACKS = ['collections', 'platform', 'website'];
/** A team that joins the example. */
const ARCHIVE_TEAM = `owners:
  - "@museum-digital/archive"
account: digital-lab
notifications:
  emails: [archive@museum.example.org]
images:
  - name: archive-server
    description: Archive image server
    platform: Linux
    parentImage: amazon-linux-2023-arm64
    components:
      - shared: update-os
      - shared: ssm-agent
    tests:
      - shared: agents-health-test
    instanceTypes: [m7g.large]
    distribution:
      - region: eu-west-2
        accounts: [collections-prod]
`;

/** What a run printed. */
interface Run {
  code: number;
  written?: SynthesisWritten;
  out: string;
  err: string;
}

async function synth(repo: FixtureRepo, options: Partial<SynthOptions> = {}): Promise<Run> {
  const run: Run = { code: 0, out: '', err: '' };
  run.code = await synthesizeFleet(repo.root, {
    ci: false,
    outdir: OUT,
    print: { out: (text) => (run.out += `${text}\n`), err: (text) => (run.err += `${text}\n`) },
    onWritten: (written) => (run.written = written),
    ...options,
  });
  if (run.code !== 0) throw new Error(`synth failed:\n${run.out}${run.err}`);
  return run;
}

/** Synthesises incrementally into cdktf.out and fully into full.out; expects the same files, byte for byte. Returns the incremental run. */
async function expectSameAsFullSynth(repo: FixtureRepo, options: Partial<SynthOptions> = {}): Promise<Run> {
  const incremental = await synth(repo, options);
  await synth(repo, { ...options, outdir: FULL_OUT, full: true });
  const [actual, expected] = [folderContents(repo.path(OUT)), folderContents(repo.path(FULL_OUT))];
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const path of Object.keys(expected)) expect(actual[path], path).toBe(expected[path]);
  return incremental;
}

/** The stacks the run synthesised (the others it kept), sorted. */
function synthesised(run: Run): string[] {
  return [...run.written!.synthesised].sort();
}

function foundationStacks(repo: FixtureRepo): string[] {
  const stacks = Object.keys((JSON.parse(repo.read(`${OUT}/manifest.json`)) as { stacks: object }).stacks);
  return stacks.filter((name) => !TEAM_STACKS.includes(name)).sort();
}

/** Edits the platform settings in cdktf.json. */
function editPlatform(repo: FixtureRepo, edit: (platform: { distributionAccounts: Record<string, string[]> }) => void): void {
  const settings = JSON.parse(repo.read('cdktf.json')) as { context: { platform: { distributionAccounts: Record<string, string[]> } } };
  edit(settings.context.platform);
  repo.write('cdktf.json', `${JSON.stringify(settings, null, 2)}\n`);
}

/** A copy of this project's code (what the code fingerprint covers), to change as a code change would. */
function codeCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'incremental-code-'));
  for (const entry of [...APP_CODE_FILES, ...APP_CODE_FOLDERS]) cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true });
  return root;
}

let repo: FixtureRepo;
const cleanUp: string[] = [];

/** A synth of the example takes a few seconds; on a busy machine more than a hook's default 10 s. */
const SETUP_TIMEOUT_MS = 60_000;

beforeEach(async () => {
  repo = new FixtureRepo();
  await synth(repo);
}, SETUP_TIMEOUT_MS);

afterEach(() => {
  repo.dispose();
  for (const folder of cleanUp.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('incremental synth: byte-identical to a full synth after each kind of change', () => {
  it('with nothing changed, keeps every stack and writes what a full synth writes', async () => {
    const run = await expectSameAsFullSynth(repo);
    expect(synthesised(run)).toEqual([]);
    expect(run.written!.stacks).toBeGreaterThan(TEAM_STACKS.length); // the foundation's stacks are kept too
  });

  it("after a team's file changes, synthesises that team's stack (and the foundation, which reads team files) and writes what a full synth writes", async () => {
    repo.edit('teams/collections/team.yaml', 'IIIF image server for the online collection', 'IIIF image server, online collection');
    const run = await expectSameAsFullSynth(repo);
    expect(synthesised(run)).toContain('collections');
    expect(synthesised(run)).not.toContain('platform');
  });

  it("after a team's local component changes, synthesises that team's stack alone and writes what a full synth writes", async () => {
    repo.edit('teams/collections/components/iiif-image-server.yaml', /description: .*/, 'description: The IIIF image server, cached');
    const run = await expectSameAsFullSynth(repo);
    expect(synthesised(run)).toEqual(['collections']);
  });

  it('after a shared component changes, synthesises the stacks of the teams using it alone and writes what a full synth writes', async () => {
    repo.edit('components-yaml/container-runtime.yaml', /description: .*/, 'description: Container runtime, revised');
    const run = await expectSameAsFullSynth(repo);
    expect(synthesised(run)).toEqual(['platform']); // only platform uses container-runtime; its version bump is in the stack
    expect(repo.read('components-yaml/versions.lock.json')).toContain('"1.0.1"');
  });

  it('after a platform setting changes, synthesises the stacks that read it and writes what a full synth writes', async () => {
    repo.edit('cdktf.json', '"logBucket": "museum-imagebuilder-logs"', '"logBucket": "museum-imagebuilder-build-logs"');
    const run = await expectSameAsFullSynth(repo);
    expect(synthesised(run)).toEqual(expect.arrayContaining(TEAM_STACKS));
  });

  it('after a code change, synthesises every stack and writes what a full synth writes', async () => {
    const code = codeCopy();
    cleanUp.push(code);
    await synth(repo, { codeRoot: code });
    writeFileSync(join(code, 'src/core/paths.ts'), `${readFileSync(join(code, 'src/core/paths.ts'), 'utf8')}// changed\n`);
    const run = await expectSameAsFullSynth(repo, { codeRoot: code });
    expect(run.out).toContain("Synthesising every stack: the app's code, dependencies, Node.js or cdktf settings changed since.");
    expect(synthesised(run)).toEqual([...TEAM_STACKS, ...foundationStacks(repo)].sort());
  });

  it('after a team is deleted, drops its stack, keeps the rest that did not change and writes what a full synth writes', async () => {
    // The website team, which no other team builds on (platform's container host is website's parent).
    repo.remove('teams/website');
    const run = await expectSameAsFullSynth(repo);
    expect(Object.keys(folderContents(repo.path(`${OUT}/stacks`)))).not.toContain('website/cdk.tf.json');
    expect(synthesised(run)).not.toContain('collections');
    expect(synthesised(run)).not.toContain('platform');
  });

  it('after a team is added, synthesises its stack, keeps the unchanged ones and writes what a full synth writes', async () => {
    repo.write('teams/archive/team.yaml', ARCHIVE_TEAM);
    editPlatform(repo, (platform) => (platform.distributionAccounts.archive = ['collections-prod']));
    const run = await expectSameAsFullSynth(repo);
    expect(synthesised(run)).toContain('archive');
    expect(synthesised(run)).not.toContain('collections');
  });

  it("after a commit that touches one team, synthesises that team's stack with its new source commit (git history is an input) and writes what a full synth writes", async () => {
    const git = new GitRepo();
    try {
      const atHead = () => ({ buildInfo: buildInfoFromEnvironment({ GITHUB_REPOSITORY: 'museum/golden-amis', GITHUB_SHA: git.head() }) });
      await synth(git, atHead());
      git.write('teams/collections/components/notes.txt', 'not part of any stack, but part of the team folder\n').commitAll('notes');
      const run = await expectSameAsFullSynth(git, atHead());
      expect(synthesised(run)).toEqual(['collections']);
      expect(git.read(`${OUT}/stacks/collections/cdk.tf.json`)).toContain(git.head());
    } finally {
      git.dispose();
    }
  });

  it('with --hcl, keeps the HCL copies of unchanged stacks and writes what a full synth --hcl writes', async () => {
    await synth(repo, { hcl: true });
    repo.edit('components-yaml/container-runtime.yaml', /description: .*/, 'description: Container runtime, revised');
    const run = await expectSameAsFullSynth(repo, { hcl: true });
    expect(synthesised(run)).toEqual(['platform']);
    expect(Object.keys(folderContents(repo.path(`${OUT}/hcl`)))).toContain('collections/cdk.tf');
  });

  it('CI synthesises with --full (ci.yml, drift.yml): a fresh checkout has no record to reuse', () => {
    expect(readFileSync(join(REPO_ROOT, '.github/workflows/ci.yml'), 'utf8')).toContain('run: npm run synth -- --hcl --full');
    expect(readFileSync(join(REPO_ROOT, '.github/workflows/drift.yml'), 'utf8')).toContain('run: npm run synth -- --full');
  });

  it('git ignores the record kept beside the output folder', () => {
    expect(readFileSync(join(REPO_ROOT, '.gitignore'), 'utf8').split('\n')).toContain(basename(synthCacheFile(join(REPO_ROOT, OUT))));
  });

  it('with --full, synthesises every stack even when nothing changed', async () => {
    const run = await synth(repo, { full: true });
    expect(run.written!.synthesised.length).toBe(run.written!.stacks);
  });

  it('says in its summary how many stacks were unchanged and kept', async () => {
    const run = await synth(repo);
    expect(summaryLine(run.written!, 1.04, repo.root)).toMatch(/ in 1\.0 s \((\d+) of \1 stacks unchanged since the last synth, kept\)$/);
  });
});

describe('incremental synth: a damaged cache or output never gives wrong output', () => {
  const cacheFile = () => synthCacheFile(repo.path(OUT));
  /** The cache as the last synth wrote it, parsed. */
  const cache = (): SynthCache => {
    const read = readSynthCache(cacheFile(), runFingerprint(codeFingerprint()));
    if (!('cache' in read)) throw new Error(read.untrusted);
    return read.cache;
  };

  it('a truncated cache (a partial write) means a full synth, with the same output', async () => {
    const text = readFileSync(cacheFile(), 'utf8');
    writeFileSync(cacheFile(), text.slice(0, Math.floor(text.length / 2)));
    repo.edit('teams/collections/team.yaml', 'IIIF image server for the online collection', 'IIIF image server, online collection');
    const run = await expectSameAsFullSynth(repo);
    expect(run.out).toContain('Synthesising every stack: its record is not readable JSON.');
    expect(run.written!.synthesised.length).toBe(run.written!.stacks);
  });

  it('a garbage cache means a full synth, with the same output', async () => {
    writeFileSync(cacheFile(), '{"format": 1, "stacks": [42]}');
    const run = await expectSameAsFullSynth(repo);
    expect(run.out).toContain('Synthesising every stack: its record is damaged or from another version of the app.');
    expect(run.written!.synthesised.length).toBe(run.written!.stacks);
  });

  it('a cache edited by hand (its checksum no longer matches) means a full synth, with the same output', async () => {
    writeFileSync(cacheFile(), readFileSync(cacheFile(), 'utf8').replace(/"synthesis":"[0-9a-f]{2}/, '"synthesis":"00'));
    const run = await expectSameAsFullSynth(repo);
    expect(run.out).toContain('Synthesising every stack: its record does not match its checksum.');
    expect(run.written!.synthesised.length).toBe(run.written!.stacks);
  });

  it('a cache written by another version of the code means a full synth, with the same output', async () => {
    const code = codeCopy();
    cleanUp.push(code);
    writeFileSync(join(code, 'package-lock.json'), `${readFileSync(join(code, 'package-lock.json'), 'utf8')}\n`);
    await synth(repo, { codeRoot: code });
    const run = await expectSameAsFullSynth(repo);
    expect(run.written!.synthesised.length).toBe(run.written!.stacks);
  });

  it('a cache without some stack synthesises that stack again, with the same output', async () => {
    const { collections: _dropped, ...stacks } = cache().stacks;
    writeSynthCache(cacheFile(), { ...cache(), stacks });
    const run = await expectSameAsFullSynth(repo);
    expect(synthesised(run)).toEqual(['collections']);
  });

  it('a folder where the cache should be means a full synth, with the same output, and the cache is written again', async () => {
    rmSync(cacheFile());
    cpSync(repo.path('teams'), cacheFile(), { recursive: true });
    const run = await expectSameAsFullSynth(repo);
    expect(run.written!.synthesised.length).toBe(run.written!.stacks);
    expect(synthesised(await synth(repo))).toEqual([]);
  });

  it('a deleted cache means a full synth, with the same output', async () => {
    rmSync(cacheFile());
    const run = await expectSameAsFullSynth(repo);
    expect(run.written!.synthesised.length).toBe(run.written!.stacks);
  });

  it('an output stack edited by hand is synthesised again, restoring what a full synth writes', async () => {
    repo.edit(`${OUT}/stacks/collections/cdk.tf.json`, '"eu-west-2"', '"eu-west-1"');
    const run = await expectSameAsFullSynth(repo);
    expect(synthesised(run)).toEqual(['collections']);
  });

  it('an output stack deleted by hand is synthesised again, restoring what a full synth writes', async () => {
    repo.remove(`${OUT}/stacks/platform`);
    const run = await expectSameAsFullSynth(repo);
    expect(synthesised(run)).toEqual(['platform']);
  });

  it('a foundation stack deleted by hand synthesises the foundation again, restoring what a full synth writes', async () => {
    const [first] = foundationStacks(repo);
    repo.remove(`${OUT}/stacks/${first!}`);
    const run = await expectSameAsFullSynth(repo);
    expect(synthesised(run)).toEqual(foundationStacks(repo));
  });

  it('a manifest deleted or edited by hand is written again as a full synth writes it', async () => {
    repo.write(`${OUT}/manifest.json`, '{}');
    await expectSameAsFullSynth(repo);
    repo.remove(`${OUT}/manifest.json`);
    await expectSameAsFullSynth(repo);
  });

  it('an HCL copy edited by hand is rendered again, restoring what a full synth --hcl writes', async () => {
    await synth(repo, { hcl: true });
    repo.write(`${OUT}/hcl/collections/cdk.tf`, '# edited\n');
    const run = await expectSameAsFullSynth(repo, { hcl: true });
    expect(synthesised(run)).toEqual([]);
  });

  /**
   * Edits the collections stack in the output folder and records the edit as what its inputs
   * produced (`checks`: the check key recorded), as no synth would: shows what a run trusts.
   */
  const forgeCollectionsStack = (checks?: string): string => {
    const path = 'stacks/collections/cdk.tf.json';
    repo.edit(`${OUT}/${path}`, '"bucket": "museum-golden-ami-tfstate"', '"bucket": "somewhere-else"');
    const recorded = cache();
    const collections = recorded.stacks.collections!;
    const forged = {
      ...collections,
      checks: checks ?? collections.checks,
      files: { [path]: sha256(readFileSync(repo.path(`${OUT}/${path}`))) },
    };
    writeSynthCache(cacheFile(), { ...recorded, stacks: { ...recorded.stacks, collections: forged } });
    return `${OUT}/${path}`;
  };

  it('a kept stack is checked again when what the checks read changed (here its check key), and a finding stops the synth', async () => {
    const path = forgeCollectionsStack('checked under other platform settings');
    const failed = await synthesizeFleet(repo.root, { ci: false, outdir: OUT, print: { out: () => undefined, err: () => undefined } });
    expect(failed).toBe(1);
    expect(repo.read(path)).toContain('"bucket": "somewhere-else"'); // nothing was written
  });

  it('--full trusts nothing the record says', async () => {
    const path = forgeCollectionsStack();
    const run = await expectSameAsFullSynth(repo, { full: true });
    expect(run.written!.synthesised.length).toBe(run.written!.stacks);
    expect(repo.read(path)).not.toContain('somewhere-else');
  });

  it('the cdktf app (main.ts, what cdktf synth, diff and deploy run) always synthesises every stack', () => {
    const path = forgeCollectionsStack();
    const app = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/run.mjs'), join(REPO_ROOT, 'main.ts')], {
      cwd: repo.root,
      env: { ...process.env, CDKTF_OUTDIR: repo.path(OUT) },
      encoding: 'utf8',
    });
    expect(app.status, app.stderr).toBe(0);
    expect(repo.read(path)).not.toContain('somewhere-else');
  });
});

/** Synthesis spread over worker threads writes exactly what a single-threaded synth writes. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Team } from '../src/model/fleet/fleet.js';
import { synthesizeTeams, threadsFor, withSynthesisThreads } from '../src/synthesis/parallel.js';
import { FixtureRepo } from './support/fixture.js';
import { folderContents } from './support/folder-contents.js';

describe('parallel synthesis', () => {
  let repo: FixtureRepo;
  let teams: Team[];
  let scratch: string;
  const outdir = (name: string) => join(scratch, name);

  beforeAll(() => {
    repo = new FixtureRepo();
    teams = repo.fleet().teams;
    scratch = mkdtempSync(join(tmpdir(), 'golden-ami-parallel-'));
  });
  afterAll(() => {
    repo.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('uses one thread per core once the fleet is large enough to repay starting them', () => {
    expect(threadsFor(1, 2)).toBe(1);
    expect(threadsFor(30, 2)).toBe(1);
    expect(threadsFor(100, 2)).toBe(2);
    expect(threadsFor(100, 8)).toBe(4);
    expect(threadsFor(1000, 8)).toBe(8);
    expect(threadsFor(1000, 1)).toBe(1);
  });

  it('writes the same stacks and manifest as one thread', async () => {
    const single = outdir('single');
    const parallel = outdir('parallel');
    await synthesizeTeams(teams, single, { threads: 1 });
    await synthesizeTeams(teams, parallel, { threads: 2 });

    const { 'manifest.json': singleManifest, ...singleStacks } = folderContents(single);
    const { 'manifest.json': parallelManifest, ...parallelStacks } = folderContents(parallel);
    expect(Object.keys(singleStacks)).toEqual(expect.arrayContaining(teams.map((team) => `stacks/${team.name}/cdk.tf.json`)));
    expect(parallelStacks).toEqual(singleStacks);
    expect(JSON.parse(parallelManifest!)).toEqual(JSON.parse(singleManifest!));
    expect(Object.keys(JSON.parse(parallelManifest!).stacks)).toEqual(teams.map((team) => team.name));
    expect(existsSync(join(parallel, '.shares'))).toBe(false);
  });

  it('reports a worker thread that failed earlier instead of waiting for it', async () => {
    const broken = { ...teams[1]!, images: [{}] } as unknown as Team;
    await withSynthesisThreads(
      2,
      async (threads) => {
        await expect(threads.synthesize([teams[0]!, broken], outdir('failed-before'), {})).rejects.toThrow(TypeError);
        await new Promise((resolve) => setTimeout(resolve, 500)); // long after the failed thread has exited
        await expect(threads.synthesize(teams, outdir('after-failure'), {})).rejects.toThrow('a synthesis worker thread stopped');
      },
      2,
    );
  });

  it.each([
    ['a worker thread', 1],
    ['the main thread', 0],
  ])('fails with the error of %s when its share fails', async (_, brokenIndex) => {
    const broken = { ...teams[1]!, images: [{}] } as unknown as Team;
    const share = brokenIndex === 0 ? [broken, teams[0]!] : [teams[0]!, broken];
    await expect(synthesizeTeams(share, outdir(`broken-${brokenIndex}`), { threads: 2 })).rejects.toThrow(TypeError);
  });
});

/**
 * The benchmark keeps working as the stacks grow: its synthetic fleet is a valid configuration, and
 * its reference app creates what the app creates for it (`npm run bench` refuses to compare
 * otherwise). Nothing is timed here.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFleet } from '../bench/fleet-generator.js';
import { APP_ENTRY, REFERENCE_ENTRY, REPO_ROOT } from '../bench/paths.js';
import { countBlocks, countDifferences } from '../bench/resource-count.js';

const workspace = mkdtempSync(join(tmpdir(), 'golden-ami-bench-test-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** Runs a cdktf app entry with the project's runner, writing to `outdir`. */
function synth(entry: string, cwd: string, outdir: string, args: string[] = []): void {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/run.mjs'), entry, ...args], {
    cwd,
    env: { ...process.env, CI: 'true', CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  expect(run.stderr + run.stdout, `${entry} failed`).not.toMatch(/error/i);
  expect(run.status).toBe(0);
}

describe('npm run bench', () => {
  it('generates a fleet the app synthesises, and the reference app creates the same blocks', () => {
    const root = join(workspace, 'fleet');
    mkdirSync(root);
    generateFleet(root, 2);
    synth(APP_ENTRY, root, join(workspace, 'out-app'));
    synth(REFERENCE_ENTRY, workspace, join(workspace, 'out-reference'), ['2']);
    const app = countBlocks(join(workspace, 'out-app'));
    expect(app.stack).toBe(2);
    expect(countDifferences(app, countBlocks(join(workspace, 'out-reference')))).toEqual([]);
  });

  it('prints its usage for --help and refuses a bad option (or one team alone to change) with the usage, measuring nothing', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench/run.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    const help = run('--help');
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^usage: npm run bench -- \[--out <file>\] \[--sizes <n,n,\.\.\.>\] \[--keep\] \[--one-team-changed\]$/m);
    expect(help.stdout).toMatch(/--sizes <n,n,\.\.\.>\s+team counts/);
    expect(help.status).toBe(0);
    const bad = run('--sizes', 'ten');
    expect(bad.stderr).toMatch(/^--sizes ten: give team counts like 1,10,100,300\nusage: npm run bench -- /);
    expect(bad.status).toBe(2);
    const alone = run('--one-team-changed', '--sizes', '1,100');
    expect(alone.stderr).toMatch(/^--sizes 1,100: one team changed needs other teams to keep, give counts of 2 or more\nusage: /);
    expect(alone.status).toBe(2);
  });
});

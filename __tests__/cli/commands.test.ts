/**
 * Every command explains itself: `--help` says what it does, its options and an example, and an
 * unknown option gets a one-line error and the usage, exit 2, never a stack trace. The commands
 * are the npm scripts that run `bin/run.mjs <command>`, read from package.json; they run
 * in-process, and a few runs start real processes the way npm and git start them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, main } from '../../src/commands/main.js';
import { runCliWith, spawnCli } from '../support/cli.js';
import { FixtureRepo, REPO_ROOT } from '../support/fixture.js';

/** `[script, command]` for every npm script that runs `node bin/run.mjs <command>`. */
const COMMANDS: [string, string][] = Object.entries(
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>,
).flatMap(([script, line]): [string, string][] => {
  const command = /^node bin\/run\.mjs ([\w-]+)$/.exec(line)?.[1];
  return command ? [[script, command]] : [];
});

/** Runs `npm run <command> -- ...args` in-process in `cwd` (the repository root unless given), with CI set. */
function run(command: string, args: string[], cwd = REPO_ROOT) {
  return runCliWith({ cwd, env: { ...process.env, CI: 'true' } }, command, ...args);
}

/** A stack trace's frames, as Node prints them. */
const STACK_FRAME = /^\s+at .+[:(]/m;

describe('every command', () => {
  it('is found in package.json, under its own name, and every command has its script', () => {
    expect(COMMANDS.map(([script]) => script)).toEqual(
      expect.arrayContaining(['versions', 'report', 'affected', 'codeowners', 'schema', 'deploy-order']),
    );
    for (const [script, command] of COMMANDS) expect(command).toBe(script);
    expect(COMMANDS.map(([script]) => script).sort()).toEqual([...COMMAND_NAMES]);
  });

  describe.each(COMMANDS)('npm run %s', (script, entry) => {
    it('--help says what it does, its usage, options and an example, and exits 0', async () => {
      const { code, stdout, stderr } = await run(entry, ['--help']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain(`usage: npm run ${script}`);
      expect(stdout).toMatch(/^Options:$/m);
      expect(stdout).toContain('--help');
      expect(stdout.slice(stdout.search(/^Examples?:$/m))).toMatch(new RegExp(`^ {2}.*npm run (-s )?${script}\\b`, 'm'));
      expect(stdout.split('\n')[0]!.length).toBeGreaterThan(10);
    });

    it('refuses an unknown option with a one-line error and the usage, exit 2, no stack trace', async () => {
      const { code, stdout, stderr } = await run(entry, ['--no-such-option']);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      const [error, usage] = stderr.split('\n');
      expect(error).toMatch(/--no-such-option/);
      expect(usage).toMatch(new RegExp(`^usage: npm run ${script}\\b`));
      expect(stderr).not.toMatch(STACK_FRAME);
      expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
    });
  });
});

describe('npm run codeowners -- --help', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  it('writes nothing, and neither does an unknown option', async () => {
    expect((await run('codeowners', ['--help'], repo.root)).code).toBe(0);
    expect((await run('codeowners', ['--bogus'], repo.root)).code).toBe(2);
    expect(existsSync(repo.path('.github/CODEOWNERS'))).toBe(false);
    repo.write('.github/CODEOWNERS', 'kept as it is\n');
    expect((await run('codeowners', ['-h'], repo.root)).code).toBe(0);
    expect(repo.read('.github/CODEOWNERS')).toBe('kept as it is\n');
    expect(await run('codeowners', [], repo.root)).toMatchObject({ code: 0, stdout: 'Wrote .github/CODEOWNERS: 3 team folders.\n' });
  });
});

describe('the entry', () => {
  it('refuses an unknown command with the usage and the command names, exit 2', async () => {
    const { code, stdout, stderr } = await runCliWith({ cwd: REPO_ROOT }, 'synthesise', '--hcl');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `unknown command "synthesise"\nusage: npm run <command> [-- <arguments>]   (node bin/run.mjs <command> [arguments])\ncommands: ${COMMAND_NAMES.join(', ')}\n`,
    );
  });

  it('refuses a missing command the same way', async () => {
    let stderr = '';
    const code = await main([], {
      cwd: REPO_ROOT,
      env: process.env,
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^missing command\nusage: npm run <command>/);
  });
});

describe('as processes: npm, bin/run.mjs and the dispatch', () => {
  it('npm run <script> runs the command through bin/run.mjs, with its arguments, and exits with its code', () => {
    const help = spawnSync('npm', ['run', '-s', 'report', '--', '--help'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    expect(help.stderr).toBe('');
    expect(help.stdout).toContain('usage: npm run report -- [--markdown | --json]');
    expect(help.status).toBe(0);
  });

  it("a failing command's exit code is the process's, and an unknown command is exit 2 with the usage", () => {
    const refused = spawnCli({ cwd: REPO_ROOT }, 'report', '--markdown', '--json');
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toMatch(/^--markdown and --json exclude each other\nusage: npm run report/);
    const unknown = spawnCli({ cwd: REPO_ROOT }, 'synthesise');
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^unknown command "synthesise"\n/);
  });
});

/**
 * Every command explains itself: `--help` says what it does, its options and an example, and an
 * unknown option gets a one-line error and the usage, exit 2, never a stack trace. The commands
 * are the npm scripts that run a src/commands entry, read from package.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliArgs } from '../support/cli.js';
import { FixtureRepo, REPO_ROOT } from '../support/fixture.js';

/** `[script, entry]` for every npm script that runs `src/commands/<entry>.ts`. */
const COMMANDS: [string, string][] = Object.entries(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>).flatMap(
  ([script, line]): [string, string][] => {
    const entry = /\bsrc\/commands\/([\w-]+)\.ts\b/.exec(line)?.[1];
    return entry ? [[script, entry]] : [];
  },
);

/** Runs `node bin/run.mjs src/commands/<entry>.ts ...args` in `cwd` (the repository root unless given). */
function run(entry: string, args: string[], cwd = REPO_ROOT) {
  const result = spawnSync(process.execPath, cliArgs(entry, ...args), { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A stack trace's frames, as Node prints them. */
const STACK_FRAME = /^\s+at .+[:(]/m;

describe('every command', () => {
  it('is found in package.json', () => {
    expect(COMMANDS.map(([script]) => script)).toEqual(expect.arrayContaining(['versions', 'report', 'affected', 'codeowners', 'schema', 'deploy-order']));
  });

  describe.each(COMMANDS)('npm run %s', (script, entry) => {
    it('--help says what it does, its usage, options and an example, and exits 0', () => {
      const { code, stdout, stderr } = run(entry, ['--help']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain(`usage: npm run ${script}`);
      expect(stdout).toMatch(/^Options:$/m);
      expect(stdout).toContain('--help');
      expect(stdout.slice(stdout.search(/^Examples?:$/m))).toMatch(new RegExp(`^ {2}.*npm run (-s )?${script}\\b`, 'm'));
      expect(stdout.split('\n')[0]!.length).toBeGreaterThan(10);
    });

    it('refuses an unknown option with a one-line error and the usage, exit 2, no stack trace', () => {
      const { code, stdout, stderr } = run(entry, ['--no-such-option']);
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

  it('writes nothing, and neither does an unknown option', () => {
    expect(run('codeowners', ['--help'], repo.root).code).toBe(0);
    expect(run('codeowners', ['--bogus'], repo.root).code).toBe(2);
    expect(existsSync(repo.path('.github/CODEOWNERS'))).toBe(false);
    repo.write('.github/CODEOWNERS', 'kept as it is\n');
    expect(run('codeowners', ['-h'], repo.root).code).toBe(0);
    expect(repo.read('.github/CODEOWNERS')).toBe('kept as it is\n');
    expect(run('codeowners', [], repo.root)).toMatchObject({ code: 0, stdout: 'Wrote .github/CODEOWNERS: 2 team folders.\n' });
  });
});

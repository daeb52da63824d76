/**
 * "Onboarding a team" (docs/teams.md) works on the first try: its commands, read from the guide,
 * run in order in a copy of the repository under git (with a local remote to push to), each
 * succeeds, and the pushed branch passes CI's offline checks of the configuration.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { REPO_ROOT } from './support/fixture.js';

/**
 * The tool and arguments of `npm run <tool> [-- <args>]`, after checking that package.json runs it as
 * `node bin/run.mjs <tool>`: the command the test then runs in-process, as that script would.
 */
function npmScript(command: string): { tool: string; args: string[] } {
  const [tool = '', ...rest] = command.replace(/^npm run /, '').split(/\s+/);
  expect(command, 'plain words only: teach the test quoting').not.toMatch(/["'\\$`]/);
  const scripts = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
  expect(scripts[tool], `the npm script of ${command}`).toBe(`node bin/run.mjs ${tool}`);
  if (rest.length > 0) expect(rest[0], `${command}: the arguments follow "--"`).toBe('--');
  return { tool, args: rest.slice(1) };
}

/** The files a clone of the working tree has: tracked or new, not ignored (no node_modules, cdktf.out, ...). */
function cloneFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  }).stdout;
  return listed.split('\0').filter((file) => file && existsSync(join(REPO_ROOT, file)));
}

/** The shell commands of every `sh` block of the guide's section, in order, comments removed: one list per block. */
function onboardingCommands(guide: string): string[][] {
  const start = guide.indexOf('\n## Onboarding a team\n');
  expect(start, 'the onboarding section of docs/teams.md').toBeGreaterThan(-1);
  const end = guide.indexOf('\n## ', start + 1);
  const section = guide.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^ *```sh\n([\s\S]*?)^ *```$/gm)].map((block) =>
    block[1]!
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter(Boolean),
  );
}

/** The step 4 of the guide, "Describe your images": what a team does between new-team and the checks. */
function describeImages(root: string): void {
  const file = join(root, 'teams/web/team.yaml');
  const text = readFileSync(file, 'utf8');
  const edited = text.replace(
    '      - shared: update-os\n',
    '      # Patch first, then the agent.\n      - shared: update-os\n      - shared: ssm-agent\n',
  );
  expect(edited).not.toBe(text);
  writeFileSync(file, edited);
}

describe('the onboarding sequence of docs/teams.md', () => {
  let root: string;
  let remote: string;
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const sh = (command: string) => {
    const result = spawnSync('sh', ['-c', command], { cwd: root, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    return { code: result.status, output: `$ ${command}\n${result.stdout}${result.stderr}` };
  };

  beforeAll(() => {
    const scratch = mkdtempSync(join(tmpdir(), 'golden-ami-onboarding-'));
    root = join(scratch, 'repo');
    remote = join(scratch, 'origin.git');
    for (const file of cloneFiles()) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      cpSync(join(REPO_ROOT, file), join(root, file));
    }
    // The dependencies `npm ci` installs: shared, never installed or changed by this test.
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['config', 'user.name', 'Onboarding Test'],
      ['config', 'user.email', 'onboarding@example.org'],
      ['config', 'commit.gpgsign', 'false'],
      ['add', '-A'],
      ['commit', '-q', '-m', 'main'],
      ['init', '-q', '--bare', remote],
      ['remote', 'add', 'origin', remote],
    ]) {
      expect(git(...args).status, args.join(' ')).toBe(0);
    }
  });
  afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  /**
   * Runs a command of the guide: git through the shell, `npm run` in-process (starting npm and node for
   * each would cost seconds; the last check below runs npm itself, end to end).
   */
  const run = async (command: string) => {
    if (!command.startsWith('npm run ')) return sh(command);
    const { tool, args } = npmScript(command);
    const result = await runCli(root, tool, ...args);
    return { code: result.code, output: `$ ${command}\n${result.stdout}${result.stderr}` };
  };

  it('runs command by command, and the pushed branch passes CI', async () => {
    const blocks = onboardingCommands(readFileSync(join(REPO_ROOT, 'docs/teams.md'), 'utf8'));
    expect(blocks.flat()).toEqual(
      expect.arrayContaining(['npm run validate', expect.stringMatching(/^npm run new-team -- web /), expect.stringMatching(/^git push /)]),
    );
    for (const commands of blocks) {
      for (const command of commands) {
        // The dependencies are in place (a symbolic link to the project's): never reinstall them here.
        if (command === 'npm ci') continue;
        expect(command, 'the test runs only npm scripts and git; teach it any other command').toMatch(/^(npm run |git )/);
        const { code, output } = await run(command);
        expect(code, output).toBe(0);
      }
      if (commands.some((command) => command.startsWith('npm run new-team'))) describeImages(root);
    }

    // What CI checks of the configuration, on the commit that was pushed.
    expect(git('status', '--porcelain').stdout, 'everything the steps wrote is committed').toBe('');
    expect(git('rev-parse', 'HEAD').stdout).toBe(git('rev-parse', 'origin/onboard-web').stdout);
    expect(git('show', 'HEAD:.github/CODEOWNERS').stdout).toContain('\n/teams/web/ @museum-digital/web\n');
    expect(JSON.parse(git('show', 'HEAD:teams/web/versions.lock.json').stdout).entries).toHaveProperty('recipe:base');
    // The validate runs through npm itself, end to end: the scripts the guide names start the commands.
    for (const { code, output } of [sh('npm run validate'), await run('npm run versions -- --check')]) expect(code, output).toBe(0);
  }, 600_000);
});

/**
 * Runs the commands as `npm run <tool>` does. In-process by default (src/commands/main.ts with
 * captured streams and the given working directory), which is how nearly every test runs them;
 * `spawnCli` starts a real process through bin/run.mjs, for the few end-to-end tests.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/commands/main.js';
import { REPO_ROOT } from './fixture.js';

/** What a command run printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where and how a command runs: the working directory, and the environment (by default this process's). */
export interface CliSetting {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs `npm run <tool> -- <args>` in-process in `cwd`. */
export function runCli(cwd: string, tool: string, ...args: string[]): Promise<CliRun> {
  return runCliWith({ cwd }, tool, ...args);
}

/** Runs `npm run <tool> -- <args>` in-process, in the working directory and environment given. */
export async function runCliWith({ cwd, env = process.env }: CliSetting, tool: string, ...args: string[]): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  const code = await main([tool, ...args], { cwd, env, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Node arguments that run `npm run <tool> -- <args>` as a process: `bin/run.mjs <tool> <args>`. */
export function cliArgs(tool: string, ...args: string[]): string[] {
  return [join(REPO_ROOT, 'bin/run.mjs'), tool, ...args];
}

/** Runs `npm run <tool> -- <args>` as a new process, to completion. */
export function spawnCli(
  { cwd, env = process.env }: CliSetting,
  tool: string,
  ...args: string[]
): Omit<CliRun, 'code'> & { code: number | null } {
  const result = spawnSync(process.execPath, cliArgs(tool, ...args), { cwd, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A stream that keeps what is written to it. */
function capture(): { write(text: string): boolean; text: string } {
  return {
    text: '',
    write(text: string) {
      this.text += text;
      return true;
    },
  };
}

/** Runs the command-line tools as `npm run <tool>` does: through bin/run.mjs, in a fresh process. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './fixture.js';

/** Node arguments that run `src/commands/<tool>.ts` with `args`. */
export function cliArgs(tool: string, ...args: string[]): string[] {
  return [join(REPO_ROOT, 'bin/run.mjs'), join(REPO_ROOT, 'src/commands', `${tool}.ts`), ...args];
}

/** Runs a tool to completion in `cwd`. */
export function runCli(cwd: string, tool: string, ...args: string[]) {
  const result = spawnSync(process.execPath, cliArgs(tool, ...args), { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Git for tests: commands run as a fixed test author, whatever the machine's git configuration. */
import { execFileSync } from 'node:child_process';

/** The author and committer of every commit a test makes. */
export const TEST_AUTHOR = { name: 'Test', email: 'test@example.org' };

/** Runs `git <args>` in `cwd` as TEST_AUTHOR, commits unsigned; returns what git printed; throws when git fails. */
export function git(cwd: string, ...args: string[]): string {
  const identity = ['-c', `user.name=${TEST_AUTHOR.name}`, '-c', `user.email=${TEST_AUTHOR.email}`, '-c', 'commit.gpgsign=false'];
  return execFileSync('git', [...identity, ...args], { cwd, encoding: 'utf8' });
}

/** Makes `cwd` a repository on branch main with everything in it committed as `message`. */
export function commitEverything(cwd: string, message: string): void {
  git(cwd, 'init', '-q', '--template=', '-b', 'main');
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '-m', message);
}

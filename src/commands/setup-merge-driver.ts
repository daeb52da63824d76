/**
 * `npm run setup-merge-driver`: registers the version locks' merge driver in this clone's
 * `.git/config` (git never shares config through the repository) and checks that the committed
 * `.gitattributes` routes every versions.lock.json to it. Without it, git merges locks as text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { GitError } from '../core/git.js';
import { formatProblems } from '../core/problems.js';
import { writeTogether, WriteError } from '../core/write-together.js';
import { LOCK_MERGE_ATTRIBUTE, LOCK_MERGE_DRIVER } from '../versioning/lock-merge.js';
import { commandOf, type CommandSpec } from './command.js';
import { CODE_ROOT } from './running-code.js';

const command: CommandSpec<Record<string, never>> = {
  name: 'setup-merge-driver',
  summary: "Register the version locks' merge driver in this clone's git config.",
  synopsis: '',
  options: {},
  details: [
    `Writes merge.${LOCK_MERGE_DRIVER}.name and .driver to .git/config, and the line "${LOCK_MERGE_ATTRIBUTE}" to .gitattributes if it is missing (commit it). Run it once per clone.`,
  ],
  examples: ['npm run setup-merge-driver'],
  run(_values, _positionals, io) {
    const root = io.cwd;
    git(root, ['rev-parse', '--git-dir']);
    // Absolute, because git runs the driver in the work tree's top folder (.git/config is per clone: rerun after moving it).
    const driver = `node ${quoted(join(CODE_ROOT, 'bin/run.mjs'))} merge-lock %O %A %B %P`;
    git(root, [
      'config',
      `merge.${LOCK_MERGE_DRIVER}.name`,
      'version locks: the highest version wins, one version with two contents is bumped',
    ]);
    git(root, ['config', `merge.${LOCK_MERGE_DRIVER}.driver`, driver]);
    io.out(`Registered the merge driver "${LOCK_MERGE_DRIVER}" in .git/config: ${driver}`);
    const attributes = join(root, '.gitattributes');
    const text = existsSync(attributes) ? readFileSync(attributes, 'utf8') : '';
    if (!text.split('\n').includes(LOCK_MERGE_ATTRIBUTE)) {
      try {
        writeTogether(root, [
          { file: '.gitattributes', text: `${text}${text && !text.endsWith('\n') ? '\n' : ''}${LOCK_MERGE_ATTRIBUTE}\n` },
        ]);
      } catch (error) {
        if (!(error instanceof WriteError)) throw error;
        io.err(formatProblems([error.problem]));
        return 1;
      }
      io.out(`Added "${LOCK_MERGE_ATTRIBUTE}" to .gitattributes: commit it.`);
    }
    return 0;
  },
};

/** A path quoted for the shell git runs the driver with. */
function quoted(path: string): string {
  return `'${path.replaceAll("'", `'\\''`)}'`;
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new GitError(
      `git ${args[0]!} failed: ${
        String(stderr ?? error)
          .trim()
          .split('\n')[0]!
      }; run from the project's clone.`,
    );
  }
}

/** `npm run setup-merge-driver`. */
export const setupMergeDriver = commandOf(command);

/**
 * Reading every version a file ever had in the history of a commit with two git commands: one
 * `git log --raw` listing the blobs the commits wrote, and one `git cat-file --batch` reading them
 * (with those of `git ls-tree`, the files as one commit holds them).
 */
import { execFileSync } from 'node:child_process';
import { GitError } from '../core/git.js';

/** A version of a file as one commit wrote it. */
export interface FileVersion {
  commit: string;
  /** Relative to the folder git ran in. */
  path: string;
  blob: string;
}

const NO_BLOB = /^0+$/;

/**
 * Every blob a commit reachable from `tip` wrote to a path matching `pathspecs`, newest commit
 * first. `--full-history` and `-m` list side branches and merge results that the simplified
 * history would skip. Throws a GitError when git cannot read the history (no commit yet).
 */
export function fileVersions(cwd: string, pathspecs: readonly string[], tip: string): FileVersion[] {
  const args = [
    'log',
    '--full-history',
    '-m',
    '--no-renames',
    '--raw',
    '--no-abbrev',
    '--relative',
    '--format=%x01%H',
    tip,
    '--',
    ...pathspecs,
  ];
  const versions: FileVersion[] = [];
  let commit = '';
  for (const line of run(cwd, args).toString('utf8').split('\n')) {
    if (line.startsWith('\x01')) commit = line.slice(1);
    const raw = /^:\d+ \d+ [0-9a-f]+ ([0-9a-f]+) \w+\t(.+)$/.exec(line);
    if (raw && !NO_BLOB.test(raw[1]!)) versions.push({ commit, path: raw[2]!, blob: raw[1]! });
  }
  return versions;
}

/** The files under `paths` (relative to `cwd`) as `commit` holds them, each with its blob. */
export function treeFiles(cwd: string, commit: string, paths: readonly string[]): Omit<FileVersion, 'commit'>[] {
  return run(cwd, ['ls-tree', '-r', '-z', commit, '--', ...paths])
    .toString('utf8')
    .split('\0')
    .flatMap((line) => {
      const file = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(line);
      return file ? [{ path: file[2]!, blob: file[1]! }] : [];
    });
}

/** The text of each blob, read by one `git cat-file --batch`. */
export function blobTexts(cwd: string, blobs: readonly string[]): Map<string, string> {
  const texts = new Map<string, string>();
  if (!blobs.length) return texts;
  const output = run(cwd, ['cat-file', '--batch'], `${blobs.join('\n')}\n`);
  let offset = 0;
  while (offset < output.length) {
    const headerEnd = output.indexOf(0x0a, offset);
    const [blob, type, size] = output.subarray(offset, headerEnd).toString('utf8').split(' ');
    if (type === 'missing' || size === undefined) {
      offset = headerEnd + 1;
      continue;
    }
    const start = headerEnd + 1;
    texts.set(blob!, output.subarray(start, start + Number(size)).toString('utf8'));
    offset = start + Number(size) + 1;
  }
  return texts;
}

function run(cwd: string, args: string[], input?: string): Buffer {
  try {
    return execFileSync('git', args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1024 * 1024 * 1024 });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: Buffer };
    if (code === 'ENOENT') throw new GitError('git is not installed or not on the PATH');
    throw new GitError(
      `git ${args[0]!} failed: ${
        String(stderr ?? '')
          .trim()
          .split('\n')[0] || String(error)
      }`,
    );
  }
}

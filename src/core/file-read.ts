/**
 * Reading the repository's user files without following symbolic links, waiting on pipes or
 * reading more than a config file can hold. Links are refused, not followed: code owners, reviews,
 * `npm run affected` and the source-commit tag go by the paths in the repository, and a link could
 * bring in a file they never see, or one outside the repository.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, type Dirent, type Stats } from 'node:fs';
import type { Problems } from './problems.js';

/** No config file or component document comes near this; a larger one is a mistake. */
const MAX_FILE_BYTES = 1024 * 1024;

/** The open flags as they are: Windows has no O_NOFOLLOW or O_NONBLOCK, though @types/node declares them everywhere. */
const openFlags: Partial<typeof constants> = constants;

/** Follows no link at the last step of the path, and never waits for a pipe's writer. */
const OPEN_FLAGS = constants.O_RDONLY | (openFlags.O_NOFOLLOW ?? 0) | (openFlags.O_NONBLOCK ?? 0);

/**
 * The bytes of a regular file of at most MAX_FILE_BYTES. A link, folder, pipe, device, larger
 * file or unreadable path is reported (undefined returned); the size is checked before reading.
 */
export function readRegularFile(absolutePath: string, file: string, problems: Problems): Buffer | undefined {
  const stats = statOrReport(() => lstatSync(absolutePath), file, problems);
  if (!stats || !isReadableFile(stats, file, problems)) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(absolutePath, OPEN_FLAGS);
    // The path may have changed since lstat: judge what was opened.
    const opened = fstatSync(fd);
    if (!isReadableFile(opened, file, problems)) return undefined;
    // One byte more than the limit tells a file that grew past it since fstat.
    const bytes = readUpTo(fd, Math.min(opened.size, MAX_FILE_BYTES) + 1);
    if (bytes.length <= MAX_FILE_BYTES) return bytes;
    reportTooLarge(bytes.length, file, problems);
  } catch (error) {
    reportUnreadable(error, file, problems);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return undefined;
}

/**
 * The entries of a folder (empty when there is none). A folder that is a link, or a file where a
 * folder belongs, is reported and lists nothing.
 */
export function readFolder(absolutePath: string, folder: string, problems: Problems): Dirent[] {
  const stats = statOrReport(() => lstatSync(absolutePath, { throwIfNoEntry: false }), folder, problems);
  if (!stats) return [];
  if (stats.isSymbolicLink()) {
    reportLink(folder, problems);
    return [];
  }
  if (!stats.isDirectory()) {
    problems.add({ file: folder, path: '', message: 'a file where a folder is expected', hint: 'replace it with a folder, or remove it' });
    return [];
  }
  try {
    return readdirSync(absolutePath, { withFileTypes: true });
  } catch (error) {
    reportUnreadable(error, folder, problems);
    return [];
  }
}

/** Reports a symbolic link found where the repository's own files or folders belong. */
export function reportLink(file: string, problems: Problems): void {
  problems.add({
    file,
    path: '',
    message: 'a symbolic link: links are not followed',
    hint: 'replace the link with the file or folder itself: code owners, reviews and npm run affected go by the paths in the repository',
  });
}

/** At most `limit` bytes from an open file. */
function readUpTo(fd: number, limit: number): Buffer {
  const buffer = Buffer.alloc(limit);
  let length = 0;
  while (length < limit) {
    const read = readSync(fd, buffer, length, limit - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

function isReadableFile(stats: Stats, file: string, problems: Problems): boolean {
  if (stats.isSymbolicLink()) reportLink(file, problems);
  else if (stats.isDirectory())
    problems.add({ file, path: '', message: 'a folder where a file is expected', hint: 'replace it with the file, or remove it' });
  else if (!stats.isFile())
    problems.add({ file, path: '', message: 'not a regular file (a pipe, socket or device)', hint: 'replace it with a regular file' });
  else if (stats.size > MAX_FILE_BYTES) reportTooLarge(stats.size, file, problems);
  else return true;
  return false;
}

function statOrReport(stat: () => Stats | undefined, file: string, problems: Problems): Stats | undefined {
  try {
    return stat();
  } catch (error) {
    reportUnreadable(error, file, problems);
    return undefined;
  }
}

function reportTooLarge(bytes: number, file: string, problems: Problems): void {
  problems.add({
    file,
    path: '',
    message: `the file is ${(bytes / 1024 / 1024).toFixed(1)} MiB, over the 1 MiB limit`,
    hint: 'a config file or component document this large is a mistake: check what was pasted or generated into it',
  });
}

function reportUnreadable(error: unknown, file: string, problems: Problems): void {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  problems.add({ file, path: '', message: `the file cannot be read (${code})`, hint: 'check that it exists and that you may read it' });
}

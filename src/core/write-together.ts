/**
 * Writing several files so that either every one of them changes or none does: each new text
 * goes to a temporary file in its target's folder first, and only when all of them are written
 * are they renamed into place (a rename within a folder is atomic). A rename that still fails
 * puts back the files already replaced.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Problem } from './problems.js';

/** A file could not be written; no file of the batch was changed. */
export class WriteError extends Error {
  override name = 'WriteError';

  /** The failure as a problem located at the file, with what to do. */
  readonly problem: Problem;

  constructor(file: string, reason: string) {
    super(`could not write ${file} (${reason}); no file was changed`);
    this.problem = {
      severity: 'error',
      file,
      path: '',
      message: `could not be written (${reason}); no file was changed`,
      hint: 'make it a writable file (no folder in its place, no immutable flag: `lsattr`, `chattr -i`) and run the command again',
    };
  }
}

/** A file to write: its path relative to `root`, and its new text. */
export interface FileWrite {
  file: string;
  text: string;
}

interface Staged extends FileWrite {
  target: string;
  temporary: string;
  /** A copy of the file as it was, when there was one. */
  backup?: string;
}

/** Writes every file or none; throws a WriteError naming the file and the reason. */
export function writeTogether(root: string, writes: readonly FileWrite[]): void {
  const staged: Staged[] = [];
  let replaced = 0;
  try {
    for (const write of writes) {
      const target = join(root, write.file);
      const item: Staged = { ...write, target, temporary: temporaryBeside(target) };
      staged.push(item);
      attempt(write.file, () => writeDurably(item.temporary, write.text));
      if (existsSync(target)) {
        item.backup = temporaryBeside(target);
        attempt(write.file, () => copyFileSync(target, item.backup!));
      }
    }
    for (const item of staged) {
      attempt(item.file, () => renameSync(item.temporary, item.target));
      replaced++;
    }
  } catch (error) {
    for (const item of staged.slice(0, replaced)) {
      if (item.backup) renameSync(item.backup, item.target);
      else rmSync(item.target, { force: true });
    }
    throw error;
  } finally {
    for (const item of staged) {
      rmSync(item.temporary, { force: true });
      if (item.backup) rmSync(item.backup, { force: true });
    }
  }
}

/** `.<name>.<random>.tmp` in the target's folder, so that the final rename stays in one file system. */
function temporaryBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

function writeDurably(path: string, text: string): void {
  const fd = openSync(path, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Runs a file operation, turning its failure into a WriteError about `file`. */
function attempt(file: string, operation: () => void): void {
  try {
    operation();
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = code ? `${code}: ${message.replace(/^\w+: /, '').replace(/, \w+ '.*$/s, '')}` : message;
    throw new WriteError(file, reason);
  }
}

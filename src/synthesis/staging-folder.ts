/**
 * The folder synth writes into before it replaces the output folder: `.<outdir>-<pid>-XXXXXX`
 * beside it, named after the process that owns it. A synth that is killed leaves its staging
 * folder behind; the next run removes the ones whose owner is gone. A folder whose owner still
 * runs may belong to a synth running right now, so it stays, unless untouched for a day (the pid
 * was reused: no synth runs that long).
 */
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/** Creates this run's staging folder beside `outdir`, after removing abandoned ones. */
export function createStagingFolder(outdir: string): string {
  removeAbandonedStagingFolders(outdir);
  return mkdtempSync(join(dirname(outdir), `.${basename(outdir)}-${process.pid}-`));
}

/** Removes the staging folders of synths that no longer run; returns their names. */
export function removeAbandonedStagingFolders(outdir: string, now = Date.now()): string[] {
  const escaped = basename(outdir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${escaped}-(\\d+)-[A-Za-z0-9]{6}$`);
  const removed: string[] = [];
  for (const name of readdirSync(dirname(outdir))) {
    const owner = pattern.exec(name)?.[1];
    if (owner === undefined) continue;
    const path = join(dirname(outdir), name);
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (!stats?.isDirectory()) continue;
    if (isRunning(Number(owner)) && now - stats.mtimeMs < ABANDONED_AFTER_MS) continue;
    rmSync(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What a folder holds, as one value to compare before and after, or between two runs. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file under `folder` with its content, by path relative to the folder (`/`-separated), and
 * every empty folder as `<path>/` with no content; nothing when the folder does not exist.
 */
export function folderContents(folder: string): Record<string, string> {
  const contents: Record<string, string> = {};
  if (!existsSync(folder)) return contents;
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const key = relative(folder, path).split('\\').join('/');
    if (!entry.isDirectory()) contents[key] = readFileSync(path, 'utf8');
    else if (readdirSync(path).length === 0) contents[`${key}/`] = '';
  }
  return contents;
}

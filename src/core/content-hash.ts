/**
 * A sha256 over the content of files and folders, for caches that must never give a wrong answer:
 * every byte, name and kind of entry counts (never a modification time). Whatever a hash cannot pin
 * down (a link, whose target may change on its own, a device, something unreadable) leaves the
 * hash without a value, so a cache keyed on it is not used at all.
 */
import { createHash, type Hash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A hash being built over several paths and values; `digest()` gives its hex value, if it has one. */
export class ContentHash {
  private readonly hash: Hash = createHash('sha256');
  private pinned = true;

  /** Adds a labelled value (a code version, a commit), length-prefixed so that no two sequences collide. */
  text(label: string, value: string): this {
    return this.part(`text ${label}`, Buffer.from(value, 'utf8'));
  }

  /**
   * Adds `path` (relative to `root`) as it is on disk: a file's bytes, a folder's entries by name,
   * recursively; a missing path counts as missing.
   */
  path(root: string, path: string): this {
    try {
      const stats = lstatSync(join(root, path), { throwIfNoEntry: false });
      if (!stats) return this.part(`missing ${path}`, Buffer.alloc(0));
      if (stats.isFile()) return this.part(`file ${path}`, readFileSync(join(root, path)));
      return stats.isDirectory() ? this.folder(root, path) : this.unpinned();
    } catch {
      return this.unpinned();
    }
  }

  /** The hex sha256 of everything added; undefined when something added could not be pinned down. */
  digest(): string | undefined {
    const value = this.hash.digest('hex');
    return this.pinned ? value : undefined;
  }

  /** A folder's entries, sorted by name, with the kinds its listing gives (no stat per entry). */
  private folder(root: string, path: string): this {
    this.part(`folder ${path}`, Buffer.alloc(0));
    const entries = readdirSync(join(root, path), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isFile()) this.part(`file ${child}`, readFileSync(join(root, child)));
      else if (entry.isDirectory()) this.folder(root, child);
      else return this.unpinned();
    }
    return this;
  }

  private unpinned(): this {
    this.pinned = false;
    return this;
  }

  private part(header: string, bytes: Buffer): this {
    this.hash.update(`${header.length}:${header}\0${bytes.length}:`);
    this.hash.update(bytes);
    return this;
  }
}

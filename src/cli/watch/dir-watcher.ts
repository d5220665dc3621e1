/**
 * Watches a set of directories (one non-recursive `fs.watch` each) and reports the absolute path
 * of every entry that changes in them. The set is re-synchronised after each workspace walk, so
 * new folders are watched and ignored ones (`.git`, `node_modules`, gitignored) never are — a
 * recursive watch would put inotify watches on all of those too.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export class DirectoryWatcher {
  private readonly watchers = new Map<string, FSWatcher>();

  constructor(private readonly onPath: (absolute: string) => void) {}

  /**
   * Watch exactly `dirs` from now on (new ones are added, the others closed). Folders in `renew`
   * are watched afresh even if already watched (the folder may have been replaced by a new one).
   */
  sync(dirs: Iterable<string>, renew: ReadonlySet<string> = new Set()): void {
    const wanted = new Set(dirs);
    for (const [dir, w] of this.watchers) {
      if (!wanted.has(dir) || renew.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: true }, (_event, name) => {
          // Without a name (rare, platform-dependent) the folder itself is reported.
          this.onPath(name ? path.join(dir, name.toString()) : dir);
        });
        // A watched folder that disappears reports an error on some platforms: forget it.
        w.on('error', () => {
          w.close();
          this.watchers.delete(dir);
          this.onPath(dir);
        });
        this.watchers.set(dir, w);
      } catch {
        // The folder vanished between the walk and now; the next walk settles it.
      }
    }
  }

  get size(): number {
    return this.watchers.size;
  }

  close(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}

/** Looking for a file by name in a folder and its ancestors (configuration and spec discovery). */
import { statSync } from 'node:fs';
import path from 'node:path';

/** Absolute path of the nearest regular file `name` in `startDir` or one of its ancestors, or undefined. */
export async function findFileUpward(startDir: string, name: string): Promise<string | undefined> {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, name);
    // A synchronous stat: cheaper than a round trip through the thread pool, and this runs at start-up.
    try {
      if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    } catch {
      // not here; look one level up
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

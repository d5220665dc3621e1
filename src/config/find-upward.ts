/** Looking for a file by name in a folder and its ancestors (configuration and spec discovery). */
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** Absolute path of the nearest regular file `name` in `startDir` or one of its ancestors, or undefined. */
export async function findFileUpward(startDir: string, name: string): Promise<string | undefined> {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, name);
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // not here; look one level up
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

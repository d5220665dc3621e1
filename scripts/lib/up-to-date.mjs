// Shared by the fixture build steps: is a build output newer than every one of its inputs?
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders that hold outputs or dependencies, never inputs. */
const SKIP = new Set(['build', 'target', 'node_modules']);

/** Newest modification time among the paths (folders recursively, output folders skipped). */
export async function newestMtime(paths) {
  let newest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = await stat(p);
    if (st.isDirectory()) {
      const entries = (await readdir(p)).filter((e) => !SKIP.has(e));
      newest = Math.max(newest, await newestMtime(entries.map((e) => join(p, e))));
    } else newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

/** True when `output` exists and is at least as new as every input. */
export async function upToDate(output, inputs) {
  if (!existsSync(output)) return false;
  return (await stat(output)).mtimeMs >= (await newestMtime(inputs));
}

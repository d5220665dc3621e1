/**
 * Gitignore-aware recursive walk of a workspace. `.git`, `node_modules` (and other VCS folders)
 * and `.hielements-cache` are always skipped; `.gitignore` files are honoured at every level; extra glob patterns from
 * `hielements.toml` (`[workspace] ignore`) are matched against workspace-relative paths.
 * Symbolic links are not followed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { DEFAULT_CACHE_DIR } from './facts/store.js';

/** Version-control folders, installed packages, and hielements' own facts cache (facts/store.ts). */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', DEFAULT_CACHE_DIR]);

export interface WalkResult {
  /** Absolute paths of regular files, sorted. */
  files: string[];
  /** Absolute paths of the directories visited (including the root), sorted. */
  dirs: string[];
}

interface Rules {
  /** Directory (relative to the root, '' for the root) the .gitignore lives in. */
  base: string;
  ig: Ignore;
}

export async function walkWorkspace(root: string, extraIgnore: readonly string[] = []): Promise<WalkResult> {
  const files: string[] = [];
  const dirs: string[] = [];
  const extra = extraIgnore.length > 0 ? picomatch(extraIgnore as string[], { dot: true }) : undefined;
  const ignored = (rel: string, isDir: boolean, rules: readonly Rules[]): boolean => {
    if (extra && (extra(rel) || (isDir && extra(`${rel}/`)))) return true;
    for (const r of rules) {
      const sub = r.base === '' ? rel : rel.slice(r.base.length + 1);
      if (r.ig.ignores(isDir ? `${sub}/` : sub)) return true;
    }
    return false;
  };
  const visit = async (rel: string, inherited: readonly Rules[]): Promise<void> => {
    const abs = rel === '' ? root : join(root, rel);
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch {
      return; // unreadable directory: nothing to select there
    }
    dirs.push(abs);
    let rules = inherited;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const text = await readFile(join(abs, '.gitignore'), 'utf8');
        rules = [...inherited, { base: rel, ig: ignore().add(text) }];
      } catch {
        /* unreadable .gitignore: ignore it */
      }
    }
    const sub: Promise<void>[] = [];
    for (const e of entries) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || ignored(childRel, true, rules)) continue;
        sub.push(visit(childRel, rules));
      } else if (e.isFile()) {
        if (!ignored(childRel, false, rules)) files.push(join(root, childRel));
      }
    }
    await Promise.all(sub);
  };
  await visit('', []);
  files.sort();
  dirs.sort();
  return { files, dirs };
}

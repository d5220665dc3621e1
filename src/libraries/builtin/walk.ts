/**
 * Gitignore-aware recursive walk of a workspace. `.git`, `node_modules` (and other VCS folders)
 * and `.hielements-cache` are always skipped; `.gitignore` files are honoured at every level; extra glob patterns from
 * `hielements.toml` (`[workspace] ignore`) are matched against workspace-relative paths.
 *
 * The walk goes through the confinement module (src/confine): each directory is opened from its
 * parent's descriptor without following links, listed through that descriptor, and symbolic links
 * are skipped (neither files nor folders), so a link or a concurrent swap never leads it outside.
 */
import { join, sep } from 'node:path';
import type { Ignore } from 'ignore';
import { confinedRoot, type DirHandle, type FsResult } from '../../confine/index.js';
import { DEFAULT_CACHE_DIR } from './facts/store.js';

/** Version-control folders, installed packages, and hielements' own facts cache (facts/store.ts). */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', DEFAULT_CACHE_DIR]);

/** Largest `.gitignore` read (a bigger one is ignored). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

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

/**
 * Walks the workspace `root` (its real path), or only its folder `from` (workspace-relative; then
 * the `[workspace] ignore` patterns do not apply: an explicitly named folder is taken whole, less
 * what its own `.gitignore` files exclude).
 */
export async function walkWorkspace(root: string, extraIgnore: readonly string[] = [], from = ''): Promise<WalkResult> {
  const files: string[] = [];
  const dirs: string[] = [];
  // loaded with the first walk: commands that never walk (check, parse) do not pay for them
  const [{ default: ignore }, { default: picomatch }] = await Promise.all([import('ignore'), import('picomatch')]);
  const extra = from === '' && extraIgnore.length > 0 ? picomatch(extraIgnore as string[], { dot: true }) : undefined;
  const ignored = (rel: string, isDir: boolean, rules: readonly Rules[]): boolean => {
    if (extra && (extra(rel) || (isDir && extra(`${rel}/`)))) return true;
    for (const r of rules) {
      const sub = r.base === '' ? rel : rel.slice(r.base.length + 1);
      if (r.ig.ignores(isDir ? `${sub}/` : sub)) return true;
    }
    return false;
  };
  // Absolute paths are the folder's path plus a listed name (never `.`, `..` or holding a
  // separator): plain concatenation gives what path.join gives, without its normalising pass (a
  // walk builds one path per file of the workspace).
  const plain = sep === '/' && !root.endsWith('/');
  // Depth first, one descriptor per level open at a time.
  const visit = (dir: DirHandle, inherited: readonly Rules[]): void => {
    const rel = dir.rel;
    const listed = dir.entries();
    if (!listed.ok) return; // unreadable directory: nothing to select there
    const entries = listed.value;
    const abs = rel === '' ? root : plain ? `${root}/${rel}` : join(root, rel);
    dirs.push(abs);
    let rules = inherited;
    if (entries.some((e) => e.name === '.gitignore' && e.kind === 'file')) {
      const text = dir.readFile('.gitignore', MAX_GITIGNORE_BYTES);
      if (text.ok) rules = [...inherited, { base: rel, ig: ignore().add(text.value.toString('utf8')) }];
    }
    // without ignore rules here, no entry needs its workspace-relative path
    const filtering = extra !== undefined || rules.length > 0;
    for (const e of entries) {
      const childRel = filtering || !plain ? (rel === '' ? e.name : `${rel}/${e.name}`) : '';
      if (e.kind === 'dir') {
        if (ALWAYS_SKIPPED.has(e.name) || (filtering && ignored(childRel, true, rules))) continue;
        const child = dir.child(e.name);
        if (!child.ok) continue; // replaced by a link or removed since the listing
        try {
          visit(child.value, rules);
        } finally {
          child.value.close();
        }
      } else if (e.kind === 'file') {
        if (!(filtering && ignored(childRel, false, rules)))
          files.push(plain ? `${abs}/${e.name}` : join(root, childRel));
      }
    }
  };
  let top: FsResult<DirHandle>;
  try {
    top = confinedRoot(root).openDir(from);
  } catch {
    return { files, dirs }; // the root itself cannot be opened
  }
  if (top.ok) {
    try {
      visit(top.value, []);
    } finally {
      top.value.close();
    }
  }
  files.sort();
  dirs.sort();
  return { files, dirs };
}

/**
 * Which paths a library may write (docs/security.md, "Writes"): only below the folders its
 * configuration grants, and never a path that could turn a write into code execution or damage
 * hielements' own state, whatever is granted.
 */
import { statSync } from 'node:fs';
import { splitRelative } from './path.js';
import { fsError, type FsError, type FsResult } from './result.js';

/** Folder of a library's own output, below the workspace: `.hielements-out/<library>/`. */
export const OUTPUT_DIR = '.hielements-out';

/** Facts cache folder name (kept here so that this module depends on nothing else). */
const CACHE_DIR = '.hielements-cache';

/**
 * Components that are never written, wherever they appear (compared case-insensitively, because
 * on a case-insensitive file system `.GIT/hooks` is `.git/hooks`).
 */
const PROTECTED_COMPONENTS: ReadonlyMap<string, string> = new Map([
  ['.git', 'inside .git (hooks and config run code)'],
  ['node_modules', 'inside node_modules (installed code)'],
  [CACHE_DIR, "inside hielements' facts cache"],
]);

export interface WritePolicy {
  /** Why writing `parts` is refused by name, or undefined. */
  check(parts: readonly string[]): FsError | undefined;
  /** Why the opened file is protected (a configured module or program), or undefined. */
  protectedInode(st: { dev: number; ino: number }): string | undefined;
}

export interface WritePolicyOptions {
  /** Granted folders, workspace-relative (`generated/`). */
  grants: readonly string[];
  /** Workspace-relative paths never written (the configured cache folder, modules, programs). */
  protectedPaths?: readonly string[];
  /** Absolute paths of files never written, wherever they are (compared by device and inode). */
  protectedFiles?: readonly string[];
}

const lower = (s: string) => s.toLowerCase();

/** Why a path is never writable, whatever is granted (by name only). */
export function protectedByName(parts: readonly string[]): string | undefined {
  for (const p of parts) {
    const why = PROTECTED_COMPONENTS.get(lower(p));
    if (why) return why;
  }
  const last = lower(parts[parts.length - 1] ?? '');
  if (last === 'hielements.toml') return 'a hielements.toml (configuration names the programs hielements runs)';
  if (last.endsWith('.hie')) return 'a .hie spec file';
  return undefined;
}

const startsWith = (parts: readonly string[], prefix: readonly string[], fold = false) =>
  prefix.length <= parts.length && prefix.every((p, i) => (fold ? lower(p) === lower(parts[i]!) : p === parts[i]));

/** The folders of a grant list, split (invalid entries are left out: config validation reports them). */
export function splitGrants(grants: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const g of grants) {
    const s = splitRelative(g);
    if (s.ok) out.push(s.value.parts);
  }
  return out;
}

export function writePolicy(opts: WritePolicyOptions): WritePolicy {
  const grants = splitGrants(opts.grants);
  const protectedPaths = splitGrants(opts.protectedPaths ?? []);
  const inodes = new Map<string, string>();
  for (const f of opts.protectedFiles ?? []) {
    try {
      const st = statSync(f);
      inodes.set(`${st.dev}:${st.ino}`, `a file hielements is configured to run or load (${f})`);
    } catch {
      /* not there: nothing to protect */
    }
  }
  return {
    check(parts) {
      const byName = protectedByName(parts);
      if (byName) return fsError('protected', `'${parts.join('/')}' is ${byName}; never writable`);
      for (const p of protectedPaths)
        if (startsWith(parts, p, true))
          return fsError(
            'protected',
            `'${parts.join('/')}' is protected ('${p.join('/')}' is used by hielements); never writable`,
          );
      if (!grants.some((g) => parts.length > g.length && startsWith(parts, g))) {
        const list =
          opts.grants.length > 0 ? `granted: ${opts.grants.map((g) => `'${g}'`).join(', ')}` : 'no folder is granted';
        return fsError('not-granted', `'${parts.join('/')}' is not below a folder this library may write (${list})`);
      }
      return undefined;
    },
    protectedInode(st) {
      return inodes.size > 0 ? inodes.get(`${st.dev}:${st.ino}`) : undefined;
    },
  };
}

/** Validates one configured grant: a workspace-relative folder that is not itself protected. */
export function checkGrant(g: string): FsResult<string> {
  const s = splitRelative(g);
  if (!s.ok) return s;
  const why = s.value.parts.length > 0 ? protectedByName([...s.value.parts, 'x']) : undefined;
  if (why) return fsError('protected', `'${g}' is ${why}; it can never be granted`);
  return { ok: true, value: s.value.parts.length === 0 ? '.' : `${s.value.parts.join('/')}/` };
}

/** Workspace-relative path handling shared by the built-in libraries. */
import { isAbsolute, normalize, relative, sep } from 'node:path';
import { confinedRoot, workspaceRelative, type FsResult, type StatInfo } from '../../confine/index.js';
import { closestName } from '../../diagnostics/suggest.js';
import { sortedUnder } from './file-index.js';
import { LibraryError, type Scope, type ScopeKind, type SymbolRef } from '../types.js';

/**
 * What is at the absolute path `abs` inside the workspace `root` (its real path), through the
 * confinement module: never following a symbolic link (a link is reported as `symlink`).
 */
export function statIn(root: string, abs: string): FsResult<StatInfo> {
  const rel = workspaceRelative(root, abs);
  if (!rel.ok) return rel;
  try {
    return confinedRoot(root).stat(rel.value);
  } catch (e) {
    return { ok: false, kind: 'io', reason: e instanceof Error ? e.message : String(e) };
  }
}

/** `file` or `dir` for a regular file or folder at `abs` (links, other kinds and errors: undefined). */
export function kindIn(root: string, abs: string): 'file' | 'dir' | undefined {
  const r = statIn(root, abs);
  return r.ok && (r.value.kind === 'file' || r.value.kind === 'dir') ? r.value.kind : undefined;
}

/** Contents of the regular file at `abs` (at most `maxBytes`), through the confinement module. */
export function readIn(root: string, abs: string, maxBytes: number): FsResult<Buffer> {
  const rel = workspaceRelative(root, abs);
  if (!rel.ok) return rel;
  try {
    return confinedRoot(root).readFile(rel.value, maxBytes);
  } catch (e) {
    return { ok: false, kind: 'io', reason: e instanceof Error ? e.message : String(e) };
  }
}

/** A relative path with an empty, `.` or `..` segment or a trailing slash: `normalize` changes it. */
const NOT_NORMAL = /(^|\/)\.{1,2}(\/|$)|\/\/|\/$/;

/**
 * Resolves a workspace-relative path given to a selector. Absolute paths and paths that escape the
 * workspace with `..` are refused.
 */
export function resolveInWorkspace(workspace: string, p: string, fn: string, code: string): string {
  if (isAbsolute(p) || /^[a-zA-Z]:[\\/]/.test(p)) {
    throw new LibraryError(
      code,
      `${fn}: path '${p}' is absolute; paths are relative to the workspace ` + `(${workspace})`,
    );
  }
  // a path in normal form already (the usual `pkg/sub`) is its own normalisation
  const norm = sep === '/' && p !== '' && !NOT_NORMAL.test(p) ? p : normalize(p === '' ? '.' : p);
  if (norm === '..' || norm.startsWith(`..${sep}`)) {
    throw new LibraryError(code, `${fn}: path '${p}' leaves the workspace; paths must stay inside ${workspace}`);
  }
  return norm === '.' ? workspace : `${workspace}${sep}${norm.replace(/[\\/]+$/, '')}`;
}

/** Workspace-relative form of an absolute path, with `/` separators (for messages and globs). */
export function rel(workspace: string, abs: string): string {
  const r = relative(workspace, abs);
  return (r === '' ? '.' : r).split(sep).join('/');
}

/** Files under a directory, from a list sorted by `Array.prototype.sort` (binary search). */
export const under = sortedUnder;

/** Strictly ascending (in `Array.prototype.sort` order: UTF-16 code units), hence also without duplicates? */
export function isSortedUnique(paths: readonly string[]): boolean {
  for (let i = 1; i < paths.length; i++) if (!(paths[i - 1]! < paths[i]!)) return false;
  return true;
}

/**
 * A fresh sorted array of the distinct paths. Selectors mostly hand over lists that are sorted
 * already (slices of the sorted workspace listing): those are only copied, without a set and a sort.
 */
function sortedUnique(paths: Iterable<string>): string[] {
  if (Array.isArray(paths) && isSortedUnique(paths)) return paths.slice();
  return [...new Set(paths)].sort();
}

export function makeScope(
  kind: ScopeKind,
  paths: Iterable<string>,
  description: string,
  language?: string,
  symbols?: SymbolRef[],
): Scope {
  const s: Scope = { kind, paths: sortedUnique(paths), resolved: true, description };
  if (language) s.language = language;
  if (symbols && symbols.length > 0) s.symbols = symbols;
  return s;
}

/** `'x'` quoting for messages. */
export const q = (s: string) => `'${s}'`;

/**
 * The scope with a hint for an empty result: `no <what> \`name\``, and the closest of `candidates`
 * (computed only when the scope is empty) as a suggestion.
 */
export function hintWhenEmpty(s: Scope, what: string, name: string, candidates: () => Iterable<string>): Scope {
  if (s.paths.length > 0) return s;
  const near = closestName(name, [...new Set(candidates())]);
  return { ...s, hint: `no ${what} \`${name}\`${near ? `; did you mean \`${near}\`?` : ''}` };
}

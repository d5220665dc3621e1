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
  const norm = normalize(p === '' ? '.' : p);
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

export function makeScope(
  kind: ScopeKind,
  paths: Iterable<string>,
  description: string,
  language?: string,
  symbols?: SymbolRef[],
): Scope {
  const s: Scope = { kind, paths: [...new Set(paths)].sort(), resolved: true, description };
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

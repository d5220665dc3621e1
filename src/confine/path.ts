/**
 * Lexical rules for paths that come from input the user did not write (a library's arguments or
 * results, an import in a spec): workspace-relative, `/`-separated, no NUL, no backslash, no
 * absolute or drive path, `..` only while it stays inside. No file system access here: see
 * root.ts for the descriptor-relative resolution that follows.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { fsError, type FsResult } from './result.js';

/** A confined relative path split into its components. */
export interface RelPath {
  /** Components below the root, none empty, `.` or `..` (empty for the root itself). */
  parts: string[];
  /** Written with a trailing `/`: the path must name a directory. */
  dirOnly: boolean;
}

/** The usual shape (`a/b.txt`): components without `.`/`..`, NUL, backslash or empty parts. */
const PLAIN = /^(?:(?!\.\.?(?:\/|$))[^/\0\\]+)(?:\/(?!\.\.?(?:\/|$))[^/\0\\]+)*$/;

/**
 * Splits a workspace-relative path. `''` and `.` name the root; `a/./b` and `a/../b` are
 * normalised lexically (no link is ever followed afterwards, so lexical `..` can only be
 * stricter than the kernel's); a `..` above the root is refused.
 */
export function splitRelative(p: string): FsResult<RelPath> {
  if (PLAIN.test(p) && !/^[A-Za-z]:/.test(p)) return { ok: true, value: { parts: p.split('/'), dirOnly: false } };
  if (p.includes('\0')) return fsError('invalid-path', 'path contains a NUL byte');
  if (p.includes('\\')) return fsError('invalid-path', 'path contains a backslash (paths use `/` separators)');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p))
    return fsError('invalid-path', 'absolute paths are not allowed (paths are relative to the workspace)');
  const parts: string[] = [];
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') {
      if (parts.length === 0) return fsError('outside', 'path leads outside the workspace');
      parts.pop();
    } else parts.push(c);
  }
  return { ok: true, value: { parts, dirOnly: p.endsWith('/') && parts.length > 0 } };
}

/**
 * A path as found in a library's result: absolute inside `root`, or relative to it. Returns the
 * workspace-relative form with `/` separators (`''` for the root itself).
 */
export function workspaceRelative(root: string, p: string): FsResult<string> {
  if (p.includes('\0')) return fsError('invalid-path', 'path contains a NUL byte');
  if (p.includes('\\')) return fsError('invalid-path', 'path contains a backslash (paths use `/` separators)');
  let rel = p;
  if (isAbsolute(p)) {
    rel = relative(root, p);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
      return fsError('outside', 'absolute path outside the workspace');
    if (sep !== '/') rel = rel.split(sep).join('/');
  } else if (/^[A-Za-z]:/.test(p)) return fsError('invalid-path', 'drive paths are not allowed');
  const split = splitRelative(rel);
  if (!split.ok) return split;
  return { ok: true, value: split.value.parts.join('/') };
}

/**
 * How file paths are shown to people and written into reports: the one home of path display.
 * Everything that prints a path (diagnostics, reports, the CLI's status lines) goes through here.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from './diagnostic.js';

/** Forward slashes on every platform (SARIF, JUnit, JSON). */
export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** `file` relative to `base` when it lies inside it, else undefined. */
export function relativeInside(file: string, base: string): string | undefined {
  const rel = relative(base, resolve(base, file));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return toPosix(rel);
}

/** Path for people: relative to `cwd` when inside it, else absolute; relative paths stay as written. */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return toPosix(file);
  return relativeInside(file, cwd) ?? toPosix(file);
}

/** The diagnostic with its file (and related files) shown as `displayPath` shows them. */
export function withDisplayPaths(d: Diagnostic, cwd: string): Diagnostic {
  const out: Diagnostic = { ...d, file: displayPath(d.file, cwd) };
  if (d.related) out.related = d.related.map((r) => ({ ...r, file: displayPath(r.file, cwd) }));
  return out;
}

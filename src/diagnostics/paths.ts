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

/** Where paths are shown from. */
export interface PathBase {
  /** Absolute workspace root: what lies inside it is shown relative to it. */
  workspace: string;
  /** The directory relative input paths (a spec file as given on the command line) are resolved from. */
  cwd: string;
}

/**
 * How a location is shown in every output (human, verbose, JSON, SARIF, JUnit): relative to the
 * workspace when it lies inside it, else absolute; forward slashes. Whatever directory the command
 * runs in, the same file is shown the same way.
 */
export function shownPath(file: string, base: PathBase): string {
  if (file === '') return file;
  const abs = resolve(base.cwd, file);
  return relativeInside(abs, base.workspace) ?? toPosix(abs);
}

/** The diagnostic with its file (and related files) shown as `shownPath` shows them. */
export function withShownPaths(d: Diagnostic, base: PathBase): Diagnostic {
  const text = (t: string) => shownInText(t, base.workspace);
  const out: Diagnostic = { ...d, file: shownPath(d.file, base), message: text(d.message) };
  if (d.help) out.help = text(d.help);
  if (d.related)
    out.related = d.related.map((r) => ({ ...r, file: shownPath(r.file, base), message: text(r.message) }));
  return out;
}

/** Source texts keyed the way `withShownPaths` names their files (for code frames). */
export function shownSources(sources: ReadonlyMap<string, string>, base: PathBase): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, text] of sources) out.set(shownPath(file, base), text);
  return out;
}

/**
 * A message with the absolute paths it spells inside the workspace shown relative to it (messages
 * name spec files absolutely; the editor integration works on absolute paths).
 */
export function shownInText(text: string, workspace: string): string {
  const prefix = workspace.endsWith(sep) ? workspace : `${workspace}${sep}`;
  return text.split(prefix).join('');
}

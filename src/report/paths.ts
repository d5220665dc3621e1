/** URIs for the reporters (SARIF, JUnit); how paths are shown to people lives in src/diagnostics/paths.ts. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { relativeInside, shownInText, shownPath, shownSources, withShownPaths } from '../diagnostics/paths.js';
import type { CodeLocation } from '../libraries/types.js';
import type { CheckOutcome, RunReport } from '../results/types.js';

/** `file` relative to the workspace (posix), or an absolute `file://` URI when it lies outside. */
export function workspaceUri(file: string, workspace: string, cwd: string): { uri: string; inside: boolean } {
  const abs = resolve(cwd, file);
  const rel = relativeInside(abs, workspace);
  if (rel !== undefined) return { uri: encodeUriPath(rel), inside: true };
  return { uri: pathToFileURL(abs).href, inside: false };
}

/** Percent-encodes what a URI reference may not contain, keeping `/`. */
export function encodeUriPath(rel: string): string {
  return rel
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/** `file:///abs/dir/` (trailing slash, as SARIF base URIs require). */
export function directoryUri(dir: string): string {
  const href = pathToFileURL(resolve(dir)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * The report with every path shown as people see it (src/diagnostics/paths.ts `shownPath`): the
 * spec file, each check's `.hie` file, code locations, exceptions, known violations and
 * diagnostics, relative to the workspace. Renderers given it resolve relative paths against the
 * workspace. `sources` are re-keyed the same way.
 */
export function reportWithShownPaths(
  report: RunReport,
  sources: ReadonlyMap<string, string>,
  cwd: string,
): { report: RunReport; sources: Map<string, string> } {
  const lazy = reportShownLazily(report, sources, cwd);
  return { report: { ...lazy.report, results: report.results.map(lazy.show) }, sources: lazy.sources };
}

/**
 * As `reportWithShownPaths`, except the outcomes: `results` are the report's own, and `show` gives
 * one outcome as `reportWithShownPaths` shows it. For a renderer that goes through thousands of
 * outcomes once: each shown copy is dropped as soon as it is rendered, none is held meanwhile.
 */
export function reportShownLazily(
  report: RunReport,
  sources: ReadonlyMap<string, string>,
  cwd: string,
): { report: RunReport; sources: Map<string, string>; show: (r: CheckOutcome) => CheckOutcome } {
  const base = { workspace: report.workspace, cwd };
  // Thousands of outcomes name the same few files: each is resolved and shown once (one string).
  const shown = new Map<string, string>();
  const file = (f: string): string => {
    let out = shown.get(f);
    if (out === undefined) shown.set(f, (out = shownPath(f, base)));
    return out;
  };
  const loc = (l: CodeLocation): CodeLocation => ({ ...l, file: file(l.file) });
  const show = (r: CheckOutcome): CheckOutcome => {
    const out: CheckOutcome = { ...r, file: file(r.file) };
    if (r.message !== undefined) out.message = shownInText(r.message, report.workspace);
    if (r.locations) out.locations = r.locations.map(loc);
    if (r.baselined) out.baselined = { ...r.baselined, locations: r.baselined.locations.map(loc) };
    if (r.excepted) out.excepted = r.excepted.map((e) => ({ ...e, file: file(e.file), location: loc(e.location) }));
    return out;
  };
  return {
    report: {
      ...report,
      file: shownPath(report.file, base),
      diagnostics: report.diagnostics.map((d) => withShownPaths(d, base)),
    },
    sources: shownSources(sources, base),
    show,
  };
}

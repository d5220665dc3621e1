/** URIs for the reporters (SARIF, JUnit); how paths are shown to people lives in src/diagnostics/paths.ts. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { relativeInside } from '../diagnostics/paths.js';

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

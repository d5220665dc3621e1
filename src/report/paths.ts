/** Path presentation shared by the reporters. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

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

/** Path for people: relative to `cwd` when inside it, else absolute. */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return toPosix(file);
  return relativeInside(file, cwd) ?? toPosix(file);
}

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

/**
 * Document identity for the language server: LSP `file:` URIs ↔ absolute paths (the paths the
 * pipeline loads and puts in spans), and span ↔ range conversion on a document's text. Spans carry
 * 0-based UTF-16 offsets, which is what LSP positions count, so ranges come straight from offsets.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver';
import type { Span } from '../diagnostics/diagnostic.js';

/** Absolute path of a document; documents that are not files get a stable pseudo-path. */
export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) return path.normalize(fileURLToPath(uri));
  return `/${encodeURIComponent(uri)}`;
}

/** Inverse of uriToPath for the paths it produced. */
export function pathToUri(file: string): string {
  if (file.startsWith('/') && /^\/[a-z][a-z0-9+.-]*%3A/i.test(file)) return decodeURIComponent(file.slice(1));
  return pathToFileURL(file).href;
}

/** A document view of any text, used to turn offsets into positions. */
export function textDocument(file: string, text: string, version = 0): TextDocument {
  return TextDocument.create(pathToUri(file), 'hielements', version, text);
}

/** Range of a span in a document; the start of the file when either is unknown. */
export function spanToRange(doc: TextDocument | undefined, span: Span | undefined): Range {
  if (!doc || !span) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { start: doc.positionAt(span.start.offset), end: doc.positionAt(span.end.offset) };
}

/** True when `offset` lies inside the span (both ends included: a cursor right after a name is on it). */
export function spanContains(span: Span, offset: number): boolean {
  return span.start.offset <= offset && offset <= span.end.offset;
}

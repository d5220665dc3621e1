/**
 * Diagnostics shared by every stage of the pipeline (lexer, parser, validator, interpreter,
 * configuration, libraries). Codes are stable and documented in docs/diagnostics.md.
 */

/**
 * 1-based line and column (columns count Unicode code points); offset is a 0-based UTF-16 index into the source text.
 */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Span {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface RelatedInformation {
  file: string;
  span?: Span;
  message: string;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable code, e.g. `E007`, `W051`; every code is in src/diagnostics/registry.ts. */
  code: string;
  /** One sentence written for people, never internal token names. */
  message: string;
  /**
   * Path of the file the diagnostic is about, as the user gave it (or relative to the cwd). Empty when not about a
   * file.
   */
  file: string;
  span?: Span;
  /** Optional hint on how to fix it. */
  help?: string;
  related?: RelatedInformation[];
}

export function makeDiagnostic(
  severity: Severity,
  code: string,
  message: string,
  file: string,
  span?: Span,
  extra: { help?: string; related?: RelatedInformation[] } = {},
): Diagnostic {
  const d: Diagnostic = { severity, code, message, file };
  if (span) d.span = span;
  if (extra.help) d.help = extra.help;
  if (extra.related && extra.related.length > 0) d.related = extra.related;
  return d;
}

export function isError(d: Diagnostic): boolean {
  return d.severity === 'error';
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some(isError);
}

/** Sort by file, then position, keeping discovery order for ties. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      if (a.d.file !== b.d.file) return a.d.file < b.d.file ? -1 : 1;
      const ao = a.d.span?.start.offset ?? -1;
      const bo = b.d.span?.start.offset ?? -1;
      if (ao !== bo) return ao - bo;
      return a.i - b.i;
    })
    .map((x) => x.d);
}

/** Drops exact repeats (same file, code, position and message), keeping the first. */
export function dedupeDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const key = `${d.file}\u0000${d.code}\u0000${d.span?.start.offset ?? -1}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

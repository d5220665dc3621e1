/** JSON form of a Diagnostic, shared by `check --format json` and `run --format json`. */
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';

export interface SpanJson {
  start: { line: number; column: number; offset: number };
  end: { line: number; column: number; offset: number };
}

export interface DiagnosticJson {
  severity: Diagnostic['severity'];
  code: string;
  message: string;
  file: string;
  span?: SpanJson;
  help?: string;
  related?: { file: string; span?: SpanJson; message: string }[];
}

export function spanToJson(span: Span): SpanJson {
  return {
    start: { line: span.start.line, column: span.start.column, offset: span.start.offset },
    end: { line: span.end.line, column: span.end.column, offset: span.end.offset },
  };
}

/** Keys in the original's order (severity, code, message, file, span); optional keys omitted when absent. */
export function diagnosticToJson(d: Diagnostic): DiagnosticJson {
  const out: DiagnosticJson = { severity: d.severity, code: d.code, message: d.message, file: d.file };
  if (d.span) out.span = spanToJson(d.span);
  if (d.help) out.help = d.help;
  if (d.related && d.related.length > 0) {
    out.related = d.related.map((r) => {
      const rel: { file: string; span?: SpanJson; message: string } = { file: r.file, message: r.message };
      if (r.span) rel.span = spanToJson(r.span);
      return rel;
    });
  }
  return out;
}

/** The pipeline's diagnostics as LSP diagnostics: code, help text, related locations. */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { shownInText } from '../diagnostics/paths.js';
import { pathToUri, spanToRange } from './paths.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `workspace`: paths the messages spell inside it are shown relative to it, as the command line shows them. */
export function toLspDiagnostic(
  given: Diagnostic,
  documentOf: (file: string) => TextDocument | undefined,
  workspace?: string,
): LspDiagnostic {
  const text = (t: string) => (workspace ? shownInText(t, workspace) : t);
  const d: Diagnostic = { ...given, message: text(given.message) };
  if (given.help) d.help = text(given.help);
  if (given.related) d.related = given.related.map((r) => ({ ...r, message: text(r.message) }));
  const doc = documentOf(d.file);
  const out: LspDiagnostic = {
    range: spanToRange(doc, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'hielements',
    message: d.help ? `${d.message}\nhelp: ${d.help}` : d.message,
  };
  if (d.help) out.data = { help: d.help };
  if (d.related && d.related.length > 0) {
    out.relatedInformation = d.related
      .filter((r) => r.file !== '')
      .map((r) => {
        const rd = documentOf(r.file);
        return { location: { uri: pathToUri(r.file), range: spanToRange(rd, r.span) }, message: r.message };
      });
  }
  return out;
}

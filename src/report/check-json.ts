/**
 * `hielements check --format json`: the original's diagnostics document (docs/output-formats.md, "check --format
 * json") —
 * `{version, status, errors, warnings, summary: {total_errors, total_warnings}}`. Differences,
 * documented in docs/output-formats.md: `offset` is a UTF-16 index (not a byte offset), `help` and
 * `related` appear when a diagnostic has them, and `info`/`hint` diagnostics are listed under
 * `notes` instead of being dropped.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnosticToJson, type DiagnosticJson } from './diagnostic-json.js';

export interface CheckJson {
  version: '1.0';
  status: 'ok' | 'error';
  errors: DiagnosticJson[];
  warnings: DiagnosticJson[];
  notes?: DiagnosticJson[];
  summary: { total_errors: number; total_warnings: number };
}

export function buildCheckJson(diagnostics: readonly Diagnostic[]): CheckJson {
  const errors = diagnostics.filter((d) => d.severity === 'error').map(diagnosticToJson);
  const warnings = diagnostics.filter((d) => d.severity === 'warning').map(diagnosticToJson);
  const notes = diagnostics.filter((d) => d.severity === 'info' || d.severity === 'hint').map(diagnosticToJson);
  return {
    version: '1.0',
    status: errors.length > 0 ? 'error' : 'ok',
    errors,
    warnings,
    ...(notes.length > 0 ? { notes } : {}),
    summary: { total_errors: errors.length, total_warnings: warnings.length },
  };
}

export function renderCheckJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(buildCheckJson(diagnostics), null, 2)}\n`;
}

/**
 * Expectation comments of the conformance cases (see test/conformance/README.md).
 *
 *   # expect: ok                         no syntax diagnostics
 *   # expect: valid                      no diagnostics at all, also from the validator
 *   # expect: error E007 at 3:9          one expected diagnostic (position optional)
 *   # expect: warning W051 "shadows"     … with a part of its message (optional)
 *   # expect-run: …                      other `expect-KEY:` lines belong to other harnesses
 *
 * Expectation lines may stand anywhere in the file (usually at its top or its end); each is a whole
 * line starting with `# expect`.
 */
import type { Diagnostic, Severity } from '../../src/diagnostics/diagnostic.js';

export interface Expected {
  severity: Severity;
  code: string;
  line?: number;
  column?: number;
  messagePart?: string;
  /** Line of the expectation comment (for reports). */
  source: number;
}

export interface CaseExpectations {
  ok: boolean;
  valid: boolean;
  diagnostics: Expected[];
  /** Other `# expect-KEY: value` lines, by key (e.g. `run`). */
  other: Map<string, string[]>;
  /** Malformed expectation lines. */
  problems: string[];
}

const LINE = /^#\s*expect(?:-([a-z][a-z0-9-]*))?\s*:\s*(.*)$/;
const DIAG = /^(error|warning|info|hint)\s+([A-Z]\d{3})(?:\s+at\s+(\d+):(\d+))?(?:\s+"([^"]*)")?\s*$/;

export function readExpectations(text: string): CaseExpectations {
  const out: CaseExpectations = { ok: false, valid: false, diagnostics: [], other: new Map(), problems: [] };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    const m = LINE.exec(raw);
    if (!m) continue;
    const key = m[1];
    const value = m[2]!.trim();
    if (key !== undefined) {
      const list = out.other.get(key) ?? [];
      list.push(value);
      out.other.set(key, list);
      continue;
    }
    if (value === 'ok') {
      out.ok = true;
      continue;
    }
    if (value === 'valid') {
      out.ok = true;
      out.valid = true;
      continue;
    }
    const d = DIAG.exec(value);
    if (!d) {
      out.problems.push(`line ${i + 1}: cannot read expectation \`${value}\``);
      continue;
    }
    const e: Expected = { severity: d[1] as Severity, code: d[2]!, source: i + 1 };
    if (d[3] !== undefined) {
      e.line = Number(d[3]);
      e.column = Number(d[4]);
    }
    if (d[5] !== undefined) e.messagePart = d[5];
    out.diagnostics.push(e);
  }
  return out;
}

/** Codes the parser reports: E001–E029 except E012/E014/E015, which belong to the validator. */
export function isSyntaxCode(code: string): boolean {
  const m = /^E0(\d\d)$/.exec(code);
  if (!m) return false;
  const n = Number(m[1]);
  return n >= 1 && n <= 29 && n !== 12 && n !== 14 && n !== 15;
}

export function describeDiagnostic(d: Diagnostic): string {
  const at = d.span ? ` at ${d.span.start.line}:${d.span.start.column}` : '';
  return `${d.severity} ${d.code}${at} "${d.message}"`;
}

function describeExpected(e: Expected): string {
  const at = e.line !== undefined ? ` at ${e.line}:${e.column}` : '';
  const msg = e.messagePart !== undefined ? ` "${e.messagePart}"` : '';
  return `${e.severity} ${e.code}${at}${msg} (expectation on line ${e.source})`;
}

function matches(e: Expected, d: Diagnostic): boolean {
  if (e.severity !== d.severity || e.code !== d.code) return false;
  if (e.line !== undefined && (d.span?.start.line !== e.line || d.span?.start.column !== e.column)) return false;
  if (e.messagePart !== undefined && !d.message.includes(e.messagePart)) return false;
  return true;
}

/** Pairs expected with actual diagnostics; returns the human-readable mismatches (empty = pass). */
export function compare(expected: readonly Expected[], actual: readonly Diagnostic[]): string[] {
  const left = [...actual];
  const problems: string[] = [];
  // Positioned expectations first, so that a position-less one cannot steal their diagnostic.
  const ordered = [...expected].sort((a, b) => Number(a.line === undefined) - Number(b.line === undefined));
  for (const e of ordered) {
    const i = left.findIndex((d) => matches(e, d));
    if (i < 0) problems.push(`missing: ${describeExpected(e)}`);
    else left.splice(i, 1);
  }
  for (const d of left) problems.push(`unexpected: ${describeDiagnostic(d)}`);
  return problems;
}

/**
 * `hielements run --format json`: a stable, documented schema (docs/output-formats.md). Every key is
 * always present (absent values are `null`) so consumers can rely on the shape. Version 2.0 is a
 * superset of the original's 1.0 run output (`results[].{check,element,message,status}`, `status`,
 * `summary.{total,passed,failed,errors}`).
 */
import { hasErrors } from '../diagnostics/diagnostic.js';
import { diagnosticToJson, type DiagnosticJson } from './diagnostic-json.js';
import { relativeInside, toPosix } from '../diagnostics/paths.js';
import type { CodeLocation } from '../libraries/types.js';
import type { CheckOutcome, OutcomeOrigin, OutcomeStatus, RunReport } from '../results/types.js';

export const RUN_JSON_VERSION = '2.1';

export interface LocationJson {
  /** Relative to the workspace (forward slashes) when inside it, else absolute. */
  file: string;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  message: string | null;
}

export interface ResultJson {
  element: string;
  check: string;
  status: OutcomeStatus;
  message: string | null;
  origin: OutcomeOrigin;
  pattern: string | null;
  library: string | null;
  function: string | null;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  locations: LocationJson[];
  /** Violations accepted by the baseline file (not in `locations`, not failing); null without any. */
  known: { count: number; locations: LocationJson[] } | null;
  /** Violations accepted by exceptions in the spec: the import and the exception's reason and place. */
  excepted: (LocationJson & { reason: string; exception: { file: string; line: number } })[];
  /** `warning` for checks and rules marked as warnings (they never fail the run), else `error`. */
  severity: 'error' | 'warning';
  /** The `##` documentation of a failed or errored check or rule; null otherwise. */
  doc: string | null;
  details: string | null;
  durationMs: number;
}

export interface RunJson {
  version: string;
  tool: { name: 'hielements'; version: string };
  file: string;
  workspace: string;
  status: 'ok' | 'error';
  summary: {
    total: number;
    passed: number;
    failed: number;
    errors: number;
    skipped: number;
    known: number;
    excepted: number;
    warnings: number;
    durationMs: number;
  };
  results: ResultJson[];
  diagnostics: DiagnosticJson[];
}

/** `ok` iff no check failed or errored and there is no error diagnostic. */
export function runStatus(report: RunReport): 'ok' | 'error' {
  return report.summary.failed === 0 && report.summary.errors === 0 && !hasErrors(report.diagnostics) ? 'ok' : 'error';
}

export function buildRunJson(report: RunReport, toolVersion: string): RunJson {
  return {
    version: RUN_JSON_VERSION,
    tool: { name: 'hielements', version: toolVersion },
    file: toPosix(report.file),
    workspace: report.workspace,
    status: runStatus(report),
    summary: { ...pickSummary(report), durationMs: round(report.durationMs) },
    results: report.results.map((r) => resultToJson(r, report.workspace)),
    diagnostics: report.diagnostics.map(diagnosticToJson),
  };
}

export function renderJsonReport(report: RunReport, toolVersion: string): string {
  return `${JSON.stringify(buildRunJson(report, toolVersion), null, 2)}\n`;
}

function pickSummary(report: RunReport) {
  const { total, passed, failed, errors, skipped, known, excepted, warnings } = report.summary;
  return {
    total,
    passed,
    failed,
    errors,
    skipped,
    known: known ?? 0,
    excepted: excepted ?? 0,
    warnings: warnings ?? 0,
  };
}

function resultToJson(r: CheckOutcome, workspace: string): ResultJson {
  return {
    element: r.element,
    check: r.check,
    status: r.status,
    message: r.message ?? null,
    origin: r.origin,
    pattern: r.pattern ?? null,
    library: r.library ?? null,
    function: r.function ?? null,
    file: toPosix(r.file),
    line: r.span.start.line,
    column: r.span.start.column,
    endLine: r.span.end.line,
    endColumn: r.span.end.column,
    locations: (r.locations ?? []).map((l) => locationToJson(l, workspace)),
    known: r.baselined
      ? { count: r.baselined.count, locations: r.baselined.locations.map((l) => locationToJson(l, workspace)) }
      : null,
    excepted: (r.excepted ?? []).map((e) => ({
      ...locationToJson(e.location, workspace),
      reason: e.reason,
      exception: { file: toPosix(e.file), line: e.line },
    })),
    severity: r.severity ?? 'error',
    doc: r.doc ?? null,
    details: r.details ?? null,
    durationMs: round(r.durationMs),
  };
}

function locationToJson(l: CodeLocation, workspace: string): LocationJson {
  return {
    file: relativeInside(l.file, workspace) ?? toPosix(l.file),
    line: l.line ?? null,
    column: l.column ?? null,
    endLine: l.endLine ?? null,
    endColumn: l.endColumn ?? null,
    message: l.message ?? null,
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

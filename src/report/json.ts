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
  // the whole text at once: one JSON.stringify makes it with the least garbage
  return `${JSON.stringify(buildRunJson(report, toolVersion), null, 2)}\n`;
}

/** Results serialised into one string at a time. */
const RESULTS_PER_CHUNK = 256;
/** Where `results` stands in the report serialised without them (quotes in strings are escaped). */
const NO_RESULTS = '\n  "results": [],\n';

/**
 * The text of `renderJsonReport` (`JSON.stringify(buildRunJson(…), null, 2)` and a newline) in
 * pieces made as they are asked for: the results are serialised a few hundred at a time (each at
 * the depth it has in the whole), so a report of thousands of checks is never held whole, as
 * objects or as text. `show` is applied to each outcome first (`reportShownLazily`).
 */
export function* jsonReportChunks(
  report: RunReport,
  toolVersion: string,
  show?: (r: CheckOutcome) => CheckOutcome,
): Generator<string, void, undefined> {
  const text = JSON.stringify(buildRunJson({ ...report, results: [] }, toolVersion), null, 2);
  const at = text.indexOf(NO_RESULTS);
  const results = report.results;
  if (results.length === 0 || at < 0) {
    const shown = show ? { ...report, results: results.map(show) } : report;
    yield `${JSON.stringify(buildRunJson(shown, toolVersion), null, 2)}\n`;
    return;
  }
  yield `${text.slice(0, at)}\n  "results": [\n`;
  for (let start = 0; start < results.length; start += RESULTS_PER_CHUNK) {
    const items: string[] = [];
    const end = Math.min(results.length, start + RESULTS_PER_CHUNK);
    for (let i = start; i < end; i++) {
      const r = results[i] as CheckOutcome;
      const item = JSON.stringify(resultToJson(show ? show(r) : r, report.workspace), null, 2);
      // four spaces: an item of the array `results` of the top-level object
      items.push(`    ${item.replace(/\n/g, '\n    ')}`);
    }
    yield `${start > 0 ? ',\n' : ''}${items.join(',\n')}`;
  }
  yield `\n  ],\n${text.slice(at + NO_RESULTS.length)}\n`;
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

/**
 * JUnit XML reporter (`--format junit`), for CI systems that show test reports.
 * One `<testsuite>` per top-level element, one `<testcase>` per check (classname = dotted element
 * path, name = the check as written), `<failure>` for failed checks, `<error>` for checks that could
 * not be evaluated, `<skipped/>` for filtered-out checks, `time` in seconds. Error diagnostics
 * (validation or run time) form an extra suite named `hielements diagnostics`.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CodeLocation } from '../libraries/types.js';
import { relativeInside, toPosix } from '../diagnostics/paths.js';
import type { CheckOutcome, RunReport } from '../results/types.js';
import { attrs, escapeXmlText } from './xml.js';

export const DIAGNOSTICS_SUITE = 'hielements diagnostics';

interface Suite {
  name: string;
  cases: CheckOutcome[];
}

export function renderJunitReport(report: RunReport): string {
  return [...junitReportChunks(report)].join('');
}

/** Lines joined into one string at a time while a report is made. */
const LINES_PER_CHUNK = 512;

/**
 * The text of `renderJunitReport` in pieces of a few hundred lines (whole suites), made as they
 * are asked for, so a report of thousands of checks is never held whole. `show` is applied to each
 * outcome first (`reportShownLazily`).
 */
export function* junitReportChunks(
  report: RunReport,
  show?: (r: CheckOutcome) => CheckOutcome,
): Generator<string, void, undefined> {
  const suites = groupByTopLevel(report.results);
  const errorDiagnostics = report.diagnostics.filter((d) => d.severity === 'error');
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = report.summary;
  lines.push(
    `<testsuites${attrs({
      name: `hielements ${toPosix(report.file)}`,
      tests: s.total + s.skipped + errorDiagnostics.length,
      failures: s.failed,
      errors: s.errors + errorDiagnostics.length,
      skipped: s.skipped,
      // the suites' times added up (checks run concurrently, so this is not the wall time of the run)
      time: seconds(suites.reduce((t, suite) => t + suiteMs(suite), 0)),
    })}>`,
  );
  for (const suite of suites) {
    renderSuite(suite, report.workspace, lines, show);
    if (lines.length >= LINES_PER_CHUNK) {
      lines.push('');
      yield lines.join('\n');
      lines.length = 0;
    }
  }
  if (errorDiagnostics.length > 0) lines.push(...renderDiagnosticsSuite(errorDiagnostics));
  lines.push('</testsuites>', '');
  yield lines.join('\n');
}

function groupByTopLevel(results: readonly CheckOutcome[]): Suite[] {
  const suites = new Map<string, Suite>();
  for (const r of results) {
    const top = r.element.split('.')[0] || '(top level)';
    let suite = suites.get(top);
    if (!suite) {
      suite = { name: top, cases: [] };
      suites.set(top, suite);
    }
    suite.cases.push(r);
  }
  return [...suites.values()];
}

/** Appends the suite's lines to `out` (one array for the whole report, however many checks). */
function renderSuite(
  suite: Suite,
  workspace: string,
  out: string[],
  show: ((r: CheckOutcome) => CheckOutcome) | undefined,
): void {
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const c of suite.cases) {
    if (c.status === 'fail' && c.severity !== 'warning') failures++;
    else if (c.status === 'error' && c.severity !== 'warning') errors++;
    else if (c.status === 'skipped') skipped++;
  }
  out.push(
    `  <testsuite${attrs({
      name: suite.name,
      tests: suite.cases.length,
      failures,
      errors,
      skipped,
      time: seconds(suiteMs(suite)),
    })}>`,
  );
  for (const c of suite.cases) out.push(...renderCase(show ? show(c) : c, workspace));
  out.push('  </testsuite>');
}

function renderCase(c: CheckOutcome, workspace: string): string[] {
  const open = `    <testcase${attrs({
    classname: c.element,
    name: c.check,
    file: toPosix(c.file),
    line: c.span.start.line,
    time: seconds(wholeMs(c.durationMs)),
  })}`;
  if (c.severity === 'warning' && (c.status === 'fail' || c.status === 'error')) {
    return [
      `${open}>`,
      `      <system-out>${escapeXmlText(`warning (does not fail the run): ${caseBody(c, workspace)}`)}</system-out>`,
      '    </testcase>',
    ];
  }
  if (c.status === 'pass' && (c.excepted ?? []).length > 0)
    return [
      `${open}>`,
      `      <system-out>${escapeXmlText(exceptedText(c, workspace))}</system-out>`,
      '    </testcase>',
    ];
  if (c.status === 'pass' && c.baselined)
    return [`${open}>`, `      <system-out>${escapeXmlText(knownText(c, workspace))}</system-out>`, '    </testcase>'];
  if (c.status === 'pass') return [`${open}/>`];
  if (c.status === 'skipped') return [`${open}>`, '      <skipped/>', '    </testcase>'];
  const tag = c.status === 'fail' ? 'failure' : 'error';
  const body = caseBody(c, workspace);
  return [
    `${open}>`,
    `      <${tag}${attrs({ message: c.message ?? c.status, type: c.library && c.function ? `${c.library}.${c.function}` : c.origin })}>${escapeXmlText(body)}</${tag}>`,
    '    </testcase>',
  ];
}

function caseBody(c: CheckOutcome, workspace: string): string {
  const lines = [`${toPosix(c.file)}:${c.span.start.line}:${c.span.start.column}: ${c.check}`];
  if (c.message) lines.push(c.message);
  if (c.pattern) lines.push(`declared by pattern ${c.pattern} (${c.origin})`);
  for (const l of c.locations ?? []) lines.push(`  at ${formatLocation(l, workspace)}`);
  if (c.details) lines.push(c.details.trimEnd());
  if (c.doc) lines.push(...c.doc.split('\n').map((l) => `## ${l}`));
  if (c.baselined) lines.push(knownText(c, workspace));
  if ((c.excepted ?? []).length > 0) lines.push(exceptedText(c, workspace));
  return lines.join('\n');
}

/** Violations accepted by exceptions in the spec, with their reasons. */
function exceptedText(c: CheckOutcome, workspace: string): string {
  return (c.excepted ?? [])
    .map((e) => `excepted: ${formatLocation(e.location, workspace)} — ${e.reason} (${toPosix(e.file)}:${e.line})`)
    .join('\n');
}

/** Known violations (baseline) of a check: reported, never a failure. */
function knownText(c: CheckOutcome, workspace: string): string {
  const n = c.baselined?.count ?? 0;
  const lines = [
    `${n === 1 ? '1 known violation' : `${n} known violations`} in the baseline (not ` +
      `failing)${c.status === 'pass' && c.message ? `: ${c.message}` : ''}`,
  ];
  for (const l of c.baselined?.locations ?? []) lines.push(`  known at ${formatLocation(l, workspace)}`);
  return lines.join('\n');
}

function formatLocation(l: CodeLocation, workspace: string): string {
  let where = relativeInside(l.file, workspace) ?? toPosix(l.file);
  if (l.line !== undefined) where += `:${l.line}`;
  if (l.line !== undefined && l.column !== undefined) where += `:${l.column}`;
  return l.message ? `${where} ${l.message}` : where;
}

function renderDiagnosticsSuite(ds: readonly Diagnostic[]): string[] {
  const out = [
    `  <testsuite${attrs({ name: DIAGNOSTICS_SUITE, tests: ds.length, failures: 0, errors: ds.length, skipped: 0, time: '0.000' })}>`,
  ];
  for (const d of ds) {
    const where = d.span ? `${toPosix(d.file)}:${d.span.start.line}:${d.span.start.column}` : toPosix(d.file);
    out.push(
      `    <testcase${attrs({ classname: DIAGNOSTICS_SUITE, name: `${d.code} ${where}`.trim(), file: d.file ? toPosix(d.file) : undefined, line: d.span?.start.line, time: '0.000' })}>`,
      `      <error${attrs({ message: d.message, type: d.code })}>${escapeXmlText(d.help ? `${where}: ${d.message}\nhelp: ${d.help}` : `${where}: ${d.message}`)}</error>`,
      '    </testcase>',
    );
  }
  out.push('  </testsuite>');
  return out;
}

/** Times are added on whole milliseconds, so the figures printed with 3 decimals add up exactly. */
const wholeMs = (ms: number) => Math.max(0, Math.round(ms));
const suiteMs = (suite: Suite) => suite.cases.reduce((t, c) => t + wholeMs(c.durationMs), 0);

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

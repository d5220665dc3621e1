/**
 * Human reporter for `hielements run`: results grouped by element, each with its status, its `.hie`
 * location, the message and the offending code locations; diagnostics rendered with code frames;
 * a one-line summary with counts and timing.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { terminalText as t } from '../diagnostics/terminal-text.js';
import type { CodeLocation } from '../libraries/types.js';
import { displayPath } from '../diagnostics/paths.js';
import { createStyle, type Style } from './style.js';
import type { CheckOutcome, OutcomeStatus, RunReport, RunSummary } from '../results/types.js';

export interface HumanReportOptions {
  color: boolean;
  /** Paths inside this directory are shown relative to it. */
  cwd: string;
  /** Also list skipped checks and extra details. */
  verbose?: boolean;
  /** Only failures, errors, error diagnostics and the summary. */
  quiet?: boolean;
  /** Source texts of the spec files, for code frames. */
  sources?: ReadonlyMap<string, string>;
  /**
   * Applied to each outcome just before it is rendered (`reportShownLazily`'s `show`), so that a
   * report of thousands of checks is never copied whole to show its paths.
   */
  show?: (r: CheckOutcome) => CheckOutcome;
}

/** Lines joined into one string at a time while a report is rendered. */
const LINES_PER_BLOCK = 512;

/** How many offending locations are listed per check before "… and N more". */
const MAX_LOCATIONS = 10;

export function renderHumanReport(report: RunReport, opts: HumanReportOptions): string {
  return [...humanReportChunks(report, opts)].join('');
}

/**
 * The text of `renderHumanReport` in pieces of a few hundred lines, made as they are asked for: the
 * CLI writes each as it comes, so a report of thousands of checks is never held whole.
 */
export function* humanReportChunks(report: RunReport, opts: HumanReportOptions): Generator<string, void, undefined> {
  const s = createStyle(opts.color);
  const out: string[] = [];
  out.push(
    `${s.bold('Running')} checks in ${s.cyan(displayPath(report.file, opts.cwd))} ` +
      `${s.dim(`(workspace ${displayPath(report.workspace, opts.cwd) || '.'})`)}`,
  );
  out.push('');

  // Thousands of checks make thousands of lines, each a chain of string pieces until joined: they
  // are joined (each line ending in a newline) and handed out in blocks as they come.
  let currentElement: string | undefined;
  for (const given of report.results) {
    if (!shouldShow(given.status, opts)) continue;
    const r = opts.show ? opts.show(given) : given;
    if (r.element !== currentElement) {
      currentElement = r.element;
      out.push(s.bold(t(r.element) || '(top level)'));
    }
    renderOutcome(r, s, opts, out);
    if (out.length >= LINES_PER_BLOCK) {
      out.push('');
      yield out.join('\n');
      out.length = 0;
    }
  }
  if (currentElement !== undefined) out.push('');

  const diagnostics = opts.quiet ? report.diagnostics.filter((d) => d.severity === 'error') : report.diagnostics;
  const rendered = renderDiagnosticList(diagnostics, opts);
  if (rendered) out.push(rendered.trimEnd(), '');

  out.push(formatSummaryLine(report.summary, report.durationMs, s, countErrors(report.diagnostics)));
  out.push('');
  yield out.join('\n');
}

function shouldShow(status: OutcomeStatus, opts: HumanReportOptions): boolean {
  if (status === 'skipped') return opts.verbose === true && opts.quiet !== true;
  if (status === 'pass') return opts.quiet !== true;
  return true;
}

const LABELS: Record<OutcomeStatus, string> = { pass: 'PASS ', fail: 'FAIL ', error: 'ERROR', skipped: 'SKIP ' };

export function statusLabel(status: OutcomeStatus, s: Style): string {
  const label = LABELS[status];
  switch (status) {
    case 'pass':
      return s.bold(s.green(label));
    case 'fail':
      return s.bold(s.red(label));
    case 'error':
      return s.bold(s.yellow(label));
    default:
      return s.dim(label);
  }
}

/** Appends the outcome's lines to `lines` (one array for the whole report, however many checks). */
function renderOutcome(r: CheckOutcome, s: Style, opts: HumanReportOptions, lines: string[]): void {
  const where = `${displayPath(r.file, opts.cwd)}:${r.span.start.line}:${r.span.start.column}`;
  const tag = originTag(r);
  const tagText = tag ? ` ${s.dim(`[${tag}]`)}` : '';
  const warn = r.severity === 'warning' && (r.status === 'fail' || r.status === 'error');
  const label = warn
    ? s.bold(s.yellow('WARN '))
    : r.baselined && r.status === 'pass'
      ? s.bold(s.cyan('KNOWN'))
      : statusLabel(r.status, s);
  // Everything a library or an analysed file wrote is shown with control characters made visible.
  lines.push(`  ${label} ${t(r.check)}  ${s.dim(t(where))}${tagText}`);
  const indent = '         ';
  if (r.baselined) {
    const n = r.baselined.count;
    const what = `${n === 1 ? 'known violation' : `${n} known violations`} in the baseline`;
    lines.push(
      `${indent}${s.dim(
        r.status === 'pass'
          ? (`${what}, not failing: ` + `${t(r.message ?? '')}`).trimEnd()
          : `${what} not shown; new:`,
      )}`,
    );
  }
  if (r.message && r.status !== 'pass') {
    const arrow = r.status === 'fail' && !warn ? s.red('→') : s.yellow('→');
    t(r.message)
      .split('\n')
      .forEach((line, i) => lines.push(`${indent}${i === 0 ? `${arrow} ` : '  '}${line}`));
  } else if (r.message && opts.verbose) {
    lines.push(`${indent}${s.dim(t(r.message))}`);
  }
  // The rule's `##` documentation says why it exists.
  if (r.doc && r.status !== 'pass')
    for (const line of t(r.doc).split('\n')) lines.push(`${indent}  ${s.dim(`## ${line}`)}`);
  for (const e of r.excepted ?? []) {
    lines.push(
      `${indent}  ${s.dim('excepted')} ${formatLocation(e.location, s, opts.cwd)}  ` +
        `${s.dim(`— ${t(e.reason)} (${displayPath(e.file, opts.cwd)}:${e.line})`)}`,
    );
  }
  const locations = r.locations ?? [];
  for (const loc of locations.slice(0, MAX_LOCATIONS)) lines.push(`${indent}  ${formatLocation(loc, s, opts.cwd)}`);
  if (locations.length > MAX_LOCATIONS) {
    lines.push(`${indent}  ${s.dim(`… and ${locations.length - MAX_LOCATIONS} more (see --format json)`)}`);
  }
  if (r.details && (r.status === 'error' || opts.verbose)) {
    for (const line of t(r.details.trimEnd()).split('\n')) lines.push(`${indent}  ${s.dim(`| ${line}`)}`);
  }
}

const ORIGIN_WORDS: Record<CheckOutcome['origin'], string> = {
  element: 'check',
  pattern: 'check',
  requirement: 'requirement',
  connection: 'connection rule',
  uses: 'undeclared dependency (--strict-uses)',
  language: 'language connection check',
};

/** `from pattern stage`, `connection rule of pattern layered`; undefined for the element's own checks. */
export function originTag(r: Pick<CheckOutcome, 'origin' | 'pattern'>): string | undefined {
  if (r.origin === 'element') return undefined;
  if (r.origin === 'pattern') return r.pattern ? `from pattern ${r.pattern}` : 'from a pattern';
  return r.pattern ? `${ORIGIN_WORDS[r.origin]} of pattern ${r.pattern}` : ORIGIN_WORDS[r.origin];
}

function formatLocation(loc: CodeLocation, s: Style, cwd: string): string {
  let where = displayPath(loc.file, cwd);
  if (loc.line !== undefined) where += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) where += `:${loc.column}`;
  return loc.message ? `${s.cyan(t(where))}  ${t(loc.message)}` : s.cyan(t(where));
}

function renderDiagnosticList(diagnostics: readonly Diagnostic[], opts: HumanReportOptions): string {
  if (diagnostics.length === 0) return '';
  return renderDiagnostics([...diagnostics], new Map(opts.sources ?? []), { color: opts.color });
}

function countErrors(ds: readonly Diagnostic[]): number {
  return ds.filter((d) => d.severity === 'error').length;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** `12 checks: 10 passed, 1 failed, 1 error, 0 skipped in 1.23 s` (+ diagnostics count when > 0). */
export function formatSummaryLine(sum: RunSummary, durationMs: number, s: Style, errorDiagnostics = 0): string {
  const failed = sum.failed > 0 ? s.red(`${sum.failed} failed`) : `${sum.failed} failed`;
  const errors =
    sum.errors > 0 ? s.yellow(plural(sum.errors, 'error', 'errors')) : plural(sum.errors, 'error', 'errors');
  const parts = [
    `${s.bold(plural(sum.total, 'check', 'checks'))}: ${s.green(`${sum.passed} passed`)}`,
    failed,
    errors,
    `${sum.skipped} skipped`,
  ];
  if (sum.warnings) parts.splice(3, 0, s.yellow(plural(sum.warnings, 'warning', 'warnings')));
  if (sum.excepted) parts.push(`${sum.excepted} excepted`);
  if (sum.known) parts.push(s.cyan(`${plural(sum.known, 'known violation', 'known violations')} (baseline)`));
  parts[parts.length - 1] += ` in ${formatSeconds(durationMs)}`;
  let line = parts.join(', ');
  if (errorDiagnostics > 0) line += `; ${s.red(plural(errorDiagnostics, 'error diagnostic', 'error diagnostics'))}`;
  return line;
}

/** `1.23 s`. */
export function formatSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(2)} s`;
}

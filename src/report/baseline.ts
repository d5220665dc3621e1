/**
 * Baseline of known violations: the failures of one run recorded in a committed file, so later runs
 * fail only on new violations. Violations are matched by stable keys — element, rule (and the
 * pattern that declared it), source file and the imported module (or what the library reported at
 * that place) — never by line numbers, so unrelated edits do not break the baseline. Equal keys are
 * counted: a file that imports the same module twice needs two entries' worth of count.
 *
 * Pure functions only: reading and writing the file is the command line's job.
 */
import { makeDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import type { CodeLocation } from '../libraries/types.js';
import { SourceFile } from '../syntax/source.js';
import { jsonErrorOffset } from './json-error.js';
import { relativeInside, toPosix } from './paths.js';
import { summarize, type CheckOutcome, type RunReport } from './types.js';

export const BASELINE_FILE_NAME = 'hielements-baseline.json';
export const BASELINE_VERSION = 1;

export const BaselineCodes = {
  /** The baseline file is not valid JSON or not a baseline document. */
  INVALID_FILE: 'E870',
  /** One entry of the baseline file lacks a field or has a wrong type. */
  INVALID_ENTRY: 'E871',
  /** A baseline entry matches no violation any more (fixed, or the rule is gone). */
  STALE_ENTRY: 'W870',
} as const;

export interface ViolationKey {
  element: string;
  /** The check as written (`forbids connection to api`, `files.exists(root, 'README.md')`). */
  rule: string;
  /** Pattern that declared the rule; '' for the element's own checks. */
  pattern: string;
  /** Offending file relative to the workspace (posix); '' when the check failed without a location. */
  file: string;
  /** The imported module as written, else what the library reported at that place; '' when unknown. */
  import: string;
}

export interface BaselineEntry extends ViolationKey {
  count: number;
  /** 1-based line of the entry in the baseline file (0 when not read from a file). */
  line: number;
}

export interface Baseline {
  entries: BaselineEntry[];
}

export interface StaleEntry {
  entry: BaselineEntry;
  /** How many of its `count` matched nothing. */
  unmatched: number;
}

export interface BaselineApplication {
  report: RunReport;
  stale: StaleEntry[];
}

const keyString = (k: ViolationKey): string => [k.element, k.rule, k.pattern, k.file, k.import].join('\u0000');
const ruleString = (k: Pick<ViolationKey, 'element' | 'rule' | 'pattern'>): string => [k.element, k.rule, k.pattern].join('\u0000');

/** The violations a failing outcome stands for: one per code location, or one for the whole check. */
export function violationsOf(outcome: CheckOutcome, workspace: string): { key: ViolationKey; location?: CodeLocation }[] {
  const base = { element: outcome.element, rule: outcome.check, pattern: outcome.pattern ?? '' };
  const locations = outcome.locations ?? [];
  if (locations.length === 0) return [{ key: { ...base, file: '', import: '' } }];
  return locations.map((location) => ({
    key: { ...base, file: relativeInside(location.file, workspace) ?? toPosix(location.file), import: location.specifier ?? location.message ?? '' },
    location,
  }));
}

/** A baseline recording every failing check of `report`. Entries of rules that did not run (`keep`) are carried over. */
export function buildBaseline(report: RunReport, keep: Baseline | undefined): Baseline {
  const counts = new Map<string, BaselineEntry>();
  const add = (key: ViolationKey, n: number) => {
    const k = keyString(key);
    const have = counts.get(k);
    if (have) have.count += n;
    else counts.set(k, { ...key, count: n, line: 0 });
  };
  for (const r of report.results) {
    if (r.status === 'fail') for (const v of violationsOf(r, report.workspace)) add(v.key, 1);
    // Violations already accepted stay accepted.
    if (!r.baselined) continue;
    if (r.baselined.locations.length === 0) add({ element: r.element, rule: r.check, pattern: r.pattern ?? '', file: '', import: '' }, r.baselined.count);
    else for (const v of violationsOf({ ...r, locations: r.baselined.locations }, report.workspace)) add(v.key, 1);
  }
  const notRun = rulesNotRun(report);
  for (const e of keep?.entries ?? []) if (notRun.has(ruleString(e))) add(e, e.count);
  const entries = [...counts.values()].sort((a, b) => (keyString(a) < keyString(b) ? -1 : keyString(a) > keyString(b) ? 1 : 0));
  return { entries };
}

/** Rules whose outcome says nothing about their violations: skipped (`--filter`) or not evaluated (error). */
function rulesNotRun(report: RunReport): Set<string> {
  const out = new Set<string>();
  for (const r of report.results) {
    if (r.status === 'skipped' || r.status === 'error') out.add(ruleString({ element: r.element, rule: r.check, pattern: r.pattern ?? '' }));
  }
  return out;
}

/**
 * Moves the violations the baseline accepts out of each failing outcome (into `baselined`); a check
 * left without new violations passes. Entries that matched nothing, for rules that did run, are stale.
 */
export function applyBaseline(report: RunReport, baseline: Baseline): BaselineApplication {
  const budget = new Map<string, number>();
  for (const e of baseline.entries) budget.set(keyString(e), (budget.get(keyString(e)) ?? 0) + e.count);
  const results = report.results.map((r): CheckOutcome => {
    if (r.status !== 'fail') return r;
    const fresh: CodeLocation[] = [];
    const known: CodeLocation[] = [];
    let knownCount = 0;
    for (const v of violationsOf(r, report.workspace)) {
      const k = keyString(v.key);
      const left = budget.get(k) ?? 0;
      if (left > 0) {
        budget.set(k, left - 1);
        knownCount++;
        if (v.location) known.push(v.location);
      } else if (v.location) fresh.push(v.location);
    }
    if (knownCount === 0) return r;
    const out: CheckOutcome = { ...r, baselined: { count: knownCount, locations: known } };
    // The message still describes every violation; `baselined` says which of them are known.
    if ((r.locations ?? []).length === 0 || fresh.length === 0) {
      out.status = 'pass';
      delete out.locations;
    } else out.locations = fresh;
    return out;
  });
  const notRun = rulesNotRun(report);
  const stale: StaleEntry[] = [];
  for (const e of baseline.entries) {
    const left = budget.get(keyString(e)) ?? 0;
    if (left <= 0 || notRun.has(ruleString(e))) continue;
    // Several entries with the same key share one budget: report the leftover once.
    budget.set(keyString(e), 0);
    stale.push({ entry: e, unmatched: Math.min(left, e.count) });
  }
  return { report: { ...report, results, summary: summarize(results) }, stale };
}

/** Warning W870 for each stale entry, pointing at its line of the baseline file. */
export function staleDiagnostics(stale: readonly StaleEntry[], file: string, text: string): Diagnostic[] {
  const source = new SourceFile(text, file);
  return stale.map(({ entry, unmatched }) => {
    const what = entry.file ? `${entry.file}${entry.import ? ` → ${entry.import}` : ''}` : 'the whole check';
    const span = entryLineSpan(source, entry.line);
    return makeDiagnostic(
      'warning',
      BaselineCodes.STALE_ENTRY,
      `stale baseline entry: \`${entry.element}\` no longer violates \`${entry.rule}\` at ${what}${unmatched < entry.count ? ` (${unmatched} of ${entry.count})` : ''}`,
      file,
      span,
      { help: 'fixed? run `hielements baseline` to remove it from the file' },
    );
  });
}

function entryLineSpan(source: SourceFile, line: number): Span | undefined {
  if (line < 1 || line > source.lineStarts.length) return undefined;
  const start = source.lineStarts[line - 1] as number;
  const text = source.lineText(line);
  const indent = text.length - text.trimStart().length;
  return source.span(start + indent, start + text.length);
}

/** The file's text: one entry per line, sorted, so diffs show exactly what was added or fixed. */
export function serializeBaseline(baseline: Baseline, specFile: string): string {
  const lines = baseline.entries.map((e) =>
    JSON.stringify({ element: e.element, rule: e.rule, pattern: e.pattern || undefined, file: e.file, import: e.import, count: e.count }),
  );
  return [
    '{',
    `  "version": ${BASELINE_VERSION},`,
    `  "spec": ${JSON.stringify(toPosix(specFile))},`,
    '  "about": "Known architecture violations. `hielements run` fails only on violations not listed here; `hielements baseline` rewrites this file.",',
    `  "violations": [${lines.length === 0 ? ']' : ''}`,
    ...lines.map((l, i) => `    ${l}${i < lines.length - 1 ? ',' : ''}`),
    ...(lines.length === 0 ? [] : ['  ]']),
    '}',
    '',
  ].join('\n');
}

/** Parses a baseline file; problems are diagnostics with the file's line and column (never a crash). */
export function parseBaseline(text: string, file: string): { baseline?: Baseline; diagnostics: Diagnostic[] } {
  const source = new SourceFile(text, file);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const found = offset < text.length ? `unexpected \`${text[offset]}\`` : 'unexpected end of the file';
    return { diagnostics: [makeDiagnostic('error', BaselineCodes.INVALID_FILE, `the baseline file is not valid JSON: ${found}`, file, source.span(offset, offset + 1), { help: 'fix it, or delete it and run `hielements baseline` again' })] };
  }
  const whole = source.span(0, Math.min(text.length, 1));
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { diagnostics: [makeDiagnostic('error', BaselineCodes.INVALID_FILE, 'the baseline file must hold a JSON object with a `violations` array', file, whole)] };
  }
  const o = doc as Record<string, unknown>;
  if (o.version !== BASELINE_VERSION) {
    return { diagnostics: [makeDiagnostic('error', BaselineCodes.INVALID_FILE, `unsupported baseline version ${JSON.stringify(o.version)} (this hielements reads version ${BASELINE_VERSION})`, file, whole)] };
  }
  if (!Array.isArray(o.violations)) {
    return { diagnostics: [makeDiagnostic('error', BaselineCodes.INVALID_FILE, 'the baseline file has no `violations` array', file, whole)] };
  }
  const lines = entryLines(text, o.violations.length);
  const diagnostics: Diagnostic[] = [];
  const entries: BaselineEntry[] = [];
  o.violations.forEach((v, i) => {
    const line = lines[i] ?? 0;
    const problem = entryProblem(v);
    if (problem) {
      diagnostics.push(makeDiagnostic('error', BaselineCodes.INVALID_ENTRY, `baseline entry ${i + 1} ${problem}; it is ignored`, file, entryLineSpan(source, line) ?? whole));
      return;
    }
    const e = v as Record<string, unknown>;
    entries.push({
      element: e.element as string,
      rule: e.rule as string,
      pattern: (e.pattern as string | undefined) ?? '',
      file: (e.file as string | undefined) ?? '',
      import: (e.import as string | undefined) ?? '',
      count: (e.count as number | undefined) ?? 1,
      line,
    });
  });
  return { baseline: { entries }, diagnostics };
}

function entryProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'is not an object';
  const e = v as Record<string, unknown>;
  for (const field of ['element', 'rule'] as const) if (typeof e[field] !== 'string') return `has no \`${field}\` string`;
  for (const field of ['pattern', 'file', 'import'] as const) if (e[field] !== undefined && typeof e[field] !== 'string') return `has a \`${field}\` that is not a string`;
  if (e.count !== undefined && (typeof e.count !== 'number' || !Number.isInteger(e.count) || e.count < 1)) return 'has a `count` that is not a whole number ≥ 1';
  return undefined;
}

/**
 * 1-based line of each element of the `violations` array: the line where each top-level object of
 * the array starts (the file as written by serializeBaseline has one per line; a hand-edited file
 * still gets the right line as long as it is valid JSON).
 */
function entryLines(text: string, count: number): number[] {
  const start = text.indexOf('"violations"');
  const out: number[] = [];
  if (start < 0) return out;
  let i = text.indexOf('[', start) + 1;
  let line = text.slice(0, i).split('\n').length;
  let depth = 0;
  let inString = false;
  for (; i < text.length && out.length < count; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      if (depth === 0) out.push(line);
      inString = true;
    } else if (c === '{' || c === '[') {
      if (depth === 0) out.push(line);
      depth++;
    } else if (c === '}' || c === ']') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && /[-0-9tfn]/.test(c as string)) {
      out.push(line);
      while (i + 1 < text.length && /[-0-9.eE+a-z]/.test(text[i + 1] as string)) i++;
    }
  }
  return out;
}

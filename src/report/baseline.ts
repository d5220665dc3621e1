/**
 * Baseline of known violations: the failures of one run recorded in a committed file, so later runs
 * fail only on new violations. Violations are matched by stable keys — element, rule (and the
 * pattern that declared it), source file and the imported module (or what the library reported at
 * that place) — never by line numbers, so unrelated edits do not break the baseline. Equal keys are
 * counted: a file that imports the same module twice needs two entries' worth of count.
 *
 * Pure functions only: the file format and reading and writing it are the command line's job
 * (src/cli/baseline-file.ts).
 */
import type { CodeLocation } from '../libraries/types.js';
import { relativeInside, toPosix } from '../diagnostics/paths.js';
import { summarize, type CheckOutcome, type RunReport } from '../results/types.js';

export const BASELINE_FILE_NAME = 'hielements-baseline.json';
export const BASELINE_VERSION = 1;

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
const ruleString = (k: Pick<ViolationKey, 'element' | 'rule' | 'pattern'>): string =>
  [k.element, k.rule, k.pattern].join('\u0000');

/** The violations a failing outcome stands for: one per code location, or one for the whole check. */
export function violationsOf(
  outcome: CheckOutcome,
  workspace: string,
): { key: ViolationKey; location?: CodeLocation }[] {
  const base = { element: outcome.element, rule: outcome.check, pattern: outcome.pattern ?? '' };
  const locations = outcome.locations ?? [];
  if (locations.length === 0) return [{ key: { ...base, file: '', import: '' } }];
  return locations.map((location) => ({
    key: {
      ...base,
      file: relativeInside(location.file, workspace) ?? toPosix(location.file),
      import: location.specifier ?? location.message ?? '',
    },
    location,
  }));
}

/**
 * A baseline recording every failing check of `report`. Entries of rules that did not run (`keep`) are carried over.
 */
export function buildBaseline(report: RunReport, keep: Baseline | undefined): Baseline {
  const counts = new Map<string, BaselineEntry>();
  const add = (key: ViolationKey, n: number) => {
    const k = keyString(key);
    const have = counts.get(k);
    if (have) have.count += n;
    else counts.set(k, { ...key, count: n, line: 0 });
  };
  for (const r of report.results) {
    if (r.status === 'fail' && r.severity !== 'warning')
      for (const v of violationsOf(r, report.workspace)) add(v.key, 1);
    // Violations already accepted stay accepted.
    if (!r.baselined) continue;
    if (r.baselined.locations.length === 0)
      add({ element: r.element, rule: r.check, pattern: r.pattern ?? '', file: '', import: '' }, r.baselined.count);
    else for (const v of violationsOf({ ...r, locations: r.baselined.locations }, report.workspace)) add(v.key, 1);
  }
  const notRun = rulesNotRun(report);
  for (const e of keep?.entries ?? []) if (notRun.has(ruleString(e))) add(e, e.count);
  const entries = [...counts.values()].sort((a, b) =>
    keyString(a) < keyString(b) ? -1 : keyString(a) > keyString(b) ? 1 : 0,
  );
  return { entries };
}

/** Rules whose outcome says nothing about their violations: skipped (`--filter`) or not evaluated (error). */
function rulesNotRun(report: RunReport): Set<string> {
  const out = new Set<string>();
  for (const r of report.results) {
    if (r.status === 'skipped' || r.status === 'error')
      out.add(ruleString({ element: r.element, rule: r.check, pattern: r.pattern ?? '' }));
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
    if (r.status !== 'fail' || r.severity === 'warning') return r;
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

/**
 * The baseline file between a run and its report: `run` reads `hielements-baseline.json` next to
 * the spec (or `--baseline FILE`) and lets only new violations fail; `hielements baseline` and
 * `run --update-baseline` write the file from the run's failures.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { applyBaseline, BASELINE_FILE_NAME, buildBaseline, type Baseline } from '../report/baseline.js';
import { parseBaseline, serializeBaseline, staleDiagnostics } from './baseline-file.js';
import type { RunReport } from '../results/types.js';
import { InputError } from './errors.js';
import { writeOutputFile } from './output-file.js';
import { describeFsError } from '../pipeline/spec-input.js';

export interface BaselineRequest {
  /** `--baseline FILE` as given; undefined for the default next to the spec. */
  file?: string;
  /** `--no-baseline`. */
  disabled: boolean;
  /** `--update-baseline` / `hielements baseline`: write the file after the run. */
  update: boolean;
}

export interface BaselineOutcome {
  report: RunReport;
  /** Text of the baseline file read, keyed by its displayed path (for code frames). */
  sources: Map<string, string>;
  /** What was written, for the closing line (only when updating). */
  written?: { file: string; violations: number; removed: number };
}

/** The baseline file for a spec: `--baseline` (relative to the cwd), else next to the spec. */
export function baselinePath(
  req: BaselineRequest,
  specFile: string,
  cwd: string,
): { abs: string; shown: string; explicit: boolean } {
  const abs =
    req.file !== undefined
      ? path.resolve(cwd, req.file)
      : path.join(path.dirname(path.resolve(cwd, specFile)), BASELINE_FILE_NAME);
  return { abs, shown: path.relative(cwd, abs) || BASELINE_FILE_NAME, explicit: req.file !== undefined };
}

async function readBaselineText(abs: string, shown: string, explicit: boolean): Promise<string | undefined> {
  try {
    return await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // No file next to the spec simply means no baseline; a named one must exist (unless we are about to write it).
    if (code === 'ENOENT' && !explicit) return undefined;
    throw new InputError(`cannot read the baseline file \`${shown}\`: ${describeFsError(err)}`);
  }
}

/** Applies (and when asked, rewrites) the baseline for one finished run. */
export async function baselineStep(
  report: RunReport,
  req: BaselineRequest,
  specFile: string,
  cwd: string,
): Promise<BaselineOutcome> {
  const sources = new Map<string, string>();
  if (req.disabled) return { report, sources };
  const where = baselinePath(req, specFile, cwd);
  const text = await readBaselineText(where.abs, where.shown, where.explicit && !req.update);
  let baseline: Baseline | undefined;
  let current = report;
  if (text !== undefined) {
    sources.set(where.shown, text);
    const parsed = parseBaseline(text, where.shown);
    baseline = parsed.baseline;
    const diagnostics = [...parsed.diagnostics];
    if (baseline) {
      const applied = applyBaseline(report, baseline);
      current = applied.report;
      // When the file is about to be rewritten, stale entries are dropped rather than reported.
      if (!req.update) diagnostics.push(...staleDiagnostics(applied.stale, where.shown, text));
    }
    current = { ...current, diagnostics: [...current.diagnostics, ...diagnostics] };
  }
  if (!req.update) return { report: current, sources };
  const next = buildBaseline(current, baseline);
  await writeOutputFile(
    cwd,
    where.abs,
    serializeBaseline(next, path.relative(path.dirname(where.abs), path.resolve(cwd, specFile))),
  );
  const before = baseline?.entries.reduce((n, e) => n + e.count, 0) ?? 0;
  const after = next.entries.reduce((n, e) => n + e.count, 0);
  const kept = countKept(baseline, next);
  // Shown as the next run will see it: every recorded violation is known.
  const shown = applyBaseline({ ...current, results: current.results.map(withoutBaselined) }, next).report;
  return {
    report: shown,
    sources,
    written: { file: where.shown, violations: after, removed: Math.max(0, before - kept) },
  };
}

/** The outcome as it was before a baseline was applied (known violations back in `locations`). */
function withoutBaselined(r: RunReport['results'][number]): RunReport['results'][number] {
  if (!r.baselined) return r;
  const { baselined, ...rest } = r;
  const locations = [...baselined.locations, ...(r.status === 'fail' ? (r.locations ?? []) : [])];
  const out: RunReport['results'][number] = { ...rest, status: 'fail' };
  if (locations.length > 0) out.locations = locations;
  return out;
}

/** How many of the old entries' violations are still in the new baseline. */
function countKept(old: Baseline | undefined, next: Baseline): number {
  if (!old) return 0;
  const left = new Map<string, number>();
  const key = (e: Baseline['entries'][number]) => [e.element, e.rule, e.pattern, e.file, e.import].join('\u0000');
  for (const e of next.entries) left.set(key(e), (left.get(key(e)) ?? 0) + e.count);
  let kept = 0;
  for (const e of old.entries) {
    const n = Math.min(left.get(key(e)) ?? 0, e.count);
    kept += n;
    left.set(key(e), (left.get(key(e)) ?? 0) - n);
  }
  return kept;
}

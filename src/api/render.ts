/** Rendering results for programs: the reports and diagnostics exactly as the command line prints them. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics as renderWithFrames } from '../diagnostics/render.js';
import { toolVersion } from '../pipeline/version.js';
import { renderHumanReport } from '../report/human.js';
import { renderJsonReport } from '../report/json.js';
import { renderJunitReport } from '../report/junit.js';
import { reportWithShownPaths } from '../report/paths.js';
import { renderSarifReport } from '../report/sarif.js';
import type { RunReport } from '../results/types.js';

export type ReportFormat = 'human' | 'json' | 'sarif' | 'junit';

export interface RenderReportOptions {
  /** The directory relative paths of the report (its spec file as given) are resolved from (default: `process.cwd()`); locations are shown relative to the workspace. */
  cwd?: string;
  /** ANSI colours in the human format (default: false). */
  color?: boolean;
  /** Source texts for code frames in the human format (`RunResult.sources`). */
  sources?: ReadonlyMap<string, string>;
}

/** The report in one of `run --format`'s formats (the same text the command line writes). */
export function renderReport(given: RunReport, format: ReportFormat, opts: RenderReportOptions = {}): string {
  // locations relative to the workspace, as the command line shows them
  const { report, sources } = reportWithShownPaths(given, opts.sources ?? new Map(), opts.cwd ?? process.cwd());
  const cwd = report.workspace;
  switch (format) {
    case 'json':
      return renderJsonReport(report, toolVersion());
    case 'sarif':
      return renderSarifReport(report, { toolVersion: toolVersion(), cwd });
    case 'junit':
      return renderJunitReport(report);
    case 'human':
      return renderHumanReport(report, { color: opts.color ?? false, cwd, sources });
  }
}

/** Diagnostics with rustc-style code frames, as `hielements check` prints them. */
export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string> = new Map(),
  opts: { color?: boolean } = {},
): string {
  return renderWithFrames([...diagnostics], new Map(sources), { color: opts.color ?? false });
}

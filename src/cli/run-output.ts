/** How `hielements run` (once or in watch mode) prints what the pipeline produced. */
import type { PipelineResult } from '../pipeline/index.js';
import type { BaselineRequest } from './baseline-step.js';
import { humanReportChunks, renderHumanReport } from '../report/human.js';
import { jsonReportChunks, renderJsonReport } from '../report/json.js';
import { junitReportChunks } from '../report/junit.js';
import { reportShownLazily, reportWithShownPaths } from '../report/paths.js';
import { renderSarifReport } from '../report/sarif.js';
import { createStyle } from '../report/style.js';
import type { RunReport } from '../results/types.js';
import { formatDiagnostics, plural } from './common.js';
import type { CliIO } from './io.js';
import { writeOutputFile } from './output-file.js';
import { toolVersion } from '../pipeline/version.js';

export const RUN_FORMATS = ['human', 'json', 'sarif', 'junit'] as const;
export type RunFormat = (typeof RUN_FORMATS)[number];

export interface RunFlags {
  file: string;
  format: RunFormat;
  output?: string;
  filter?: string;
  dryRun: boolean;
  verbose: boolean;
  quiet: boolean;
  allowEmpty: boolean;
  strictUses: boolean;
  ignoreTypeOnly: boolean;
  jobs?: number;
  color: boolean;
  watch: boolean;
  baseline: BaselineRequest;
}

/**
 * A spec with errors is not run: human format prints its diagnostics and a summary line (and writes
 * the report to `--output`); the other formats emit their (empty) report.
 */
export async function emitInvalid(
  flags: RunFlags,
  result: PipelineResult,
  io: CliIO,
  writeOutput = true,
): Promise<void> {
  const report = result.report as RunReport;
  if (flags.format !== 'human') {
    await emit(flags, report, result.sources, io);
    return;
  }
  // locations relative to the workspace, wherever the command runs (src/report/paths.ts)
  const shown = reportWithShownPaths(report, result.sources, io.cwd);
  io.out(formatDiagnostics(shown.report.diagnostics, shown.sources, flags.color));
  const errors = result.specDiagnostics.filter((d) => d.severity === 'error').length;
  const s = createStyle(flags.color);
  io.err(`${s.bold(s.red('error'))}: could not run \`${flags.file}\` due to ${plural(errors, 'previous error')}\n`);
  if (writeOutput && flags.output !== undefined) {
    await writeOutputFile(
      io.cwd,
      flags.output,
      renderHumanReport(shown.report, { color: false, cwd: report.workspace, sources: shown.sources }),
    );
  }
}

/** Writes the report in the chosen format to stdout, or to `--output` with a human summary on stdout. */
export async function emit(
  flags: RunFlags,
  given: RunReport,
  givenSources: Map<string, string>,
  io: CliIO,
  ruleDescriptions?: ReadonlyMap<string, string>,
): Promise<void> {
  // Every format shows locations relative to the workspace, wherever the command runs: the
  // renderers get the report with its paths already shown that way, and the workspace as base.
  // The human, JSON and JUnit formats show each outcome's paths as they render it, and are written
  // in pieces as they are made: a report of thousands of checks is never held whole.
  const lazy = flags.format !== 'sarif';
  const { report, sources, show } = lazy
    ? reportShownLazily(given, givenSources, io.cwd)
    : { ...reportWithShownPaths(given, givenSources, io.cwd), show: undefined };
  const cwd = report.workspace;
  const humanChunks = (color: boolean, quiet: boolean) =>
    humanReportChunks(report, { color, cwd, verbose: flags.verbose, quiet, sources, ...(show ? { show } : {}) });
  let content: Iterable<string>;
  switch (flags.format) {
    case 'json':
      content = jsonReportChunks(report, toolVersion(), show);
      break;
    case 'sarif':
      content = [
        renderSarifReport(report, {
          toolVersion: toolVersion(),
          cwd,
          ...(ruleDescriptions ? { ruleDescriptions } : {}),
        }),
      ];
      break;
    case 'junit':
      content = junitReportChunks(report, show);
      break;
    default:
      content = flags.output !== undefined ? humanChunks(false, flags.quiet) : humanChunks(flags.color, flags.quiet);
  }
  if (flags.output === undefined) {
    for (const piece of content) io.out(piece);
    return;
  }
  // A file is written whole: the JSON text then comes from one JSON.stringify (the least garbage).
  const whole =
    flags.format === 'json'
      ? renderJsonReport(show ? { ...report, results: report.results.map(show) } : report, toolVersion())
      : [...content].join('');
  await writeOutputFile(io.cwd, flags.output, whole);
  for (const piece of humanChunks(flags.color, true)) io.out(piece);
  io.out(
    `${flags.format === 'human' ? 'Report' : `${flags.format.toUpperCase()} report`} written to ${flags.output}\n`,
  );
}

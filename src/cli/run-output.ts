/** How `hielements run` (once or in watch mode) prints what the pipeline produced. */
import type { PipelineResult } from '../pipeline/index.js';
import type { BaselineRequest } from './baseline-step.js';
import { renderHumanReport } from '../report/human.js';
import { renderJsonReport } from '../report/json.js';
import { renderJunitReport } from '../report/junit.js';
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
  // The human format shows each outcome's paths as it renders it (no shown copy of every outcome).
  const { report, sources, show } =
    flags.format === 'human'
      ? reportShownLazily(given, givenSources, io.cwd)
      : { ...reportWithShownPaths(given, givenSources, io.cwd), show: undefined };
  const cwd = report.workspace;
  const human = (color: boolean, quiet: boolean) =>
    renderHumanReport(report, { color, cwd, verbose: flags.verbose, quiet, sources, ...(show ? { show } : {}) });
  let content: string;
  switch (flags.format) {
    case 'json':
      content = renderJsonReport(report, toolVersion());
      break;
    case 'sarif':
      content = renderSarifReport(report, {
        toolVersion: toolVersion(),
        cwd,
        ...(ruleDescriptions ? { ruleDescriptions } : {}),
      });
      break;
    case 'junit':
      content = renderJunitReport(report);
      break;
    default:
      content = flags.output !== undefined ? human(false, flags.quiet) : human(flags.color, flags.quiet);
  }
  if (flags.output === undefined) {
    io.out(content);
    return;
  }
  await writeOutputFile(io.cwd, flags.output, content);
  io.out(human(flags.color, true));
  io.out(
    `${flags.format === 'human' ? 'Report' : `${flags.format.toUpperCase()} report`} written to ${flags.output}\n`,
  );
}

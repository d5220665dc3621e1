/**
 * `hielements report [FILE]`: runs the spec and writes the architecture — element tree, declared
 * `uses`, actual dependencies with their imports, violations — as an interactive HTML page
 * (default), Mermaid, Graphviz DOT or JSON.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { elementOutline } from '../../model/outline.js';
import { buildArchitecture } from '../../report/architecture/model.js';
import { renderDot, renderMermaid } from '../../report/architecture/text.js';
import { createStyle } from '../../report/style.js';
import { boolFlag, enumFlag, expectPositionals, stringFlag } from '../args.js';
import { baselineStep } from '../baseline-step.js';
import { openEnvironment } from '../../pipeline/environment.js';
import { runPipeline } from '../../pipeline/index.js';
import { formatDiagnostics, parseCommand, plural } from '../common.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { writeOutputFile } from '../output-file.js';
import { specFileOrDiscover } from '../spec-discovery.js';

const FORMATS = ['html', 'mermaid', 'dot', 'json'] as const;
export const DEFAULT_HTML_REPORT = 'hielements-report.html';

export async function reportCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommand(
    'report',
    argv,
    {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      workspace: { type: 'string', short: 'w' },
      config: { type: 'string' },
      baseline: { type: 'string' },
      'no-baseline': { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
    },
    io,
  );
  if (!args) return EXIT_OK;
  const { parsed, color } = args;
  if (parsed.positionals.length > 1) expectPositionals('report', parsed, ['FILE']);
  const quiet = boolFlag(parsed, 'quiet');
  const file = await specFileOrDiscover(parsed.positionals[0], io, 'report', quiet);
  const format = enumFlag('report', parsed, 'format', FORMATS, 'html');
  const output = stringFlag(parsed, 'output') ?? (format === 'html' ? DEFAULT_HTML_REPORT : undefined);
  const baselineFile = stringFlag(parsed, 'baseline');
  const noBaseline = boolFlag(parsed, 'no-baseline');
  if (noBaseline && baselineFile !== undefined)
    throw new UsageError('--no-baseline cannot be combined with --baseline', 'report');

  const envOpts: Parameters<typeof openEnvironment>[0] = {
    cwd: io.cwd,
    specFile: file,
    cache: { disabled: boolFlag(parsed, 'no-cache') },
  };
  const ws = stringFlag(parsed, 'workspace');
  const cfg = stringFlag(parsed, 'config');
  if (ws !== undefined) envOpts.workspaceFlag = ws;
  if (cfg !== undefined) envOpts.configFlag = cfg;
  const late: Diagnostic[] = [];
  envOpts.onDiagnostic = (d) => late.push(d);
  const env = await openEnvironment(envOpts);
  try {
    const result = await runPipeline({
      file,
      mode: 'run',
      registry: env.registry,
      workspace: env.workspace,
      upfront: env.diagnostics,
      sources: env.sources,
      late: () => late,
      run: { graph: true },
    });
    const { sources, model } = result;
    const s = createStyle(color);
    if (result.invalid) {
      io.err(formatDiagnostics(result.diagnostics, sources, color, { workspace: env.workspace, cwd: io.cwd }));
      io.err(
        `${s.bold(s.red('error'))}: could not run \`${file}\` due to ` +
          `${plural(result.specDiagnostics.filter((d) => d.severity === 'error').length, 'previous error')}\n`,
      );
      return EXIT_FAILED;
    }
    let report = result.report!;
    const baselined = await baselineStep(
      report,
      baselineFile === undefined
        ? { disabled: noBaseline, update: false }
        : { disabled: false, update: false, file: baselineFile },
      file,
      io.cwd,
    );
    report = baselined.report;
    for (const [k, v] of baselined.sources) sources.set(k, v);

    const data = buildArchitecture(elementOutline(model), report);
    let content: string;
    switch (format) {
      case 'mermaid':
        content = renderMermaid(data);
        break;
      case 'dot':
        content = renderDot(data);
        break;
      case 'json':
        content = `${JSON.stringify(data, null, 2)}\n`;
        break;
      default: {
        const { renderHtml } = await import('../../report/architecture/html.js');
        content = await renderHtml(data, `Architecture of ${model.topElements.map((e) => e.name).join(', ') || file}`);
      }
    }
    // Problems (a broken library, a scope that cannot be evaluated) go to stderr; the report still comes out.
    const problems = report.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
    if (!quiet && problems.length > 0)
      io.err(formatDiagnostics(problems, sources, color, { workspace: env.workspace, cwd: io.cwd }));
    if (output === undefined) {
      io.out(content);
    } else {
      await writeOutputFile(io.cwd, output, content);
      const v = data.summary;
      if (!quiet) {
        io.err(
          `${s.bold(s.green('Report'))} ${output}: ${plural(v.elements, 'element')}, ` +
            `${plural(v.dependencies, 'dependency', 'dependencies')} (${plural(v.imports, 'import')}), ` +
            `${v.violations > 0 ? s.red(plural(v.violations, 'violating import')) : '0 violating imports'}, ` +
            `${plural(v.failedChecks, 'failed check')}\n`,
        );
      }
    }
    return EXIT_OK;
  } finally {
    await env.registry.dispose();
  }
}

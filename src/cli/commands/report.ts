/**
 * `hielements report [FILE]`: runs the spec and writes the architecture — element tree, declared
 * `uses`, actual dependencies with their imports, violations — as an interactive HTML page
 * (default), Mermaid, Graphviz DOT or JSON.
 */
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { runSpec } from '../../eval/index.js';
import { validateProgram } from '../../model/index.js';
import { elementOutline } from '../../model/outline.js';
import { buildArchitecture } from '../../report/architecture/model.js';
import { renderDot, renderMermaid } from '../../report/architecture/text.js';
import { createStyle } from '../../report/style.js';
import { boolFlag, enumFlag, expectPositionals, stringFlag } from '../args.js';
import { baselineStep } from '../baseline-step.js';
import { formatDiagnostics, mergeSources, parseCommand, plural } from '../common.js';
import { openEnvironment } from '../environment.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { writeOutputFile } from '../output-file.js';
import { specFileOrDiscover } from '../spec-discovery.js';
import { dedupeDiagnostics, loadSpecFile } from '../spec-input.js';

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
  if (noBaseline && baselineFile !== undefined) throw new UsageError('--no-baseline cannot be combined with --baseline', 'report');

  const envOpts: Parameters<typeof openEnvironment>[0] = { cwd: io.cwd, specFile: file, cache: { disabled: boolFlag(parsed, 'no-cache') } };
  const ws = stringFlag(parsed, 'workspace');
  const cfg = stringFlag(parsed, 'config');
  if (ws !== undefined) envOpts.workspaceFlag = ws;
  if (cfg !== undefined) envOpts.configFlag = cfg;
  const late: Diagnostic[] = [];
  envOpts.onDiagnostic = (d) => late.push(d);
  const env = await openEnvironment(envOpts);
  try {
    const spec = await loadSpecFile(file, env.workspace);
    const sources = mergeSources(env.sources, spec.sources);
    const validation = await validateProgram(spec, env.registry);
    const specDiagnostics = dedupeDiagnostics([...spec.diagnostics, ...validation.diagnostics]);
    const s = createStyle(color);
    if (hasErrors(specDiagnostics)) {
      io.err(formatDiagnostics([...env.diagnostics, ...specDiagnostics], sources, color));
      io.err(`${s.bold(s.red('error'))}: could not run \`${file}\` due to ${plural(specDiagnostics.filter((d) => d.severity === 'error').length, 'previous error')}\n`);
      return EXIT_FAILED;
    }
    let report = await runSpec(validation.model, env.registry, { workspace: env.workspace, graph: true });
    report = { ...report, diagnostics: dedupeDiagnostics([...env.diagnostics, ...specDiagnostics, ...report.diagnostics, ...late]) };
    const baselined = await baselineStep(report, baselineFile === undefined ? { disabled: noBaseline, update: false } : { disabled: false, update: false, file: baselineFile }, file, io.cwd);
    report = baselined.report;
    for (const [k, v] of baselined.sources) sources.set(k, v);

    const data = buildArchitecture(elementOutline(validation.model), report);
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
        content = await renderHtml(data, `Architecture of ${validation.model.topElements.map((e) => e.name).join(', ') || file}`);
      }
    }
    // Problems (a broken library, a scope that cannot be evaluated) go to stderr; the report still comes out.
    const problems = report.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
    if (!quiet && problems.length > 0) io.err(formatDiagnostics(problems, sources, color));
    if (output === undefined) {
      io.out(content);
    } else {
      await writeOutputFile(io.cwd, output, content);
      const v = data.summary;
      if (!quiet) {
        io.err(
          `${s.bold(s.green('Report'))} ${output}: ${plural(v.elements, 'element')}, ${plural(v.dependencies, 'dependency', 'dependencies')} (${plural(v.imports, 'import')}), ` +
            `${v.violations > 0 ? s.red(plural(v.violations, 'violating import')) : '0 violating imports'}, ${plural(v.failedChecks, 'failed check')}\n`,
        );
      }
    }
    return EXIT_OK;
  } finally {
    await env.registry.dispose();
  }
}

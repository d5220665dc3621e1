/** `hielements check FILE…`: validate without running checks. */
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { shownPath, shownSources, withShownPaths } from '../../diagnostics/paths.js';
import { openEnvironment } from '../../pipeline/environment.js';
import { runPipeline } from '../../pipeline/index.js';
import { renderCheckJson } from '../../report/check-json.js';
import { renderSarifReport } from '../../report/sarif.js';
import { createStyle } from '../../report/style.js';
import { summarize } from '../../results/types.js';
import { boolFlag, enumFlag, stringFlag } from '../args.js';
import { formatDiagnostics, parseCommand, plural } from '../common.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, InputError } from '../errors.js';
import type { CliIO } from '../io.js';
import { namesUsedBy } from '../../model/used-names.js';
import { specFileOrDiscover } from '../spec-discovery.js';
import { toolVersion } from '../../pipeline/version.js';
import { terminalText } from '../../diagnostics/terminal-text.js';

const FORMATS = ['human', 'json', 'sarif'] as const;

interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
  unreadable?: string;
}

export async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommand(
    'check',
    argv,
    {
      format: { type: 'string', short: 'f' },
      workspace: { type: 'string', short: 'w' },
      config: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      verbose: { type: 'boolean', short: 'v' },
      'no-plugins': { type: 'boolean' },
    },
    io,
  );
  if (!args) return EXIT_OK;
  const { parsed, color } = args;
  const format = enumFlag('check', parsed, 'format', FORMATS, 'human');
  const files =
    parsed.positionals.length > 0
      ? parsed.positionals
      : [await specFileOrDiscover(undefined, io, 'check', boolFlag(parsed, 'quiet'))];

  const envOpts: Parameters<typeof openEnvironment>[0] = { cwd: io.cwd, specFile: files[0] as string };
  const ws = stringFlag(parsed, 'workspace');
  const cfg = stringFlag(parsed, 'config');
  if (ws !== undefined) envOpts.workspaceFlag = ws;
  if (cfg !== undefined) envOpts.configFlag = cfg;
  envOpts.libraries = 'used';
  const trace = boolFlag(parsed, 'verbose') ? (line: string) => io.err(`[verbose] ${terminalText(line)}\n`) : undefined;
  const env = await openEnvironment(envOpts);
  const results: FileResult[] = [];
  const sources = new Map(env.sources);
  try {
    for (const file of files) {
      try {
        const result = await runPipeline({
          file,
          mode: 'check',
          registry: env.registry,
          workspace: env.workspace,
          // Only the configured libraries the spec names are loaded.
          prepare: (spec) => env.useLibraries(namesUsedBy(spec.programs)),
          // External libraries the spec calls are asked for their documentation (time-boxed)
          // unless --no-plugins.
          check: { plugins: !boolFlag(parsed, 'no-plugins'), ...(trace ? { trace } : {}) },
        });
        for (const [k, v] of result.spec.sources) sources.set(k, v);
        results.push({ file, diagnostics: result.specDiagnostics });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        results.push({ file, diagnostics: [], unreadable: err.message });
      }
    }
  } finally {
    await env.registry.dispose();
  }

  const all = [...env.diagnostics, ...results.flatMap((r) => r.diagnostics)];
  const unreadable = results.some((r) => r.unreadable !== undefined);
  for (const r of results) if (r.unreadable) io.err(`hielements: error: ${r.unreadable}\n`);

  // Locations relative to the workspace, wherever the command runs (src/diagnostics/paths.ts).
  const base = { workspace: env.workspace, cwd: io.cwd };
  const located = (ds: Diagnostic[]) => ds.map((d) => withShownPaths(d, base));
  const shownSourceTexts = shownSources(sources, base);
  if (format === 'json') io.out(renderCheckJson(located(all)));
  else if (format === 'sarif') {
    const report = {
      file: shownPath(files[0] as string, base),
      workspace: env.workspace,
      results: [],
      diagnostics: located(all),
      summary: summarize([]),
      durationMs: 0,
    };
    io.out(renderSarifReport(report, { toolVersion: toolVersion(), cwd: env.workspace }));
  } else {
    const quiet = boolFlag(parsed, 'quiet');
    const shown = (ds: Diagnostic[]) => located(quiet ? ds.filter((d) => d.severity === 'error') : ds);
    const s = createStyle(color);
    io.out(formatDiagnostics(shown(env.diagnostics), shownSourceTexts, color));
    for (const r of results) {
      if (r.unreadable) continue;
      io.out(formatDiagnostics(shown(r.diagnostics), shownSourceTexts, color));
      const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = r.diagnostics.filter((d) => d.severity === 'warning').length;
      if (errors > 0) {
        const tail = warnings > 0 ? `; ${plural(warnings, 'warning')} emitted` : '';
        io.err(
          `${s.bold(s.red('error'))}: could not validate \`${r.file}\` due to ` +
            `${plural(errors, 'previous error')}${tail}\n`,
        );
      } else if (!quiet) {
        const how = warnings > 0 ? `validated with ${plural(warnings, 'warning')}` : 'validated successfully';
        io.out(`${s.bold(s.green('Finished'))} \`${r.file}\` ${how}\n`);
      }
    }
    // The spec files may be fine while the configuration is not: say so, since the exit code is 1.
    const configErrors = env.diagnostics.filter((d) => d.severity === 'error');
    if (configErrors.length > 0) {
      const files = [...new Set(located(configErrors).map((d) => d.file || 'the configuration'))];
      io.err(
        `${s.bold(s.red('error'))}: ${files.map((f) => `\`${f}\``).join(', ')} has ${plural(configErrors.length, 'error')} ` +
          '(above): the entries in error are not loaded\n',
      );
    }
  }
  if (unreadable) return EXIT_USAGE;
  return hasErrors(all) ? EXIT_FAILED : EXIT_OK;
}

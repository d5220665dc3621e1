/** `hielements run FILE`: validate, evaluate scopes, run every check, report. */
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { planSpec, runSpec, type PlanOptions, type RunOptions } from '../../eval/index.js';
import { validateProgram } from '../../model/index.js';
import { renderHumanReport } from '../../report/human.js';
import { renderJsonReport, runStatus } from '../../report/json.js';
import { renderJunitReport } from '../../report/junit.js';
import { renderSarifReport } from '../../report/sarif.js';
import { createStyle } from '../../report/style.js';
import { terminalText } from '../../diagnostics/terminal-text.js';
import { summarize, type RunReport } from '../../report/types.js';
import { boolFlag, enumFlag, expectPositionals, positiveIntFlag, stringFlag } from '../args.js';
import { formatDiagnostics, mergeSources, parseCommand, plural } from '../common.js';
import { openEnvironment, type CacheRequest, type Environment } from '../environment.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, UsageError } from '../errors.js';
import { isCI, type CliIO } from '../io.js';
import { writeOutputFile } from '../output-file.js';
import { createProgress, NO_PROGRESS, type Progress } from '../progress.js';
import { dedupeDiagnostics, loadSpecFile } from '../spec-input.js';
import { namesUsedBy } from '../../model/used-names.js';
import { specFileOrDiscover } from '../spec-discovery.js';
import { baselineStep, type BaselineRequest } from '../baseline-step.js';
import { renderPlan } from '../plan.js';
import { toolVersion } from '../version.js';

const FORMATS = ['human', 'json', 'sarif', 'junit'] as const;
type Format = (typeof FORMATS)[number];

export interface RunFlags {
  file: string;
  format: Format;
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

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  return runOrBaseline(argv, io, 'run');
}

/** `run`, or `baseline` (= `run --update-baseline` with its own help and closing line). */
export async function runOrBaseline(argv: string[], io: CliIO, mode: 'run' | 'baseline'): Promise<number> {
  const args = parseCommand(
    mode,
    argv,
    {
      workspace: { type: 'string', short: 'w' },
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      filter: { type: 'string' },
      'dry-run': { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      'allow-empty': { type: 'boolean' },
      'strict-uses': { type: 'boolean' },
      'ignore-type-only': { type: 'boolean' },
      jobs: { type: 'string' },
      config: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      watch: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      'cache-dir': { type: 'string' },
      baseline: { type: 'string' },
      'no-baseline': { type: 'boolean' },
      'update-baseline': { type: 'boolean' },
    },
    io,
  );
  if (!args) return EXIT_OK;
  const { parsed } = args;
  if (parsed.positionals.length > 1) expectPositionals(mode, parsed, ['FILE']);
  const file = await specFileOrDiscover(parsed.positionals[0], io, mode, boolFlag(parsed, 'quiet'));
  const flags: RunFlags = {
    file,
    format: enumFlag('run', parsed, 'format', FORMATS, 'human'),
    dryRun: boolFlag(parsed, 'dry-run'),
    verbose: boolFlag(parsed, 'verbose'),
    quiet: boolFlag(parsed, 'quiet'),
    allowEmpty: boolFlag(parsed, 'allow-empty'),
    strictUses: boolFlag(parsed, 'strict-uses'),
    ignoreTypeOnly: boolFlag(parsed, 'ignore-type-only'),
    color: args.color,
    watch: boolFlag(parsed, 'watch'),
    baseline: baselineRequest(parsed, mode),
  };
  if (flags.watch && flags.dryRun) throw new UsageError('--watch cannot be combined with --dry-run', 'run');
  const output = stringFlag(parsed, 'output');
  if (output !== undefined) flags.output = output;
  const filter = stringFlag(parsed, 'filter');
  if (filter !== undefined) flags.filter = filter;
  const jobs = positiveIntFlag('run', parsed, 'jobs');
  if (jobs !== undefined) flags.jobs = jobs;

  const progress: Progress =
    io.stderrIsTTY && !isCI(io.env) && !flags.quiet && !flags.verbose && flags.format === 'human' && !flags.dryRun
      ? createProgress(io.err, process.stderr.columns)
      : NO_PROGRESS;
  const trace = flags.verbose
    ? (line: string) => {
        progress.clear();
        // Same prefix as the original's verbose output; the interpreter may already add it.
        const text = line.startsWith('[verbose]') ? line.slice('[verbose]'.length).replace(/^ /, '') : line;
        const tag = createStyle(flags.color).dim('[verbose]');
        // Multi-line entries (a trap's wasm stack) keep the prefix on every line.
        // Trace lines carry guest `log` text and plugin stderr: control characters made visible.
        io.err(`${terminalText(text).split('\n').map((l) => `${tag} ${l}`).join('\n')}\n`);
      }
    : undefined;

  const envOpts: Parameters<typeof openEnvironment>[0] = { cwd: io.cwd, specFile: file, allowEmpty: flags.allowEmpty, cache: cacheRequest(parsed) };
  const ws = stringFlag(parsed, 'workspace');
  const cfg = stringFlag(parsed, 'config');
  if (ws !== undefined) envOpts.workspaceFlag = ws;
  if (cfg !== undefined) envOpts.configFlag = cfg;
  if (trace) envOpts.trace = trace;
  if (flags.watch) {
    const { watchRun } = await import('./run-watch.js');
    return watchRun(flags, io, envOpts, progress, trace);
  }
  const lateDiagnostics: Diagnostic[] = [];
  envOpts.onDiagnostic = (d) => lateDiagnostics.push(d);
  envOpts.libraries = 'used';
  const env = await openEnvironment(envOpts);
  try {
    return await runWithEnvironment(flags, env, io, progress, trace, lateDiagnostics);
  } finally {
    progress.done();
    await env.registry.dispose();
  }
}

function baselineRequest(parsed: Parameters<typeof boolFlag>[0], mode: 'run' | 'baseline'): BaselineRequest {
  const disabled = boolFlag(parsed, 'no-baseline');
  const update = mode === 'baseline' || boolFlag(parsed, 'update-baseline');
  const file = stringFlag(parsed, 'baseline');
  if (disabled && (update || file !== undefined)) throw new UsageError('--no-baseline cannot be combined with --baseline or --update-baseline', mode);
  if (update && boolFlag(parsed, 'watch')) throw new UsageError('the baseline cannot be updated in --watch mode', mode);
  if (file !== undefined && file.trim() === '') throw new UsageError('--baseline needs a file', mode);
  return file === undefined ? { disabled, update } : { disabled, update, file };
}

function cacheRequest(parsed: Parameters<typeof boolFlag>[0]): CacheRequest {
  const disabled = boolFlag(parsed, 'no-cache');
  const dir = stringFlag(parsed, 'cache-dir');
  if (disabled && dir !== undefined) throw new UsageError('--no-cache and --cache-dir cannot be used together', 'run');
  if (dir !== undefined && dir.trim() === '') throw new UsageError('--cache-dir needs a directory', 'run');
  return dir === undefined ? { disabled } : { disabled, dir };
}

async function runWithEnvironment(
  flags: RunFlags,
  env: Environment,
  io: CliIO,
  progress: Progress,
  trace: ((line: string) => void) | undefined,
  lateDiagnostics: Diagnostic[],
): Promise<number> {
  const started = performance.now();
  trace?.(`workspace ${env.workspace} (${env.workspaceReason})`);
  trace?.(`configuration ${env.config.file ?? '(none)'}`);

  const spec = await loadSpecFile(flags.file, env.workspace);
  // Only the configured libraries the spec names are loaded: an entry it does not use cannot affect it.
  await env.useLibraries(namesUsedBy(spec.programs));
  trace?.(`libraries ${env.registry.names().join(', ')}`);
  const sources = mergeSources(env.sources, spec.sources);
  const validation = await validateProgram(spec, env.registry);
  const specDiagnostics = dedupeDiagnostics([...spec.diagnostics, ...validation.diagnostics]);
  // Configuration problems are reported but do not stop the run (a broken library is left out and
  // only the checks that call it are affected); spec errors do.
  const upfront = [...env.diagnostics, ...specDiagnostics];

  if (hasErrors(specDiagnostics)) {
    const report: RunReport = {
      file: flags.file,
      workspace: env.workspace,
      results: [],
      diagnostics: upfront,
      summary: summarize([]),
      durationMs: performance.now() - started,
    };
    if (flags.format === 'human') {
      io.out(formatDiagnostics(upfront, sources, flags.color));
      const errors = specDiagnostics.filter((d) => d.severity === 'error').length;
      const s = createStyle(flags.color);
      io.err(`${s.bold(s.red('error'))}: could not run \`${flags.file}\` due to ${plural(errors, 'previous error')}\n`);
      if (flags.output !== undefined) await writeOutputFile(io.cwd, flags.output, renderHumanReport(report, { color: false, cwd: io.cwd, sources }));
    } else {
      await emit(flags, report, sources, io);
    }
    return EXIT_FAILED;
  }

  if (flags.dryRun) {
    const planOpts: PlanOptions = { strictUses: flags.strictUses };
    if (flags.filter !== undefined) planOpts.filter = flags.filter;
    const plan = renderPlan(planSpec(validation.model, planOpts), { color: flags.color });
    io.out(formatDiagnostics(upfront.filter((d) => d.severity !== 'info' && d.severity !== 'hint'), sources, flags.color));
    io.out(plan);
    return EXIT_OK;
  }

  const controller = new AbortController();
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    progress.clear();
    io.err('hielements: interrupted, stopping (press Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  // Resolves when the run is cancelled, so a library call that ignores the signal cannot hold us.
  const cancelled = new Promise<'interrupted'>((resolve) =>
    controller.signal.addEventListener('abort', () => resolve('interrupted'), { once: true }),
  );
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let outcome: RunReport | 'interrupted';
  try {
    const opts: RunOptions = {
      workspace: env.workspace,
      allowEmpty: flags.allowEmpty,
      strictUses: flags.strictUses,
      ignoreTypeOnly: flags.ignoreTypeOnly,
      signal: controller.signal,
      onProgress: (done, total, current) => progress.update(done, total, current?.element),
    };
    if (flags.filter !== undefined) opts.filter = flags.filter;
    if (flags.jobs !== undefined) opts.jobs = flags.jobs;
    if (trace) opts.trace = trace;
    const running = runSpec(validation.model, env.registry, opts);
    running.catch(() => undefined); // after an interruption its rejection is expected and ignored
    outcome = await Promise.race([running, cancelled]);
  } catch (err) {
    if (interrupted) outcome = 'interrupted';
    else throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.clear();
  }
  if (outcome === 'interrupted' || interrupted) {
    // The caller disposes the registry (stopping plugin processes); do not wait for stragglers.
    setTimeout(() => process.exit(EXIT_INTERRUPTED), 2000).unref();
    return EXIT_INTERRUPTED;
  }
  let report: RunReport = outcome;

  report = {
    ...report,
    diagnostics: dedupeDiagnostics([...upfront, ...report.diagnostics, ...lateDiagnostics]),
  };
  const baselined = await baselineStep(report, flags.baseline, flags.file, io.cwd);
  report = baselined.report;
  for (const [k, v] of baselined.sources) sources.set(k, v);
  if (baselined.written) {
    const w = baselined.written;
    const s = createStyle(flags.color);
    const removed = w.removed > 0 ? `; ${plural(w.removed, 'fixed violation')} removed` : '';
    io.err(`${s.bold(s.green('Baseline'))} ${w.file}: ${plural(w.violations, 'known violation')}${removed}\n`);
  }
  const ruleDescriptions = flags.format === 'sarif' ? await describeRules(report, env) : undefined;
  await emit(flags, report, sources, io, ruleDescriptions);
  return runStatus(report) === 'ok' ? EXIT_OK : EXIT_FAILED;
}

/** SARIF rule help: the documentation of each library function that failed (`files.exists` → its description). */
export async function describeRules(report: RunReport, env: Pick<Environment, 'registry'>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const libraries = new Set(report.results.filter((r) => r.status === 'fail' || r.status === 'error').flatMap((r) => (r.library ? [r.library] : [])));
  for (const name of libraries) {
    const lib = env.registry.get(name);
    if (!lib) continue;
    try {
      const doc = await lib.documentation();
      for (const f of [...doc.functions, ...doc.checks]) if (f.description) out.set(`${name}.${f.name}`, f.description);
    } catch {
      // a library that cannot describe itself simply gets no rule help
    }
  }
  return out;
}

/** Writes the report in the chosen format to stdout, or to `--output` with a human summary on stdout. */
export async function emit(
  flags: RunFlags,
  report: RunReport,
  sources: Map<string, string>,
  io: CliIO,
  ruleDescriptions?: ReadonlyMap<string, string>,
): Promise<void> {
  const human = (color: boolean, quiet: boolean) =>
    renderHumanReport(report, { color, cwd: io.cwd, verbose: flags.verbose, quiet, sources });
  let content: string;
  switch (flags.format) {
    case 'json':
      content = renderJsonReport(report, toolVersion());
      break;
    case 'sarif':
      content = renderSarifReport(report, { toolVersion: toolVersion(), cwd: io.cwd, ...(ruleDescriptions ? { ruleDescriptions } : {}) });
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
  io.out(`${flags.format === 'human' ? 'Report' : `${flags.format.toUpperCase()} report`} written to ${flags.output}\n`);
}

/** `hielements run FILE`: validate, evaluate scopes, run every check, report. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { planSpec, type PlanOptions } from '../../eval/index.js';
import { openEnvironment, type CacheRequest, type Environment } from '../../pipeline/environment.js';
import { runPipeline, type PipelineResult } from '../../pipeline/index.js';
import { describeRules } from '../../pipeline/rules.js';
import { runStatus } from '../../report/json.js';
import { createStyle } from '../../report/style.js';
import { displayPath } from '../../diagnostics/paths.js';
import { terminalText } from '../../diagnostics/terminal-text.js';
import { boolFlag, enumFlag, expectPositionals, positiveIntFlag, stringFlag } from '../args.js';
import { formatDiagnostics, parseCommand, plural } from '../common.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, UsageError } from '../errors.js';
import { isCI, type CliIO } from '../io.js';
import { createProgress, NO_PROGRESS, type Progress } from '../progress.js';
import { namesUsedBy } from '../../model/used-names.js';
import { specFileOrDiscover } from '../spec-discovery.js';
import { baselineStep, type BaselineRequest } from '../baseline-step.js';
import { renderPlan } from '../plan.js';
import { emit, emitInvalid, RUN_FORMATS, type RunFlags } from '../run-output.js';

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
      'list-files': { type: 'boolean' },
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
    format: enumFlag('run', parsed, 'format', RUN_FORMATS, 'human'),
    dryRun: boolFlag(parsed, 'dry-run'),
    verbose: boolFlag(parsed, 'verbose') || boolFlag(parsed, 'list-files'),
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
  const listFiles = boolFlag(parsed, 'list-files');
  const trace = flags.verbose
    ? (line: string) => {
        if (line.startsWith('[verbose:files]')) {
          if (!listFiles) return;
          line = line.slice('[verbose:files]'.length);
        }
        progress.clear();
        // Same prefix as the original's verbose output; the interpreter may already add it.
        const text = line.startsWith('[verbose]') ? line.slice('[verbose]'.length).replace(/^ /, '') : line;
        const tag = createStyle(flags.color).dim('[verbose]');
        // Multi-line entries (a trap's wasm stack) keep the prefix on every line.
        // Trace lines carry guest `log` text and plugin stderr: control characters made visible.
        io.err(
          `${terminalText(text)
            .split('\n')
            .map((l) => `${tag} ${l}`)
            .join('\n')}\n`,
        );
      }
    : undefined;

  const envOpts: Parameters<typeof openEnvironment>[0] = { cwd: io.cwd, specFile: file, cache: cacheRequest(parsed) };
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
  if (disabled && (update || file !== undefined))
    throw new UsageError('--no-baseline cannot be combined with --baseline or --update-baseline', mode);
  if (update && boolFlag(parsed, 'watch'))
    throw new UsageError('the baseline cannot be updated in ' + '--watch mode', mode);
  if (file !== undefined && file.trim() === '') throw new UsageError('--baseline needs a file', mode);
  return file === undefined ? { disabled, update } : { disabled, update, file };
}

function cacheRequest(parsed: Parameters<typeof boolFlag>[0]): CacheRequest {
  const disabled = boolFlag(parsed, 'no-cache');
  const dir = stringFlag(parsed, 'cache-dir');
  if (disabled && dir !== undefined)
    throw new UsageError('--no-cache and --cache-dir cannot be ' + 'used together', 'run');
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
  trace?.(`workspace ${env.workspace} (${env.workspaceReason})`);
  trace?.(`configuration ${env.config.file ? displayPath(env.config.file, env.workspace) : '(none)'}`);

  const controller = new AbortController();
  const run: NonNullable<Parameters<typeof runPipeline>[0]['run']> = {
    allowEmpty: flags.allowEmpty,
    strictUses: flags.strictUses,
    ignoreTypeOnly: flags.ignoreTypeOnly,
    signal: controller.signal,
  };
  if (flags.filter !== undefined) run.filter = flags.filter;
  if (flags.jobs !== undefined) run.jobs = flags.jobs;
  if (trace) run.trace = trace;
  const pipeline = (mode: 'check' | 'run') =>
    runPipeline({
      file: flags.file,
      mode,
      registry: env.registry,
      workspace: env.workspace,
      // Only the configured libraries the spec names are loaded: an entry it does not use cannot affect it.
      prepare: async (spec) => {
        await env.useLibraries(namesUsedBy(spec.programs));
        trace?.(`libraries ${env.registry.names().join(', ')}`);
      },
      // Configuration problems are reported but do not stop the run (a broken library is left out
      // and only the checks that call it are affected); spec errors do.
      upfront: env.diagnostics,
      sources: env.sources,
      late: () => lateDiagnostics,
      run,
      onEvent: (e) => {
        if (e.kind === 'progress') progress.update(e.done, e.total, e.current?.element);
      },
    });

  if (flags.dryRun) {
    const result = await pipeline('check');
    if (result.invalid) {
      await emitInvalid(flags, result, io);
      return EXIT_FAILED;
    }
    const planOpts: PlanOptions = { strictUses: flags.strictUses };
    if (flags.filter !== undefined) planOpts.filter = flags.filter;
    const plan = renderPlan(planSpec(result.model, planOpts), { color: flags.color });
    io.out(
      formatDiagnostics(
        result.diagnostics.filter((d) => d.severity !== 'info' && d.severity !== 'hint'),
        result.sources,
        flags.color,
        { workspace: env.workspace, cwd: io.cwd },
      ),
    );
    io.out(plan);
    return EXIT_OK;
  }

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
  let outcome: PipelineResult | 'interrupted';
  try {
    const running = pipeline('run');
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
  if (outcome.invalid) {
    await emitInvalid(flags, outcome, io);
    return EXIT_FAILED;
  }
  const sources = outcome.sources;
  const baselined = await baselineStep(outcome.report!, flags.baseline, flags.file, io.cwd);
  const report = baselined.report;
  for (const [k, v] of baselined.sources) sources.set(k, v);
  if (baselined.written) {
    const w = baselined.written;
    const s = createStyle(flags.color);
    const removed = w.removed > 0 ? `; ${plural(w.removed, 'fixed violation')} removed` : '';
    io.err(`${s.bold(s.green('Baseline'))} ${w.file}: ${plural(w.violations, 'known violation')}${removed}\n`);
  }
  const ruleDescriptions = flags.format === 'sarif' ? await describeRules(report, env.registry) : undefined;
  await emit(flags, report, sources, io, ruleDescriptions);
  return runStatus(report) === 'ok' ? EXIT_OK : EXIT_FAILED;
}

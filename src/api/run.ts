/**
 * `check` and `run` for programs: the same pipeline the command line runs, returning data instead
 * of printing. They never install signal or exit handlers and never end the process; cancel a run
 * with `signal`. Every library they load is disposed before they return.
 */
import path from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Library } from '../libraries/types.js';
import type { SpecModel } from '../model/types.js';
import { namesUsedBy } from '../model/used-names.js';
import { openEnvironment, type EnvironmentOptions } from '../pipeline/environment.js';
import { runPipeline, type PipelineEvent, type PipelineResult } from '../pipeline/index.js';
import type { RunReport } from '../results/types.js';

export interface CheckOptions {
  /**
   * Directory relative paths resolve against, and that diagnostics are shown relative to (default: `process.cwd()`).
   */
  cwd?: string;
  /** Workspace root (default: found from the spec file as the command line does). */
  workspace?: string;
  /** hielements.toml to use (default: found from the spec file as the command line does). */
  config?: string;
  /** Extra libraries (e.g. from `createLibrary`); one with a configured library's name replaces it. */
  libraries?: readonly Library[];
  onEvent?: (event: PipelineEvent) => void;
}

export interface RunApiOptions extends CheckOptions {
  /** Glob over dotted element paths; checks of other elements are skipped. */
  filter?: string;
  /** Empty scopes give a warning only, and checks on them run instead of failing. */
  allowEmpty?: boolean;
  /** Report dependencies between elements that no `uses` declares. */
  strictUses?: boolean;
  /** Connection rules and `strictUses` leave out imports needed only for type checking. */
  ignoreTypeOnly?: boolean;
  /** Checks in flight at once (default: CPUs × 2). */
  jobs?: number;
  /** Aborting it cancels the run (the returned promise then rejects). */
  signal?: AbortSignal;
  /** The facts cache: `false` (default) for none, `true` for the configured one, or a directory. */
  cache?: boolean | string;
  /** Verbose trace lines, as `run --verbose` prints them. */
  trace?: (line: string) => void;
}

export interface CheckResult {
  /** No error diagnostics. */
  ok: boolean;
  /** Absolute workspace root. */
  workspace: string;
  /** Configuration, library and spec diagnostics, deduplicated. */
  diagnostics: Diagnostic[];
  /** The validated model. */
  model: SpecModel;
  /** Texts of the files diagnostics point into (for `renderDiagnostics`). */
  sources: Map<string, string>;
}

export interface RunResult extends CheckResult {
  /** No failed or errored check and no error diagnostic (what makes `hielements run` exit 0). */
  ok: boolean;
  /** The report every reporter renders (`renderReport`); no results when the spec has errors. */
  report: RunReport;
}

/** Loads and validates `file` without running any check. */
export async function check(file: string, opts: CheckOptions = {}): Promise<CheckResult> {
  const result = await withPipeline(file, 'check', opts);
  return checkResult(result.pipeline, result.workspace);
}

/** Loads, validates and runs every check of `file`. */
export async function run(file: string, opts: RunApiOptions = {}): Promise<RunResult> {
  const { pipeline, workspace } = await withPipeline(file, 'run', opts);
  const report = pipeline.report as RunReport;
  const ok = report.summary.failed === 0 && report.summary.errors === 0 && !hasErrors(report.diagnostics);
  return { ...checkResult(pipeline, workspace), ok, report };
}

function checkResult(p: PipelineResult, workspace: string): CheckResult {
  return { ok: !hasErrors(p.diagnostics), workspace, diagnostics: p.diagnostics, model: p.model, sources: p.sources };
}

async function withPipeline(
  file: string,
  mode: 'check' | 'run',
  opts: RunApiOptions,
): Promise<{ pipeline: PipelineResult; workspace: string }> {
  const cwd = opts.cwd ?? process.cwd();
  const specFile = opts.cwd === undefined ? file : path.resolve(cwd, file);
  const late: Diagnostic[] = [];
  // As on the command line, only the configured libraries the spec names are loaded.
  const envOpts: EnvironmentOptions = { cwd, specFile, onDiagnostic: (d) => late.push(d), libraries: 'used' };
  if (opts.workspace !== undefined) envOpts.workspaceFlag = opts.workspace;
  if (opts.config !== undefined) envOpts.configFlag = opts.config;
  if (opts.trace) envOpts.trace = opts.trace;
  if (mode === 'run' && opts.cache)
    envOpts.cache = typeof opts.cache === 'string' ? { disabled: false, dir: opts.cache } : { disabled: false };
  const env = await openEnvironment(envOpts);
  try {
    const run: NonNullable<Parameters<typeof runPipeline>[0]['run']> = {};
    if (opts.filter !== undefined) run.filter = opts.filter;
    if (opts.allowEmpty !== undefined) run.allowEmpty = opts.allowEmpty;
    if (opts.strictUses !== undefined) run.strictUses = opts.strictUses;
    if (opts.ignoreTypeOnly !== undefined) run.ignoreTypeOnly = opts.ignoreTypeOnly;
    if (opts.jobs !== undefined) run.jobs = opts.jobs;
    if (opts.signal) run.signal = opts.signal;
    if (opts.trace) run.trace = opts.trace;
    const pipeline = await runPipeline({
      file: specFile,
      mode,
      registry: env.registry,
      workspace: env.workspace,
      prepare: async (spec) => {
        await env.useLibraries(namesUsedBy(spec.programs));
        for (const lib of opts.libraries ?? []) env.registry.register(lib);
      },
      upfront: env.diagnostics,
      sources: env.sources,
      late: () => late,
      run,
      ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    });
    opts.signal?.throwIfAborted();
    return { pipeline, workspace: env.workspace };
  } finally {
    await env.registry.dispose();
  }
}

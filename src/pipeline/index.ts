/**
 * The one pipeline of Hielements, read top-down: load the spec (and the `.hie` files it imports) →
 * bind every name once → check (report what is wrong) → run its checks → one merged, deduplicated
 * list of diagnostics. `hielements check`, `hielements run`, `run --watch` and the programmatic API all call
 * `runPipeline`; they differ only in what they do with the result. The pipeline never touches the
 * process (no signal handlers, no exit): cancellation comes in through `run.signal`.
 */
import { dedupeDiagnostics, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { RunOptions, RunRegistry } from '../eval/run.js';
import type { LoadedSpec } from '../model/load.js';
import type { CatalogueOptions } from '../model/check.js';
import { bindSpec, checkSpec } from '../model/validate.js';
import type { SpecModel } from '../model/types.js';
import { summarize, type CheckOutcome, type RunReport } from '../results/types.js';
import { loadSpecFile } from './spec-input.js';

/** The stages, in order: `bind` resolves every name, `check` reports what is wrong, `run` evaluates. */
export type PipelineStage = 'load' | 'bind' | 'check' | 'run';

/** What a caller can follow while the pipeline works (a progress line, a log). */
export type PipelineEvent =
  /** A stage starts. */
  | { kind: 'stage'; stage: PipelineStage; file: string }
  /** A check finished (`done` of `total`; skipped and reused checks count too). */
  | { kind: 'progress'; done: number; total: number; current?: CheckOutcome };

/** `check` stops after validation; `run` also runs the checks when the spec has no errors. */
export type PipelineMode = 'check' | 'run';

export interface PipelineOptions {
  /** The spec file, as the caller names it (diagnostics show it this way). */
  file: string;
  mode: PipelineMode;
  /** Every library the spec may call, by name (or the one `prepare` returns). */
  registry?: RunRegistry;
  /** Absolute workspace root. */
  workspace: string;
  /**
   * Called once the spec is loaded, before any name is bound: loads the libraries the spec names
   * (only those are loaded, so an entry the spec does not use cannot affect it). Problems it finds
   * belong in `upfront`, which is read after it. It may return the registry to use from then on.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a prepare step that only loads returns nothing
  prepare?: (spec: LoadedSpec) => Promise<RunRegistry | void>;
  /** Diagnostics found before the spec was bound (configuration, libraries): they come first. */
  upfront?: readonly Diagnostic[];
  /** Texts of non-spec files diagnostics may point into (hielements.toml), for code frames. */
  sources?: ReadonlyMap<string, string>;
  /** Diagnostics libraries reported while the pipeline ran (a plugin writing to stderr), read at the end. */
  late?: () => readonly Diagnostic[];
  /** How `check` reads the libraries' catalogues (whether plugins are asked, the verbose trace). */
  check?: CatalogueOptions;
  /** How to run the checks (mode `run`). */
  run?: Omit<RunOptions, 'workspace' | 'onProgress'>;
  onEvent?: (event: PipelineEvent) => void;
}

export interface PipelineResult {
  file: string;
  spec: LoadedSpec;
  /** The bound, checked model (what `--dry-run` plans from); `model.bindings` answers every name. */
  model: SpecModel;
  /** The spec's own diagnostics: syntax, imports and validation, deduplicated. */
  specDiagnostics: Diagnostic[];
  /** Upfront, spec, run and late diagnostics, in that order, deduplicated. */
  diagnostics: Diagnostic[];
  /** The spec has errors: nothing was run. */
  invalid: boolean;
  /**
   * Mode `run`, or an invalid spec in any mode: the report (no results when `invalid`); its diagnostics are
   * `diagnostics`.
   */
  report?: RunReport;
  /** Every source text diagnostics may point into: `sources` and the spec files. */
  sources: Map<string, string>;
}

/** Runs the pipeline for one spec file. Throws InputError when the spec file itself cannot be read. */
export async function runPipeline(opts: PipelineOptions): Promise<PipelineResult> {
  const started = performance.now();
  const emit = opts.onEvent ?? (() => undefined);

  emit({ kind: 'stage', stage: 'load', file: opts.file });
  const spec = await loadSpecFile(opts.file, opts.workspace);
  const registry = (await opts.prepare?.(spec)) ?? opts.registry;
  if (!registry) throw new Error('runPipeline: no library registry (give `registry`, or return one from `prepare`)');
  const upfront = opts.upfront ?? [];
  const sources = new Map([...(opts.sources ?? []), ...spec.sources]);

  emit({ kind: 'stage', stage: 'bind', file: opts.file });
  const bound = bindSpec(spec, registry);
  emit({ kind: 'stage', stage: 'check', file: opts.file });
  const trace = opts.check?.trace ?? opts.run?.trace;
  const checked = await checkSpec(bound, registry, { ...opts.check, ...(trace ? { trace } : {}) });
  const specDiagnostics = dedupeDiagnostics([...spec.diagnostics, ...checked]);
  // a --filter that matches no element would run nothing and pass: an error, like a spec error
  if (opts.run?.filter !== undefined && !hasErrors(specDiagnostics)) {
    const { unmatchedFilter } = await import('../eval/filter.js');
    const problem = unmatchedFilter(bound.model, opts.run.filter);
    if (problem) specDiagnostics.push(problem);
  }
  const invalid = hasErrors(specDiagnostics);
  const result: PipelineResult = {
    file: opts.file,
    spec,
    model: bound.model,
    specDiagnostics,
    diagnostics: dedupeDiagnostics([...upfront, ...specDiagnostics]),
    invalid,
    sources,
  };
  if (invalid) {
    result.report = emptyReport(opts, result.diagnostics, started);
    return result;
  }
  if (opts.mode === 'check') return result;

  emit({ kind: 'stage', stage: 'run', file: opts.file });
  const runOpts: RunOptions = { ...opts.run, workspace: opts.workspace };
  runOpts.onProgress = (done, total, current) =>
    emit(current ? { kind: 'progress', done, total, current } : { kind: 'progress', done, total });
  // The interpreter is loaded only when something runs (`check` never needs it).
  const { runSpec } = await import('../eval/run.js');
  const report = await runSpec(bound.model, registry, runOpts);
  result.diagnostics = dedupeDiagnostics([
    ...upfront,
    ...specDiagnostics,
    ...report.diagnostics,
    ...(opts.late?.() ?? []),
  ]);
  result.report = { ...report, diagnostics: result.diagnostics };
  return result;
}

function emptyReport(opts: PipelineOptions, diagnostics: Diagnostic[], started: number): RunReport {
  return {
    file: opts.file,
    workspace: opts.workspace,
    results: [],
    diagnostics,
    summary: summarize([]),
    durationMs: performance.now() - started,
  };
}

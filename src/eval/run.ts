/**
 * `runSpec`: executes every job of a validated model with a bounded pool (respecting each
 * library's own concurrency) and reports outcomes in document order, whatever the completion
 * order. One failing library never stops the rest.
 */
import * as os from 'node:os';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CallContext, DependencyProvider } from '../libraries/types.js';
import type { LibraryLookup } from '../model/libraries.js';
import { instanceOf } from '../model/resolve.js';
import type { SpecModel } from '../model/types.js';
import { summarize, type CheckOutcome, type RunReport } from '../results/types.js';
import {
  allowsConnections,
  forbidsOrRequiresConnection,
  strictUses,
  type ConnectionEnv,
  type RuleResult,
} from './connections.js';
import { elementFilter } from './filter.js';
import { Evaluator, toEvalError } from './evaluator.js';
import { isDependencyProvider, list, type Value } from '../libraries/types.js';
import { DependencyFacts } from './facts.js';
import { collectGraph } from './graph.js';
import { ExceptionMatcher } from './exceptions.js';
import { countJobs, eachJob, type Job } from './jobs.js';
import { InputTracker } from './inputs.js';
import { LibraryLimiter, runPool } from './pool.js';
import { languageRequirement, runRequirement, type RequirementEnv } from './requirements.js';

export interface RunOptions {
  /** Absolute workspace root. */
  workspace: string;
  /**
   * Glob over the dotted element path (docs/design-rulings.md#element-filter); elements that do not match are skipped.
   */
  filter?: string;
  /** Empty scopes give a warning only, and checks on them run instead of failing. */
  allowEmpty?: boolean;
  /** Report dependencies between elements that no `uses` declares. */
  strictUses?: boolean;
  /** Connection rules and `--strict-uses` leave out imports needed only for type checking. */
  ignoreTypeOnly?: boolean;
  /** Checks in flight at once (default: CPUs × 2). */
  jobs?: number;
  signal?: AbortSignal;
  trace?: (line: string) => void;
  onProgress?: (done: number, total: number, current?: CheckOutcome) => void;
  /**
   * Watch mode: an outcome to report for job `index` instead of executing it (the job is then
   * not run). Returning undefined runs the job.
   */
  reuse?: (index: number, job: Job) => CheckOutcome | undefined;
  /** Also compute the dependency graph between elements (RunReport.graph), from the run's facts. */
  graph?: boolean;
  /** Watch mode: called after each executed job with the workspace files its scope/ref values held. */
  onJobInputs?: (index: number, job: Job, files: ReadonlySet<string>) => void;
}

export type RunRegistry = LibraryLookup & { dependencyProviders(): DependencyProvider[] };

export async function runSpec(model: SpecModel, registry: RunRegistry, opts: RunOptions): Promise<RunReport> {
  const started = performance.now();
  const diagnostics: Diagnostic[] = [];
  const ctx: CallContext = { workspace: opts.workspace };
  if (opts.signal) ctx.signal = opts.signal;
  if (opts.trace) ctx.trace = opts.trace;
  const allowEmpty = opts.allowEmpty ?? false;
  const evaluator = new Evaluator(registry, model.bindings, ctx, new LibraryLimiter(), diagnostics, allowEmpty);
  const facts = new DependencyFacts(evaluator, registry.dependencyProviders(), ctx, model.elements);
  const connEnv: ConnectionEnv = { facts, workspace: opts.workspace, allowEmpty, bindings: model.bindings };
  if (opts.ignoreTypeOnly) connEnv.ignoreTypeOnly = true;
  const exceptions = new ExceptionMatcher(model, facts, opts.workspace);
  if (exceptions.size > 0) connEnv.exceptions = exceptions;
  const reqEnv: RequirementEnv = { evaluator, bindings: model.bindings, allowEmpty };
  const matches = elementFilter(opts.filter);
  const tracker = opts.onJobInputs ? new InputTracker() : undefined;
  if (tracker) evaluator.observer = tracker.observe;
  const collect = opts.strictUses ? { strictUses: true } : {};
  // Jobs are never held all at once: they are counted (for progress) without being made, and each
  // is made as the pool asks for it.
  const counted = countJobs(model, collect);
  const total = counted.total;
  const dependencies = opts.graph === true || counted.dependencies;
  const jobs = eachJob(model, collect);
  let made = 0;
  /** Job `index`: the pool asks for them in increasing order, each once. */
  const jobAt = (index: number): Job => {
    const next = jobs.next();
    if (index !== made++ || next.done) throw new Error(`job ${index} asked for out of order`);
    return next.value;
  };
  // Tell every library, before anything runs, which of its functions this spec calls and whether
  // dependency facts will be asked for.
  for (const name of registry.names()) {
    const lib = registry.get(name);
    lib?.prepareRun?.(model.libraryCalls?.get(name) ?? new Set(), {
      dependencies: dependencies && isDependencyProvider(lib),
    });
  }
  const limit = opts.jobs && opts.jobs > 0 ? Math.floor(opts.jobs) : Math.max(1, os.cpus().length * 2);
  let done = 0;
  const filtered = `element path does not match --filter ${opts.filter ?? ''}`.trim();

  // Asked for by the pool when a slot is free (index-driven): only jobs in flight hold a closure,
  // promises and async frames.
  const runJob = async (index: number): Promise<CheckOutcome> => {
    const job = jobAt(index);
    if (!matches(job.element.path)) return makeOutcome(job, { status: 'skipped', message: filtered }, 0);
    if (opts.signal?.aborted) return makeOutcome(job, { status: 'skipped', message: 'run cancelled' }, 0);
    const reused = opts.reuse?.(index, job);
    if (reused) return reused;
    const t0 = performance.now();
    opts.trace?.(`[verbose] Running: ${job.element.path} :: ${job.label}`);
    const inputs = tracker ? new Set<string>() : undefined;
    let fields: OutcomeFields;
    try {
      if (tracker) fields = await tracker.run(inputs as Set<string>, () => execute(job, evaluator, reqEnv, connEnv));
      // the common case without one more async frame per check
      else if (job.kind === 'check') fields = checkFields(await evaluator.runCheck(job.expression, job.site));
      else fields = await execute(job, evaluator, reqEnv, connEnv);
    } catch (err) {
      fields = { status: 'error', message: `internal error: ${err instanceof Error ? err.message : String(err)}` };
    }
    const outcome = makeOutcome(job, fields, performance.now() - t0);
    if (inputs) opts.onJobInputs?.(index, job, inputs);
    opts.trace?.(
      `[verbose]   ${job.element.path} :: ${job.label} ... ` +
        `${outcome.status.toUpperCase()}${outcome.message && outcome.status !== 'pass' ? `: ${outcome.message}` : ''}`,
    );
    return outcome;
  };

  const results = await runPool(total, limit, runJob, (_i, outcome) => {
    done++;
    opts.onProgress?.(done, total, outcome);
  });
  if (!jobs.next().done) throw new Error('internal error: the run counted fewer jobs than the spec has');
  const report: RunReport = {
    file: model.file,
    workspace: opts.workspace,
    results,
    diagnostics,
    summary: summarize(results),
    durationMs: 0,
  };
  if (opts.graph && !opts.signal?.aborted) report.graph = await collectGraph(facts);
  // Exceptions that accepted nothing, at elements whose checks all ran.
  if (exceptions.size > 0 && !opts.signal?.aborted)
    diagnostics.push(...exceptions.unused((at) => matches(at.path) && !opts.reuse));
  report.durationMs = performance.now() - started;
  return report;
}

/**
 * The outcome of a job: one object literal, then the optional fields in one fixed order (the key
 * order outcomes always had). Outcomes live until the report is written; building them by spreading
 * (`{ ...base, ...fields }`) gave thousands of them a hidden class each in V8.
 */
function makeOutcome(job: Job, f: OutcomeFields, durationMs: number): CheckOutcome {
  const o: CheckOutcome = {
    element: job.element.path,
    check: job.label,
    status: f.status,
    origin: job.origin,
    file: job.file,
    span: job.span,
    durationMs,
  };
  if (job.pattern) o.pattern = job.pattern.name;
  if (job.severity) o.severity = job.severity;
  if (f.message !== undefined) o.message = f.message;
  if (f.locations !== undefined) o.locations = f.locations;
  if (f.library !== undefined) o.library = f.library;
  if (f.function !== undefined) o.function = f.function;
  if (f.details !== undefined) o.details = f.details;
  if (f.excepted !== undefined) o.excepted = f.excepted;
  if (job.doc && (f.status === 'fail' || f.status === 'error')) o.doc = job.doc;
  return o;
}

/** The part of an outcome that executing a job decides. */
type OutcomeFields = Partial<
  Pick<CheckOutcome, 'message' | 'locations' | 'library' | 'function' | 'details' | 'excepted'>
> & { status: CheckOutcome['status'] };

/** Outcome fields of an evaluated library check. */
function checkFields(run: Awaited<ReturnType<Evaluator['runCheck']>>): OutcomeFields {
  const out: OutcomeFields = { status: run.result.status };
  if (run.result.status !== 'pass' && run.result.message) out.message = run.result.message;
  if (run.result.status === 'fail' && run.result.locations) out.locations = run.result.locations;
  if (run.library) out.library = run.library;
  if (run.function) out.function = run.function;
  if (run.details) out.details = run.details;
  return out;
}

async function execute(
  job: Job,
  evaluator: Evaluator,
  reqEnv: RequirementEnv,
  connEnv: ConnectionEnv,
): Promise<OutcomeFields> {
  switch (job.kind) {
    case 'check': {
      const run = await evaluator.runCheck(job.expression, job.site);
      return checkFields(run);
    }
    case 'requirement': {
      const c = job.requirement.component;
      const r =
        c.kind === 'connection'
          ? await forbidsOrRequiresConnection(connEnv, job.requirement, job.element, job.p)
          : await runRequirement(reqEnv, job.requirement, job.element, job.p);
      return fromRule(r);
    }
    case 'allows-connection':
      return fromRule(await allowsConnections(connEnv, job.requirements, job.element, job.p));
    case 'allows-language': {
      const names = job.requirements.flatMap((r) => (r.component.kind === 'language' ? [r.component.name.name] : []));
      return fromRule(
        await languageRequirement(reqEnv, job.requirements[0] as (typeof job.requirements)[number], job.element, names),
      );
    }
    case 'strict-uses':
      return fromRule(await strictUses(connEnv, job.element));
    case 'connection-check':
      return runConnectionCheck(job, evaluator);
  }
}

function fromRule(r: RuleResult): OutcomeFields {
  const out: OutcomeFields = { status: r.status };
  if (r.status !== 'pass' && r.message) out.message = r.message;
  if (r.locations && r.locations.length > 0) out.locations = r.locations;
  if (r.excepted && r.excepted.length > 0) out.excepted = r.excepted;
  return out;
}

/**
 * Runs a language's `connection_check` at one element: one parameter receives the element's and its
 * children's scopes in that language; two parameters receive the element's own scopes and its
 * children's scopes.
 */
async function runConnectionCheck(
  job: Job & { kind: 'connection-check' },
  evaluator: Evaluator,
): Promise<OutcomeFields> {
  const values = async (ms: typeof job.own): Promise<Value[]> =>
    Promise.all(ms.map((m) => evaluator.valueOf(instanceOf(m))));
  let own: Value[];
  let children: Value[];
  try {
    own = await values(job.own);
    children = await values(job.children);
  } catch (err) {
    return { status: 'error', message: toEvalError(err).message };
  }
  const params = job.check.params.map((p) => p.name);
  const locals = new Map<string, Value>();
  if (params.length === 1) locals.set(params[0] as string, list([...own, ...children]));
  else if (params.length === 2) {
    locals.set(params[0] as string, list(own));
    locals.set(params[1] as string, list(children));
  }
  const run = await evaluator.runCheck(job.check.body, {
    expression: job.check.body,
    node: job.element,
    locals,
    unit: job.unit,
  });
  return checkFields(run);
}

/**
 * Lazy, memoised evaluation of scopes and refs, and execution of library checks. A scope or ref is
 * evaluated the first time something needs it (declaration order does not matter); its value or
 * its error is kept for the whole run. Evaluation problems become diagnostics once, at the member
 * that caused them; everything depending on a failed member gets an error naming the cause.
 */
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import {
  LibraryError,
  bool,
  emptyScopeFailure,
  firstEmptyScope,
  float,
  int,
  list,
  str,
  typeName,
  type CallContext,
  type CheckResult,
  type Value,
} from '../libraries/types.js';
import { Codes } from '../model/codes.js';
import type { Bindings } from '../model/bindings.js';
import type { LibraryLookup } from '../model/libraries.js';
import {
  instanceFor,
  instanceLabel,
  instanceOf,
  isLibraryCallee,
  pathOf,
  sourceOf,
  type Instance,
  type InstanceResult,
} from '../model/resolve.js';
import type { EvalSite, Member } from '../model/types.js';
import type { Expression } from '../syntax/ast.js';
import type { LibraryLimiter } from './pool.js';
import { displayPath } from '../diagnostics/paths.js';

export class EvaluationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'EvaluationError';
  }
}

export interface CheckRun {
  result: CheckResult;
  library?: string;
  function?: string;
  details?: string;
}

const BASIC_TYPES: Record<string, Value['type']> = {
  string: 'string',
  integer: 'int',
  int: 'int',
  float: 'float',
  boolean: 'bool',
  bool: 'bool',
  scope: 'scope',
};

/** The stack of a request made outside any evaluation (shared: no array per request). */
const NO_STACK: readonly string[] = [];
/** An integer literal as the lexer writes it. */
const INTEGER = /^-?[0-9]+$/;

/** A `lib.fn(...)` call's library and function, as the bind phase resolved them. */
interface BoundCall {
  lib: NonNullable<ReturnType<LibraryLookup['get']>>;
  library: string;
  fn: string;
}

export class Evaluator {
  private readonly memo = new Map<string, Promise<Value>>();
  /**
   * Values of the instances whose evaluation succeeded, by key. Thousands of checks read the same
   * few scopes: with their values at hand a check's arguments are built without a promise each.
   */
  private readonly known = new Map<string, Value>();
  /** Keys being computed. */
  private readonly pending = new Set<string>();
  /** key → keys of pending evaluations it is waiting for (owned by another chain). */
  private readonly waiting = new Map<string, Set<string>>();
  /** key → keys it started computing itself (its own chain). */
  private readonly chains = new Map<string, Set<string>>();
  /** Sees every scope/ref value requested (used by `runSpec` to record what each job read). */
  observer: ((value: Promise<Value>) => void) | undefined;

  constructor(
    private readonly registry: LibraryLookup,
    /** The bind phase's answers: evaluation looks names and libraries up here, never resolves them. */
    private readonly bindings: Bindings,
    private readonly ctx: CallContext,
    private readonly limiter: LibraryLimiter,
    private readonly diagnostics: Diagnostic[],
    private readonly allowEmpty: boolean,
  ) {}

  /** Value of a scope/ref instance (memoised). Rejects with EvaluationError. */
  valueOf(inst: Instance, stack: readonly string[] = NO_STACK): Promise<Value> {
    const p = this.lookup(inst, stack);
    this.observer?.(p);
    return p;
  }

  private lookup(inst: Instance, stack: readonly string[]): Promise<Value> {
    if (stack.includes(inst.key)) {
      return Promise.reject(
        new EvaluationError(Codes.REFERENCE_CYCLE, `reference cycle through ${instanceLabel(inst)}`),
      );
    }
    const p = this.memo.get(inst.key);
    if (!p) {
      const parent = stack[stack.length - 1];
      if (parent !== undefined) {
        let own = this.chains.get(parent);
        if (!own) this.chains.set(parent, (own = new Set()));
        own.add(inst.key);
      }
      this.pending.add(inst.key);
      const fresh = this.compute(inst, [...stack, inst.key]);
      this.memo.set(inst.key, fresh);
      const settle = (): void => {
        this.pending.delete(inst.key);
        if (parent !== undefined) this.chains.get(parent)?.delete(inst.key);
      };
      fresh.then((v) => {
        settle();
        this.known.set(inst.key, v);
      }, settle);
      return fresh;
    }
    const current = stack[stack.length - 1];
    if (current === undefined || !this.pending.has(inst.key)) return p;
    // Another evaluation chain is computing it: wait, unless it is (transitively) waiting for us.
    if (this.waitsFor(inst.key, current)) {
      return Promise.reject(
        new EvaluationError(Codes.REFERENCE_CYCLE, `reference cycle through ${instanceLabel(inst)}`),
      );
    }
    let edges = this.waiting.get(current);
    if (!edges) this.waiting.set(current, (edges = new Set()));
    edges.add(inst.key);
    const done = (): void => {
      this.waiting.get(current)?.delete(inst.key);
    };
    p.then(done, done);
    return p;
  }

  /** Does the pending evaluation of `from` wait (transitively) for `to`? Stack keys count as waits. */
  private waitsFor(from: string, to: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const k = stack.pop() as string;
      if (k === to) return true;
      if (seen.has(k)) continue;
      seen.add(k);
      for (const next of this.waiting.get(k) ?? []) stack.push(next);
      for (const next of this.chains.get(k) ?? []) stack.push(next);
    }
    return false;
  }

  private async compute(inst: Instance, stack: string[]): Promise<Value> {
    const { member } = inst;
    const label = instanceLabel(inst);
    const src = sourceOf(inst);
    let value: Value;
    try {
      if (src.kind === 'missing') throw new EvaluationError(src.code, src.message);
      if (src.kind === 'alias') value = await this.valueOf(src.instance, stack);
      else {
        this.ctx.trace?.(`[verbose] Evaluating ${member.kind}: ${label}`);
        value = await this.evalExpr(src.site.expression, src.site, stack);
      }
    } catch (err) {
      const e = toEvalError(err);
      // Report once, where it happened: a member that failed because another one failed stays quiet.
      if (!(e instanceof DependentError)) {
        this.report(
          'error',
          e.code === Codes.REFERENCE_CYCLE ? e.code : Codes.EVALUATION_FAILED,
          `${member.kind} \`${label}\` could not be evaluated: ${e.message}`,
          inst,
        );
      }
      this.ctx.trace?.(`[verbose]   -> ERROR: ${e.message}`);
      throw new DependentError(e.code, `${member.kind} \`${label}\` could not be evaluated: ${e.message}`, e.details);
    }
    const decl = member.decl;
    if (member.kind === 'scope') {
      if (value.type !== 'scope') {
        const msg =
          `scope \`${label}\` is a ${typeName(value)}, not a scope (use a ` +
          'selector such as ' +
          'files.folder_selector)';
        this.report('error', Codes.SCOPE_NOT_A_SCOPE, msg, inst);
        throw new DependentError(Codes.SCOPE_NOT_A_SCOPE, msg);
      }
      const sc = value.scope;
      this.ctx.trace?.(
        `[verbose]   -> scope ${label} resolved ${sc.paths.length} ` +
          `path${sc.paths.length === 1 ? '' : 's'}${sc.description ? ` (${sc.description})` : ''}`,
      );
      // the files themselves, shown by the CLI with --list-files
      if (this.ctx.trace)
        for (const p of sc.paths)
          this.ctx.trace(`[verbose:files]      ${label}: ${displayPath(p, this.ctx.workspace)}`);
      if (value.scope.paths.length === 0) {
        this.report(
          'warning',
          Codes.EMPTY_SCOPE,
          `scope \`${label}\` selects no file${this.allowEmpty ? '' : '; checks on it fail'}`,
          inst,
          value.scope.hint,
        );
      }
    } else if (decl.kind === 'Ref') {
      const want = BASIC_TYPES[decl.type.name];
      if (want && value.type !== want) {
        const msg = `ref \`${label}\` is declared \`${decl.type.name}\` but its value is a ${typeName(value)}`;
        this.report('error', Codes.REF_TYPE_MISMATCH, msg, inst);
        throw new DependentError(Codes.REF_TYPE_MISMATCH, msg);
      }
    }
    return value;
  }

  private report(severity: 'error' | 'warning', code: string, message: string, inst: Instance, help?: string): void {
    const m = inst.member;
    const extra: { related?: Diagnostic['related']; help?: string } = {};
    if (help) extra.help = help;
    if (inst.implementer)
      extra.related = [
        {
          file: inst.implementer.file,
          span: inst.implementer.nameSpan,
          message: `bound by element \`${inst.implementer.path}\``,
        },
      ];
    this.diagnostics.push(makeDiagnostic(severity, code, message, m.owner.file, m.decl.name.span, extra));
  }

  /** Evaluates an expression as a value (every call in it is a selector call). */
  async evalExpr(expr: Expression, site: EvalSite, stack: readonly string[] = NO_STACK): Promise<Value> {
    switch (expr.kind) {
      case 'String':
      case 'Boolean':
      case 'Number':
        return literalValue(expr);
      case 'List':
        return list(await Promise.all(expr.items.map((i) => this.evalExpr(i, site, stack))));
      case 'Identifier':
      case 'Member':
        return this.evalName(expr, site, stack);
      case 'Call': {
        const { lib, library, fn } = this.bindCall(expr, site);
        const now = this.argsNow(expr.args, site, stack) ?? this.evalArgs(expr.args, site, stack);
        const args = now instanceof Promise ? await now : now;
        // the library's concurrency limit, as in `runCheck`
        const slots = this.limiter.semaphore(lib);
        if (!slots.tryAcquire()) await slots.acquire();
        try {
          return await lib.call(fn, args, this.ctx);
        } catch (err) {
          throw libraryFailure(err, `${library}.${fn}`);
        } finally {
          slots.release();
        }
      }
    }
  }

  private async evalName(expr: Expression, site: EvalSite, stack: readonly string[]): Promise<Value> {
    const segs = pathOf(expr);
    if (!segs) throw new EvaluationError(Codes.BAD_CALLEE, 'cannot evaluate `expression`');
    const local = segs.length === 1 ? site.locals?.get((segs[0] as { name: string }).name) : undefined;
    if (local) return local;
    const text = segs.map((s) => s.name).join('.');
    const r = this.bindings.name(expr, site.node);
    if (!r) throw new EvaluationError(Codes.UNDEFINED_NAME, `\`${text}\` was not bound in ${site.node.path}`);
    if (!r.ok) throw new EvaluationError(r.code, r.message);
    if (r.target.kind !== 'member') throw new EvaluationError(Codes.NOT_A_VALUE, `\`${text}\` is not a scope or ref`);
    const inst = instanceFor(r.target.member, site, expr.span);
    if (!inst.ok) throw new EvaluationError(inst.code, inst.message);
    return this.valueOf(inst.instance, stack);
  }

  /** The library and function a call names (throws EvaluationError when there is none). */
  private bindCall(expr: Expression & { kind: 'Call' }, site: EvalSite): BoundCall {
    if (!isLibraryCallee(expr.callee)) throw new EvaluationError(Codes.BAD_CALLEE, 'expected `library.function(...)`');
    const bound = this.bindings.call(expr, site.unit ?? site.node.unit);
    const lib = bound?.ok ? this.registry.get(bound.library) : undefined;
    if (!bound || !lib)
      throw new EvaluationError(
        Codes.UNKNOWN_LIBRARY,
        `unknown library \`${bound?.library ?? expr.callee.object.name}\``,
      );
    return { lib, library: bound.library, fn: bound.fn };
  }

  private evalArgs(args: readonly Expression[], site: EvalSite, stack: readonly string[]): Promise<Value[]> {
    return Promise.all(args.map((a) => this.evalExpr(a, site, stack)));
  }

  /**
   * A call's arguments without an async frame and a promise per argument, when every argument is a
   * literal, a local or (outside any evaluation: empty `stack`) a name bound to a scope or ref:
   * the values, or one promise for them when a scope or ref is still being computed. Otherwise
   * undefined, and the caller evaluates the arguments as usual: every error, cycle and name problem
   * takes that one path, and nothing is started or observed before that is decided.
   */
  private argsNow(
    args: readonly Expression[],
    site: EvalSite,
    stack: readonly string[],
  ): Value[] | Promise<Value[]> | undefined {
    // an observer (watch mode) sees every request through `valueOf`: the usual path shows it them
    if (this.observer) return undefined;
    for (const a of args) if (!this.plain(a, site, stack)) return undefined;
    let waiting = 0;
    let last = -1;
    const out = new Array<Value | Promise<Value>>(args.length);
    for (let i = 0; i < args.length; i++) {
      const v = this.plainValue(args[i] as Expression, site);
      if (v instanceof Promise) {
        waiting++;
        last = i;
      }
      out[i] = v;
    }
    if (waiting === 0) return out as Value[];
    if (waiting > 1) return Promise.all(out);
    // One scope still being computed (the usual case: the other checks of its element started it):
    // settles exactly as Promise.all would, without wrapping every other argument in a promise.
    return (out[last] as Promise<Value>).then((v) => {
      out[last] = v;
      return out as Value[];
    });
  }

  /** Can `plainValue` give the argument's value (or memoised promise) exactly as `evalExpr` would? */
  private plain(expr: Expression, site: EvalSite, stack: readonly string[]): boolean {
    switch (expr.kind) {
      case 'String':
      case 'Boolean':
        return true;
      case 'Number':
        // `BigInt` of anything else throws: that error is left to the usual path
        return !expr.isInteger || INTEGER.test(expr.raw);
      case 'Identifier':
      case 'Member': {
        if (expr.kind === 'Identifier' && site.locals?.get(expr.name)) return true;
        if (stack.length > 0 || !isPath(expr)) return false;
        const m = this.boundMember(expr, site);
        return m !== undefined && (m.owner.kind === 'element' || instanceFor(m, site, expr.span).ok);
      }
      default:
        return false;
    }
  }

  /** The value of an argument `plain` accepted: known, or the promise `evalName` would wait for. */
  private plainValue(expr: Expression, site: EvalSite): Value | Promise<Value> {
    switch (expr.kind) {
      case 'String':
      case 'Boolean':
      case 'Number':
        return literalValue(expr);
      default: {
        const local = expr.kind === 'Identifier' ? site.locals?.get(expr.name) : undefined;
        if (local) return local;
        const m = this.boundMember(expr, site) as Member;
        // an element's own scope or ref is one instance keyed by the member (see `instanceOf`)
        if (m.owner.kind === 'element') return this.known.get(m.key) ?? this.valueOf(instanceOf(m));
        const inst = (instanceFor(m, site, expr.span) as InstanceResult & { ok: true }).instance;
        return this.known.get(inst.key) ?? this.valueOf(inst);
      }
    }
  }

  /** The scope or ref a name is bound to at `site` (as `evalName` finds it). */
  private boundMember(expr: Expression, site: EvalSite): Member | undefined {
    const r = this.bindings.name(expr, site.node);
    return r?.ok && r.target.kind === 'member' ? r.target.member : undefined;
  }

  /** Runs `check lib.fn(args)`: never throws; every problem becomes an `error` result. */
  async runCheck(expr: Expression, site: EvalSite): Promise<CheckRun> {
    if (expr.kind !== 'Call')
      return { result: { status: 'error', message: '`check` must be followed by a library call' } };
    let call: BoundCall;
    let args: Value[];
    try {
      call = this.bindCall(expr, site);
      const now = this.argsNow(expr.args, site, NO_STACK) ?? this.evalArgs(expr.args, site, NO_STACK);
      args = now instanceof Promise ? await now : now;
    } catch (err) {
      const e = toEvalError(err);
      const run: CheckRun = { result: { status: 'error', message: e.message, code: e.code } };
      if (isLibraryCallee(expr.callee)) {
        run.library = expr.callee.object.name;
        run.function = expr.callee.member.name;
      }
      if (e.details) run.details = e.details;
      return run;
    }
    const { lib, library, fn } = call;
    // One rule for every kind of library (built-in, external, WebAssembly): a check on an empty
    // scope fails before the library is asked, unless empty scopes are allowed.
    const empty = this.allowEmpty ? undefined : firstEmptyScope(args);
    if (empty) return { library, function: fn, result: emptyScopeFailure(empty) };
    // The library's concurrency limit, taken and given back here rather than through a closure
    // and one more async frame per check.
    const slots = this.limiter.semaphore(lib);
    if (!slots.tryAcquire()) await slots.acquire();
    try {
      const result = await lib.check(fn, args, this.ctx);
      return { library, function: fn, result };
    } catch (err) {
      const e = libraryFailure(err, `${library}.${fn}`);
      const run: CheckRun = {
        library,
        function: fn,
        result: { status: 'error', message: e.message, code: e.code },
      };
      if (e.details) run.details = e.details;
      return run;
    } finally {
      slots.release();
    }
  }
}

/** Is the expression a dotted name (`a`, `a.b.c`)? Like `pathOf`, without building the segments. */
function isPath(expr: Expression): boolean {
  let e = expr;
  while (e.kind === 'Member') e = e.object;
  return e.kind === 'Identifier';
}

/** An error caused by another member's failure (already reported). */
class DependentError extends EvaluationError {}

export function toEvalError(err: unknown): EvaluationError {
  if (err instanceof EvaluationError) return err;
  if (err instanceof LibraryError) return new EvaluationError(err.code, err.message, err.details);
  return new EvaluationError(Codes.UNEXPECTED_FAILURE, err instanceof Error ? err.message : String(err));
}

function libraryFailure(err: unknown, what: string): EvaluationError {
  // a message that already names the function (argument checks do) is not prefixed twice
  if (err instanceof LibraryError)
    return new EvaluationError(
      err.code,
      err.message.startsWith(`${what}:`) ? err.message : `${what}: ${err.message}`,
      err.details,
    );
  if (err instanceof EvaluationError) return err;
  return new EvaluationError(
    Codes.UNEXPECTED_FAILURE,
    `${what} failed: ${err instanceof Error ? err.message : String(err)}`,
  );
}

/** The value a literal stands for (a `Number` written as an integer is an int). */
function literalValue(expr: Expression & { kind: 'String' | 'Boolean' | 'Number' }): Value {
  switch (expr.kind) {
    case 'String':
      return str(expr.value);
    case 'Boolean':
      return bool(expr.value);
    case 'Number':
      return expr.isInteger ? int(BigInt(expr.raw)) : float(Number(expr.raw));
  }
}

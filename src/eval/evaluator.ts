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
import { instanceFor, instanceLabel, isLibraryCallee, pathOf, sourceOf, type Instance } from '../model/resolve.js';
import type { EvalSite } from '../model/types.js';
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

export class Evaluator {
  private readonly memo = new Map<string, Promise<Value>>();
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
  valueOf(inst: Instance, stack: readonly string[] = []): Promise<Value> {
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
      fresh.then(settle, settle);
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
  async evalExpr(expr: Expression, site: EvalSite, stack: readonly string[] = []): Promise<Value> {
    switch (expr.kind) {
      case 'String':
        return str(expr.value);
      case 'Boolean':
        return bool(expr.value);
      case 'Number':
        return expr.isInteger ? int(BigInt(expr.raw)) : float(Number(expr.raw));
      case 'List':
        return list(await Promise.all(expr.items.map((i) => this.evalExpr(i, site, stack))));
      case 'Identifier':
      case 'Member':
        return this.evalName(expr, site, stack);
      case 'Call': {
        const { library, fn, args } = await this.prepareCall(expr, site, stack);
        try {
          return await this.limiter.run(library.lib, () => library.lib.call(fn, args, this.ctx));
        } catch (err) {
          throw libraryFailure(err, `${library.name}.${fn}`);
        }
      }
    }
  }

  private async evalName(expr: Expression, site: EvalSite, stack: readonly string[]): Promise<Value> {
    const segs = pathOf(expr);
    const text = segs?.map((s) => s.name).join('.') ?? 'expression';
    if (!segs) throw new EvaluationError(Codes.BAD_CALLEE, `cannot evaluate \`${text}\``);
    const local = segs.length === 1 ? site.locals?.get((segs[0] as { name: string }).name) : undefined;
    if (local) return local;
    const r = this.bindings.name(expr, site.node);
    if (!r) throw new EvaluationError(Codes.UNDEFINED_NAME, `\`${text}\` was not bound in ${site.node.path}`);
    if (!r.ok) throw new EvaluationError(r.code, r.message);
    if (r.target.kind !== 'member') throw new EvaluationError(Codes.NOT_A_VALUE, `\`${text}\` is not a scope or ref`);
    const inst = instanceFor(r.target.member, site, expr.span);
    if (!inst.ok) throw new EvaluationError(inst.code, inst.message);
    return this.valueOf(inst.instance, stack);
  }

  private async prepareCall(
    expr: Expression & { kind: 'Call' },
    site: EvalSite,
    stack: readonly string[],
  ): Promise<{
    library: { lib: NonNullable<ReturnType<LibraryLookup['get']>>; name: string };
    fn: string;
    args: Value[];
  }> {
    if (!isLibraryCallee(expr.callee)) throw new EvaluationError(Codes.BAD_CALLEE, 'expected `library.function(...)`');
    const bound = this.bindings.call(expr, site.unit ?? site.node.unit);
    const lib = bound?.ok ? this.registry.get(bound.library) : undefined;
    if (!bound || !lib)
      throw new EvaluationError(
        Codes.UNKNOWN_LIBRARY,
        `unknown library \`${bound?.library ?? expr.callee.object.name}\``,
      );
    const args = await Promise.all(expr.args.map((a) => this.evalExpr(a, site, stack)));
    return { library: { lib, name: bound.library }, fn: bound.fn, args };
  }

  /** Runs `check lib.fn(args)`: never throws; every problem becomes an `error` result. */
  async runCheck(expr: Expression, site: EvalSite): Promise<CheckRun> {
    if (expr.kind !== 'Call')
      return { result: { status: 'error', message: '`check` must be followed by a library call' } };
    const callee = isLibraryCallee(expr.callee)
      ? { library: expr.callee.object.name, function: expr.callee.member.name }
      : {};
    let prepared: Awaited<ReturnType<Evaluator['prepareCall']>>;
    try {
      prepared = await this.prepareCall(expr, site, []);
    } catch (err) {
      const e = toEvalError(err);
      return {
        ...callee,
        result: { status: 'error', message: e.message, code: e.code },
        ...(e.details ? { details: e.details } : {}),
      };
    }
    const { library, fn, args } = prepared;
    const base = { library: library.name, function: fn };
    // One rule for every kind of library (built-in, external, WebAssembly): a check on an empty
    // scope fails before the library is asked, unless empty scopes are allowed.
    const empty = this.allowEmpty ? undefined : firstEmptyScope(args);
    if (empty) return { ...base, result: emptyScopeFailure(empty) };
    try {
      const result = await this.limiter.run(library.lib, () => library.lib.check(fn, args, this.ctx));
      return { ...base, result };
    } catch (err) {
      const e = libraryFailure(err, `${library.name}.${fn}`);
      return {
        ...base,
        result: { status: 'error', message: e.message, code: e.code },
        ...(e.details ? { details: e.details } : {}),
      };
    }
  }
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

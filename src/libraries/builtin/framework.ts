/**
 * Table-driven built-in library: each function is declared once with its parameters (used for
 * argument checking, error messages and `documentation()`) and an implementation.
 */
import { basename } from 'node:path';
import type { WorkspaceCache } from './cache.js';
import {
  fail,
  LibraryError,
  scopeLabel,
  typeName,
  type CallContext,
  type CheckResult,
  type FunctionDoc,
  type Library,
  type LibraryDoc,
  type Scope,
  type Value,
} from '../types.js';

export { scopeLabel } from '../types.js';

export type ParamType = 'string' | 'integer' | 'scope';

export interface ParamSpec {
  name: string;
  type: ParamType;
  description: string;
  /** Error code when this argument is missing or has the wrong type. */
  code: string;
  optional?: boolean;
}

export interface Env {
  cache: WorkspaceCache;
  /** Absolute real workspace root. */
  workspace: string;
  library: string;
  ctx: CallContext;
}

export type ArgValue = string | bigint | Scope | undefined;

export interface FnSpec<R> {
  name: string;
  description: string;
  params: ParamSpec[];
  /**
   * An optional scope accepted before the other parameters (`rust.function_exists(module, 'main')`):
   * when the first argument is a scope it restricts the search; otherwise the whole workspace.
   */
  leadingScope?: { name: string; description: string };
  example: string;
  run(args: Args, env: Env): Promise<R>;
}

/** Validated arguments, by parameter name. */
export class Args {
  constructor(private readonly values: Map<string, ArgValue>) {}
  str(name: string): string {
    return this.values.get(name) as string;
  }
  optStr(name: string): string | undefined {
    return this.values.get(name) as string | undefined;
  }
  int(name: string): bigint {
    return this.values.get(name) as bigint;
  }
  optInt(name: string): bigint | undefined {
    return this.values.get(name) as bigint | undefined;
  }
  scope(name: string): Scope {
    return this.values.get(name) as Scope;
  }
  optScope(name: string): Scope | undefined {
    return this.values.get(name) as Scope | undefined;
  }
}

const article = (t: ParamType) => (t === 'integer' ? 'an integer' : `a ${t}`);

function convert(v: Value, p: ParamSpec, fn: string, index: number): ArgValue {
  const where = `${fn}: argument ${index + 1} (${p.name})`;
  switch (p.type) {
    case 'string':
      if (v.type === 'string') return v.value;
      break;
    case 'integer':
      if (v.type === 'int') return v.value;
      if (v.type === 'float' && Number.isFinite(v.value)) return BigInt(Math.trunc(v.value));
      break;
    case 'scope':
      if (v.type === 'scope') return v.scope;
      break;
  }
  throw new LibraryError(p.code, `${where} must be ${article(p.type)}, got ${typeName(v)}`);
}

function parseArgs(spec: FnSpec<unknown>, qualified: string, args: readonly Value[], extraCode: string): Args {
  const values = new Map<string, ArgValue>();
  let rest = args;
  let offset = 0;
  if (spec.leadingScope) {
    if (rest[0]?.type === 'scope') {
      values.set(spec.leadingScope.name, rest[0].scope);
      rest = rest.slice(1);
      offset = 1;
    }
  }
  spec.params.forEach((p, i) => {
    const v = rest[i];
    if (v === undefined) {
      if (p.optional) return;
      throw new LibraryError(p.code, `${qualified}: missing argument ${i + 1 + offset} (${p.name}: ${p.type})`);
    }
    values.set(p.name, convert(v, p, qualified, i + offset));
  });
  if (rest.length > spec.params.length) {
    const got = args.map(typeName).join(', ');
    throw new LibraryError(
      extraCode,
      `${qualified}: too many arguments (${got}); expected ${qualified}(${signature(spec)})`,
    );
  }
  return new Args(values);
}

export function signature(spec: FnSpec<unknown>): string {
  const parts = spec.params.map((p) => `${p.name}: ${p.type}${p.optional ? '?' : ''}`);
  if (spec.leadingScope) parts.unshift(`[${spec.leadingScope.name}: scope]`);
  return parts.join(', ');
}

function toDoc(spec: FnSpec<unknown>, returnType: string): FunctionDoc {
  const parameters = spec.params.map((p) => ({
    name: p.name,
    type: p.optional ? `${p.type}?` : p.type,
    description: p.description,
  }));
  if (spec.leadingScope)
    parameters.unshift({ name: spec.leadingScope.name, type: 'scope?', description: spec.leadingScope.description });
  return { name: spec.name, description: spec.description, parameters, return_type: returnType, example: spec.example };
}

export interface LibrarySpec {
  name: string;
  description: string;
  /** Code of a call with too many arguments (`files`: E198). */
  tooManyArguments: string;
  /** Code of a call of a function the library does not have (`files`: E199). */
  unknownFunction: string;
  selectors: FnSpec<Scope>[];
  checks: FnSpec<CheckResult>[];
  /** The library this one is another name of (same functions). */
  aliasOf?: string;
  /**
   * For a language library: the language's files. A check given a scope that holds files but none
   * of this language fails saying so (with the extensions the scope has) instead of finding nothing.
   */
  language?: { label: string; handles(file: string): boolean };
}

/** `3 .rs files, 1 .toml file` — what a scope holds, by extension (the five most frequent). */
function extensionsOf(paths: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const p of paths) {
    const base = basename(p);
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 ? base.slice(dot) : '(no extension)';
    counts.set(ext, (counts.get(ext) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = sorted.slice(0, 5).map(([ext, n]) => `${n} ${ext} file${n === 1 ? '' : 's'}`);
  if (sorted.length > 5) shown.push(`${sorted.length - 5} other extension${sorted.length === 6 ? '' : 's'}`);
  return shown.join(', ');
}

/** A failure for the first scope argument that holds files but none the language handles. */
function wrongLanguage(spec: LibrarySpec, args: readonly Value[]): CheckResult | undefined {
  const lang = spec.language;
  if (!lang) return undefined;
  for (const a of args) {
    if (a.type !== 'scope' || a.scope.paths.length === 0 || a.scope.paths.some((p) => lang.handles(p))) continue;
    return fail(`scope ${scopeLabel(a.scope)} has no ${lang.label} files (it has ${extensionsOf(a.scope.paths)})`);
  }
  return undefined;
}

export class BuiltinLibrary implements Library {
  readonly kind = 'builtin' as const;
  readonly concurrency = 64;
  readonly name: string;
  private readonly selectors: Map<string, FnSpec<Scope>>;
  private readonly checks: Map<string, FnSpec<CheckResult>>;

  constructor(
    protected readonly spec: LibrarySpec,
    protected readonly envFor: (ctx: CallContext) => Env,
  ) {
    this.name = spec.name;
    this.selectors = new Map(spec.selectors.map((s) => [s.name, s]));
    this.checks = new Map(spec.checks.map((s) => [s.name, s]));
  }

  async documentation(): Promise<LibraryDoc> {
    return {
      name: this.spec.name,
      description: this.spec.description,
      version: '1.0.0',
      functions: this.spec.selectors.map((s) => toDoc(s, 'Scope')),
      checks: this.spec.checks.map((s) => toDoc(s, 'CheckResult')),
      source: 'built-in',
      ...(this.spec.aliasOf ? { aliasOf: this.spec.aliasOf } : {}),
    };
  }

  async call(fn: string, args: Value[], ctx: CallContext): Promise<Value> {
    const spec = this.selectors.get(fn);
    if (!spec) {
      const hint = this.checks.has(fn) ? ` (${this.name}.${fn} is a check: use it in a \`check\` statement)` : '';
      throw new LibraryError(this.spec.unknownFunction, `Unknown function: ${this.name}.${fn}${hint}`);
    }
    const a = parseArgs(spec, `${this.name}.${fn}`, args, this.spec.tooManyArguments);
    return { type: 'scope', scope: await spec.run(a, this.envFor(ctx)) };
  }

  async check(fn: string, args: Value[], ctx: CallContext): Promise<CheckResult> {
    const spec = this.checks.get(fn);
    if (!spec) {
      const hint = this.selectors.has(fn)
        ? ` (${this.name}.${fn} is a selector: use it in a \`scope\` declaration)`
        : '';
      const word = this.name === 'files' ? 'Unknown check function' : 'Unknown check';
      throw new LibraryError(this.spec.unknownFunction, `${word}: ${this.name}.${fn}${hint}`);
    }
    const a = parseArgs(spec, `${this.name}.${fn}`, args, this.spec.tooManyArguments);
    const wrong = wrongLanguage(this.spec, args);
    if (wrong) return wrong;
    const env = this.envFor(ctx);
    return spec.run(a, env);
  }

  async dispose(): Promise<void> {
    /* the shared cache is disposed by createBuiltinLibraries' owner */
  }
}

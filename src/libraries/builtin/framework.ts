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

/**
 * Validated arguments, by parameter name. The values sit in an array in parameter order (the
 * optional leading scope first), next to the spec's list of names: no map per call.
 */
export class Args {
  constructor(
    private readonly names: readonly string[],
    private readonly values: readonly ArgValue[],
  ) {}
  private get(name: string): ArgValue {
    const i = this.names.indexOf(name);
    return i < 0 ? undefined : this.values[i];
  }
  str(name: string): string {
    return this.get(name) as string;
  }
  optStr(name: string): string | undefined {
    return this.get(name) as string | undefined;
  }
  int(name: string): bigint {
    return this.get(name) as bigint;
  }
  optInt(name: string): bigint | undefined {
    return this.get(name) as bigint | undefined;
  }
  scope(name: string): Scope {
    return this.get(name) as Scope;
  }
  optScope(name: string): Scope | undefined {
    return this.get(name) as Scope | undefined;
  }
}

/** Parameter names of each spec, in `Args` order (computed once per function). */
const argNames = new WeakMap<FnSpec<unknown>, readonly string[]>();

function namesOf(spec: FnSpec<unknown>): readonly string[] {
  let names = argNames.get(spec);
  if (!names) {
    names = [...(spec.leadingScope ? [spec.leadingScope.name] : []), ...spec.params.map((p) => p.name)];
    argNames.set(spec, names);
  }
  return names;
}

const article = (t: ParamType) => (t === 'integer' ? 'an integer' : `a ${t}`);

function convert(v: Value, p: ParamSpec, lib: string, fn: string, index: number): ArgValue {
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
  const where = `${lib}.${fn}: argument ${index + 1} (${p.name})`;
  throw new LibraryError(p.code, `${where} must be ${article(p.type)}, got ${typeName(v)}`);
}

/** The arguments of a call of `lib.fn`, checked against the spec (`lib.fn` is named in errors only). */
function parseArgs(spec: FnSpec<unknown>, lib: string, fn: string, args: readonly Value[], extraCode: string): Args {
  const lead = spec.leadingScope ? 1 : 0;
  const values: ArgValue[] = new Array(lead + spec.params.length);
  let offset = 0;
  if (spec.leadingScope && args[0]?.type === 'scope') {
    values[0] = args[0].scope;
    offset = 1;
  }
  const params = spec.params;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const v = args[i + offset];
    if (v === undefined) {
      if (p.optional) continue;
      throw new LibraryError(p.code, `${lib}.${fn}: missing argument ${i + 1 + offset} (${p.name}: ${p.type})`);
    }
    values[lead + i] = convert(v, p, lib, fn, i + offset);
  }
  if (args.length - offset > params.length) {
    const qualified = `${lib}.${fn}`;
    const got = args.map(typeName).join(', ');
    throw new LibraryError(
      extraCode,
      `${qualified}: too many arguments (${got}); expected ${qualified}(${signature(spec)})`,
    );
  }
  return new Args(namesOf(spec), values);
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
    const a = parseArgs(spec, this.name, fn, args, this.spec.tooManyArguments);
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
    const a = parseArgs(spec, this.name, fn, args, this.spec.tooManyArguments);
    const wrong = wrongLanguage(this.spec, args);
    if (wrong) return wrong;
    const env = this.envFor(ctx);
    return spec.run(a, env);
  }

  async dispose(): Promise<void> {
    /* the shared cache is disposed by createBuiltinLibraries' owner */
  }
}

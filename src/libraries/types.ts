/**
 * The one contract every library implements — built-in (src/libraries/builtin), external process
 * (src/libraries/external) and WebAssembly (src/libraries/wasm). The interpreter only talks to
 * libraries through this interface.
 */

// ---------------------------------------------------------------- values

/** The selector's label, kept for compatibility with the original (sent to plugins as-is). */
export type ScopeKind = { File: string } | { Folder: string } | { Glob: string };

/** A code location found by a library (a symbol, an import statement, an offending line). */
export interface CodeLocation {
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** What is there, e.g. `class OrderService`, `import os`. */
  message?: string;
  /**
   * For a dependency found by a connection rule: the import as written (`..api.app`). Set by the host, not by
   * libraries.
   */
  specifier?: string;
}

export interface SymbolRef extends CodeLocation {
  /** `class`, `function`, `struct`, `enum`, `trait`, `impl`, `module`, `interface`, ... */
  symbolKind: string;
  name: string;
}

export interface Scope {
  kind: ScopeKind;
  /** Absolute, normalised paths of the files in the scope, sorted, without duplicates. */
  paths: string[];
  resolved: boolean;
  /** Language of the code in the scope (`python`, `rust`, `typescript`, ...), when known. */
  language?: string;
  /** For symbol selectors (class/function/struct...): the symbols found, with their locations. */
  symbols?: SymbolRef[];
  /** Human description of what was selected, e.g. `python module orders.api`. */
  description?: string;
  /**
   * Why the selector matched nothing, when it can tell (`no module \`pkg.moduels\`; did you mean
   * \`pkg.modules\`?`): shown with the empty-scope warning and failure. Not sent to libraries.
   */
  hint?: string;
}

export type Value =
  | { type: 'null' }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  | { type: 'list'; items: Value[] }
  | { type: 'scope'; scope: Scope }
  | { type: 'connection_point'; name: string; kind: string; data: Record<string, Value> };

export const NULL: Value = { type: 'null' };
export const str = (value: string): Value => ({ type: 'string', value });
export const int = (value: bigint | number): Value => ({ type: 'int', value: BigInt(value) });
export const float = (value: number): Value => ({ type: 'float', value });
export const bool = (value: boolean): Value => ({ type: 'bool', value });
export const list = (items: Value[]): Value => ({ type: 'list', items });
export const scopeValue = (scope: Scope): Value => ({ type: 'scope', scope });

/** Short type name for messages: `string`, `integer`, `float`, `boolean`, `list`, `scope`, `null`. */
export function typeName(v: Value): string {
  switch (v.type) {
    case 'int':
      return 'integer';
    case 'bool':
      return 'boolean';
    case 'connection_point':
      return 'connection point';
    default:
      return v.type;
  }
}

// ---------------------------------------------------------------- results and errors

export type CheckResult =
  | { status: 'pass'; message?: string }
  /** The rule was evaluated and is violated. `locations` point at the offending code (used by SARIF). */
  | { status: 'fail'; message: string; locations?: CodeLocation[] }
  /** The rule could not be evaluated. */
  | { status: 'error'; message: string; code?: string };

export const pass = (message?: string): CheckResult => (message ? { status: 'pass', message } : { status: 'pass' });
export const fail = (message: string, locations?: CodeLocation[]): CheckResult =>
  locations && locations.length > 0 ? { status: 'fail', message, locations } : { status: 'fail', message };
/** Human label of a scope for messages: its description, else its kind and pattern. */
export function scopeLabel(s: Scope): string {
  if (s.description) return s.description;
  const k = s.kind;
  if ('File' in k) return `File("${k.File}")`;
  if ('Folder' in k) return `Folder("${k.Folder}")`;
  return `Glob("${k.Glob}")`;
}

/**
 * The language's rule for empty scopes, the same for every kind of library: a check given a scope
 * that selected no file fails (unless `--allow-empty`), before the library is asked.
 */
export function emptyScopeFailure(s: Scope): CheckResult {
  return fail(`scope is empty: ${scopeLabel(s)} matched no files${s.hint ? ` (${s.hint})` : ''}`);
}

/** The first scope argument that selected no file, if any. */
export function firstEmptyScope(args: readonly Value[]): Scope | undefined {
  for (const a of args) if (a.type === 'scope' && a.scope.paths.length === 0) return a.scope;
  return undefined;
}

export const checkError = (message: string, code?: string): CheckResult =>
  code ? { status: 'error', message, code } : { status: 'error', message };

/** Thrown by `call`/`check` for bad arguments, unknown functions, transport failures, traps... */
export class LibraryError extends Error {
  readonly code: string;
  /** Extra detail for the user: a plugin's stderr tail, a wasm stack trace. */
  readonly details?: string;
  constructor(code: string, message: string, details?: string) {
    super(message);
    this.name = 'LibraryError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

// ---------------------------------------------------------------- documentation

export interface ParameterDoc {
  name: string;
  /**
   * `string`, `integer`, `float`, `boolean`, `scope`, `list`, `any` or a word of the library's own; a
   * trailing `?` marks the parameter optional (decoders add it for `"optional": true`).
   */
  type: string;
  description: string;
}

/** A parameter type with the optional marker `?` when the documentation says `"optional": true`. */
export function markedOptional(type: string, optional: boolean): string {
  return optional && !type.endsWith('?') ? `${type}?` : type;
}

export interface FunctionDoc {
  name: string;
  description: string;
  parameters: ParameterDoc[];
  return_type: string;
  example?: string;
  /**
   * The documentation names the function without describing its parameters (a bare name in a
   * library's metadata): calls of it are not checked against a signature.
   */
  parametersUnknown?: boolean;
}

export interface LibraryDoc {
  name: string;
  description: string;
  version: string;
  /** Selectors (used in `scope`/`ref` expressions and as arguments). */
  functions: FunctionDoc[];
  /** Checks (used in `check` statements). */
  checks: FunctionDoc[];
  /** Where it comes from: `built-in`, `external: python3 plugin.py`, `wasm: libs/x.wasm`. */
  source?: string;
  /** Another name of that library (`javascript` → `typescript`): the same functions. */
  aliasOf?: string;
  /** For WASM libraries: the capabilities it asked for / was granted. */
  capabilities?: Record<string, boolean>;
  /** For WASM libraries granted `file_write`: the workspace folders it may write below (`/`-separated). */
  write_folders?: string[];
  /**
   * For WASM libraries whose metadata declares them: the capabilities the library says it needs
   * (`file_read`, `file_write`, `network`). Absent when the metadata does not declare any list.
   */
  declared_capabilities?: string[];
}

// ---------------------------------------------------------------- the interface

export interface CallContext {
  /** Absolute real path of the workspace root. */
  workspace: string;
  /** Aborted when the run is cancelled (Ctrl-C) or a per-call time limit is reached. */
  signal?: AbortSignal;
  /** Verbose trace sink (`--verbose`); undefined when not verbose. */
  trace?: (line: string) => void;
}

export type LibraryKind = 'builtin' | 'external' | 'wasm';

/** A library's documentation, or why it has none that can be used. */
export type DocumentationAnswer = { doc: LibraryDoc; why?: undefined } | { doc?: undefined; why: string };

export interface Library {
  /** Name used in `.hie` files (`files`, or the key in hielements.toml). */
  readonly name: string;
  readonly kind: LibraryKind;
  /** How many calls may be in flight at once (built-ins: many; a process or worker: its own limit). */
  readonly concurrency: number;
  /**
   * Catalogue of selectors and checks. Cheap and side-effect free for built-in and WASM libraries
   * (validation uses it to report unknown functions); may start the process for external ones.
   */
  documentation(): Promise<LibraryDoc>;
  /**
   * For libraries whose documentation costs a process start (external ones): the documentation
   * asked for at most `timeoutMs`, used by `check` to check calls. Absent: `documentation()` is cheap.
   */
  documentationWithin?(timeoutMs: number): Promise<DocumentationAnswer>;
  /** Run a selector (`scope x = lib.fn(...)`, nested calls in arguments, `ref` values). Throws LibraryError. */
  call(fn: string, args: Value[], ctx: CallContext): Promise<Value>;
  /** Run a check (`check lib.fn(...)`). Throws LibraryError when it cannot be evaluated at all. */
  check(fn: string, args: Value[], ctx: CallContext): Promise<CheckResult>;
  /**
   * Optional hint, given once to every library before a run executes anything: the functions of
   * this library (by name, selectors and checks) that the spec calls — possibly none — and whether
   * the run will ask it for dependency facts (connection rules, `--strict-uses`). Lets a library
   * prepare exactly the work the run needs: the python library extracts call facts in its single
   * parse of each file only when a `calls*` check is present; the built-ins start parse workers
   * only for the languages the run uses.
   */
  prepareRun?(functions: ReadonlySet<string>, opts: { dependencies: boolean }): void;
  /** Release processes, workers, caches. Idempotent. */
  dispose(): Promise<void>;
}

// ---------------------------------------------------------------- dependency facts

/** One import/use found in a source file. */
export interface DependencyEdge {
  /** Absolute path of the importing file. */
  from: string;
  /** Absolute path of the file it resolves to inside the workspace; absent for third-party/stdlib/unresolved. */
  to?: string;
  /** As written: `os.path`, `../x`, `crate::lexer`. */
  specifier: string;
  line: number;
  column: number;
  /**
   * Needed only for type checking (TypeScript `import type`/`export type`, Python imports under
   * `if TYPE_CHECKING:`): no runtime dependency.
   */
  typeOnly?: boolean;
  /** Rust: a parent module's own `mod child;` or `pub use child::…` re-export of its sub-module. */
  parentToChild?: boolean;
}

/**
 * Implemented by the language libraries (python, rust, typescript): gives the import graph used by
 * `forbids/allows connection to`, `--strict-uses`, `depends_on` and `no_circular_dependencies`.
 */
export interface DependencyProvider {
  readonly language: string;
  /** True when this provider understands the file (by extension). */
  handles(file: string): boolean;
  /** Dependency edges of the given files (absolute paths). Files it does not handle are ignored. */
  dependencies(files: readonly string[], ctx: CallContext): Promise<DependencyEdge[]>;
}

export function isDependencyProvider(x: unknown): x is DependencyProvider {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as DependencyProvider).handles === 'function' &&
    typeof (x as DependencyProvider).dependencies === 'function'
  );
}

/**
 * Libraries for programs that use Hielements as a library: `createLibrary` turns plain functions
 * into a library a spec can call; `loadLibrary` loads an external or WebAssembly library exactly as
 * a `[libraries.<name>]` entry of hielements.toml would (for testing a library you write).
 */
import path from 'node:path';
import { readLibraryEntry } from '../config/library-entry.js';
import { ConfigReporter } from '../config/report.js';
import { loadConfiguredLibrary } from '../libraries/registry.js';
import type { CallContext, CheckResult, FunctionDoc, Library, Value } from '../libraries/types.js';

/** One function of a library made with `createLibrary`. */
export type LibraryFunction<R> = (args: Value[], ctx: CallContext) => R | Promise<R>;

export interface LibraryDefinition {
  /** The name `.hie` files import and call (`import conventions` → `conventions.fn(...)`). */
  name: string;
  description?: string;
  version?: string;
  /** Selectors: used in `scope`/`ref` expressions and as arguments. */
  functions?: Record<string, LibraryFunction<Value>>;
  /** Checks: used in `check` statements. */
  checks?: Record<string, LibraryFunction<CheckResult>>;
  /** Optional documentation per function name (shown by `doc`, used for SARIF rule help). */
  docs?: Record<string, Omit<FunctionDoc, 'name'>>;
}

/**
 * A library whose selectors and checks are JavaScript functions, registered with
 * `run(file, { libraries: [lib] })`. `check` reports calls of functions it does not have; an
 * exception thrown by a function (a `LibraryError` keeps its code) makes that one check an error
 * outcome, and the run goes on.
 */
export function createLibrary(def: LibraryDefinition): Library {
  const functions = def.functions ?? {};
  const checks = def.checks ?? {};
  const doc = (name: string): FunctionDoc =>
    ({ name, description: '', parameters: [], return_type: '', ...(def.docs?.[name] ?? {}) }) as FunctionDoc;
  const invoke = async <R>(
    table: Record<string, LibraryFunction<R>>,
    kind: string,
    fn: string,
    args: Value[],
    ctx: CallContext,
  ): Promise<R> => {
    const f = Object.hasOwn(table, fn) ? table[fn] : undefined;
    if (!f) throw new Error(`library \`${def.name}\` has no ${kind} \`${fn}\``);
    return f(args, ctx);
  };
  return {
    name: def.name,
    kind: 'builtin',
    concurrency: 64,
    documentation: async () => ({
      name: def.name,
      description: def.description ?? '',
      version: def.version ?? '0.0.0',
      functions: Object.keys(functions).map(doc),
      checks: Object.keys(checks).map(doc),
      source: 'in-process',
    }),
    call: (fn, args, ctx) => invoke(functions, 'selector', fn, args, ctx),
    check: (fn, args, ctx) => invoke(checks, 'check', fn, args, ctx),
    dispose: async () => undefined,
  };
}

export interface LoadLibraryOptions {
  /** Absolute or relative (to the current directory) workspace root the library may read. */
  workspace: string;
  /**
   * Directory the entry's relative paths resolve against, like the folder of hielements.toml (default: `workspace`).
   */
  dir?: string;
}

/**
 * Loads an external or WebAssembly library from an entry written as in hielements.toml
 * (`{ path: 'build/x.wasm', capabilities: { file_read: true } }`, `{ executable: 'python3', args: [...] }`).
 * Throws an Error listing the problems when the entry is invalid or the library cannot be loaded.
 */
export async function loadLibrary(
  name: string,
  entry: Record<string, unknown>,
  opts: LoadLibraryOptions,
): Promise<Library> {
  const workspace = path.resolve(opts.workspace);
  const dir = path.resolve(opts.dir ?? workspace);
  const file = path.join(dir, 'hielements.toml');
  const reporter = new ConfigReporter(file, undefined);
  const cfg = await readLibraryEntry(name, entry, { reporter, file, dir, workspace });
  const problems = reporter.diagnostics.filter((d) => d.severity === 'error');
  if (!cfg || problems.length > 0)
    throw new Error(problems.map((d) => `${d.code}: ${d.message}`).join('\n') || `library \`${name}\`: invalid entry`);
  const loaded = await loadConfiguredLibrary(cfg, {
    workspace,
    config: { dir, libraries: [cfg], ignore: [], diagnostics: [] },
  });
  if ('diagnostic' in loaded) throw new Error(`${loaded.diagnostic.code}: ${loaded.diagnostic.message}`);
  return loaded.library;
}

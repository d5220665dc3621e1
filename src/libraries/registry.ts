/**
 * The library registry: every library a run can call, by the name used in `.hie` files.
 * Built-ins are registered first, then the entries of `hielements.toml` (external processes and
 * WebAssembly modules). A configured library with a built-in's name replaces the built-in (with a
 * warning). A library that cannot be loaded becomes a diagnostic and is left out; the rest goes on.
 */
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { HielementsConfig, LibraryConfig } from '../config/types.js';
import { entryLineSpan } from '../config/report.js';
import { isDependencyProvider, LibraryError, type DependencyProvider, type Library } from './types.js';
import { createBuiltinLibraries, type BuiltinOptions } from './builtin/index.js';
import type { WasmLibraryOptions } from './wasm/index.js';
import { C } from '../diagnostics/registry.js';

export class LibraryRegistry {
  private readonly libraries = new Map<string, Library>();
  /** Replaced libraries: disposed with the registry, not before (built-ins share one cache). */
  private readonly retired: Library[] = [];
  private disposed = false;
  /** Configured library names whose loading was started (loaded or failed). */
  readonly attempted = new Set<string>();

  /** Adds a library under `name` (default: its own name); returns the library it replaced, if any. */
  register(library: Library, name: string = library.name): Library | undefined {
    const previous = this.libraries.get(name);
    if (previous && previous !== library) this.retired.push(previous);
    this.libraries.set(name, library);
    return previous;
  }

  get(name: string): Library | undefined {
    return this.libraries.get(name);
  }

  has(name: string): boolean {
    return this.libraries.has(name);
  }

  /** Registered names, sorted (byte order). */
  names(): string[] {
    return [...this.libraries.keys()].sort(byteOrder);
  }

  /** Registered libraries, sorted by name. */
  list(): Library[] {
    return this.names().map((n) => this.libraries.get(n) as Library);
  }

  /** Libraries that also expose import-graph facts (python, rust, typescript...). */
  dependencyProviders(): (Library & DependencyProvider)[] {
    return this.list().filter((l): l is Library & DependencyProvider => isDependencyProvider(l));
  }

  /** Disposes every library (stops plugin processes, terminates workers). Idempotent; never throws. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const all = new Set<Library>([...this.list(), ...this.retired]);
    await Promise.allSettled([...all].map((l) => l.dispose()));
  }
}

export interface CreateRegistryOptions {
  /** Absolute workspace root. */
  workspace: string;
  config: HielementsConfig;
  /** Verbose trace sink passed to hosts that support it. */
  trace?: (line: string) => void;
  /** Directory of the built-ins' persistent facts cache (absolute); none when undefined. */
  factsCache?: string;
  /** Diagnostics that libraries report later (e.g. a plugin writing to stderr). */
  onDiagnostic?: (d: Diagnostic) => void;
  /**
   * Load only the configured libraries with these names (the others are never read, compiled or
   * started); all of them when undefined. See `loadMoreLibraries` for loading on demand.
   */
  only?: ReadonlySet<string>;
}

export interface CreatedRegistry {
  registry: LibraryRegistry;
  diagnostics: Diagnostic[];
}

export async function createRegistry(opts: CreateRegistryOptions): Promise<CreatedRegistry> {
  const wanted = opts.only;
  const configs =
    wanted === undefined ? opts.config.libraries : opts.config.libraries.filter((c) => wanted.has(c.name));
  // WASM modules compile concurrently; registration keeps the configuration order.
  const loaded = await Promise.all(
    configs.map(async (cfg) => ({ cfg, result: await loadConfiguredLibrary(cfg, opts) })),
  );
  const created = assembleRegistry(createBuiltins(opts), loaded);
  for (const cfg of configs) created.registry.attempted.add(cfg.name);
  return created;
}

/**
 * Loads the configured libraries named in `names` that were not loaded (or tried) yet into
 * `registry`; returns the diagnostics of those that could not be loaded. A spec's commands call it
 * with the names the spec uses, so an entry no spec uses is never touched.
 */
export async function loadMoreLibraries(
  registry: LibraryRegistry,
  names: ReadonlySet<string>,
  opts: CreateRegistryOptions,
): Promise<Diagnostic[]> {
  const configs = opts.config.libraries.filter((c) => names.has(c.name) && !registry.attempted.has(c.name));
  for (const cfg of configs) registry.attempted.add(cfg.name);
  const loaded = await Promise.all(
    configs.map(async (cfg) => ({ cfg, result: await loadConfiguredLibrary(cfg, opts) })),
  );
  return registerConfigured(registry, loaded);
}

/** Fresh built-in libraries (with their own per-run cache) for the workspace and configuration. */
export function createBuiltins(opts: CreateRegistryOptions): Library[] {
  const builtinOpts: BuiltinOptions = { workspace: opts.workspace };
  if (opts.config.ignore.length > 0) builtinOpts.ignore = opts.config.ignore;
  if (opts.factsCache !== undefined) builtinOpts.factsCache = opts.factsCache;
  if (opts.trace) builtinOpts.trace = opts.trace;
  if (opts.onDiagnostic) builtinOpts.onDiagnostic = opts.onDiagnostic;
  return createBuiltinLibraries(builtinOpts);
}

/** A configured library as loaded: the library, or the diagnostic saying why it was left out. */
export interface ConfiguredLibrary {
  cfg: LibraryConfig;
  result: LoadResult;
}

/**
 * Registers built-ins, then the configured libraries in configuration order (a configured library
 * with a built-in's name replaces it, with warning W520). Used by `createRegistry` and by
 * `run --watch`, which keeps loaded libraries across runs.
 */
export function assembleRegistry(
  builtins: readonly Library[],
  configured: readonly ConfiguredLibrary[],
): CreatedRegistry {
  const registry = new LibraryRegistry();
  for (const lib of builtins) registry.register(lib);
  return { registry, diagnostics: registerConfigured(registry, configured) };
}

/** Registers configured libraries (in the given order); a load failure or a replaced built-in is a diagnostic. */
function registerConfigured(registry: LibraryRegistry, configured: readonly ConfiguredLibrary[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { cfg, result } of configured) {
    if ('diagnostic' in result) {
      diagnostics.push(result.diagnostic);
      continue;
    }
    const replaced = registry.register(result.library, cfg.name);
    if (replaced && replaced.kind === 'builtin') {
      diagnostics.push(
        makeDiagnostic(
          'warning',
          C.W520,
          `library \`${cfg.name}\` from ${describeSource(cfg)} replaces the built-in library of the same name`,
          cfg.location.file,
          entryLineSpan(cfg.location),
          {
            help:
              `rename the entry in ${baseName(cfg.location.file)} if you meant to keep the built-in ` +
              `\`${cfg.name}\``,
          },
        ),
      );
    }
  }
  return diagnostics;
}

export type LoadResult = { library: Library } | { diagnostic: Diagnostic };

/** Loads one configured library; a failure becomes an error diagnostic pointing at its entry. */
export async function loadConfiguredLibrary(cfg: LibraryConfig, opts: CreateRegistryOptions): Promise<LoadResult> {
  try {
    if (cfg.type === 'external') {
      const extOpts: { onDiagnostic?: (d: Diagnostic) => void } = {};
      if (opts.onDiagnostic) extOpts.onDiagnostic = opts.onDiagnostic;
      // each host is loaded only when the configuration has a library of its kind
      const { createExternalLibrary } = await import('./external/index.js');
      return { library: createExternalLibrary(cfg, extOpts) };
    }
    const wasmOpts: WasmLibraryOptions = { workspace: opts.workspace, protectedPaths: protectedPaths(opts) };
    if (opts.trace) wasmOpts.trace = opts.trace;
    const { createWasmLibrary } = await import('./wasm/index.js');
    return { library: await createWasmLibrary(cfg, wasmOpts) };
  } catch (err) {
    const code = err instanceof LibraryError ? err.code : cfg.type === 'wasm' ? C.E521 : C.E520;
    const message = err instanceof Error ? err.message : String(err);
    const extra: { help?: string } = {};
    if (err instanceof LibraryError && err.details) extra.help = err.details;
    return {
      diagnostic: makeDiagnostic(
        'error',
        code,
        `library \`${cfg.name}\` could not be loaded and is left out: ${message}`,
        cfg.location.file,
        entryLineSpan(cfg.location),
        extra,
      ),
    };
  }
}

/** What no library may write: every configured module and program, the config file, the facts cache. */
function protectedPaths(opts: CreateRegistryOptions): string[] {
  const out: string[] = [];
  for (const c of opts.config.libraries)
    out.push(c.type === 'wasm' ? c.path : c.executable, ...(c.type === 'external' ? c.args : []));
  if (opts.config.file) out.push(opts.config.file);
  if (opts.factsCache) out.push(opts.factsCache);
  return out.filter((p) => p.startsWith('/'));
}

function describeSource(cfg: LibraryConfig): string {
  return cfg.type === 'external' ? `external: ${[cfg.executable, ...cfg.args].join(' ')}` : `wasm: ${cfg.path}`;
}

function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(i + 1) : file;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

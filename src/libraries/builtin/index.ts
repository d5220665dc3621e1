/**
 * Built-in libraries: `files`, `python`, `rust`, `typescript` and `javascript`, sharing one per-run
 * cache (walk, file texts, parsed facts). The language libraries are also DependencyProviders.
 */
import { displayPath } from '../../diagnostics/paths.js';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CallContext, DependencyEdge, DependencyProvider, Library } from '../types.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { WorkspaceCache } from './cache.js';
import { NotAnalysedReporter } from './not-analysed.js';
import { FactsStore } from './facts/store.js';
import type { Grammar } from './facts/types.js';
import { filesSpec } from './files.js';
import { BuiltinLibrary, type Env, type LibrarySpec } from './framework.js';
import type { LanguageSupport } from './lang/common.js';
import { pythonSpec, pythonSupport } from './lang/python.js';
import { rustSpec, rustSupport } from './lang/rust.js';
import { javascriptSupport, typescriptSpec, typescriptSupport } from './lang/typescript.js';

export { WorkspaceCache } from './cache.js';
export { DEFAULT_CACHE_DIR, FactsStore } from './facts/store.js';
export { findCycles } from './lang/common.js';

export interface BuiltinOptions {
  /** Workspace root (made absolute and real). */
  workspace: string;
  /** Extra glob patterns to skip in the walk (`[workspace] ignore` of hielements.toml). */
  ignore?: string[];
  /**
   * Directory of the persistent facts cache (absolute; see facts/store.ts). Without it every run
   * parses every file it needs.
   */
  factsCache?: string;
  /** Verbose trace sink (`--verbose`): what the facts cache reused and saved. */
  trace?: (line: string) => void;
  /** Receives the run's warnings about files that could not be analysed (W095). */
  onDiagnostic?: (d: Diagnostic) => void;
}

function realRoot(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

/** Owns one cache per workspace root seen (normally exactly one). */
export class BuiltinRuntime {
  private readonly caches = new Map<string, WorkspaceCache>();
  /** Workspace string as given → cache (avoids a realpath per call). */
  private readonly byInput = new Map<string, WorkspaceCache>();
  readonly root: string;
  private completeFactsWanted = false;
  /** Grammars the announced run will parse (undefined until a run announces itself). */
  private warmable: Set<Grammar> | undefined;
  /** One per runtime, and so per run: the command line makes fresh built-ins for every run. */
  private readonly notAnalysed: NotAnalysedReporter | undefined;
  constructor(private readonly opts: BuiltinOptions) {
    this.root = realRoot(opts.workspace);
    if (opts.onDiagnostic) this.notAnalysed = new NotAnalysedReporter(opts.onDiagnostic);
  }
  cacheFor(workspace?: string): WorkspaceCache {
    const key = workspace ?? this.opts.workspace;
    const known = this.byInput.get(key);
    if (known) return known;
    const root = workspace ? realRoot(workspace) : this.root;
    let c = this.caches.get(root);
    if (!c) {
      c = new WorkspaceCache(
        root,
        this.opts.ignore ?? [],
        this.opts.factsCache ? new FactsStore(root, this.opts.factsCache) : undefined,
      );
      const reporter = this.notAnalysed;
      if (reporter) c.onNotAnalysed = (file, reason) => reporter.report(file, reason);
      if (this.completeFactsWanted) c.wantCalls();
      if (this.warmable) c.warmOnly(this.warmable);
      this.caches.set(root, c);
    }
    this.byInput.set(key, c);
    return c;
  }
  /** A library of this runtime announced the run: only `grammars` (possibly none) get warmed workers. */
  warmOnly(grammars: readonly Grammar[]): void {
    this.warmable ??= new Set();
    for (const g of grammars) this.warmable.add(g);
    for (const c of this.caches.values()) c.warmOnly(grammars);
  }
  /**
   * Every parse (in every cache) extracts complete facts: the run has checks that read Python calls
   * or Rust type references.
   */
  wantCompleteFacts(): void {
    this.completeFactsWanted = true;
    for (const c of this.caches.values()) c.wantCalls();
  }
  env(library: string, ctx: CallContext): Env {
    const cache = this.cacheFor(ctx.workspace);
    return { cache, workspace: cache.root, library, ctx };
  }
  async dispose(): Promise<void> {
    const caches = [...this.caches.values()];
    this.caches.clear();
    this.byInput.clear();
    await Promise.all(caches.map((c) => c.dispose()));
    for (const c of caches) if (c.store) this.opts.trace?.(describeStore(c.store));
  }
}

/** One `--verbose` line: how the run's files were answered and what was saved. */
function describeStore(store: FactsStore): string {
  const s = store.stats;
  const saved = s.savedBytes !== undefined ? `saved (${(s.savedBytes / 1024).toFixed(0)} KiB)` : 'nothing new to save';
  const line =
    `facts cache ${displayPath(store.file, store.root)}: ${s.unchanged} file(s) unchanged, ${s.sameContent} re-read with the ` +
    `same content, ${s.parsed} parsed; ${saved}`;
  return s.problem ? `${line}; ${s.problem}` : line;
}

/** Grammars each language library parses. */
const LANGUAGE_GRAMMARS: Record<string, readonly Grammar[]> = {
  python: ['python'],
  rust: ['rust'],
  typescript: ['typescript', 'tsx', 'javascript'],
  javascript: ['typescript', 'tsx', 'javascript'],
};

/** Checks that read facts the outline leaves out: python calls, rust type references. */
const COMPLETE_FACT_CHECKS: Record<string, readonly string[]> = {
  python: ['calls', 'calls_function', 'calls_scope'],
  rust: ['pipeline_connects', 'type_compatible'],
};

/** A built-in language library that also answers dependency questions. */
export class LanguageLibrary extends BuiltinLibrary implements DependencyProvider {
  readonly language: string;
  constructor(
    spec: LibrarySpec,
    private readonly runtime: BuiltinRuntime,
    private readonly support: LanguageSupport,
  ) {
    super(spec, (ctx) => runtime.env(spec.name, ctx));
    this.language = support.name;
  }
  handles(file: string): boolean {
    return this.support.handles(file);
  }
  prepareRun(functions: ReadonlySet<string>, opts: { dependencies: boolean }): void {
    const used = functions.size > 0 || opts.dependencies;
    this.runtime.warmOnly(used ? (LANGUAGE_GRAMMARS[this.language] ?? []) : []);
    if (COMPLETE_FACT_CHECKS[this.language]?.some((f) => functions.has(f))) this.runtime.wantCompleteFacts();
  }
  async dependencies(files: readonly string[], ctx: CallContext): Promise<DependencyEdge[]> {
    return this.support.edges(
      files.filter((f) => this.support.handles(f)),
      this.runtime.env(this.name, ctx),
    );
  }
  override async dispose(): Promise<void> {
    await this.runtime.dispose();
  }
}

class FilesLibrary extends BuiltinLibrary {
  constructor(private readonly runtime: BuiltinRuntime) {
    super(filesSpec, (ctx) => runtime.env('files', ctx));
  }
  prepareRun(): void {
    // `files` parses nothing; announcing the run keeps its walk from starting parse workers.
    this.runtime.warmOnly([]);
  }
  override async dispose(): Promise<void> {
    await this.runtime.dispose();
  }
}

/** `files`, `python`, `rust`, `typescript`, `javascript` — one shared cache for all of them. */
export function createBuiltinLibraries(opts: BuiltinOptions): Library[] {
  const runtime = new BuiltinRuntime(opts);
  return [
    new FilesLibrary(runtime),
    new LanguageLibrary(pythonSpec, runtime, pythonSupport),
    new LanguageLibrary(rustSpec, runtime, rustSupport),
    new LanguageLibrary(typescriptSpec('typescript'), runtime, typescriptSupport),
    new LanguageLibrary(typescriptSpec('javascript'), runtime, javascriptSupport),
  ];
}

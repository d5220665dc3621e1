/**
 * What `check`, `run` and `doc` share: choose the workspace, load hielements.toml, build the
 * library registry. Every problem becomes a diagnostic; only an explicitly named file that
 * cannot be read stops the command (InputError, exit 2).
 */
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import type { HielementsConfig } from '../config/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath, withDisplayPaths } from '../diagnostics/paths.js';
import { DEFAULT_CACHE_DIR } from '../libraries/builtin/index.js';
import { createRegistry, loadMoreLibraries, type LibraryRegistry } from '../libraries/registry.js';
import { resolveWorkspace, type WorkspaceRequest } from './workspace.js';

export interface Environment {
  workspace: string;
  workspaceReason: string;
  config: HielementsConfig;
  registry: LibraryRegistry;
  /** Config and registry diagnostics. */
  diagnostics: Diagnostic[];
  /** Texts of non-spec files diagnostics may point into (hielements.toml), for code frames. */
  sources: Map<string, string>;
  /**
   * Load the configured libraries among `names` that are not loaded yet (with `libraries: 'used'`,
   * call it with the names a spec uses before validating it); their load problems are added to
   * `diagnostics`.
   */
  useLibraries(names: ReadonlySet<string>): Promise<void>;
}

/** `run`'s cache flags: `--no-cache`, `--cache-dir DIR` (relative to the current directory). */
export interface CacheRequest {
  disabled: boolean;
  dir?: string;
}

export interface EnvironmentOptions extends WorkspaceRequest {
  /** Use the persistent facts cache (commands that evaluate code: `run`). */
  cache?: CacheRequest;
  trace?: (line: string) => void;
  onDiagnostic?: (d: Diagnostic) => void;
  /**
   * Which configured libraries to load now: all (default), none until `useLibraries` names them
   * (`'used'`: commands that work on a spec), or those in the set (`doc --library`).
   */
  libraries?: 'all' | 'used' | ReadonlySet<string>;
}

export async function openEnvironment(opts: EnvironmentOptions): Promise<Environment> {
  const choice = await resolveWorkspace(opts);
  const config = await loadConfig(choice.configFile, { workspace: choice.workspace });
  const registryOpts: Parameters<typeof createRegistry>[0] = { workspace: choice.workspace, config };
  if (opts.trace) registryOpts.trace = opts.trace;
  const cacheDir = opts.cache ? factsCacheDir(opts.cache, config, choice.workspace, opts.cwd) : undefined;
  if (cacheDir) registryOpts.factsCache = cacheDir;
  if (opts.onDiagnostic) registryOpts.onDiagnostic = opts.onDiagnostic;
  const wanted = opts.libraries ?? 'all';
  if (wanted !== 'all') registryOpts.only = wanted === 'used' ? new Set() : wanted;
  const { registry, diagnostics } = await createRegistry(registryOpts);
  const sources = new Map<string, string>();
  // the text loadConfig read (an unreadable config is already a diagnostic)
  if (config.file && config.text !== undefined) {
    sources.set(config.file, config.text);
    sources.set(displayPath(config.file, opts.cwd), config.text);
  }
  // entries whose problems are already reported (undefined: all of them, at once)
  const reported = registryOpts.only ? new Set(registryOpts.only) : undefined;
  const env: Environment = {
    workspace: choice.workspace,
    workspaceReason: choice.reason,
    config,
    registry,
    diagnostics: [...configDiagnosticsFor(config, registryOpts.only), ...diagnostics].map((d) =>
      withDisplayPaths(d, opts.cwd),
    ),
    sources,
    async useLibraries(names) {
      // a problem of an entry is reported once the spec uses that library, never for others
      const fresh = reported ? [...names].filter((n) => !reported.has(n)) : [];
      for (const n of fresh) reported?.add(n);
      const held = fresh.flatMap((n) => config.entryDiagnostics?.get(n) ?? []);
      const more = await loadMoreLibraries(registry, names, registryOpts);
      env.diagnostics.push(...[...held, ...more].map((d) => withDisplayPaths(d, opts.cwd)));
    },
  };
  return env;
}

/**
 * The configuration's diagnostics to report at once: all of them, except — when only some libraries
 * are loaded — those about library entries not (yet) chosen, so that a broken entry never fails a
 * spec that does not use it.
 */
export function configDiagnosticsFor(config: HielementsConfig, only: ReadonlySet<string> | undefined): Diagnostic[] {
  if (!only || !config.entryDiagnostics) return config.diagnostics;
  const held = new Set<Diagnostic>();
  for (const [name, ds] of config.entryDiagnostics) if (!only.has(name)) for (const d of ds) held.add(d);
  return config.diagnostics.filter((d) => !held.has(d));
}

/**
 * Where the built-ins keep parsed facts between runs, or undefined for no cache: `--no-cache` >
 * `--cache-dir` > `[cache] enabled = false` > `[cache] dir` > `<workspace>/.hielements-cache`.
 */
export function factsCacheDir(
  req: CacheRequest,
  config: HielementsConfig,
  workspace: string,
  cwd: string,
): string | undefined {
  if (req.disabled) return undefined;
  if (req.dir !== undefined) return path.resolve(cwd, req.dir);
  if (config.cache?.enabled === false) return undefined;
  return config.cache?.dir ?? path.join(workspace, DEFAULT_CACHE_DIR);
}

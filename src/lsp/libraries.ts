/**
 * The libraries of each workspace, loaded once and kept between requests: the registry built from
 * the workspace's hielements.toml (as `check` and `run` build it) and the documentation of each
 * library (built-in, WebAssembly and external — an external process is started the first time its
 * documentation is needed and kept running). Everything is disposed on shutdown, or when the
 * workspace's hielements.toml changes.
 */
import path from 'node:path';
import { openEnvironment, type Environment } from '../pipeline/environment.js';
import { resolveWorkspace } from '../pipeline/workspace.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LibraryDoc } from '../libraries/types.js';

export interface WorkspaceLibraries {
  /** Absolute workspace root. */
  workspace: string;
  /** hielements.toml in force, if any. */
  configFile?: string;
  env: Environment;
  /** Library documentation by registered name (undefined when the library cannot describe itself). */
  docs(name: string): Promise<LibraryDoc | undefined>;
  /** Documentation of every registered library that can describe itself. */
  allDocs(): Promise<LibraryDoc[]>;
}

interface Entry {
  key: string;
  value: Promise<WorkspaceLibraries>;
}

export class LibraryHost {
  private readonly entries = new Map<string, Entry>();
  private disposed = false;

  /** The libraries of the workspace a spec file belongs to (discovered as the CLI discovers it). */
  async forFile(file: string): Promise<WorkspaceLibraries> {
    if (this.disposed) throw new Error('the language server is shutting down');
    const choice = await resolveWorkspace({ cwd: path.dirname(file), specFile: file });
    const key = choice.configFile ?? choice.workspace;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, value: open(file, choice.workspace, choice.configFile) };
      this.entries.set(key, entry);
    }
    return entry.value;
  }

  /** Drops (and disposes) the workspaces whose hielements.toml is `configFile`; returns true if any. */
  async reloadConfig(configFile: string): Promise<boolean> {
    const abs = path.resolve(configFile);
    const stale = [...this.entries.values()].filter(
      (e) => e.key === abs || path.join(e.key, 'hielements.toml') === abs,
    );
    for (const e of stale) this.entries.delete(e.key);
    await Promise.allSettled(stale.map(async (e) => (await e.value).env.registry.dispose()));
    return stale.length > 0;
  }

  /** Ends every external process and WebAssembly worker. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(all.map(async (e) => (await e.value).env.registry.dispose()));
  }
}

async function open(file: string, workspace: string, configFile: string | undefined): Promise<WorkspaceLibraries> {
  const env = await openEnvironment({
    cwd: workspace,
    specFile: file,
    workspaceFlag: workspace,
    ...(configFile ? { configFlag: configFile } : {}),
  });
  const docs = new Map<string, Promise<LibraryDoc | undefined>>();
  const docOf = (name: string): Promise<LibraryDoc | undefined> => {
    let d = docs.get(name);
    if (!d) {
      const lib = env.registry.get(name);
      d = lib
        ? lib.documentation().then(
            (x) => x,
            () => undefined,
          )
        : Promise.resolve(undefined);
      docs.set(name, d);
    }
    return d;
  };
  return {
    workspace,
    ...(configFile ? { configFile } : {}),
    env,
    docs: docOf,
    allDocs: async () =>
      (await Promise.all(env.registry.names().map(docOf))).filter((d): d is LibraryDoc => d !== undefined),
  };
}

/** Configuration diagnostics carry paths relative to the workspace; make them absolute. */
export function absoluteDiagnostic(d: Diagnostic, workspace: string): Diagnostic {
  const abs = (f: string): string => (f === '' || path.isAbsolute(f) ? f : path.resolve(workspace, f));
  const out: Diagnostic = { ...d, file: abs(d.file) };
  if (d.related) out.related = d.related.map((r) => ({ ...r, file: abs(r.file) }));
  return out;
}

/**
 * The configured libraries of a `run --watch` session, kept alive across runs: an entry is
 * disposed and created again only when its hielements.toml entry changed or (WebAssembly) its
 * module file changed; external processes and unchanged modules keep running.
 */
import { stat } from 'node:fs/promises';
import type { HielementsConfig, LibraryConfig } from '../../config/types.js';
import {
  loadConfiguredLibrary,
  type ConfiguredLibrary,
  type CreateRegistryOptions,
  type LoadResult,
} from '../../libraries/registry.js';

interface Entry {
  cfg: LibraryConfig;
  result: LoadResult;
  /** The entry's settings (location left out: moving an entry in the file changes nothing). */
  settings: string;
  /** WebAssembly: identity of the module file when it was loaded (device, inode, size, mtime). */
  stamp?: string;
}

async function stampOf(file: string): Promise<string> {
  try {
    const st = await stat(file);
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

export type LibraryLoadOptions = Omit<CreateRegistryOptions, 'config' | 'allowEmpty'>;

function settingsOf(cfg: LibraryConfig): string {
  const { location: _location, ...rest } = cfg;
  return JSON.stringify(rest);
}

export class WatchedLibraries {
  private entries = new Map<string, Entry>();

  constructor(private readonly opts: LibraryLoadOptions) {}

  /**
   * Brings the set in line with `config`: new entries are loaded, removed ones disposed, changed
   * ones (settings, or a module file listed in `changedFiles`) disposed and loaded again.
   * Returns the names that were (re)loaded. With `wanted`, an entry not loaded yet is loaded only
   * when its name is in the set (the libraries the spec uses).
   */
  async update(
    config: HielementsConfig,
    changedFiles: ReadonlySet<string> = new Set(),
    wanted?: ReadonlySet<string>,
  ): Promise<string[]> {
    const next = new Map<string, Entry>();
    const reloaded: string[] = [];
    const stale: Entry[] = [];
    const configured = new Set(config.libraries.map((c) => c.name));
    for (const [name, old] of this.entries) if (!configured.has(name)) stale.push(old);
    await Promise.all(stale.map(disposeEntry));
    await Promise.all(
      config.libraries.map(async (cfg) => {
        const settings = settingsOf(cfg);
        const old = this.entries.get(cfg.name);
        if (!old && wanted !== undefined && !wanted.has(cfg.name)) return; // not used by the spec: never touched
        const moduleChanged = cfg.type === 'wasm' && changedFiles.has(cfg.path);
        if (old && old.settings === settings && !moduleChanged) {
          next.set(cfg.name, { ...old, cfg });
          return;
        }
        if (old) await disposeEntry(old);
        // Stamped before loading: a file rewritten meanwhile is seen as changed next time.
        const stamp = cfg.type === 'wasm' ? await stampOf(cfg.path) : undefined;
        const entry: Entry = { cfg, settings, result: await loadConfiguredLibrary(cfg, { ...this.opts, config }) };
        if (stamp !== undefined) entry.stamp = stamp;
        next.set(cfg.name, entry);
        reloaded.push(cfg.name);
      }),
    );
    this.entries = next;
    return reloaded.sort();
  }

  /** Loaded entries (or their load diagnostics), in configuration order. */
  configured(config: HielementsConfig): ConfiguredLibrary[] {
    return config.libraries.flatMap((c) => {
      const e = this.entries.get(c.name);
      return e ? [{ cfg: e.cfg, result: e.result }] : [];
    });
  }

  /**
   * Module files that differ from the ones loaded (replaced, rewritten, deleted) — also catches a
   * package folder replaced by `npm install`, whose own events may not name the file.
   */
  async changedModules(): Promise<Set<string>> {
    const out = new Set<string>();
    await Promise.all(
      [...this.entries.values()].map(async (e) => {
        if (e.cfg.type === 'wasm' && e.stamp !== (await stampOf(e.cfg.path))) out.add(e.cfg.path);
      }),
    );
    return out;
  }

  /** Module files of the WebAssembly entries (watched for changes). */
  moduleFiles(): string[] {
    return [...this.entries.values()].flatMap((e) => (e.cfg.type === 'wasm' ? [e.cfg.path] : []));
  }

  async dispose(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map(disposeEntry));
  }
}

async function disposeEntry(e: Entry): Promise<void> {
  if ('library' in e.result) {
    try {
      await e.result.library.dispose();
    } catch {
      // disposal never stops the session
    }
  }
}

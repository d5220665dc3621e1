/**
 * Shape of a loaded `hielements.toml` (the loader lives in src/config/config.ts). Shared by the
 * registry, the external-process host and the WASM host.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';

export interface ConfigLocation {
  /** Path of hielements.toml. */
  file: string;
  /** 1-based line of the entry, when known. */
  line?: number;
}

export interface ExternalLibraryConfig {
  type: 'external';
  name: string;
  /** Program to start, resolved: relative paths against the directory of hielements.toml; bare names on PATH. */
  executable: string;
  args: string[];
  /** Working directory of the process (default: the directory of hielements.toml). */
  cwd: string;
  /** Extra environment variables. */
  env: Record<string, string>;
  /** Per-call timeout in milliseconds (default 30 000). */
  timeoutMs: number;
  /** Maximum parallel requests in flight to this process (default 4). */
  maxInFlight: number;
  location: ConfigLocation;
}

export interface WasmCapabilities {
  /** Read files and list directories inside the workspace. Default true. */
  file_read: boolean;
  /** Write files below the granted folders (`writeFolders`). Default false. */
  file_write: boolean;
  /** There is no network host function; `true` is refused with a clear message. Default false. */
  network: boolean;
}

export interface WasmLibraryConfig {
  type: 'wasm';
  name: string;
  /** Absolute path of the .wasm module (from `path`, or resolved from `package` in node_modules). */
  path: string;
  /** npm package name, when the module was referenced by package. */
  package?: string;
  capabilities: WasmCapabilities;
  /**
   * Workspace-relative folders (`generated/`) `write_file` may write below when
   * `capabilities.file_write` is set; absent: the library's own output folder
   * `.hielements-out/<name>/` (docs/security.md).
   */
  writeFolders?: string[];
  /** Maximum linear memory in MiB (default 256). */
  maxMemoryMiB: number;
  /** Per-call CPU time limit in milliseconds (default 10 000). */
  timeoutMs: number;
  /** Optional sha256 pin of the module bytes. */
  sha256?: string;
  location: ConfigLocation;
}

export type LibraryConfig = ExternalLibraryConfig | WasmLibraryConfig;

/** `[cache]` of hielements.toml: the persistent facts cache used by `run`. */
export interface CacheConfig {
  /** `enabled = false` turns the cache off (default on). */
  enabled: boolean;
  /** Cache directory, absolute (`dir`, relative to the directory of hielements.toml). */
  dir?: string;
}

export interface HielementsConfig {
  /** Absolute path of hielements.toml, or undefined when there is none. */
  file?: string;
  /** Directory relative paths in the config resolve against. */
  dir: string;
  /** Valid library entries (a bad entry is left out and reported in `diagnostics`). */
  libraries: LibraryConfig[];
  /** Extra glob patterns the file walker skips (`[workspace] ignore = [...]`). */
  ignore: string[];
  /** `[cache]`, when the file has one. */
  cache?: CacheConfig;
  /** The file's text as it was read (bounded, see docs/security.md), when it could be read. */
  text?: string;
  /** Problems found while loading; each names the file, entry and key. */
  diagnostics: Diagnostic[];
  /**
   * The diagnostics of `diagnostics` that are about one `[libraries.<name>]` entry, by entry name:
   * commands that work on a spec report them only when the spec uses that library.
   */
  entryDiagnostics?: ReadonlyMap<string, readonly Diagnostic[]>;
}

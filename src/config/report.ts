/**
 * Diagnostic codes of the configuration loader and a small helper that turns "this key of this
 * entry is wrong" into a Diagnostic naming the file, the entry and the key, positioned at the key.
 */
import { makeDiagnostic, type Diagnostic, type Severity, type Span } from '../diagnostics/diagnostic.js';
import { MAX_CONFIG_BYTES, readUserFile } from '../confine/index.js';
import { locateToml, type TomlLocator } from './toml-locate.js';
import type { ConfigLocation } from './types.js';
import { C } from '../diagnostics/registry.js';

export const ConfigCode = {
  /** hielements.toml cannot be read. */
  READ: C.E510,
  /** TOML syntax error. */
  SYNTAX: C.E511,
  /** Library type cannot be inferred (no `type`, no `.wasm` path, no `executable`, no `path`, no `package`). */
  INFER: C.E512,
  /** External library without a program (`executable` or `path`). */
  NO_PROGRAM: C.E513,
  /** WASM library without a module (`path` or `package`). */
  NO_MODULE: C.E514,
  /** A key has the wrong type or an invalid value. */
  BAD_VALUE: C.E515,
  /** `network = true` for a WASM library. */
  NETWORK: C.E516,
  /** A file or directory named by the entry does not exist (executable, wasm path, cwd, npm package). */
  NOT_FOUND: C.E517,
  /** Keys that exclude each other (`path` and `package`). */
  CONFLICT: C.E518,
  /** A section (`[libraries]`, `[workspace]`) has the wrong shape. */
  SECTION: C.E519,
  /** Unknown key in an entry or section. */
  UNKNOWN_KEY: C.W510,
  /** Unknown top-level table or key. */
  UNKNOWN_TABLE: C.W511,
  /** Key that has no effect for this library type (e.g. `args` on a wasm entry). */
  IGNORED_KEY: C.W512,
  /** Library name that cannot be written in a `.hie` import. */
  NAME: C.W513,
  /** A `file_write` folder that cannot be granted (absolute, leaves the workspace, protected). */
  WRITE_GRANT: C.E800,
  /** `file_write = true`: grants the library's own output folder only (it used to mean the whole workspace). */
  WRITE_TRUE: C.W800,
  /**
   * A relative path that does not exist next to hielements.toml but does in the workspace (tomls
   * written for the original name paths from the directory the CLI runs in): used, with the
   * spelling relative to the toml.
   */
  WORKSPACE_RELATIVE: C.W840,
} as const;

export class ConfigReporter {
  readonly diagnostics: Diagnostic[] = [];
  /** The diagnostics about one library entry, by entry name (also in `diagnostics`). */
  readonly byEntry = new Map<string, Diagnostic[]>();
  constructor(
    /** The config file as the user gave it. */
    readonly file: string,
    private readonly locator: TomlLocator | undefined,
  ) {}

  spanOf(path: readonly string[]): Span | undefined {
    return this.locator?.spanOf(path);
  }

  /**
   * Report about `[libraries.<entry>]` (optionally one of its keys; `key` may be dotted like `capabilities.network`).
   */
  entry(severity: Severity, code: string, entry: string, key: string | undefined, what: string, help?: string): void {
    const keyPath = key ? key.split('.') : [];
    const where = key ? `library "${entry}", key "${key}"` : `library "${entry}"`;
    this.push(severity, code, ['libraries', entry, ...keyPath], `${this.file}: ${where}: ${what}`, help);
    const d = this.diagnostics[this.diagnostics.length - 1]!;
    const list = this.byEntry.get(entry);
    if (list) list.push(d);
    else this.byEntry.set(entry, [d]);
  }

  /** Report about a section or a top-level key. */
  section(severity: Severity, code: string, path: readonly string[], what: string, help?: string): void {
    const where = path.length > 0 ? `[${path.join('.')}]` : '';
    this.push(severity, code, path, `${this.file}${where ? `: ${where}` : ''}: ${what}`, help);
  }

  push(severity: Severity, code: string, path: readonly string[], message: string, help?: string): void {
    this.diagnostics.push(makeDiagnostic(severity, code, message, this.file, this.spanOf(path), help ? { help } : {}));
  }
}

/** Short rendering of a TOML value for messages. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date';
  if (v && typeof v === 'object') return 'a table';
  return String(v);
}

const entrySpans = new Map<string, Span | undefined>();

/**
 * Span of the whole line of a library entry in its hielements.toml (read once per file and line),
 * so that diagnostics raised later — by the registry or a library host — point at the entry.
 */
export function entryLineSpan(location: ConfigLocation): Span | undefined {
  if (location.line === undefined || !location.file) return undefined;
  const key = `${location.file}\0${location.line}`;
  if (!entrySpans.has(key)) {
    const read = readUserFile(location.file, MAX_CONFIG_BYTES);
    const span: Span | undefined = read.ok
      ? locateToml(read.value.toString('utf8')).lineSpan(location.line)
      : undefined;
    entrySpans.set(key, span);
  }
  return entrySpans.get(key);
}

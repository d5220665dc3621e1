/**
 * Validates one `[libraries.<name>]` entry of hielements.toml and turns it into a resolved
 * ExternalLibraryConfig or WasmLibraryConfig. Every problem is reported through the ConfigReporter
 * with the entry and key; an entry with an error yields `undefined` (it is dropped, the others stay).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type {
  ConfigLocation,
  ExternalLibraryConfig,
  LibraryConfig,
  WasmCapabilities,
  WasmLibraryConfig,
} from './types.js';
import { ConfigCode, showValue, type ConfigReporter } from './report.js';
import { isValidPackageName, resolveWasmPackage } from './wasm-package.js';
import { checkGrant, OUTPUT_DIR } from '../confine/index.js';
import { CONFIG_LIMITS } from './limits.js';

export const EXTERNAL_DEFAULTS = {
  timeoutMs: CONFIG_LIMITS.externalTimeoutMs.default,
  maxInFlight: CONFIG_LIMITS.externalMaxInFlight.default,
} as const;
export const WASM_DEFAULTS = {
  timeoutMs: CONFIG_LIMITS.wasmTimeoutMs.default,
  maxMemoryMiB: CONFIG_LIMITS.wasmMemoryMiB.default,
  capabilities: { file_read: true, file_write: false, network: false },
} as const;

const COMMON_KEYS = ['type', 'path', 'timeout_ms'];
const EXTERNAL_KEYS = ['executable', 'args', 'env', 'cwd', 'max_in_flight'];
const WASM_KEYS = ['capabilities', 'max_memory_mib', 'sha256', 'package'];
const CAPABILITY_KEYS = ['file_read', 'file_write', 'network'] as const;

export interface EntryContext {
  reporter: ConfigReporter;
  /** Absolute path of hielements.toml. */
  file: string;
  /** Directory of hielements.toml. */
  dir: string;
  /** Workspace root, searched for node_modules after `dir`. */
  workspace?: string;
}

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

// A synchronous stat: configuration is read at start-up, where a thread-pool round trip costs more.
async function exists(p: string, kind: 'file' | 'dir' | 'any'): Promise<boolean> {
  try {
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s) return false;
    return kind === 'any' || (kind === 'file' ? s.isFile() : s.isDirectory());
  } catch {
    return false;
  }
}

/** The library type rules of docs/configuration.md, first rule that applies; `package` alone (our key) means wasm. */
function inferType(e: Table): 'external' | 'wasm' | undefined {
  if (typeof e.path === 'string' && e.path.endsWith('.wasm')) return 'wasm';
  if (e.executable !== undefined) return 'external';
  if (e.path !== undefined) return 'external';
  if (e.package !== undefined) return 'wasm';
  return undefined;
}

export async function readLibraryEntry(
  name: string,
  raw: unknown,
  ctx: EntryContext,
): Promise<LibraryConfig | undefined> {
  const r = ctx.reporter;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    r.entry(
      'warning',
      ConfigCode.NAME,
      name,
      undefined,
      'the name is not an identifier, so `.hie` files cannot import or call it',
      'use letters, digits and underscores, starting with a letter',
    );
  }
  if (!isTable(raw)) {
    r.entry(
      'error',
      ConfigCode.BAD_VALUE,
      name,
      undefined,
      `expected a table such as { executable = "…" }, got ${showValue(raw)}; the entry is ignored`,
    );
    return undefined;
  }
  let type: 'external' | 'wasm' | undefined;
  if (raw.type !== undefined) {
    if (raw.type !== 'external' && raw.type !== 'wasm') {
      r.entry(
        'error',
        ConfigCode.BAD_VALUE,
        name,
        'type',
        `must be "external" or "wasm", got ${showValue(raw.type)}; the entry is ignored`,
      );
      return undefined;
    }
    type = raw.type;
  } else {
    type = inferType(raw);
    if (!type) {
      r.entry(
        'error',
        ConfigCode.INFER,
        name,
        undefined,
        'cannot tell the library type: give `type = "external"` with `executable`, or `type = "wasm"` with ' +
          '`path`/`package`; the entry is ignored',
      );
      return undefined;
    }
  }
  const known = [...COMMON_KEYS, ...EXTERNAL_KEYS, ...WASM_KEYS];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      r.entry(
        'warning',
        ConfigCode.UNKNOWN_KEY,
        name,
        key,
        'unknown key, ignored (known keys: ' +
          `${(type === 'wasm' ? [...COMMON_KEYS, ...WASM_KEYS] : [...COMMON_KEYS, ...EXTERNAL_KEYS]).join(', ')})`,
      );
    } else if ((type === 'wasm' && EXTERNAL_KEYS.includes(key)) || (type === 'external' && WASM_KEYS.includes(key))) {
      r.entry('warning', ConfigCode.IGNORED_KEY, name, key, `has no effect for a ${type} library and is ignored`);
    }
  }
  return type === 'external' ? readExternal(name, raw, ctx) : readWasm(name, raw, ctx);
}

// ---------------------------------------------------------------- shared key readers

/** Reads an optional positive integer key; `null` marks an invalid value (already reported). */
function readInt(
  name: string,
  raw: Table,
  key: string,
  min: number,
  max: number,
  ctx: EntryContext,
): number | undefined | null {
  const v = raw[key];
  if (v === undefined) return undefined;
  const num = typeof v === 'bigint' ? Number(v) : v;
  if (typeof num !== 'number' || !Number.isInteger(num) || num < min || num > max) {
    ctx.reporter.entry(
      'error',
      ConfigCode.BAD_VALUE,
      name,
      key,
      `must be an integer from ${min} to ${max}, got ${showValue(v)}; the entry is ignored`,
    );
    return null;
  }
  return num;
}

function readString(name: string, raw: Table, key: string, ctx: EntryContext): string | undefined | null {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0) {
    ctx.reporter.entry(
      'error',
      ConfigCode.BAD_VALUE,
      name,
      key,
      `must be a non-empty string, got ${showValue(v)}; the entry is ignored`,
    );
    return null;
  }
  return v;
}

const hasSeparator = (p: string) => p.includes('/') || p.includes('\\');

/**
 * A relative path of an entry: next to hielements.toml; else, when it exists there, relative to
 * the workspace (how the original's tomls name plugin paths), with W840 giving the spelling
 * relative to the toml. Undefined when neither exists.
 */
async function locate(
  rel: string,
  kind: 'file' | 'dir' | 'any',
  name: string,
  key: string,
  ctx: EntryContext,
): Promise<string | undefined> {
  const primary = path.resolve(ctx.dir, rel);
  if (await exists(primary, kind)) return primary;
  if (path.isAbsolute(rel) || !ctx.workspace || path.resolve(ctx.workspace) === ctx.dir) return undefined;
  const alt = path.resolve(ctx.workspace, rel);
  if (!(await exists(alt, kind))) return undefined;
  const spelled = path.relative(ctx.dir, alt).split(path.sep).join('/');
  ctx.reporter.entry(
    'warning',
    ConfigCode.WORKSPACE_RELATIVE,
    name,
    key,
    `${showValue(rel)} does not exist next to hielements.toml but does in the workspace (${alt}); using it`,
    `relative paths are resolved against the directory of hielements.toml: write ${showValue(spelled)}`,
  );
  return alt;
}

// ---------------------------------------------------------------- external

async function readExternal(name: string, raw: Table, ctx: EntryContext): Promise<ExternalLibraryConfig | undefined> {
  const r = ctx.reporter;
  let ok = true;
  const executableRaw = readString(name, raw, 'executable', ctx);
  const pathRaw = raw.executable === undefined ? readString(name, raw, 'path', ctx) : undefined;
  if (executableRaw === null || pathRaw === null) return undefined;
  const programKey = executableRaw !== undefined ? 'executable' : 'path';
  const program = executableRaw ?? pathRaw;
  if (program === undefined) {
    r.entry(
      'error',
      ConfigCode.NO_PROGRAM,
      name,
      undefined,
      'an external library needs `executable` (the program to start); the entry is ignored',
      'for example: mylib = { executable = "python3", args = ["plugins/mylib.py"] }',
    );
    return undefined;
  }
  let executable = program ?? '';
  // Bare names (`python3`) are looked up on PATH when the process starts; anything with a path
  // separator is relative to the directory of hielements.toml.
  if (program !== undefined && (hasSeparator(program) || path.isAbsolute(program))) {
    executable = (await locate(program, 'file', name, programKey, ctx)) ?? path.resolve(ctx.dir, program);
    if (!(await exists(executable, 'file'))) {
      r.entry(
        'error',
        ConfigCode.NOT_FOUND,
        name,
        programKey,
        `the program ${executable} does not exist; the entry is ignored`,
        'relative paths are resolved against the directory of hielements.toml',
      );
      ok = false;
    }
  }

  let args: string[] = [];
  if (raw.args !== undefined) {
    if (!Array.isArray(raw.args) || !raw.args.every((a): a is string => typeof a === 'string')) {
      r.entry(
        'error',
        ConfigCode.BAD_VALUE,
        name,
        'args',
        `must be an array of strings, got ${showValue(raw.args)}; the entry is ignored`,
      );
      ok = false;
    } else {
      args = await Promise.all(
        raw.args.map(async (a) => {
          // An argument that names an existing file relative to the config directory (or, with
          // W840, to the workspace) becomes absolute, so the plugin starts the same way whatever
          // the current directory is.
          if (a.length === 0 || a.startsWith('-') || path.isAbsolute(a)) return a;
          return (await locate(a, 'any', name, 'args', ctx)) ?? a;
        }),
      );
    }
  }

  const env: Record<string, string> = {};
  if (raw.env !== undefined) {
    if (!isTable(raw.env)) {
      r.entry(
        'error',
        ConfigCode.BAD_VALUE,
        name,
        'env',
        `must be a table of strings such as { LOG_LEVEL = "debug" }, got ${showValue(raw.env)}; the entry is ignored`,
      );
      ok = false;
    } else {
      for (const [k, v] of Object.entries(raw.env)) {
        if (typeof v !== 'string') {
          r.entry(
            'error',
            ConfigCode.BAD_VALUE,
            name,
            `env.${k}`,
            `must be a string, got ${showValue(v)}; the entry is ignored`,
          );
          ok = false;
        } else env[k] = v;
      }
    }
  }

  let cwd = ctx.dir;
  const cwdRaw = readString(name, raw, 'cwd', ctx);
  if (cwdRaw === null) ok = false;
  else if (cwdRaw !== undefined) {
    cwd = (await locate(cwdRaw, 'dir', name, 'cwd', ctx)) ?? path.resolve(ctx.dir, cwdRaw);
    if (!(await exists(cwd, 'dir'))) {
      r.entry('error', ConfigCode.NOT_FOUND, name, 'cwd', `the directory ${cwd} does not exist; the entry is ignored`);
      ok = false;
    }
  }

  const { externalTimeoutMs: et, externalMaxInFlight: mf } = CONFIG_LIMITS;
  const timeoutMs = readInt(name, raw, 'timeout_ms', et.min, et.max, ctx);
  const maxInFlight = readInt(name, raw, 'max_in_flight', mf.min, mf.max, ctx);
  if (timeoutMs === null || maxInFlight === null) ok = false;
  if (!ok) return undefined;
  return {
    type: 'external',
    name,
    executable,
    args,
    cwd,
    env,
    timeoutMs: timeoutMs ?? EXTERNAL_DEFAULTS.timeoutMs,
    maxInFlight: maxInFlight ?? EXTERNAL_DEFAULTS.maxInFlight,
    location: entryLocation(name, ctx),
  };
}

function entryLocation(name: string, ctx: EntryContext): ConfigLocation {
  const span = ctx.reporter.spanOf(['libraries', name]);
  return span ? { file: ctx.file, line: span.start.line } : { file: ctx.file };
}

// ---------------------------------------------------------------- wasm

async function readWasm(name: string, raw: Table, ctx: EntryContext): Promise<WasmLibraryConfig | undefined> {
  const r = ctx.reporter;
  let ok = true;
  const pathRaw = readString(name, raw, 'path', ctx);
  const pkg = readString(name, raw, 'package', ctx);
  if (pathRaw === null || pkg === null) return undefined;
  if (pathRaw !== undefined && pkg !== undefined) {
    r.entry(
      'error',
      ConfigCode.CONFLICT,
      name,
      'package',
      'give either `path` or `package`, not both; the entry is ignored',
    );
    return undefined;
  }
  let modulePath: string;
  if (pathRaw !== undefined) {
    modulePath = (await locate(pathRaw, 'file', name, 'path', ctx)) ?? path.resolve(ctx.dir, pathRaw);
    if (!(await exists(modulePath, 'file'))) {
      r.entry(
        'error',
        ConfigCode.NOT_FOUND,
        name,
        'path',
        `the module ${modulePath} does not exist; the entry is ignored`,
        'relative paths are resolved against the directory of hielements.toml',
      );
      ok = false;
    }
  } else if (pkg !== undefined) {
    if (!isValidPackageName(pkg)) {
      r.entry(
        'error',
        ConfigCode.BAD_VALUE,
        name,
        'package',
        `${showValue(pkg)} is not a valid npm package name; the entry is ignored`,
      );
      return undefined;
    }
    const found = await resolveWasmPackage(pkg, ctx.workspace ? [ctx.dir, ctx.workspace] : [ctx.dir]);
    if (!found.ok) {
      r.entry(
        'error',
        ConfigCode.NOT_FOUND,
        name,
        'package',
        `cannot find the module of npm package "${pkg}": ${found.reason}; the entry is ignored`,
      );
      return undefined;
    }
    modulePath = found.path;
  } else {
    r.entry(
      'error',
      ConfigCode.NO_MODULE,
      name,
      undefined,
      'a wasm library needs `path` (the .wasm file) or `package` (an npm package shipping it); the entry is ignored',
    );
    return undefined;
  }

  const capabilities: WasmCapabilities = { ...WASM_DEFAULTS.capabilities };
  let writeFolders: string[] | undefined;
  if (raw.capabilities !== undefined) {
    if (!isTable(raw.capabilities)) {
      r.entry(
        'error',
        ConfigCode.BAD_VALUE,
        name,
        'capabilities',
        `must be a table such as { file_read = true }, got ${showValue(raw.capabilities)}; the entry is ignored`,
      );
      ok = false;
    } else {
      for (const [k, v] of Object.entries(raw.capabilities)) {
        if (!(CAPABILITY_KEYS as readonly string[]).includes(k)) {
          r.entry(
            'warning',
            ConfigCode.UNKNOWN_KEY,
            name,
            `capabilities.${k}`,
            `unknown capability, ignored (known: ${CAPABILITY_KEYS.join(', ')})`,
          );
          continue;
        }
        if (k === 'file_write' && v !== false) {
          const folders = readWriteGrant(name, v, ctx);
          if (folders === null) ok = false;
          else if (folders !== undefined) {
            capabilities.file_write = folders.length > 0;
            writeFolders = folders;
          } else capabilities.file_write = true;
          continue;
        }
        if (typeof v !== 'boolean') {
          r.entry(
            'error',
            ConfigCode.BAD_VALUE,
            name,
            `capabilities.${k}`,
            `must be true or false, got ${showValue(v)}; the entry is ignored`,
          );
          ok = false;
          continue;
        }
        capabilities[k as (typeof CAPABILITY_KEYS)[number]] = v;
      }
      if (capabilities.network) {
        r.entry(
          'error',
          ConfigCode.NETWORK,
          name,
          'capabilities.network',
          'cannot be granted: no network host function exists, so a wasm library can never reach the network; the ' +
            'entry is ignored',
          'remove `network = true` (or set it to false)',
        );
        ok = false;
      }
    }
  }

  const { wasmMemoryMiB: wm, wasmTimeoutMs: wt } = CONFIG_LIMITS;
  const maxMemoryMiB = readInt(name, raw, 'max_memory_mib', wm.min, wm.max, ctx);
  const timeoutMs = readInt(name, raw, 'timeout_ms', wt.min, wt.max, ctx);
  if (maxMemoryMiB === null || timeoutMs === null) ok = false;
  let sha256: string | undefined;
  if (raw.sha256 !== undefined) {
    if (typeof raw.sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(raw.sha256)) {
      r.entry(
        'error',
        ConfigCode.BAD_VALUE,
        name,
        'sha256',
        `must be 64 hexadecimal digits, got ${showValue(raw.sha256)}; the entry is ignored`,
      );
      ok = false;
    } else sha256 = raw.sha256.toLowerCase();
  }
  if (!ok) return undefined;
  const out: WasmLibraryConfig = {
    type: 'wasm',
    name,
    path: modulePath,
    capabilities,
    maxMemoryMiB: maxMemoryMiB ?? WASM_DEFAULTS.maxMemoryMiB,
    timeoutMs: timeoutMs ?? WASM_DEFAULTS.timeoutMs,
    location: entryLocation(name, ctx),
  };
  if (pkg !== undefined) out.package = pkg;
  if (sha256 !== undefined) out.sha256 = sha256;
  if (writeFolders !== undefined) out.writeFolders = writeFolders;
  return out;
}

/**
 * `capabilities.file_write`: `true` (the library's own output folder, with a warning naming the
 * change) or a list of workspace-relative folders. Returns the folders (undefined for `true`), or
 * null when a value is invalid (reported).
 */
function readWriteGrant(name: string, v: unknown, ctx: EntryContext): string[] | undefined | null {
  const r = ctx.reporter;
  const key = 'capabilities.file_write';
  const own = `${OUTPUT_DIR}/${name}/`;
  if (v === true) {
    r.entry(
      'warning',
      ConfigCode.WRITE_TRUE,
      name,
      key,
      `\`file_write = true\` now lets the library write only below its own output folder ${own} (it used to mean ` +
        'anywhere in the workspace)',
      `to keep this meaning without the warning, write file_write = ["${own}"]; to let it write elsewhere, name ` +
        'the folders: file_write = ["generated/"] (see docs/security.md)',
    );
    return undefined;
  }
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
    r.entry(
      'error',
      ConfigCode.BAD_VALUE,
      name,
      key,
      `must be false, true or a list of folders such as ["generated/"], got ${showValue(v)}; the entry is ignored`,
    );
    return null;
  }
  const out: string[] = [];
  let ok = true;
  for (const g of v) {
    const c = checkGrant(g);
    if (!c.ok) {
      r.entry(
        'error',
        ConfigCode.WRITE_GRANT,
        name,
        key,
        `folder ${showValue(g)} cannot be granted: ${c.reason}; the entry is ignored`,
        'folders are relative to the workspace root and must stay inside it',
      );
      ok = false;
    } else if (!out.includes(c.value)) out.push(c.value);
  }
  return ok ? out : null;
}

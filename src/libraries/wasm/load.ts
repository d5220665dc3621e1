/**
 * Load-time validation of a module: configuration, sha256 pin, imports, memory, exports.
 * Everything here runs on the main thread before a worker is started.
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { WasmLibraryConfig } from '../../config/types.js';
import { CONFIG_LIMITS, formatLimitBytes, MODULE_LIMITS, type ModuleLimitKey } from '../../config/limits.js';
import { LibraryError } from '../types.js';
import {
  describeAbiFunction,
  EXPORT_TYPES,
  HOST_FUNCTION_TYPES,
  HOST_FUNCTIONS,
  HOST_NAMESPACE,
  MEMORY_IMPORT,
  REQUIRED_EXPORTS,
  type AbiFunction,
} from './abi.js';
import { WA, type WasmModule } from './webassembly.js';
import { compileCached, sha256Hex } from './cache.js';
import { WasmErrorCode } from './errors.js';
import {
  inspectModule,
  ModuleFormatError,
  sameSignature,
  showSignature,
  type ExportInfo,
  type FuncType,
  type ImportInfo,
  type ModuleInfo,
} from './module-info.js';

/** Largest memory limit accepted: packed pointers must stay below 2^31. */
export const MAX_MEMORY_MIB = CONFIG_LIMITS.wasmMemoryMiB.max;
const PAGES_PER_MIB = 16;

export interface LoadedModule {
  module: WasmModule;
  sha256: string;
  initialPages: number;
  maximumPages: number;
  bytes: number;
}

function fail(cfg: WasmLibraryConfig, code: string, problem: string, details?: string): never {
  throw new LibraryError(code, `WebAssembly library '${cfg.name}' (${cfg.path}): ${problem}`, details);
}

export function validateConfig(cfg: WasmLibraryConfig): void {
  if (cfg.capabilities.network)
    fail(
      cfg,
      WasmErrorCode.CONFIG,
      'capability `network = true` cannot be granted: the host has no network functions (use an external library ' +
        'for network access)',
    );
  const mem = CONFIG_LIMITS.wasmMemoryMiB;
  if (!Number.isInteger(cfg.maxMemoryMiB) || cfg.maxMemoryMiB < mem.min || cfg.maxMemoryMiB > mem.max)
    fail(
      cfg,
      WasmErrorCode.CONFIG,
      `the memory limit must be a whole number of MiB from ${mem.min} to ${mem.max}, got ${cfg.maxMemoryMiB}`,
    );
  const t = CONFIG_LIMITS.wasmTimeoutMs;
  if (!Number.isInteger(cfg.timeoutMs) || cfg.timeoutMs < t.min || cfg.timeoutMs > t.max)
    fail(
      cfg,
      WasmErrorCode.CONFIG,
      `timeout must be a whole number of milliseconds from ${t.min} to ${t.max}, got ${cfg.timeoutMs}`,
    );
}

function describeImport(i: ImportInfo): string {
  const hint = i.module.startsWith('wasi')
    ? ' (WASI is not available to Hielements libraries; build without WASI, e.g. clang --target=wasm32 -nostdlib, ' +
      'or asc without the wasi shim)'
    : i.module === 'env' && i.name === 'abort'
      ? " (AssemblyScript: build with --use abort=… routed to hielements.abort, as the SDK's asconfig does)"
      : i.module === HOST_NAMESPACE
        ? ` (unknown host function; available: ${Object.keys(HOST_FUNCTIONS).join(', ')})`
        : '';
  return `${i.module}.${i.name} (${i.kind})${hint}`;
}

/** Check the import list: only `env.memory` and known `hielements.*` functions. */
export function checkImports(cfg: WasmLibraryConfig, imports: ImportInfo[], definedMemories: number): ImportInfo {
  const forbidden = imports.filter((i) => {
    if (i.kind === 'memory') return !(i.module === MEMORY_IMPORT.module && i.name === MEMORY_IMPORT.name);
    if (i.kind === 'function') return !(i.module === HOST_NAMESPACE && Object.hasOwn(HOST_FUNCTIONS, i.name));
    return true;
  });
  if (forbidden.length > 0)
    fail(
      cfg,
      WasmErrorCode.FORBIDDEN_IMPORT,
      `refused: the module imports ${forbidden.map(describeImport).join(', ')}; only env.memory and hielements.* ` +
        'host functions may be imported',
    );
  if (definedMemories > 0)
    fail(
      cfg,
      WasmErrorCode.MEMORY,
      'refused: the module defines its own memory; it must import `env.memory` so the host can enforce the memory ' +
        'limit (asc --importMemory, wasm-ld --import-memory)',
    );
  for (const i of imports) {
    if (i.kind !== 'function') continue;
    const want = HOST_FUNCTION_TYPES[i.name]!;
    if (!i.signature || !sameSignature(i.signature, abiType(want)))
      fail(
        cfg,
        WasmErrorCode.IMPORT_SIGNATURE,
        `refused: the module imports ${HOST_NAMESPACE}.${i.name} as ` +
          `${i.signature ? showSignature(i.signature) : 'a function of unknown type'}, but the ABI defines ` +
          `${HOST_NAMESPACE}.${i.name}${describeAbiFunction(want)} (see docs/wasm_abi.md)`,
      );
  }
  const mem = imports.find((i) => i.kind === 'memory');
  if (!mem?.limits)
    fail(
      cfg,
      WasmErrorCode.MEMORY,
      'refused: the module does not import `env.memory` (asc --importMemory, wasm-ld --import-memory)',
    );
  if (mem.limits.shared || mem.limits.memory64)
    fail(cfg, WasmErrorCode.MEMORY, 'refused: shared and 64-bit memories are not supported');
  return mem;
}

function abiType(f: AbiFunction): FuncType {
  return { params: f.params.map(([, t]) => t), results: [...f.results] };
}

/** Refuse a module whose structure exceeds MODULE_LIMITS, before the compiler sees it. */
export function checkModuleLimits(cfg: WasmLibraryConfig, info: ModuleInfo): void {
  const unbounded = info.tables.findIndex((t) => t.maximum === undefined);
  if (unbounded >= 0)
    fail(
      cfg,
      WasmErrorCode.TABLE_MAXIMUM,
      `refused: table ${unbounded} declares no maximum, so it could grow without bound; every table must declare a ` +
        `maximum, and all maxima together may be at most ${MODULE_LIMITS.tableEntries.limit} entries (fixed limit)`,
      'AssemblyScript and wasm-ld give the function table a maximum by default; do not link with wasm-ld ' +
        '--growable-table, and declare a maximum on tables written by hand',
    );
  for (const key of Object.keys(MODULE_LIMITS) as ModuleLimitKey[]) {
    const { what, limit } = MODULE_LIMITS[key];
    const n = info.counts[key];
    if (n > limit) {
      const shown = key === 'moduleBytes' ? `${n} ${what} (limit ${formatLimitBytes(limit)})` : `${n} ${what}`;
      fail(
        cfg,
        WasmErrorCode.LIMIT,
        `refused: the module declares ${shown}; the limit is ${limit} (fixed, see docs/security.md#resource-limits)`,
      );
    }
  }
}

/** The required exports must have the ABI's signatures (a wrong one would fail deep inside a call). */
export function checkExports(cfg: WasmLibraryConfig, exports: readonly ExportInfo[]): void {
  for (const [name, want] of Object.entries(EXPORT_TYPES)) {
    const e = exports.find((x) => x.name === name && x.kind === 'function');
    if (!e?.signature) continue; // missing: reported with the other missing exports
    if (!sameSignature(e.signature, abiType(want)))
      fail(
        cfg,
        WasmErrorCode.EXPORT_SIGNATURE,
        `refused: the export ${name} has the signature ${showSignature(e.signature)}, but the ABI defines ` +
          `${name}${describeAbiFunction(want)} (see docs/wasm_abi.md)`,
      );
  }
}

/**
 * Read the module file: a regular file (opened without blocking, so a FIFO cannot hang the host)
 * of at most MODULE_LIMITS.moduleBytes bytes.
 */
async function readModuleFile(cfg: WasmLibraryConfig): Promise<Uint8Array> {
  const cap = MODULE_LIMITS.moduleBytes.limit;
  let fh: FileHandle;
  try {
    fh = await open(cfg.path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    fail(cfg, WasmErrorCode.READ, `cannot read the module: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) fail(cfg, WasmErrorCode.READ, 'cannot read the module: it is not a regular file');
    if (st.size > cap)
      fail(
        cfg,
        WasmErrorCode.LIMIT,
        `refused: the module file has ${st.size} bytes; the limit is ${formatLimitBytes(cap)} (fixed, see ` +
          'docs/security.md#resource-limits)',
      );
    // Read at most one byte past the cap: a file that grows meanwhile is still caught.
    const buf = new Uint8Array(Math.min(st.size, cap) + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n === buf.length) break;
    }
    if (n > cap)
      fail(
        cfg,
        WasmErrorCode.LIMIT,
        `refused: the module file is larger than the limit of ${formatLimitBytes(cap)} (fixed, see ` +
          'docs/security.md#resource-limits)',
      );
    return buf.subarray(0, n);
  } catch (err) {
    if (err instanceof LibraryError) throw err;
    fail(cfg, WasmErrorCode.READ, `cannot read the module: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await fh.close();
  }
}

/** Read, pin-check, inspect, check limits and signatures, compile and validate. Throws LibraryError. */
export async function loadModule(cfg: WasmLibraryConfig): Promise<LoadedModule> {
  validateConfig(cfg);
  const bytes = await readModuleFile(cfg);
  const digest = sha256Hex(bytes);
  if (cfg.sha256 !== undefined && cfg.sha256.toLowerCase() !== digest)
    fail(cfg, WasmErrorCode.SHA256, `sha256 of the module is ${digest}, but the configuration pins ${cfg.sha256}`);
  let info: ModuleInfo;
  try {
    info = inspectModule(bytes);
  } catch (err) {
    if (err instanceof ModuleFormatError)
      fail(cfg, WasmErrorCode.COMPILE, `not a valid WebAssembly module: ${err.message}`);
    throw err;
  }
  checkModuleLimits(cfg, info);
  const mem = checkImports(cfg, info.imports, info.definedMemories);
  checkExports(cfg, info.exports);
  let module: WasmModule;
  try {
    module = await compileCached(bytes, digest);
  } catch (err) {
    fail(
      cfg,
      WasmErrorCode.COMPILE,
      `not a valid WebAssembly module: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const exports = new Map(WA.Module.exports(module).map((e) => [e.name, e.kind]));
  const missing = Object.entries(REQUIRED_EXPORTS)
    .filter(([name, kind]) => exports.get(name) !== kind)
    .map(([name]) => name);
  if (missing.length > 0)
    fail(
      cfg,
      WasmErrorCode.MISSING_EXPORT,
      `missing required export${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (see docs/wasm_abi.md)`,
    );
  let maximumPages = cfg.maxMemoryMiB * PAGES_PER_MIB;
  if (mem.limits!.maximum !== undefined) maximumPages = Math.min(maximumPages, mem.limits!.maximum);
  const initialPages = mem.limits!.minimum;
  if (initialPages > maximumPages)
    fail(
      cfg,
      WasmErrorCode.INSTANTIATE,
      `the module needs ${initialPages} pages (${(initialPages / PAGES_PER_MIB).toFixed(1)} MiB) of memory at ` +
        `start, more than the limit of ${maximumPages} pages (memory limit ${cfg.maxMemoryMiB} MiB)`,
    );
  return { module, sha256: digest, initialPages, maximumPages, bytes: bytes.length };
}

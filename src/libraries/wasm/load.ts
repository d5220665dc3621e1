/**
 * Load-time validation of a module: configuration, sha256 pin, imports, memory, exports.
 * Everything here runs on the main thread before a worker is started.
 */
import { readFile } from 'node:fs/promises';
import type { WasmLibraryConfig } from '../../config/types.js';
import { LibraryError } from '../types.js';
import { HOST_FUNCTIONS, HOST_NAMESPACE, MEMORY_IMPORT, REQUIRED_EXPORTS } from './abi.js';
import { WA, type WasmModule } from './webassembly.js';
import { compileCached, sha256Hex } from './cache.js';
import { WasmErrorCode } from './errors.js';
import { inspectModule, ModuleFormatError, type ImportInfo } from './module-info.js';

/** Largest memory limit accepted: packed pointers must stay below 2^31. */
export const MAX_MEMORY_MIB = 2047;
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
    fail(cfg, WasmErrorCode.CONFIG, 'capability `network = true` cannot be granted: the host has no network functions (use an external library for network access)');
  if (!Number.isInteger(cfg.maxMemoryMiB) || cfg.maxMemoryMiB < 1 || cfg.maxMemoryMiB > MAX_MEMORY_MIB)
    fail(cfg, WasmErrorCode.CONFIG, `the memory limit must be a whole number of MiB from 1 to ${MAX_MEMORY_MIB}, got ${cfg.maxMemoryMiB}`);
  if (!Number.isFinite(cfg.timeoutMs) || cfg.timeoutMs <= 0) fail(cfg, WasmErrorCode.CONFIG, `timeout must be a positive number of milliseconds, got ${cfg.timeoutMs}`);
}

function describeImport(i: ImportInfo): string {
  const hint =
    i.module.startsWith('wasi')
      ? ' (WASI is not available to Hielements libraries; build without WASI, e.g. clang --target=wasm32 -nostdlib, or asc without the wasi shim)'
      : i.module === 'env' && i.name === 'abort'
        ? ' (AssemblyScript: build with --use abort=… routed to hielements.abort, as the SDK\'s asconfig does)'
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
    fail(cfg, WasmErrorCode.FORBIDDEN_IMPORT, `refused: the module imports ${forbidden.map(describeImport).join(', ')}; only env.memory and hielements.* host functions may be imported`);
  if (definedMemories > 0)
    fail(cfg, WasmErrorCode.MEMORY, 'refused: the module defines its own memory; it must import `env.memory` so the host can enforce the memory limit (asc --importMemory, wasm-ld --import-memory)');
  const mem = imports.find((i) => i.kind === 'memory');
  if (!mem || !mem.limits)
    fail(cfg, WasmErrorCode.MEMORY, 'refused: the module does not import `env.memory` (asc --importMemory, wasm-ld --import-memory)');
  if (mem.limits.shared || mem.limits.memory64) fail(cfg, WasmErrorCode.MEMORY, 'refused: shared and 64-bit memories are not supported');
  return mem;
}

/** Read, pin-check, inspect, compile and validate. Throws LibraryError (E600–E607). */
export async function loadModule(cfg: WasmLibraryConfig): Promise<LoadedModule> {
  validateConfig(cfg);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(cfg.path);
  } catch (err) {
    fail(cfg, WasmErrorCode.READ, `cannot read the module: ${err instanceof Error ? err.message : String(err)}`);
  }
  const digest = sha256Hex(bytes);
  if (cfg.sha256 !== undefined && cfg.sha256.toLowerCase() !== digest)
    fail(cfg, WasmErrorCode.SHA256, `sha256 of the module is ${digest}, but the configuration pins ${cfg.sha256}`);
  let info;
  try {
    info = inspectModule(bytes);
  } catch (err) {
    if (err instanceof ModuleFormatError) fail(cfg, WasmErrorCode.COMPILE, `not a valid WebAssembly module: ${err.message}`);
    throw err;
  }
  const mem = checkImports(cfg, info.imports, info.definedMemories);
  let module: WasmModule;
  try {
    module = await compileCached(bytes, digest);
  } catch (err) {
    fail(cfg, WasmErrorCode.COMPILE, `not a valid WebAssembly module: ${err instanceof Error ? err.message : String(err)}`);
  }
  const exports = new Map(WA.Module.exports(module).map((e) => [e.name, e.kind]));
  const missing = Object.entries(REQUIRED_EXPORTS)
    .filter(([name, kind]) => exports.get(name) !== kind)
    .map(([name]) => name);
  if (missing.length > 0)
    fail(cfg, WasmErrorCode.MISSING_EXPORT, `missing required export${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (see docs/wasm_abi.md)`);
  let maximumPages = cfg.maxMemoryMiB * PAGES_PER_MIB;
  if (mem.limits!.maximum !== undefined) maximumPages = Math.min(maximumPages, mem.limits!.maximum);
  const initialPages = mem.limits!.minimum;
  if (initialPages > maximumPages)
    fail(cfg, WasmErrorCode.INSTANTIATE, `the module needs ${initialPages} pages (${(initialPages / PAGES_PER_MIB).toFixed(1)} MiB) of memory at start, more than the limit of ${maximumPages} pages (memory limit ${cfg.maxMemoryMiB} MiB)`);
  return { module, sha256: digest, initialPages, maximumPages, bytes: bytes.length };
}

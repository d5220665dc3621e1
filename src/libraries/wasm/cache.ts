/**
 * Process-wide cache of compiled modules, keyed by the sha256 of their bytes: a library used by
 * several runs in one process (watch mode, tests, benchmarks) is compiled once.
 */
import { createHash } from 'node:crypto';

import { WA, type WasmModule } from './webassembly.js';

const compiled = new Map<string, Promise<WasmModule>>();

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Compile (or reuse) the module for these bytes. A failed compile is not cached. */
export function compileCached(bytes: Uint8Array, digest: string = sha256Hex(bytes)): Promise<WasmModule> {
  let p = compiled.get(digest);
  if (!p) {
    p = WA.compile(bytes);
    compiled.set(digest, p);
    p.catch(() => compiled.delete(digest));
  }
  return p;
}

/** Number of modules in the cache (for tests and `--verbose`). */
export function compiledModuleCount(): number {
  return compiled.size;
}

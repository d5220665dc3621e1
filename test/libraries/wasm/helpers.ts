/** Shared helpers for the WebAssembly library tests (modules are built by scripts/fixtures/wasm.mjs). */
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WasmLibraryConfig } from '../../../src/config/types.js';
import type { CallContext, Value } from '../../../src/libraries/types.js';

export const root = join(import.meta.dirname, '..', '..', '..');
export const fixtureBuild = join(root, 'test', 'fixtures', 'wasm', 'build');

/** Path of a built hostile/probe module, e.g. fixture('trap'). */
export function fixture(name: string): string {
  const p = join(fixtureBuild, `${name}.wasm`);
  if (!existsSync(p)) throw new Error(`${p} is missing: run \`node scripts/build-fixtures.mjs\` (npm test does)`);
  return p;
}

export const conventionsWasm = join(root, 'examples', 'wasm', 'conventions', 'build', 'conventions.wasm');
export const textstatsWasm = join(root, 'examples', 'wasm', 'c-textstats', 'build', 'textstats.wasm');

export function wasmConfig(name: string, path: string, over: Partial<WasmLibraryConfig> = {}): WasmLibraryConfig {
  return {
    type: 'wasm',
    name,
    path,
    capabilities: { file_read: true, file_write: false, network: false },
    maxMemoryMiB: 64,
    timeoutMs: 5000,
    location: { file: join(root, 'hielements.toml') },
    ...over,
  };
}

export interface TempDir {
  path: string;
  cleanup(): void;
}

export function tempDir(prefix = 'hie-wasm-'): TempDir {
  const path = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export const ctx = (workspace: string): CallContext => ({ workspace });
export const s = (value: string): Value => ({ type: 'string', value });
export const i = (value: number | bigint): Value => ({ type: 'int', value: BigInt(value) });

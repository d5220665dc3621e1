/**
 * Typed access to the global `WebAssembly` object and `Atomics.waitAsync`. The project's
 * TypeScript libs (ES2023, no DOM) do not declare them, so this module declares the small part we
 * use, without adding globals that could clash with other declarations.
 */

export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface ModuleExportDescriptor {
  name: string;
  kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
}

export type WasmImports = Record<string, Record<string, unknown>>;

interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Module: { exports(module: WasmModule): ModuleExportDescriptor[] };
  Memory: new (desc: { initial: number; maximum?: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: WasmImports) => WasmInstance;
  RuntimeError: new (message?: string) => Error;
  CompileError: new (message?: string) => Error;
  LinkError: new (message?: string) => Error;
  /** Exception handling: the JS view of a wasm exception (absent where the proposal is off). */
  Exception?: new (
    ...args: never[]
  ) => object;
}

export const WA = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

type WaitAsyncResult =
  | { async: false; value: 'not-equal' | 'timed-out' }
  | { async: true; value: Promise<'ok' | 'timed-out'> };

export const waitAsync = (
  Atomics as unknown as { waitAsync(ta: Int32Array, index: number, value: number, timeout?: number): WaitAsyncResult }
).waitAsync.bind(Atomics);

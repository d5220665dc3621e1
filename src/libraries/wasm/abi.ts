/**
 * The Hielements WebAssembly library ABI, version 1 (documented in docs/wasm_abi.md and
 * wit/hielements-library.wit). Shared by the loader (main thread) and the worker.
 */

/** Value the guest's `hielements_abi_version()` export must return. */
export const ABI_VERSION = 1;

/** Namespace of the host functions a guest may import. */
export const HOST_NAMESPACE = 'hielements';

/** One host function or required export: its core-wasm signature, with parameter names for messages. */
export interface AbiFunction {
  params: readonly (readonly [name: string, type: 'i32' | 'i64'])[];
  results: readonly ('i32' | 'i64')[];
}

const p = (name: string): readonly [string, 'i32'] => [name, 'i32'];

/** Host functions the guest may import, with their core-wasm signatures (checked at load). */
export const HOST_FUNCTION_TYPES: Readonly<Record<string, AbiFunction>> = {
  read_file: { params: [p('path_ptr'), p('path_len')], results: ['i64'] },
  list_directory: { params: [p('path_ptr'), p('path_len')], results: ['i64'] },
  file_exists: { params: [p('path_ptr'), p('path_len')], results: ['i32'] },
  write_file: { params: [p('path_ptr'), p('path_len'), p('data_ptr'), p('data_len')], results: ['i32'] },
  log: { params: [p('msg_ptr'), p('msg_len')], results: [] },
  abort: { params: [p('msg_ptr'), p('file_ptr'), p('line'), p('column')], results: [] },
};

/** `(path_ptr: i32, path_len: i32) -> i64`, as docs/wasm_abi.md writes it. */
export function describeAbiFunction(f: AbiFunction): string {
  const params = `(${f.params.map(([n, t]) => `${n}: ${t}`).join(', ')})`;
  return f.results.length === 0 ? params : `${params} -> ${f.results.join(', ')}`;
}

/** Host functions the guest may import, with their core-wasm signatures (for docs and messages). */
export const HOST_FUNCTIONS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(HOST_FUNCTION_TYPES).map(([name, f]) => [name, describeAbiFunction(f)]),
);

/** The single memory import every module must declare. */
export const MEMORY_IMPORT = { module: 'env', name: 'memory' } as const;

/** Exports every module must provide: name → expected kind. */
export const REQUIRED_EXPORTS: Readonly<Record<string, 'function'>> = {
  hielements_abi_version: 'function',
  alloc: 'function',
  dealloc: 'function',
  call: 'function',
  check: 'function',
  metadata: 'function',
};

/** Signatures of the required exports (checked at load). */
export const EXPORT_TYPES: Readonly<Record<keyof typeof REQUIRED_EXPORTS, AbiFunction>> = {
  hielements_abi_version: { params: [], results: ['i32'] },
  alloc: { params: [p('len')], results: ['i32'] },
  dealloc: { params: [p('ptr'), p('len')], results: [] },
  call: { params: [p('req_ptr'), p('req_len')], results: ['i64'] },
  check: { params: [p('req_ptr'), p('req_len')], results: ['i64'] },
  metadata: { params: [], results: ['i64'] },
};

/**
 * Negative results of the host file functions (i64 for read_file/list_directory, i32 for the
 * others). Non-negative i64 results are packed `ptr << 32 | len`.
 */
export const HostStatus = {
  OK: 0,
  DENIED: -1,
  NOT_FOUND: -2,
  INVALID_PATH: -3,
  IO_ERROR: -4,
  TOO_LARGE: -5,
  NOT_A_FILE: -6,
  NOT_A_DIRECTORY: -7,
  GUEST_ALLOC_FAILED: -8,
} as const;

export const HOST_STATUS_NAMES: Readonly<Record<number, string>> = {
  [-1]: 'denied',
  [-2]: 'not found',
  [-3]: 'invalid path',
  [-4]: 'i/o error',
  [-5]: 'too large',
  [-6]: 'not a file',
  [-7]: 'not a directory',
  [-8]: 'guest alloc failed',
};

/** `file_exists` results. */
export const EXISTS_NONE = 0;
export const EXISTS_FILE = 1;
export const EXISTS_DIR = 2;

export const WASM_PAGE = 65536;

/** Pack / unpack the `ptr << 32 | len` convention. */
export function pack(ptr: number, len: number): bigint {
  return (BigInt(ptr >>> 0) << 32n) | BigInt(len >>> 0);
}

export function unpack(v: bigint): { ptr: number; len: number } {
  const u = BigInt.asUintN(64, v);
  return { ptr: Number(u >> 32n), len: Number(u & 0xffffffffn) };
}

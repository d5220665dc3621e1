/**
 * The Hielements WebAssembly library ABI, version 1 (documented in docs/wasm_abi.md and
 * wit/hielements-library.wit). Shared by the loader (main thread) and the worker.
 */

/** Value the guest's `hielements_abi_version()` export must return. */
export const ABI_VERSION = 1;

/** Namespace of the host functions a guest may import. */
export const HOST_NAMESPACE = 'hielements';

/** Host functions the guest may import, with their core-wasm signatures (for docs and validation). */
export const HOST_FUNCTIONS: Readonly<Record<string, string>> = {
  read_file: '(path_ptr: i32, path_len: i32) -> i64',
  list_directory: '(path_ptr: i32, path_len: i32) -> i64',
  file_exists: '(path_ptr: i32, path_len: i32) -> i32',
  write_file: '(path_ptr: i32, path_len: i32, data_ptr: i32, data_len: i32) -> i32',
  log: '(msg_ptr: i32, msg_len: i32)',
  abort: '(msg_ptr: i32, file_ptr: i32, line: i32, column: i32)',
};

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

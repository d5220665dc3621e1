/**
 * Error codes of the WebAssembly library host (E6xx). Listed in docs/wasm_library_guide.md.
 */
export const WasmErrorCode = {
  /** The .wasm file cannot be read. */
  READ: 'E600',
  /** The bytes are not a valid WebAssembly module. */
  COMPILE: 'E601',
  /** The module imports something other than `env.memory` and `hielements.*` (e.g. WASI). */
  FORBIDDEN_IMPORT: 'E602',
  /** The module defines its own memory, or does not import `env.memory`. */
  MEMORY: 'E603',
  /** A required export is missing or has the wrong kind. */
  MISSING_EXPORT: 'E604',
  /** `hielements_abi_version()` returned a version this host does not speak. */
  ABI_VERSION: 'E605',
  /** The module bytes do not match the `sha256` pin of the configuration. */
  SHA256: 'E606',
  /** Instantiation or the start function failed, or the worker could not start. */
  INSTANTIATE: 'E607',
  /** `metadata()` returned something that is not valid library metadata. */
  METADATA: 'E608',
  /** Invalid configuration (network capability requested, memory limit out of range...). */
  CONFIG: 'E609',
  /** The guest answered with an error object `{"error": {...}}`. */
  GUEST_ERROR: 'E610',
  /** The guest trapped (unreachable, out-of-bounds access, stack overflow, abort...). */
  TRAP: 'E611',
  /** The call ran longer than the configured time limit; the worker was terminated. */
  TIMEOUT: 'E612',
  /** The response was malformed: pointer/length out of bounds, too large, invalid UTF-8 or JSON. */
  MALFORMED: 'E613',
  /** The worker died unexpectedly, or the library was disposed. */
  WORKER: 'E614',
  /** The request is too large for the channel. */
  REQUEST_TOO_LARGE: 'E615',
  /** The metadata declares a capability the configuration does not grant. */
  CAPABILITY: 'E617',
  /** The module's file or structure exceeds a fixed limit (size, tables, globals, functions...). */
  LIMIT: 'E820',
  /** A `hielements.*` function is imported with a signature other than the ABI's. */
  IMPORT_SIGNATURE: 'E821',
  /** A required export has a signature other than the ABI's. */
  EXPORT_SIGNATURE: 'E822',
  /** A table declares no maximum, so it could grow without bound. */
  TABLE_MAXIMUM: 'E823',
} as const;

export type WasmErrorCodeValue = (typeof WasmErrorCode)[keyof typeof WasmErrorCode];

/** Extra code: the function is not in the module's metadata. */
export const UNKNOWN_FUNCTION = 'E616';

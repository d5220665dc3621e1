/**
 * Error codes of the WebAssembly library host (E6xx). Listed in docs/wasm_library_guide.md.
 */
import { C } from '../../diagnostics/registry.js';
export const WasmErrorCode = {
  /** The .wasm file cannot be read. */
  READ: C.E600,
  /** The bytes are not a valid WebAssembly module. */
  COMPILE: C.E601,
  /** The module imports something other than `env.memory` and `hielements.*` (e.g. WASI). */
  FORBIDDEN_IMPORT: C.E602,
  /** The module defines its own memory, or does not import `env.memory`. */
  MEMORY: C.E603,
  /** A required export is missing or has the wrong kind. */
  MISSING_EXPORT: C.E604,
  /** `hielements_abi_version()` returned a version this host does not speak. */
  ABI_VERSION: C.E605,
  /** The module bytes do not match the `sha256` pin of the configuration. */
  SHA256: C.E606,
  /** Instantiation or the start function failed, or the worker could not start. */
  INSTANTIATE: C.E607,
  /** `metadata()` returned something that is not valid library metadata. */
  METADATA: C.E608,
  /** Invalid configuration (network capability requested, memory limit out of range...). */
  CONFIG: C.E609,
  /** The guest answered with an error object `{"error": {...}}`. */
  GUEST_ERROR: C.E610,
  /** The guest trapped (unreachable, out-of-bounds access, stack overflow, abort...). */
  TRAP: C.E611,
  /** The call ran longer than the configured time limit; the worker was terminated. */
  TIMEOUT: C.E612,
  /** The response was malformed: pointer/length out of bounds, too large, invalid UTF-8 or JSON. */
  MALFORMED: C.E613,
  /** The worker died unexpectedly, or the library was disposed. */
  WORKER: C.E614,
  /** The request is too large for the channel. */
  REQUEST_TOO_LARGE: C.E615,
  /** The metadata declares a capability the configuration does not grant. */
  CAPABILITY: C.E617,
  /** The module's file or structure exceeds a fixed limit (size, tables, globals, functions...). */
  LIMIT: C.E820,
  /** A `hielements.*` function is imported with a signature other than the ABI's. */
  IMPORT_SIGNATURE: C.E821,
  /** A required export has a signature other than the ABI's. */
  EXPORT_SIGNATURE: C.E822,
  /** A table declares no maximum, so it could grow without bound. */
  TABLE_MAXIMUM: C.E823,
} as const;

export type WasmErrorCodeValue = (typeof WasmErrorCode)[keyof typeof WasmErrorCode];

/** Extra code: the function is not in the module's metadata. */
export const UNKNOWN_FUNCTION = C.E616;

/**
 * External-process libraries: plugins started as child processes that speak newline-delimited
 * JSON-RPC 2.0 over stdin/stdout (protocol: docs/external_libraries.md).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ExternalLibraryConfig } from '../../config/types.js';
import type { Library } from '../types.js';
import { ExternalLibrary, type ExternalLibraryOptions } from './external-library.js';

export { ExternalLibrary, DEFAULT_MAX_RESPONSE_BYTES, type ExternalLibraryOptions } from './external-library.js';
export { ExternalCode } from './codes.js';
export {
  Method,
  DOC_METHODS,
  JSONRPC_VERSION,
  callParams,
  requestLine,
  decodeResult,
  type CallParams,
  type DocResult,
  type MethodName,
} from './protocol.js';
export { killAllExternalProcesses, liveExternalProcessCount } from './child-registry.js';

/** Create (but do not start) the library for one `type = "external"` entry of hielements.toml. */
export function createExternalLibrary(
  cfg: ExternalLibraryConfig,
  opts: { onDiagnostic?: (d: Diagnostic) => void } & Omit<ExternalLibraryOptions, 'onDiagnostic'> = {},
): Library {
  return new ExternalLibrary(cfg, opts);
}

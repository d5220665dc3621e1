/**
 * Codes of the errors an external-process library reports (documented in
 * docs/external_libraries.md). E500–E509 keep the meaning they have in the original where one
 * exists; E530+ / W530+ are ours.
 */
import { C } from '../../diagnostics/registry.js';
export const ExternalCode = {
  /** The program could not be started (not found, not executable). The library stays failed. */
  SPAWN: C.E500,
  /** The process died again after its one restart; the library stays failed for the run. */
  DISABLED: C.E501,
  /** A call did not answer within `timeout_ms`; the process was killed. */
  TIMEOUT: C.E502,
  /** The request could not be written (the process closed its stdin). */
  WRITE: C.E503,
  /** The process exited (or was killed) while the call was waiting for its answer. */
  EXITED: C.E504,
  /** A response line was larger than the size cap; the process was killed. */
  TOO_LARGE: C.E505,
  /** The response is not a valid JSON-RPC response (bad error object, error with `id: null`). */
  BAD_RESPONSE: C.E506,
  /** The response has neither `result` nor `error`. */
  NO_RESULT: C.E507,
  /** `result` is not a value (from the codec). */
  BAD_VALUE: C.E508,
  /** `result` is not a check result (from the codec). */
  BAD_CHECK_RESULT: C.E509,
  /** The plugin answered with a JSON-RPC error object. */
  PLUGIN_ERROR: C.E530,
  /** The call was cancelled (Ctrl-C / run aborted). */
  CANCELLED: C.E531,
  /** Stdout line that is not a JSON-RPC response (ignored). */
  STRAY_OUTPUT: C.W530,
  /** Response whose id matches no request (or is null). */
  UNMATCHED_RESPONSE: C.W531,
} as const;

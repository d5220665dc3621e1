/**
 * Every resource limit the host puts on libraries, defined once. The configuration validation
 * (library-entry.ts), the WebAssembly loader and worker, the external-process host and
 * docs/security.md ("Resource limits", checked against these values by test) all use this module.
 * Nothing here imports anything: it is plain data.
 */

const MiB = 1024 * 1024;

/** Settings of a `hielements.toml` library entry: their range and default. */
export const CONFIG_LIMITS = {
  /** `max_memory_mib` of a wasm library: packed pointers (`ptr << 32 | len`) must stay below 2^31. */
  wasmMemoryMiB: { min: 1, max: 2047, default: 256 },
  /** `timeout_ms` of a wasm library (per call). */
  wasmTimeoutMs: { min: 1, max: 86_400_000, default: 10_000 },
  /** `timeout_ms` of an external library (per call). */
  externalTimeoutMs: { min: 1, max: 86_400_000, default: 30_000 },
  /** `max_in_flight` of an external library. */
  externalMaxInFlight: { min: 1, max: 1024, default: 4 },
} as const;

export interface StructureLimit {
  /** What is counted, as the error message says it ("globals", "table entries"...). */
  what: string;
  limit: number;
}

/**
 * Structure of a WebAssembly module, checked on its bytes before it is compiled or instantiated
 * (src/libraries/wasm/module-info.ts). Fixed: a real library stays far below every one of them,
 * while a module above them could make the host run out of memory in code it cannot interrupt.
 */
export const MODULE_LIMITS = {
  moduleBytes: { what: 'bytes of module file', limit: 64 * MiB },
  types: { what: 'function types', limit: 100_000 },
  functions: { what: 'functions (imported and defined)', limit: 200_000 },
  locals: { what: 'local variables (all functions together)', limit: 5_000_000 },
  imports: { what: 'imports', limit: 1_000 },
  exports: { what: 'exports', limit: 10_000 },
  tables: { what: 'tables', limit: 16 },
  tableEntries: { what: 'table entries (declared maxima of all tables together)', limit: 1_000_000 },
  globals: { what: 'globals', limit: 100_000 },
  dataSegments: { what: 'data segments', limit: 100_000 },
  elementSegments: { what: 'element segments', limit: 100_000 },
  elementEntries: { what: 'element segment entries (all segments together)', limit: 1_000_000 },
  tags: { what: 'exception tags', limit: 10_000 },
} as const satisfies Record<string, StructureLimit>;

export type ModuleLimitKey = keyof typeof MODULE_LIMITS;

/** What a WebAssembly library can make the host keep while it runs. */
export const WASM_RUNTIME_LIMITS = {
  /** Largest response (call, check, metadata) accepted from the guest. */
  responseBytes: 16 * MiB,
  /** Largest file `read_file` hands to the guest (also capped by the memory limit). */
  readBytes: 64 * MiB,
  /** `log` lines kept for `--verbose` per call; the rest are counted and reported as dropped. */
  logLinesPerCall: 1_000,
  /** `log` lines kept for `--verbose` per library in one run. */
  logLinesPerRun: 10_000,
  /** Longest `log` line kept (bytes of UTF-8; longer ones are cut). */
  logLineBytes: 4_096,
  /** Longest path argument of a host function (bytes of UTF-8); longer ones get "invalid path". */
  pathBytes: 4_096,
  /** JavaScript heap of a library's worker thread (the guest's memory is outside it). */
  workerHeapMiB: 256,
  /**
   * Time for a library's worker thread to start (Node's own start-up, before the module is
   * instantiated). `timeout_ms` then limits instantiation, so a busy machine that starts threads
   * slowly is not mistaken for a stuck start function.
   */
  workerStartMs: 30_000,
} as const;

/** What an external library (a plugin process) can make the host keep. */
export const EXTERNAL_LIMITS = {
  /** Longest response line (and longest response spread over several lines). */
  responseBytes: 64 * MiB,
  /** Longest stderr line kept (longer ones are cut). */
  stderrLineBytes: 4_000,
  /** stderr lines kept for error messages (the last ones). */
  stderrTailLines: 40,
  /** stderr lines forwarded to `--verbose` per library in one run; the rest are counted. */
  stderrVerboseLines: 10_000,
} as const;

/** Warnings one library (external or WebAssembly) can add to a run, of all kinds together. */
export const WARNINGS_PER_LIBRARY = 20;

/** Shown in messages: `16 MiB`, `4000 bytes`. */
export function formatLimitBytes(n: number): string {
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/**
 * Layout of the shared-memory channel between the main thread and a library's worker.
 *
 * `ctrl` (Int32Array over its own SharedArrayBuffer) holds the state machine; `data` (a second
 * SharedArrayBuffer) holds the request bytes, then the response bytes followed by trace text.
 *
 *   main: write request into data, LEN, OP; STATE = REQUEST; notify
 *   worker: run the guest; write response (+ trace); LEN, STATUS, TRACE_LEN; STATE = RESPONSE; notify
 *   main: read response; STATE = IDLE
 *
 * Both sides spin before they sleep, so a wake-up is usually not needed: a side announces that it
 * is about to sleep (WORKER_SLEEPING before Atomics.wait, MAIN_WAITING before Atomics.waitAsync)
 * and the other calls Atomics.notify only then. All accesses are sequentially consistent, so
 * either the sleeper sees the new STATE when it checks it, or the notifier sees the flag.
 * WORK_US is how long the worker spent on the last request (µs): the main thread uses it to
 * decide whether to spin for the next answer (see worker-host.ts).
 */
import type { WasmModule } from './webassembly.js';

/**
 * Slots are spread over separate cache lines (LINE int32s apart): STATE, which one side polls in a
 * tight loop, sits alone on its line, so the other side's writes of the payload slots do not
 * steal that line from the poller (each stolen line costs a cross-core transfer on both sides).
 * The payload slots (OP, LEN, STATUS, TRACE_LEN, WORK_US) are written with plain stores before the
 * atomic store of STATE and read after the atomic load that saw it: the atomic pair orders them.
 */
const LINE = 32; // 128 bytes: a cache line plus the adjacent line some CPUs prefetch with it
export const Slot = {
  STATE: 0,
  OP: LINE,
  LEN: LINE + 1,
  STATUS: LINE + 2,
  TRACE_LEN: LINE + 3,
  WORK_US: LINE + 4,
  WORKER_SLEEPING: 2 * LINE,
  MAIN_WAITING: 3 * LINE,
} as const;
export const CTRL_SLOTS = 4 * LINE;

export const State = { IDLE: 0, REQUEST: 1, RESPONSE: 2, SHUTDOWN: 3 } as const;

export const Op = { CALL: 1, CHECK: 2, METADATA: 3 } as const;
export type OpValue = (typeof Op)[keyof typeof Op];

/** Response status written by the worker. */
export const Status = {
  /** data holds the guest's response JSON (UTF-8, not yet validated). */
  OK: 0,
  /** data holds `message\nstack` of a trap. */
  TRAP: 1,
  /** data holds a description of a malformed response (bad pointer/length, too large). */
  MALFORMED: 2,
} as const;

/** Everything the worker needs, passed as `workerData`. */
export interface WorkerInit {
  name: string;
  module: WasmModule;
  ctrl: SharedArrayBuffer;
  data: SharedArrayBuffer;
  /** Real path of the workspace root. */
  root: string;
  /** Descriptor of the workspace root, held by the main thread (src/confine). */
  rootFd: number;
  fileRead: boolean;
  /** Workspace-relative folders `write_file` may write below (empty: the capability is not granted). */
  writeGrants: string[];
  /** Workspace-relative paths never written, whatever is granted. */
  protectedPaths: string[];
  /** Absolute paths of files never written (compared by device and inode). */
  protectedFiles: string[];
  initialPages: number;
  maximumPages: number;
  /** Largest response accepted from the guest (bytes). */
  maxResponseBytes: number;
  /** Largest file `read_file` hands to the guest (bytes). */
  maxReadBytes: number;
  /** Collect host-call trace lines. */
  trace: boolean;
  /** Trace lines (host calls and `log`) kept per request; the rest are counted. */
  logLinesPerCall: number;
  /** Longest `log` line kept, in bytes. */
  logLineBytes: number;
  /** Longest path a host function accepts, in bytes. */
  pathBytes: number;
  /** How long the worker spins for the next request before it sleeps (ms). */
  spinMs: number;
}

/** The worker's script runs (posted before the module is instantiated). */
export interface WorkerStarted {
  type: 'started';
}

/** The message a worker posts once the module is instantiated (or could not be). */
export type WorkerHello =
  | { type: 'ready'; abiVersion: number }
  | { type: 'error'; code: string; message: string; details?: string };

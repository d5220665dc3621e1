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

export const Slot = { STATE: 0, OP: 1, LEN: 2, STATUS: 3, TRACE_LEN: 4, WORKER_SLEEPING: 5, MAIN_WAITING: 6, WORK_US: 7 } as const;
export const CTRL_SLOTS = 8;

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
  fileRead: boolean;
  fileWrite: boolean;
  initialPages: number;
  maximumPages: number;
  /** Largest response accepted from the guest (bytes). */
  maxResponseBytes: number;
  /** Largest file `read_file` hands to the guest (bytes). */
  maxReadBytes: number;
  /** Collect host-call trace lines. */
  trace: boolean;
  /** How long the worker spins for the next request before it sleeps (ms). */
  spinMs: number;
}

/** First message a worker posts. */
export type WorkerHello =
  | { type: 'ready'; abiVersion: number }
  | { type: 'error'; code: string; message: string; details?: string };

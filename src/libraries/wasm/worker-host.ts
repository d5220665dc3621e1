/**
 * Main-thread side of a library's worker: starts it, sends requests over the shared-memory
 * channel, enforces the per-call time limit by terminating the worker, and starts a fresh worker
 * on the next call.
 *
 * A call is synchronous as long as it can be: the request is written straight into the
 * shared buffer, the worker (spinning for work, see worker.ts) picks it up at once, and the main
 * thread spins for the answer (at most MAX_SPIN_NS, and only for libraries whose calls are
 * usually fast). Other calls wait with `Atomics.waitAsync`, so the event loop keeps running during
 * slow calls; a fast call costs no event-loop turn and a single promise.
 */
import { isUtf8 } from 'node:buffer';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LibraryError } from '../types.js';
import {
  CTRL_SLOTS,
  Slot,
  State,
  Status,
  type OpValue,
  type WorkerHello,
  type WorkerInit,
  type WorkerStarted,
} from './channel.js';
import { WasmErrorCode } from './errors.js';
import { waitAsync } from './webassembly.js';
import { WASM_RUNTIME_LIMITS } from '../../config/limits.js';

export interface WorkerSettings extends Omit<WorkerInit, 'ctrl' | 'data'> {
  timeoutMs: number;
  /** Bytes of the data channel (requests, responses and trace text). */
  channelBytes: number;
}

/** Writes a request into the channel: its length, or minus the length it needs. */
export type RequestWriter = (channel: Uint8Array) => number;

export interface RawResponse {
  status: number;
  /** The response decoded as UTF-8; undefined when status is OK but the bytes are not valid UTF-8. */
  text: string | undefined;
  /** A copy of the raw bytes, kept only when `text` is undefined or status is not OK. */
  bytes: Uint8Array | undefined;
  trace: string[];
}

/**
 * The main thread spins for an answer for at most MAX_SPIN_NS, unless this library's calls are
 * slow: the worker reports how long it worked on each request (Slot.WORK_US), and after
 * SLOW_STREAK calls in a row that each took more than SLOW_CALL_US of work, calls wait with
 * `Atomics.waitAsync` straight away (the event loop runs meanwhile) until a fast one comes. The
 * signal is the worker's own work time, not the round trip: a fast call that came back late (the
 * worker had to be woken, a thread was preempted) does not switch spinning off — stopping would
 * only make the next calls later too.
 */
const MAX_SPIN_NS = 100_000;
const SLOW_CALL_US = 50;
const SLOW_STREAK = 3;
/** Longest stretch of synchronously answered calls before the event loop gets a turn. */
const YIELD_EVERY_MS = 5;
/** Loads between two clock reads while spinning. */
const CLOCK_EVERY = 127;
/** Synchronously answered calls between two looks at the clock (for YIELD_EVERY_MS). */
const CLOCK_CHECK_CALLS = 8;

/**
 * The worker script: the bundled one (dist/bundle/wasm-worker.cjs, one file, so the worker starts
 * sooner) unless it is older than the compiled worker next to this module in dist/ (`tsc` run
 * alone since); else that compiled worker, or dist/'s when running TS sources.
 */
export function workerScript(): URL {
  const sibling = new URL('./worker.js', import.meta.url);
  const bundled = new URL('../../bundle/wasm-worker.cjs', import.meta.url);
  const bundledAt = statSync(fileURLToPath(bundled), { throwIfNoEntry: false })?.mtimeMs;
  const compiledAt = statSync(fileURLToPath(sibling), { throwIfNoEntry: false })?.mtimeMs;
  if (bundledAt !== undefined && compiledAt !== undefined && compiledAt <= bundledAt) return bundled;
  if (compiledAt !== undefined) return sibling;
  const dist = new URL('../../../dist/libraries/wasm/worker.js', import.meta.url);
  if (existsSync(fileURLToPath(dist))) return dist;
  throw new LibraryError(
    WasmErrorCode.WORKER,
    `cannot find the WebAssembly worker script (looked for ${fileURLToPath(sibling)} and ${fileURLToPath(dist)}); ` +
      'run `npm run build`',
  );
}

type Outcome = 'ok' | 'timeout' | string;

/** Responses up to this length are checked for ASCII first. */
const SMALL_RESPONSE = 64;

/** True when the bytes are all ASCII (then their UTF-8 and Latin-1 readings are the same). */
function isAscii(view: Uint8Array): boolean {
  for (let i = 0; i < view.length; i++) if (view[i]! >= 0x80) return false;
  return true;
}

export class WorkerHost {
  private worker: Worker | undefined;
  private ctrl: Int32Array;
  private readonly data: Uint8Array;
  private readonly dataText: Buffer;
  private exited: Promise<string> | undefined;
  /** Tail of the queue of requests that could not run synchronously. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Requests queued or waiting asynchronously; 0 means a new one may run at once. */
  private inFlight = 0;
  private disposed = false;
  /** Consecutive calls on which the worker worked longer than SLOW_CALL_US. */
  private slowStreak = 0;
  /** When calls last let the event loop run (performance.now()). */
  private lastTurn = 0;
  /** Synchronous answers since the clock was last read. */
  private syncCalls = 0;

  constructor(private readonly settings: WorkerSettings) {
    this.ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SLOTS * 4));
    const dataBuf = new SharedArrayBuffer(settings.channelBytes);
    this.data = new Uint8Array(dataBuf);
    this.dataText = Buffer.from(dataBuf);
  }

  get requestCapacity(): number {
    return this.data.length;
  }

  /** Start the worker (if it is not running) and wait for it to be ready. */
  async start(): Promise<void> {
    if (this.disposed)
      throw new LibraryError(WasmErrorCode.WORKER, `library '${this.settings.name}' has been disposed`);
    if (this.worker) return;
    // A fresh channel per worker: a terminated worker may have left it mid-request.
    const ctrlBuf = new SharedArrayBuffer(CTRL_SLOTS * 4);
    this.ctrl = new Int32Array(ctrlBuf);
    const { timeoutMs, channelBytes: _c, ...rest } = this.settings;
    const init: WorkerInit = { ...rest, ctrl: ctrlBuf, data: this.data.buffer as SharedArrayBuffer };
    // The guest's memory lies outside this heap; a worker whose own heap fills up (trace text,
    // strings) is stopped with an error instead of taking the process down.
    const worker = new Worker(workerScript(), {
      workerData: init,
      resourceLimits: { maxOldGenerationSizeMb: WASM_RUNTIME_LIMITS.workerHeapMiB },
    });
    worker.unref();
    this.worker = worker;
    let helloResolve!: (m: WorkerHello) => void;
    const helloP = new Promise<WorkerHello>((r) => (helloResolve = r));
    // Two limits: Node's start of the thread (generous: a loaded machine starts threads slowly),
    // then `timeout_ms` for instantiation, which runs the module's start function.
    let timer: NodeJS.Timeout | undefined;
    let timeoutResolve!: (m: WorkerHello) => void;
    const timeoutP = new Promise<WorkerHello>((r) => (timeoutResolve = r));
    const limit = (ms: number, message: string): void => {
      clearTimeout(timer);
      timer = setTimeout(() => timeoutResolve({ type: 'error', code: WasmErrorCode.TIMEOUT, message }), ms);
    };
    const startMs = WASM_RUNTIME_LIMITS.workerStartMs;
    limit(startMs, `the library's worker thread did not start within ${startMs / 1000} s`);
    const onMessage = (m: WorkerStarted | WorkerHello): void => {
      if (m.type === 'started') {
        limit(timeoutMs, `instantiation did not finish within ${timeoutMs} ms (start function stuck?)`);
        return;
      }
      worker.off('message', onMessage);
      helloResolve(m);
    };
    worker.on('message', onMessage);
    this.exited = new Promise<string>((resolve) => {
      worker.once('error', (err) => {
        const oom = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        resolve(
          oom
            ? `the library's worker ran out of memory (its heap limit is ${WASM_RUNTIME_LIMITS.workerHeapMiB} MiB)`
            : `worker error: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
      worker.once('exit', (code) => resolve(`worker exited with code ${code}`));
    });
    const exitedP = this.exited.then(
      (why) => ({ type: 'error', code: WasmErrorCode.INSTANTIATE, message: why }) as WorkerHello,
    );
    const hello = await Promise.race([helloP, exitedP, timeoutP]);
    clearTimeout(timer);
    if (hello.type === 'error') {
      await this.kill();
      throw new LibraryError(
        hello.code,
        `WebAssembly library '${this.settings.name}': ${hello.message}`,
        hello.details,
      );
    }
  }

  /**
   * Send one request. `write` puts the request JSON into the channel and returns its length, or
   * minus the length it needs when the channel is too small (undefined: no request body, for
   * METADATA). Requests are serialised: one worker runs one call at a time. When nothing else is
   * pending and the worker is running, the request is sent at once and usually answered before
   * this returns: then the answer itself is returned, not a promise.
   */
  request(op: OpValue, write: RequestWriter | undefined): RawResponse | Promise<RawResponse> {
    if (this.inFlight === 0 && this.worker !== undefined) {
      let r: RawResponse | Promise<RawResponse>;
      try {
        r = this.exchange(op, write);
      } catch (err) {
        return Promise.reject(err);
      }
      if (r instanceof Promise) return this.hold(r);
      // An answer that came back synchronously is returned as it is (the caller settles its own
      // promise with it: no event-loop turn). After a stretch of them, hand the answer over
      // through setImmediate so timers and I/O get a turn; the clock is read every few calls only.
      if (++this.syncCalls < CLOCK_CHECK_CALLS) return r;
      this.syncCalls = 0;
      const now = performance.now();
      if (now - this.lastTurn < YIELD_EVERY_MS) return r;
      this.lastTurn = now;
      return new Promise((resolve) => setImmediate(resolve, r));
    }
    return this.hold(
      this.queue.then(async () => {
        await this.start();
        return this.exchange(op, write);
      }),
    );
  }

  /** Count a request as in flight until it settles, and queue later requests behind it. */
  private hold(p: Promise<RawResponse>): Promise<RawResponse> {
    this.inFlight++;
    const settled = p.then(
      () => void this.inFlight--,
      () => void this.inFlight--,
    );
    this.queue = settled;
    return p;
  }

  /** Write the request, wake the worker, and wait (spin first) for the answer. */
  private exchange(op: OpValue, write: RequestWriter | undefined): RawResponse | Promise<RawResponse> {
    let len = 0;
    if (write !== undefined) {
      len = write(this.data);
      if (len < 0)
        throw new LibraryError(
          WasmErrorCode.REQUEST_TOO_LARGE,
          `request of ${-len} bytes exceeds the channel capacity of ${this.data.length} bytes`,
        );
    }
    const ctrl = this.ctrl;
    ctrl[Slot.OP] = op;
    ctrl[Slot.LEN] = len;
    Atomics.store(ctrl, Slot.STATE, State.REQUEST);
    if (Atomics.load(ctrl, Slot.WORKER_SLEEPING) !== 0) Atomics.notify(ctrl, Slot.STATE);
    if (this.slowStreak < SLOW_STREAK && this.spin(ctrl)) return this.takeResponse(ctrl);
    return this.waitAsyncForResponse(ctrl);
  }

  /**
   * Spin for the answer for at most about MAX_SPIN_NS; true when it came. The clock is first read
   * after CLOCK_EVERY loads (well under a microsecond), so a fast answer costs no clock read.
   */
  private spin(ctrl: Int32Array): boolean {
    let until = -1;
    for (let i = 1; ; i++) {
      if (Atomics.load(ctrl, Slot.STATE) === State.RESPONSE) return true;
      if (i % CLOCK_EVERY === 0) {
        const now = performance.now();
        if (until < 0) until = now + MAX_SPIN_NS / 1e6;
        else if (now > until) return false;
      }
    }
  }

  private async waitAsyncForResponse(ctrl: Int32Array): Promise<RawResponse> {
    const deadline = Date.now() + this.settings.timeoutMs;
    const exited = this.exited!;
    // `Atomics.waitAsync` does not keep the event loop alive; this timer does, until we are done.
    const keepAlive = setTimeout(() => undefined, this.settings.timeoutMs + 1000);
    let outcome: Outcome;
    Atomics.store(ctrl, Slot.MAIN_WAITING, 1);
    try {
      outcome = await this.waitLoop(ctrl, deadline, exited);
    } finally {
      Atomics.store(ctrl, Slot.MAIN_WAITING, 0);
      clearTimeout(keepAlive);
      this.lastTurn = performance.now(); // waitAsync resolved in a task of its own
    }
    if (outcome !== 'ok') {
      await this.kill();
      if (outcome === 'timeout')
        throw new LibraryError(
          WasmErrorCode.TIMEOUT,
          `exceeded the time limit of ${this.settings.timeoutMs} ms; the worker was stopped`,
        );
      throw new LibraryError(WasmErrorCode.WORKER, `the worker stopped unexpectedly (${outcome})`);
    }
    return this.takeResponse(ctrl);
  }

  private async waitLoop(ctrl: Int32Array, deadline: number, exited: Promise<string>): Promise<Outcome> {
    for (;;) {
      if (Atomics.load(ctrl, Slot.STATE) === State.RESPONSE) return 'ok';
      const remaining = deadline - Date.now();
      if (remaining <= 0) return 'timeout';
      const w = waitAsync(ctrl, Slot.STATE, State.REQUEST, remaining);
      if (w.async) {
        const r = await Promise.race([w.value, exited]);
        if (r !== 'ok' && r !== 'timed-out' && r !== 'not-equal') {
          // The worker died; it may still have answered just before.
          if (Atomics.load(ctrl, Slot.STATE) === State.RESPONSE) return 'ok';
          return r;
        }
      }
    }
  }

  /** Read the answer out of the channel and mark it idle. */
  private takeResponse(ctrl: Int32Array): RawResponse {
    // Plain reads: the caller's atomic load of STATE === RESPONSE orders them after the worker's writes.
    const n = ctrl[Slot.LEN]!;
    const status = ctrl[Slot.STATUS]!;
    const traceLen = ctrl[Slot.TRACE_LEN]!;
    this.slowStreak = ctrl[Slot.WORK_US]! > SLOW_CALL_US ? this.slowStreak + 1 : 0;
    const view = this.data.subarray(0, n);
    let text: string | undefined;
    let bytes: Uint8Array | undefined;
    // A short ASCII answer (most check answers) skips the UTF-8 validation and decoder.
    if (status === Status.OK)
      text =
        n <= SMALL_RESPONSE && isAscii(view)
          ? this.dataText.toString('latin1', 0, n)
          : isUtf8(view)
            ? this.dataText.toString('utf8', 0, n)
            : undefined;
    if (text === undefined) bytes = view.slice();
    const trace = traceLen > 0 ? this.dataText.toString('utf8', n, n + traceLen).split('\n') : [];
    Atomics.store(ctrl, Slot.STATE, State.IDLE);
    return { status, text, bytes, trace };
  }

  private async kill(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.worker) {
      Atomics.store(this.ctrl, Slot.STATE, State.SHUTDOWN);
      Atomics.notify(this.ctrl, Slot.STATE);
    }
    await this.kill();
  }

  /** Status of a response (re-exported for the library layer). */
  static readonly Status = Status;
}

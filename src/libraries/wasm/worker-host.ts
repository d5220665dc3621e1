/**
 * Main-thread side of a library's worker: starts it, sends requests over the shared-memory
 * channel (short spin, then `Atomics.waitAsync` so the event loop keeps running), enforces the
 * per-call time limit by terminating the worker, and starts a fresh worker on the next call.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LibraryError } from '../types.js';
import { CTRL_SLOTS, Slot, State, Status, type OpValue, type WorkerHello, type WorkerInit } from './channel.js';
import { WasmErrorCode } from './errors.js';
import { waitAsync } from './webassembly.js';

export interface WorkerSettings extends Omit<WorkerInit, 'ctrl' | 'data'> {
  timeoutMs: number;
  /** Bytes of the data channel (requests, responses and trace text). */
  channelBytes: number;
}

export interface RawResponse {
  status: number;
  bytes: Uint8Array;
  trace: string[];
}

/**
 * The main thread spins for the answer before it falls back to `Atomics.waitAsync` (which costs a
 * trip through the event loop, tens of microseconds). The budget adapts: it halves each time the
 * answer did not come within it (a slow call, or a machine so busy that spinning only steals CPU
 * from the worker), doubles (up to MAX_SPIN_NS) when it paid off, and is probed again every
 * PROBE_EVERY calls once it reached zero.
 */
const MAX_SPIN_NS = 100_000;
const MIN_SPIN_NS = 2_000;
const PROBE_SPIN_NS = 20_000;
const PROBE_EVERY = 32;

/** The compiled worker script: next to this module in dist/, or dist/ when running TS sources. */
export function workerScript(): URL {
  const sibling = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const dist = new URL('../../../dist/libraries/wasm/worker.js', import.meta.url);
  if (existsSync(fileURLToPath(dist))) return dist;
  throw new LibraryError(WasmErrorCode.WORKER, `cannot find the WebAssembly worker script (looked for ${fileURLToPath(sibling)} and ${fileURLToPath(dist)}); run \`npm run build\``);
}

export class WorkerHost {
  private worker: Worker | undefined;
  private ctrl: Int32Array;
  private data: Uint8Array;
  private ctrlBuf: SharedArrayBuffer;
  private dataBuf: SharedArrayBuffer;
  private exited: Promise<string> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly decoder = new TextDecoder();
  private spinNs = MAX_SPIN_NS / 2;
  private calls = 0;

  constructor(private readonly settings: WorkerSettings) {
    this.ctrlBuf = new SharedArrayBuffer(CTRL_SLOTS * 4);
    this.dataBuf = new SharedArrayBuffer(settings.channelBytes);
    this.ctrl = new Int32Array(this.ctrlBuf);
    this.data = new Uint8Array(this.dataBuf);
  }

  get requestCapacity(): number {
    return this.data.length;
  }

  /** Start the worker (if it is not running) and wait for it to be ready. */
  async start(): Promise<void> {
    if (this.disposed) throw new LibraryError(WasmErrorCode.WORKER, `library '${this.settings.name}' has been disposed`);
    if (this.worker) return;
    // A fresh channel per worker: a terminated worker may have left it mid-request.
    this.ctrlBuf = new SharedArrayBuffer(CTRL_SLOTS * 4);
    this.ctrl = new Int32Array(this.ctrlBuf);
    const { timeoutMs, channelBytes: _c, ...rest } = this.settings;
    const init: WorkerInit = { ...rest, ctrl: this.ctrlBuf, data: this.dataBuf };
    const worker = new Worker(workerScript(), { workerData: init });
    worker.unref();
    this.worker = worker;
    let helloResolve!: (m: WorkerHello) => void;
    const helloP = new Promise<WorkerHello>((r) => (helloResolve = r));
    worker.once('message', (m: WorkerHello) => helloResolve(m));
    this.exited = new Promise<string>((resolve) => {
      worker.once('error', (err) => resolve(`worker error: ${err instanceof Error ? err.message : String(err)}`));
      worker.once('exit', (code) => resolve(`worker exited with code ${code}`));
    });
    const exitedP = this.exited.then((why) => ({ type: 'error', code: WasmErrorCode.INSTANTIATE, message: why }) as WorkerHello);
    let timer: NodeJS.Timeout | undefined;
    const timeoutP = new Promise<WorkerHello>((r) => {
      timer = setTimeout(
        () => r({ type: 'error', code: WasmErrorCode.TIMEOUT, message: `instantiation did not finish within ${timeoutMs} ms (start function stuck?)` }),
        timeoutMs,
      );
    });
    const hello = await Promise.race([helloP, exitedP, timeoutP]);
    clearTimeout(timer);
    if (hello.type === 'error') {
      await this.kill();
      throw new LibraryError(hello.code, `WebAssembly library '${this.settings.name}': ${hello.message}`, hello.details);
    }
  }

  /** Send one request; requests are serialised (one worker runs one call at a time). */
  request(op: OpValue, payload: Uint8Array | undefined): Promise<RawResponse> {
    const run = this.queue.then(() => this.requestNow(op, payload));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async requestNow(op: OpValue, payload: Uint8Array | undefined): Promise<RawResponse> {
    await this.start();
    const len = payload?.length ?? 0;
    if (len > this.data.length)
      throw new LibraryError(WasmErrorCode.REQUEST_TOO_LARGE, `request of ${len} bytes exceeds the channel capacity of ${this.data.length} bytes`);
    if (payload) this.data.set(payload, 0);
    const ctrl = this.ctrl;
    Atomics.store(ctrl, Slot.OP, op);
    Atomics.store(ctrl, Slot.LEN, len);
    Atomics.store(ctrl, Slot.STATE, State.REQUEST);
    Atomics.notify(ctrl, Slot.STATE);
    const outcome = await this.waitForResponse(ctrl);
    if (outcome !== 'ok') {
      await this.kill();
      if (outcome === 'timeout')
        throw new LibraryError(WasmErrorCode.TIMEOUT, `exceeded the time limit of ${this.settings.timeoutMs} ms; the worker was stopped`);
      throw new LibraryError(WasmErrorCode.WORKER, `the worker stopped unexpectedly (${outcome})`);
    }
    const n = Atomics.load(ctrl, Slot.LEN);
    const status = Atomics.load(ctrl, Slot.STATUS);
    const traceLen = Atomics.load(ctrl, Slot.TRACE_LEN);
    const bytes = this.data.slice(0, n);
    const trace = traceLen > 0 ? this.decoder.decode(this.data.slice(n, n + traceLen)).split('\n') : [];
    Atomics.store(ctrl, Slot.STATE, State.IDLE);
    return { status, bytes, trace };
  }

  private async waitForResponse(ctrl: Int32Array): Promise<'ok' | 'timeout' | string> {
    this.calls++;
    if (this.spinNs === 0 && this.calls % PROBE_EVERY === 0) this.spinNs = PROBE_SPIN_NS;
    if (this.spinNs > 0) {
      const spinUntil = process.hrtime.bigint() + BigInt(this.spinNs);
      for (let i = 1; ; i++) {
        if (Atomics.load(ctrl, Slot.STATE) === State.RESPONSE) {
          if (this.spinNs < MAX_SPIN_NS) this.spinNs = Math.min(MAX_SPIN_NS, this.spinNs * 2);
          return 'ok';
        }
        if ((i & 255) === 0 && process.hrtime.bigint() > spinUntil) break;
      }
      this.spinNs = this.spinNs >= 2 * MIN_SPIN_NS ? this.spinNs >> 1 : 0;
    }
    const deadline = Date.now() + this.settings.timeoutMs;
    const exited = this.exited!;
    // `Atomics.waitAsync` does not keep the event loop alive; this timer does, until we are done.
    const keepAlive = setTimeout(() => undefined, this.settings.timeoutMs + 1000);
    try {
      return await this.waitLoop(ctrl, deadline, exited);
    } finally {
      clearTimeout(keepAlive);
    }
  }

  private async waitLoop(ctrl: Int32Array, deadline: number, exited: Promise<string>): Promise<'ok' | 'timeout' | string> {
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

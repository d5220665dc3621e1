/**
 * Worker thread hosting one WebAssembly library instance. Runs the guest and its host functions
 * synchronously and talks to the main thread over the shared-memory channel (channel.ts). The
 * main thread enforces the time limit by terminating this worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { WA, type WasmImports, type WasmMemory } from './webassembly.js';
import { ABI_VERSION, HOST_STATUS_NAMES, HostStatus, MEMORY_IMPORT, pack } from './abi.js';
import {
  CTRL_SLOTS,
  Op,
  Slot,
  State,
  Status,
  type WorkerHello,
  type WorkerInit,
  type WorkerStarted,
} from './channel.js';
import { closeSync } from 'node:fs';
import { ConfinedRoot, readFully } from '../../confine/index.js';
import { HostFs, type HostResult as FsResult } from './host-fs.js';
import { WasmErrorCode } from './errors.js';

const init = workerData as WorkerInit;
const ctrl = new Int32Array(init.ctrl, 0, CTRL_SLOTS);
const data = new Uint8Array(init.data);
const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();
const traceLines: string[] = [];
const fs = new HostFs(ConfinedRoot.fromFd(init.root, init.rootFd), {
  writeGrants: init.writeGrants,
  protectedPaths: init.protectedPaths,
  protectedFiles: init.protectedFiles,
});

/** A problem in the guest's use of the ABI, reported like a trap. */
class GuestFault extends Error {}

/** The guest called `hielements.abort`. */
class GuestAbort extends Error {}

/**
 * The first abort or ABI violation of the current request. Once set, the request is an error
 * whatever the guest does next: a guest that catches the host's exception (wasm exception
 * handling, `catch_all`) and returns a normal answer still gets a trap, and every host function
 * it calls afterwards throws again without doing anything.
 */
let fault: Error | undefined;

function raise(err: Error): Error {
  fault ??= err;
  return fault;
}

/** Set when checkFault had to throw again: the guest caught the first throw and went on. */
let caughtByGuest = false;

/** Throw the recorded fault, if any: called whenever control comes back from the guest. */
function checkFault(): void {
  if (fault) {
    caughtByGuest = true;
    throw fault;
  }
}

/** Trace lines of the current request (host calls and `log`), and how many were dropped. */
let traceCount = 0;
let traceDropped = 0;

/** Stack frames kept in a trap report. */
const MAX_FRAMES = 20;

interface Guest {
  memory: WasmMemory;
  alloc: (len: number) => number;
  dealloc: (ptr: number, len: number) => void;
  call: (ptr: number, len: number) => bigint;
  check: (ptr: number, len: number) => bigint;
  metadata: () => bigint;
  version: () => number;
}

let guest: Guest | undefined;

function trace(line: string): void {
  if (!init.trace) return;
  if (traceCount >= init.logLinesPerCall) {
    traceDropped++;
    return;
  }
  traceCount++;
  traceLines.push(`wasm ${init.name}: ${line}`);
}

/** Notes about dropped trace lines, added once at the end of a request. */
function traceNotes(): void {
  if (traceDropped > 0)
    traceLines.push(
      `wasm ${init.name}: ${traceDropped} more trace line(s) of this call dropped (limit ` +
        `${init.logLinesPerCall} per call)`,
    );
  traceCount = 0;
  traceDropped = 0;
}

function guestBytes(ptr: number, len: number, what: string): Uint8Array {
  const mem = guest!.memory.buffer;
  ptr >>>= 0;
  len >>>= 0;
  if (ptr + len > mem.byteLength)
    throw raise(
      new GuestFault(`${what}: pointer ${ptr} + length ${len} is outside the guest memory (${mem.byteLength} bytes)`),
    );
  return new Uint8Array(mem, ptr, len);
}

/**
 * A path argument: bounds-checked like any buffer (an ABI violation when outside memory), and
 * undefined — the host function then answers "invalid path" — when longer than pathBytes, so a
 * guest cannot make the host decode a gigabyte-long "path".
 */
function guestPath(ptr: number, len: number, what: string): string | undefined {
  const bytes = guestBytes(ptr, len, what);
  if (bytes.length > init.pathBytes) {
    trace(`${what.split(' ')[0]}: a path of ${bytes.length} bytes is refused (limit ${init.pathBytes})`);
    return undefined;
  }
  return utf8.decode(bytes);
}

/** A log message: cut to logLineBytes (at a character boundary) before it is decoded. */
function logText(ptr: number, len: number): string {
  const bytes = guestBytes(ptr, len, 'log message');
  if (bytes.length <= init.logLineBytes) return utf8.decode(bytes);
  let end = init.logLineBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return `${utf8.decode(bytes.subarray(0, end))} …[${bytes.length - end} more bytes cut]`;
}

/** Copy bytes into a fresh guest allocation; returns packed ptr/len or a negative status. */
function giveToGuest(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  const ptr = guest!.alloc(bytes.length) >>> 0;
  checkFault();
  const mem = guest!.memory.buffer; // re-read: alloc may have grown (and detached) the buffer
  if (ptr === 0 || ptr + bytes.length > mem.byteLength) return BigInt(HostStatus.GUEST_ALLOC_FAILED);
  new Uint8Array(mem, ptr, bytes.length).set(bytes);
  return pack(ptr, bytes.length);
}

function timed<T>(fn: string, path: string, capability: string, allowed: boolean, op: () => FsResult<T>): FsResult<T> {
  const t0 = performance.now();
  const r: FsResult<T> = allowed
    ? op()
    : { ok: false, status: HostStatus.DENIED, reason: `capability ${capability} is not granted` };
  if (init.trace) {
    const ms = (performance.now() - t0).toFixed(3);
    const verdict = r.ok
      ? 'allowed'
      : r.status === HostStatus.DENIED
        ? `denied (${r.reason})`
        : `allowed, ${HOST_STATUS_NAMES[r.status] ?? r.status} (${r.reason})`;
    trace(`${fn}(${JSON.stringify(path)}) [${capability}] ${verdict} ${ms} ms`);
  }
  return r;
}

/** read_file: the file is read straight into a guest allocation of its size. */
function readIntoGuest(path: string): FsResult<bigint> {
  const opened = fs.openRead(path, init.maxReadBytes);
  if (!opened.ok) return opened;
  const { fd, size } = opened.value;
  try {
    if (size === 0) return { ok: true, value: 0n };
    const g = guest!;
    const ptr = g.alloc(size) >>> 0;
    checkFault();
    const mem = g.memory.buffer; // re-read: alloc may have grown (and detached) the buffer
    if (ptr === 0 || ptr + size > mem.byteLength)
      return {
        ok: false,
        status: HostStatus.GUEST_ALLOC_FAILED,
        reason: `the guest could not allocate ${size} bytes`,
      };
    let n: number;
    try {
      n = readFully(fd, new Uint8Array(mem, ptr, size));
    } catch (err) {
      g.dealloc(ptr, size);
      checkFault();
      return { ok: false, status: HostStatus.IO_ERROR, reason: err instanceof Error ? err.message : String(err) };
    }
    if (n === size) return { ok: true, value: pack(ptr, n) };
    // The file shrank after fstat: hand over a buffer of the exact length, because allocators
    // that track sizes (Rust's) must be given back exactly what they handed out.
    const copy = new Uint8Array(g.memory.buffer, ptr, n).slice();
    g.dealloc(ptr, size);
    checkFault();
    const packed = giveToGuest(copy);
    return packed < 0n
      ? { ok: false, status: Number(packed), reason: `the guest could not allocate ${n} bytes` }
      : { ok: true, value: packed };
  } finally {
    closeSync(fd);
  }
}

function hostImports(): WasmImports {
  return {
    read_file(ptr: number, len: number): bigint {
      checkFault();
      const path = guestPath(ptr, len, 'read_file path');
      if (path === undefined) return BigInt(HostStatus.INVALID_PATH);
      const r = timed('read_file', path, 'file_read', init.fileRead, () => readIntoGuest(path));
      return r.ok ? r.value : BigInt(r.status);
    },
    list_directory(ptr: number, len: number): bigint {
      checkFault();
      const path = guestPath(ptr, len, 'list_directory path');
      if (path === undefined) return BigInt(HostStatus.INVALID_PATH);
      const r = timed('list_directory', path, 'file_read', init.fileRead, () => fs.list(path));
      return r.ok ? giveToGuest(utf8Encoder.encode(r.value)) : BigInt(r.status);
    },
    file_exists(ptr: number, len: number): number {
      checkFault();
      const path = guestPath(ptr, len, 'file_exists path');
      if (path === undefined) return HostStatus.INVALID_PATH;
      const r = timed('file_exists', path, 'file_read', init.fileRead, () => fs.exists(path));
      return r.ok ? r.value : r.status;
    },
    write_file(pathPtr: number, pathLen: number, dataPtr: number, dataLen: number): number {
      checkFault();
      const path = guestPath(pathPtr, pathLen, 'write_file path');
      if (path === undefined) return HostStatus.INVALID_PATH;
      const bytes = guestBytes(dataPtr, dataLen, 'write_file data').slice();
      const r = timed('write_file', path, 'file_write', init.writeGrants.length > 0, () => fs.write(path, bytes));
      return r.ok ? HostStatus.OK : r.status;
    },
    log(ptr: number, len: number): void {
      checkFault();
      if (!init.trace) {
        guestBytes(ptr, len, 'log message'); // a bad pointer is an ABI violation, traced or not
        return;
      }
      if (traceCount >= init.logLinesPerCall) {
        guestBytes(ptr, len, 'log message');
        traceDropped++;
        return;
      }
      trace(`log: ${logText(ptr, len)}`);
    },
    abort(msgPtr: number, filePtr: number, line: number, column: number): void {
      checkFault();
      throw raise(
        new GuestAbort(`abort: ${asString(msgPtr) || 'no message'} at ${asString(filePtr) || '?'}:${line}:${column}`),
      );
    },
  } as unknown as WasmImports;
}

/** Read an AssemblyScript string (UTF-16LE, byte length stored at ptr - 4); '' when unreadable. */
function asString(ptr: number): string {
  ptr >>>= 0;
  const mem = guest?.memory.buffer;
  if (!mem || ptr < 4 || ptr > mem.byteLength) return '';
  const byteLen = new DataView(mem).getUint32(ptr - 4, true);
  if (ptr + byteLen > mem.byteLength || byteLen > 1 << 16) return '';
  return Buffer.from(mem, ptr, byteLen & ~1).toString('utf16le');
}

function instantiate(): void {
  const memory = new WA.Memory({ initial: init.initialPages, maximum: init.maximumPages });
  const g = { memory } as Guest;
  guest = g; // host functions called from a start function need the memory
  fault = undefined;
  caughtByGuest = false;
  const instance = new WA.Instance(init.module, {
    [MEMORY_IMPORT.module]: { [MEMORY_IMPORT.name]: memory },
    hielements: hostImports(),
  });
  checkFault(); // the start function aborted and caught the host's exception
  const ex = instance.exports as Record<string, unknown>;
  g.alloc = ex.alloc as Guest['alloc'];
  g.dealloc = ex.dealloc as Guest['dealloc'];
  g.call = ex.call as Guest['call'];
  g.check = ex.check as Guest['check'];
  g.metadata = ex.metadata as Guest['metadata'];
  g.version = ex.hielements_abi_version as Guest['version'];
}

function faultKind(err: object): string {
  if (err instanceof WA.RuntimeError) return 'trap';
  if (err instanceof TypeError) return 'host error';
  if (err instanceof GuestFault) return 'ABI violation';
  if (err instanceof GuestAbort) return 'trap';
  if (err instanceof RangeError) return 'trap (stack exhausted)';
  return 'error';
}

function describeFault(err: unknown): string {
  if (err instanceof Error) {
    const kind = faultKind(err);
    // The stack lists the wasm frames as `wasm://wasm/<hash>:wasm-function[N]:0xOFFSET` (or names when present).
    // Only the guest's frames: the host's own (worker.js, node:internal) say nothing to the author.
    const frames = (err.stack ?? '')
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
      .filter((l) => l.startsWith('at ') && l.includes('wasm://'));
    const shown =
      frames.length > MAX_FRAMES
        ? [...frames.slice(0, MAX_FRAMES), `… ${frames.length - MAX_FRAMES} more frames`]
        : frames;
    return `${kind}: ${err.message}${shown.length > 0 ? `\n${shown.join('\n')}` : ''}`;
  }
  // A wasm exception thrown with `throw` and caught by nobody: not a host error.
  if (WA.Exception !== undefined && err instanceof WA.Exception)
    return 'trap: uncaught wasm exception (thrown by the guest with `throw` and never caught)';
  return `trap: the guest threw a value that is not an error (${typeof err})`;
}

/**
 * The guest's answer `(ptr << 32) | len` (an i64, so a BigInt in JavaScript) is split into its two
 * 32-bit halves through a typed array, right where each export returns it: no BigInt arithmetic and
 * no BigInt variable merging the results of several exports. Node 20's optimizing compiler aborted
 * the whole process ("RepresentationChangerError: Phi of kRepTagged (SignedBigInt64)") compiling
 * `invoke` after some fifty thousand calls when one variable held either export's result and was
 * then shifted and truncated.
 */
const answerSlot = new BigInt64Array(1);
const answerHalves = new Uint32Array(answerSlot.buffer);
/** Index of the low half in `answerHalves` (the platform's byte order). */
const LOW_HALF = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
let answerPtr = 0;
let answerLen = 0;
function splitAnswer(packed: bigint): void {
  answerSlot[0] = packed;
  answerLen = answerHalves[LOW_HALF]!;
  answerPtr = answerHalves[1 - LOW_HALF]!;
}

/** Run one request and write its answer into the channel (no trace yet); returns [status, length]. */
function invoke(op: number, reqLen: number): [number, number] {
  const g = guest!;
  let reqPtr = 0;
  if (op === Op.METADATA) {
    splitAnswer(g.metadata());
    checkFault();
  } else {
    reqPtr = g.alloc(reqLen) >>> 0;
    checkFault();
    if (reqPtr === 0 && reqLen > 0) throw new GuestFault('alloc returned a null pointer for the request');
    const mem = memoryBytes();
    if (reqPtr + reqLen > mem.length)
      throw new GuestFault(
        `alloc result for the request: pointer ${reqPtr} + length ${reqLen} is outside the guest memory ` +
          `(${mem.length} bytes)`,
      );
    mem.set(data.subarray(0, reqLen), reqPtr);
    if (op === Op.CALL) splitAnswer(g.call(reqPtr, reqLen));
    else splitAnswer(g.check(reqPtr, reqLen));
    checkFault();
  }
  const ptr = answerPtr;
  const len = answerLen;
  const mem = memoryBytes();
  const size = mem.length;
  if (len > init.maxResponseBytes)
    return malformed(`response of ${len} bytes exceeds the limit of ${init.maxResponseBytes} bytes`);
  if (ptr + len > size)
    return malformed(`response pointer ${ptr} + length ${len} is outside the guest memory (${size} bytes)`);
  if (len > data.length)
    return malformed(`response of ${len} bytes exceeds the channel capacity of ${data.length} bytes`);
  data.set(mem.subarray(ptr, ptr + len), 0);
  if (op !== Op.METADATA) g.dealloc(reqPtr, reqLen);
  if (len > 0) g.dealloc(ptr, len);
  checkFault();
  return [Status.OK, len];
}

/** A byte view of the guest memory, renewed when growth replaced (detached) the buffer. */
let memoryView: Uint8Array | undefined;
function memoryBytes(): Uint8Array {
  const buf = guest!.memory.buffer;
  if (memoryView === undefined || memoryView.buffer !== buf) memoryView = new Uint8Array(buf);
  return memoryView;
}

function malformed(message: string): [number, number] {
  return [Status.MALFORMED, put(utf8Encoder.encode(message))];
}

/** Copy bytes to the start of the channel (truncated to its size); returns the length written. */
function put(payload: Uint8Array): number {
  const n = Math.min(payload.length, data.length);
  data.set(payload.subarray(0, n), 0);
  return n;
}

/** Publish the answer of length `n` (already in the channel), with any trace text after it. */
function respond(status: number, n: number): void {
  let traceLen = 0;
  if (traceLines.length > 0) {
    const t = utf8Encoder.encode(traceLines.join('\n'));
    traceLen = Math.min(t.length, data.length - n);
    data.set(t.subarray(0, traceLen), n);
    traceLines.length = 0;
  }
  // Plain stores, published by the atomic store of STATE below (see channel.ts).
  ctrl[Slot.LEN] = n;
  ctrl[Slot.STATUS] = status;
  ctrl[Slot.TRACE_LEN] = traceLen;
  Atomics.store(ctrl, Slot.STATE, State.RESPONSE);
  if (Atomics.load(ctrl, Slot.MAIN_WAITING) !== 0) Atomics.notify(ctrl, Slot.STATE);
}

/**
 * Wait for the next request: spin for up to `spinMs`, then sleep in Atomics.wait. Waking a
 * sleeping thread costs tens of microseconds here — far more than a fast call — and every
 * microsecond the caller waits delays its next request too, so a worker that slept through a
 * request of an active caller would keep sleeping through the following ones. Hence the rule:
 *   - a request that comes while spinning keeps the budget;
 *   - after sleeping, a request that came soon (within NEAR_MISS_MS of going to sleep) means the
 *     caller is active: the budget goes back to the full init.spinMs;
 *   - a request after a longer sleep means the library is called sparsely: the budget halves
 *     (down to zero), so an occasional call does not cost half a millisecond of spinning.
 * The spin is bounded by init.spinMs of CPU per request.
 */
const NEAR_MISS_MS = 1;
let spinMs = init.spinMs;

function nextState(): number {
  let state = Atomics.load(ctrl, Slot.STATE);
  if (state === State.REQUEST || state === State.SHUTDOWN) return state;
  if (spinMs > 0) {
    const until = performance.now() + spinMs;
    for (let i = 1; ; i++) {
      state = Atomics.load(ctrl, Slot.STATE);
      if (state === State.REQUEST || state === State.SHUTDOWN) return state;
      if ((i & 255) === 0 && performance.now() > until) break;
    }
  }
  const slept = performance.now();
  Atomics.store(ctrl, Slot.WORKER_SLEEPING, 1);
  while (state !== State.REQUEST && state !== State.SHUTDOWN) {
    Atomics.wait(ctrl, Slot.STATE, state);
    state = Atomics.load(ctrl, Slot.STATE);
  }
  Atomics.store(ctrl, Slot.WORKER_SLEEPING, 0);
  spinMs = performance.now() - slept < NEAR_MISS_MS ? init.spinMs : spinMs >= 0.008 ? spinMs / 2 : 0;
  return state;
}

function serve(): void {
  for (;;) {
    const state = nextState();
    if (state === State.SHUTDOWN) return;
    const op = ctrl[Slot.OP]!;
    const len = ctrl[Slot.LEN]!;
    let status: number;
    let n: number;
    const started = performance.now();
    fault = undefined;
    caughtByGuest = false;
    try {
      [status, n] = invoke(op, len);
    } catch (err) {
      status = Status.TRAP;
      // The first fault is the one to report, even when the guest caught it and failed later.
      const first = fault ?? err;
      let text = describeFault(first);
      if (fault !== undefined && caughtByGuest)
        text += `\n(the guest caught the host's exception and went on; the call is an error all the same)`;
      // The guest's heap may be corrupt after a trap: start over with a fresh instance and memory.
      try {
        instantiate();
      } catch (e) {
        text += `\n(re-instantiation failed: ${describeFault(e)})`;
      }
      n = put(utf8Encoder.encode(text));
    }
    ctrl[Slot.WORK_US] = Math.min(0x7fffffff, Math.round((performance.now() - started) * 1000));
    traceNotes();
    respond(status, n);
  }
}

function hello(msg: WorkerHello): void {
  parentPort!.postMessage(msg);
}

// Node started the thread: from here on the time limit covers instantiation (the start function).
parentPort!.postMessage({ type: 'started' } satisfies WorkerStarted);
try {
  instantiate();
  const v = guest!.version();
  if (v !== ABI_VERSION) {
    hello({
      type: 'error',
      code: WasmErrorCode.ABI_VERSION,
      message: `module speaks ABI version ${v}; this host speaks version ${ABI_VERSION}`,
    });
  } else {
    hello({ type: 'ready', abiVersion: v });
    serve();
  }
} catch (err) {
  hello({ type: 'error', code: WasmErrorCode.INSTANTIATE, message: `instantiation failed: ${describeFault(err)}` });
}

/**
 * Sandboxed WebAssembly libraries (`type = "wasm"` in hielements.toml).
 *
 * createWasmLibrary validates and compiles the module on the main thread, then runs one instance
 * in a worker thread. See docs/wasm_library_guide.md and docs/wasm_abi.md.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { confinedRoot, OUTPUT_DIR, type ConfinedRoot } from '../../confine/index.js';
import type { WasmLibraryConfig } from '../../config/types.js';
import { confineCheckResult, confineValue } from '../returned-paths.js';
import { decodeCheckResult, decodeValue, JsonSyntaxError, parseJsonExact, stringifyJson, type Json } from '../codec.js';
import {
  checkError,
  LibraryError,
  type CallContext,
  type CheckResult,
  type Library,
  type LibraryDoc,
  type Value,
} from '../types.js';
import { Op, Status, type OpValue } from './channel.js';
import { UNKNOWN_FUNCTION, WasmErrorCode } from './errors.js';
import { loadModule } from './load.js';
import { decodeMetadata } from './metadata.js';
import { writeRequest } from './request.js';
import { parseResponseJson } from './response.js';
import { WorkerHost, type RawResponse } from './worker-host.js';
import { WASM_RUNTIME_LIMITS } from '../../config/limits.js';

export { WasmErrorCode, UNKNOWN_FUNCTION } from './errors.js';
export { ABI_VERSION } from './abi.js';
export { compiledModuleCount } from './cache.js';

export interface WasmLibraryOptions {
  /** Workspace root; every path a guest uses is relative to its real path. */
  workspace: string;
  /** Verbose trace sink: host calls (function, path, capability, allowed/denied, time) and guest `log`. */
  trace?: (line: string) => void;
  /** Largest response accepted from the guest, in bytes (default 16 MiB). */
  maxResponseBytes?: number;
  /** Largest file `read_file` hands to the guest, in bytes (default 64 MiB, capped by memory). */
  maxReadBytes?: number;
  /**
   * Absolute paths no library may write whatever it is granted: the facts cache folder, every
   * configured module and program (this library's own module is always protected).
   */
  protectedPaths?: readonly string[];
}

/** Folders `write_file` may write below: the configured list, or the library's own output folder. */
export function writeGrants(cfg: WasmLibraryConfig): string[] {
  if (!cfg.capabilities.file_write) return [];
  return cfg.writeFolders ?? [`${OUTPUT_DIR}/${cfg.name}/`];
}

/** The protected paths inside the workspace, workspace-relative (`/`-separated). */
function insideRelative(root: string, paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const rel = relative(root, p);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) continue;
    out.push(rel.split(sep).join('/'));
  }
  return out;
}

export const DEFAULT_MAX_RESPONSE_BYTES = WASM_RUNTIME_LIMITS.responseBytes;
const DEFAULT_MAX_READ_BYTES = WASM_RUNTIME_LIMITS.readBytes;
const lenientUtf8 = new TextDecoder();
/** Room after the largest response for trace text. */
const TRACE_ROOM = 256 * 1024;
/** Longest a worker spins for the next request before it sleeps (adaptive below that). */
const WORKER_SPIN_MS = 0.5;

/** A check's `Pass` answer as the SDKs write it, and its parsed form. */
const PASS_TEXT = '{"Pass":null}';
const PASS_JSON: Json = Object.freeze({ Pass: null });

interface GuestErrorObject {
  code: string;
  message: string;
}

function guestError(j: Json): GuestErrorObject | undefined {
  if (typeof j !== 'object' || j === null || Array.isArray(j) || !Object.hasOwn(j, 'error')) return undefined;
  const e = j.error;
  if (typeof e === 'string') return { code: WasmErrorCode.GUEST_ERROR, message: e };
  if (typeof e !== 'object' || e === null || Array.isArray(e))
    return { code: WasmErrorCode.GUEST_ERROR, message: stringifyJson(e) };
  const raw = e.code;
  const code =
    typeof raw === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,31}$/.test(raw)
      ? raw
      : typeof raw === 'number' || typeof raw === 'bigint'
        ? `E${raw}`
        : WasmErrorCode.GUEST_ERROR;
  return { code, message: typeof e.message === 'string' ? e.message : 'error without a message' };
}

class WasmLibrary implements Library {
  readonly kind = 'wasm' as const;
  readonly concurrency = 1;
  private readonly known: Set<string>;
  /** `log` lines passed on to the trace in this run, and those dropped past the limit. */
  private logLines = 0;
  private logDropped = 0;
  private readonly logPrefix: string;

  constructor(
    readonly name: string,
    private readonly host: WorkerHost,
    private readonly doc: LibraryDoc,
    private readonly opts: WasmLibraryOptions,
  ) {
    this.known = new Set([...doc.functions, ...doc.checks].map((f) => f.name));
    this.logPrefix = `wasm ${name}: log: `;
  }

  async documentation(): Promise<LibraryDoc> {
    return structuredClone(this.doc);
  }

  // A fast call is answered synchronously by the host: the result is decoded at once and the
  // returned promise is the only one made. Slower calls chain one `.then` on the host's promise.
  call(fn: string, args: Value[], ctx: CallContext): Promise<Value> {
    // every path in the result is confined to the workspace before anything else sees it
    return this.invoke(
      Op.CALL,
      fn,
      args,
      ctx,
      (j) => confineValue(decodeValue(j), ctx.workspace),
      (e) => Promise.reject(e),
    );
  }

  check(fn: string, args: Value[], ctx: CallContext): Promise<CheckResult> {
    return this.invoke(
      Op.CHECK,
      fn,
      args,
      ctx,
      (j) => confineCheckResult(decodeCheckResult(j), ctx.workspace),
      (e) => Promise.resolve(checkError(e.details ? `${e.message}\n${e.details}` : e.message, e.code)),
    );
  }

  async dispose(): Promise<void> {
    if (this.logDropped > 0)
      this.opts.trace?.(
        `wasm ${this.name}: ${this.logDropped} log line(s) dropped in this run (limit ` +
          `${WASM_RUNTIME_LIMITS.logLinesPerRun} per run)`,
      );
    this.logDropped = 0;
    await this.host.dispose();
  }

  /** Pass the worker's trace lines on, keeping at most logLinesPerRun `log` lines per run. */
  private passTrace(lines: readonly string[], trace: (line: string) => void): void {
    for (const line of lines) {
      if (line.startsWith(this.logPrefix)) {
        if (this.logLines >= WASM_RUNTIME_LIMITS.logLinesPerRun) {
          if (this.logDropped++ === 0)
            trace(
              `wasm ${this.name}: further log lines are dropped (limit ` +
                `${WASM_RUNTIME_LIMITS.logLinesPerRun} per run)`,
            );
          continue;
        }
        this.logLines++;
      }
      trace(line);
    }
  }

  private wrap(fn: string, err: unknown): LibraryError {
    const prefix = `WebAssembly library '${this.name}', function '${fn}': `;
    if (err instanceof LibraryError)
      return err.message.startsWith(prefix) ? err : new LibraryError(err.code, prefix + err.message, err.details);
    return new LibraryError(WasmErrorCode.WORKER, prefix + (err instanceof Error ? err.message : String(err)));
  }

  /**
   * Send the request; `decode` turns the response JSON into the result (throws on bad shapes);
   * `failed` turns any error (already prefixed with the library and function) into the outcome.
   */
  private invoke<T>(
    op: OpValue,
    fn: string,
    args: Value[],
    ctx: CallContext,
    decode: (j: Json) => T,
    failed: (e: LibraryError) => Promise<T>,
  ): Promise<T> {
    if (!this.known.has(fn)) {
      const names = [...this.known].sort().join(', ');
      return failed(
        this.wrap(
          fn,
          new LibraryError(
            UNKNOWN_FUNCTION,
            `unknown ${op === Op.CALL ? 'selector' : 'check'} (the module provides: ${names || 'nothing'})`,
          ),
        ),
      );
    }
    const trace = ctx.trace ?? this.opts.trace;
    const workspace = ctx.workspace;
    const t0 = trace ? performance.now() : 0;
    const r = this.host.request(op, (channel) => writeRequest(channel, fn, args, workspace));
    if (!(r instanceof Promise)) {
      try {
        return Promise.resolve(this.finish(op, fn, r, decode, trace, t0));
      } catch (err) {
        return failed(this.wrap(fn, err));
      }
    }
    return r
      .then(
        (res) => this.finish(op, fn, res, decode, trace, t0),
        (err: unknown) => {
          trace?.(
            `wasm ${this.name}: ${op === Op.CALL ? 'call' : 'check'} ${fn} failed after ` +
              `${(performance.now() - t0).toFixed(3)} ms`,
          );
          throw err;
        },
      )
      .catch((err: unknown) => failed(this.wrap(fn, err)));
  }

  /** Trace the answer (when verbose) and decode it. */
  private finish<T>(
    op: OpValue,
    fn: string,
    res: RawResponse,
    decode: (j: Json) => T,
    trace: ((line: string) => void) | undefined,
    t0: number,
  ): T {
    if (trace) {
      this.passTrace(res.trace, trace);
      trace(
        `wasm ${this.name}: ` +
          `${op === Op.CALL ? 'call' : 'check'} ${fn} ` +
          `${(performance.now() - t0).toFixed(3)} ms`,
      );
    }
    return decode(this.parse(fn, res));
  }

  private parse(fn: string, res: RawResponse): Json {
    const { status, text } = res;
    const bytes = res.bytes ?? new Uint8Array(0);
    if (status === Status.TRAP) {
      const [first, ...stack] = lenientUtf8.decode(bytes).split('\n');
      throw this.wrap(
        fn,
        new LibraryError(WasmErrorCode.TRAP, first ?? 'trap', stack.length > 0 ? stack.join('\n') : undefined),
      );
    }
    if (status === Status.MALFORMED)
      throw this.wrap(
        fn,
        new LibraryError(WasmErrorCode.MALFORMED, `malformed response: ${lenientUtf8.decode(bytes)}`),
      );
    if (text === undefined) {
      const preview = lenientUtf8.decode(bytes.subarray(0, 120));
      throw this.wrap(
        fn,
        new LibraryError(
          WasmErrorCode.MALFORMED,
          `malformed response: invalid UTF-8 (response starts with ${JSON.stringify(preview)})`,
        ),
      );
    }
    // The most common answer of a check, without parsing (PASS_JSON is frozen: decoders only read).
    if (text === PASS_TEXT) return PASS_JSON;
    let j: Json;
    try {
      j = parseResponseJson(text);
    } catch (err) {
      const why = err instanceof JsonSyntaxError ? err.message : String(err);
      throw this.wrap(
        fn,
        new LibraryError(
          WasmErrorCode.MALFORMED,
          `malformed response: ${why} (response starts with ${JSON.stringify(text.slice(0, 120))})`,
        ),
      );
    }
    const ge = guestError(j);
    if (ge) throw this.wrap(fn, new LibraryError(ge.code, ge.message));
    return j;
  }
}

/**
 * A library that declares (in its metadata) a capability the configuration does not grant is
 * refused: the message names the library, the capability and the key to set.
 */
export function checkDeclaredCapabilities(cfg: WasmLibraryConfig, declared: readonly string[] | undefined): void {
  if (!declared) return;
  const granted = cfg.capabilities as unknown as Record<string, boolean>;
  const missing = declared.filter((c) => granted[c] !== true);
  if (missing.length === 0) return;
  const where = cfg.location.file
    ? ` in ${cfg.location.file}${cfg.location.line !== undefined ? ` (line ${cfg.location.line})` : ''}`
    : '';
  if (missing.includes('network'))
    throw new LibraryError(
      WasmErrorCode.CAPABILITY,
      'declares the capability `network`, which can never be granted: the host has no network functions (use an ' +
        'external library for network access)',
    );
  const keys = missing.map((c) => `libraries.${cfg.name}.capabilities.${c}`).join(', ');
  const table = missing.map((c) => `${c} = true`).join(', ');
  throw new LibraryError(
    WasmErrorCode.CAPABILITY,
    `declares the capabilit${missing.length > 1 ? 'ies' : 'y'} ${missing.map((c) => `\`${c}\``).join(', ')}, which ` +
      `the configuration does not grant (${keys})`,
    `if you trust the library, grant ${missing.length > 1 ? 'them' : 'it'} in the \`${cfg.name}\` entry${where}: ` +
      `capabilities = { ${table} }`,
  );
}

/**
 * Load, validate and instantiate a WebAssembly library. Throws LibraryError (E600–E609) naming
 * the library and the problem.
 */
export async function createWasmLibrary(cfg: WasmLibraryConfig, opts: WasmLibraryOptions): Promise<Library> {
  const loaded = await loadModule(cfg);
  let root: string;
  let confined: ConfinedRoot;
  try {
    root = realpathSync(opts.workspace);
    confined = confinedRoot(root);
  } catch (err) {
    throw new LibraryError(
      WasmErrorCode.CONFIG,
      `WebAssembly library '${cfg.name}': workspace ${opts.workspace} cannot be resolved: ` +
        `${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const protectedFiles = [cfg.path, ...(opts.protectedPaths ?? [])];
  const host = new WorkerHost({
    name: cfg.name,
    module: loaded.module,
    root,
    rootFd: confined.fd,
    fileRead: cfg.capabilities.file_read,
    writeGrants: writeGrants(cfg),
    protectedPaths: insideRelative(root, protectedFiles),
    protectedFiles,
    initialPages: loaded.initialPages,
    maximumPages: loaded.maximumPages,
    maxResponseBytes,
    maxReadBytes: Math.min(opts.maxReadBytes ?? DEFAULT_MAX_READ_BYTES, cfg.maxMemoryMiB * 1024 * 1024),
    trace: opts.trace !== undefined,
    logLinesPerCall: WASM_RUNTIME_LIMITS.logLinesPerCall,
    logLineBytes: WASM_RUNTIME_LIMITS.logLineBytes,
    pathBytes: WASM_RUNTIME_LIMITS.pathBytes,
    spinMs: WORKER_SPIN_MS,
    timeoutMs: cfg.timeoutMs,
    channelBytes: maxResponseBytes + TRACE_ROOM,
  });
  const t0 = performance.now();
  let doc: LibraryDoc;
  try {
    await host.start();
    const res = await host.request(Op.METADATA, undefined);
    if (res.status !== Status.OK)
      throw new LibraryError(
        WasmErrorCode.METADATA,
        `metadata() failed: ${lenientUtf8.decode(res.bytes ?? new Uint8Array(0))}`,
      );
    if (res.text === undefined)
      throw new LibraryError(WasmErrorCode.METADATA, 'metadata() is not valid JSON: invalid UTF-8');
    let j: Json;
    try {
      j = parseJsonExact(res.text);
    } catch (err) {
      throw new LibraryError(
        WasmErrorCode.METADATA,
        `metadata() is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    try {
      doc = decodeMetadata(j, cfg.name);
    } catch (err) {
      throw new LibraryError(WasmErrorCode.METADATA, `invalid metadata: ${(err as Error).message}`);
    }
    checkDeclaredCapabilities(cfg, doc.declared_capabilities);
  } catch (err) {
    await host.dispose();
    if (err instanceof LibraryError) {
      const prefix = `WebAssembly library '${cfg.name}'`;
      throw err.message.startsWith(prefix)
        ? err
        : new LibraryError(err.code, `${prefix} (${cfg.path}): ${err.message}`, err.details);
    }
    throw err;
  }
  // A library shared through npm is named by its package (the resolved path is in the config).
  doc.source = cfg.package !== undefined ? `wasm: ${cfg.package}` : `wasm: ${cfg.path}`;
  doc.capabilities = { file_read: cfg.capabilities.file_read, file_write: cfg.capabilities.file_write, network: false };
  if (cfg.capabilities.file_write) doc.write_folders = writeGrants(cfg);
  opts.trace?.(
    `wasm ${cfg.name}: loaded ${cfg.path} (${loaded.bytes} bytes, sha256 ${loaded.sha256.slice(0, 12)}…, memory ` +
      `${loaded.initialPages}..${loaded.maximumPages} pages) in ${(performance.now() - t0).toFixed(1)} ms`,
  );
  return new WasmLibrary(cfg.name, host, doc, opts);
}

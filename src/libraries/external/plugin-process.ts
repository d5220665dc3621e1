/**
 * One running plugin process and the JSON-RPC traffic with it: writes requests, splits stdout
 * into lines, matches responses to requests by id (several in flight, any order), times calls
 * out, keeps a stderr tail, and fails every waiting call when the process goes away.
 * The restart policy lives one level up (external-library.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { JsonSyntaxError, parseJsonExact, stringifyJson, type Json } from '../codec.js';
import { LibraryError } from '../types.js';
import { killProcessTree, OWN_PROCESS_GROUP, trackChild, untrackChild } from './child-registry.js';
import { EXTERNAL_LIMITS } from '../../config/limits.js';
import { ExternalCode } from './codes.js';
import { BracketDepth } from './bracket-depth.js';
import { LineSplitter } from './line-splitter.js';
import { StderrTail } from './stderr-tail.js';
import { requestLine, type MethodName } from './protocol.js';

export interface ProcessSpec {
  /** Library name, for messages. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  maxResponseBytes: number;
}

export interface ProcessEvents {
  /** A stdout line that is not a response (debug prints, banners). */
  onStray(text: string): void;
  /** A response for no waiting request (unknown id, or `id: null`). */
  onUnmatched(message: string): void;
  /** Each stderr line as it arrives. */
  onStderr(line: string): void;
  /** The process ended; called synchronously before its waiting calls are failed. */
  onExit(info: ExitInfo): void;
}

/** How the process ended. `intentional` when we killed it (dispose, timeout, oversize). */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when starting the program failed (ENOENT, EACCES). */
  spawnError?: Error;
  intentional: boolean;
  reason: string;
}

interface Pending {
  id: number;
  label: string;
  resolve: (v: Json) => void;
  reject: (e: LibraryError) => void;
  timer: NodeJS.Timeout;
  cleanup: () => void;
}

export interface RequestOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** For messages: `lib.fn` or the method name. */
  label: string;
}

const isObj = (x: Json): x is { [k: string]: Json } => typeof x === 'object' && x !== null && !Array.isArray(x);
const has = (o: object, k: string) => Object.hasOwn(o, k);

export class PluginProcess {
  readonly stderr = new StderrTail(EXTERNAL_LIMITS.stderrTailLines);
  readonly exited: Promise<ExitInfo>;
  private readonly child: ChildProcess;
  private readonly pending = new Map<string, Pending>();
  /** Ids whose caller gave up (cancelled): their late responses are dropped quietly. */
  private readonly abandoned = new Set<string>();
  private nextId = 1;
  private killReason: string | undefined;
  private exitInfo: ExitInfo | undefined;
  private resolveExit!: (e: ExitInfo) => void;
  /** Lines of a response that spans several lines (pretty-printed JSON). */
  private continuation: string[] = [];
  private continuationBytes = 0;
  private depth = new BracketDepth();

  constructor(
    private readonly spec: ProcessSpec,
    private readonly events: ProcessEvents,
  ) {
    this.exited = new Promise((r) => (this.resolveExit = r));
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      // A process group of its own, so that ending the plugin ends what it started too.
      detached: OWN_PROCESS_GROUP,
    });
    trackChild(this.child);
    // A plugin must never keep the CLI alive on its own: waiting calls hold a timer instead.
    this.child.unref();
    for (const s of [this.child.stdout, this.child.stderr, this.child.stdin])
      (s as unknown as { unref?: () => void } | null)?.unref?.();

    const out = new LineSplitter({
      maxLineBytes: spec.maxResponseBytes,
      mode: 'fail',
      onLine: (l) => this.handleLine(l),
      onOverflow: (bytes) =>
        this.kill(
          `a response line exceeded the ${formatBytes(spec.maxResponseBytes)} limit (at least ${formatBytes(bytes)})`,
          ExternalCode.TOO_LARGE,
        ),
    });
    this.child.stdout!.on('data', (c: Buffer) => out.push(c));
    this.child.stdout!.on('end', () => {
      out.end();
      this.flushContinuation();
    });
    const err = new LineSplitter({
      maxLineBytes: EXTERNAL_LIMITS.stderrLineBytes,
      mode: 'truncate',
      onLine: (l) => {
        this.stderr.add(l);
        this.events.onStderr(l);
      },
    });
    this.child.stderr!.on('data', (c: Buffer) => err.push(c));
    this.child.stderr!.on('end', () => err.end());
    this.child.stdin!.on('error', () => {
      // EPIPE when the process is gone: the exit handler reports it.
    });

    this.child.stdout!.on('error', () => {});
    this.child.stderr!.on('error', () => {});
    // `on`, not `once`: an unhandled later 'error' (e.g. a failed kill) would crash the CLI.
    this.child.on('error', (e) => {
      if (this.child.pid === undefined)
        this.finish({
          code: null,
          signal: null,
          spawnError: e,
          intentional: false,
          reason: spawnFailure(spec, e as NodeJS.ErrnoException),
        });
    });
    this.child.once('exit', (code, signal) => {
      // Give stdout a moment to deliver what the process wrote before it exited.
      const t = setTimeout(() => this.onExit(code, signal), 200);
      this.child.once('close', () => {
        clearTimeout(t);
        this.onExit(code, signal);
      });
    });
  }

  get alive(): boolean {
    return this.exitInfo === undefined && this.killReason === undefined;
  }

  /** Send one request; resolves with the raw `result`, rejects with LibraryError. */
  request(method: MethodName, params: Json, opts: RequestOptions): Promise<Json> {
    return new Promise<Json>((resolve, reject) => {
      if (!this.alive) {
        reject(
          new LibraryError(
            ExternalCode.EXITED,
            `the process of library "${this.spec.name}" is not running`,
            this.stderr.text() || undefined,
          ),
        );
        return;
      }
      if (opts.signal?.aborted) {
        reject(new LibraryError(ExternalCode.CANCELLED, `library "${this.spec.name}": the call was cancelled`));
        return;
      }
      const id = this.nextId++;
      const key = String(id);
      const onAbort = () => {
        const p = this.pending.get(key);
        if (!p) return;
        this.settle(key);
        this.abandoned.add(key);
        p.reject(new LibraryError(ExternalCode.CANCELLED, `library "${this.spec.name}": the call was cancelled`));
      };
      const timer = setTimeout(() => this.onTimeout(key, opts), opts.timeoutMs);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(key, {
        id,
        label: opts.label,
        resolve,
        reject,
        timer,
        cleanup: () => opts.signal?.removeEventListener('abort', onAbort),
      });
      const line = requestLine(method, params, id);
      const stdin = this.child.stdin;
      if (!stdin || stdin.destroyed || !stdin.writable) {
        this.settle(key);
        reject(
          new LibraryError(
            ExternalCode.WRITE,
            `cannot send the request, the process of library "${this.spec.name}" closed its input`,
            this.stderr.text() || undefined,
          ),
        );
        return;
      }
      stdin.write(line);
    });
  }

  /** Kill the process; every waiting call fails with `code` and `reason`. */
  kill(reason: string, code: string = ExternalCode.EXITED): void {
    if (this.exitInfo || this.killReason) return;
    this.killReason = reason;
    this.failAll(code, reason);
    killProcessTree(this.child);
  }

  /** Close stdin and wait up to `graceMs` for a clean exit, then SIGKILL. */
  async shutdown(graceMs: number): Promise<void> {
    if (this.exitInfo) return;
    if (this.killReason === undefined) {
      this.killReason = 'the library was disposed';
      this.failAll(ExternalCode.EXITED, 'the library was disposed');
    }
    try {
      this.child.stdin?.end();
    } catch {
      // ignore
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), graceMs)));
    const result = await Promise.race([this.exited, timedOut]);
    if (timer) clearTimeout(timer);
    if (result === 'timeout') {
      killProcessTree(this.child);
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 500))]);
    }
    // What the plugin started and left running goes too.
    killProcessTree(this.child);
    untrackChild(this.child);
  }

  // ---------------------------------------------------------------- internals

  private settle(key: string): Pending | undefined {
    const p = this.pending.get(key);
    if (!p) return undefined;
    clearTimeout(p.timer);
    p.cleanup();
    this.pending.delete(key);
    return p;
  }

  private failAll(code: string, reason: string): void {
    const tail = this.stderr.text() || undefined;
    for (const key of [...this.pending.keys()]) {
      const p = this.settle(key)!;
      p.reject(new LibraryError(code, `${reason}`, tail));
    }
  }

  private onTimeout(key: string, opts: RequestOptions): void {
    const p = this.settle(key);
    if (!p) return;
    const tail = this.stderr.text() || undefined;
    p.reject(
      new LibraryError(
        ExternalCode.TIMEOUT,
        `library "${this.spec.name}" did not answer within ${opts.timeoutMs} ms; its process was stopped (raise ` +
          'timeout_ms in hielements.toml if the call is legitimately slow)',
        tail,
      ),
    );
    this.kill(`the process of library "${this.spec.name}" was stopped because ${opts.label} timed out`);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exitInfo) return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    this.flushContinuation();
    const reason = this.killReason ?? `the process of library "${this.spec.name}" ${how}`;
    this.finish({ code, signal, intentional: this.killReason !== undefined, reason });
  }

  private finish(info: ExitInfo): void {
    if (this.exitInfo) return;
    this.exitInfo = info;
    // The plugin is gone (exit, crash, kill): end whatever it started, then forget it.
    killProcessTree(this.child);
    untrackChild(this.child);
    this.events.onExit(info);
    this.failAll(info.spawnError ? ExternalCode.SPAWN : ExternalCode.EXITED, info.reason);
    this.resolveExit(info);
  }

  private handleLine(line: string): void {
    if (this.continuation.length > 0) {
      this.continueMultiLine(line);
      return;
    }
    const trimmed = line.trim();
    if (trimmed.length === 0) return;
    if (trimmed[0] !== '{') {
      this.events.onStray(line);
      return;
    }
    const r = tryParse(trimmed);
    if (r.kind === 'ok') this.handleMessage(r.value, line);
    else if (r.kind === 'incomplete') {
      // Probably the first line of a pretty-printed response: gather lines until it closes.
      this.continuation = [line];
      this.continuationBytes = line.length + 1;
      this.depth = new BracketDepth();
      this.depth.feed(line);
    } else this.events.onStray(line);
  }

  /** One more line of a response spread over several lines. */
  private continueMultiLine(line: string): void {
    // A complete response on a line of its own means the gathered lines were a false start.
    const trimmed = line.trim();
    if (trimmed.startsWith('{"') && trimmed.endsWith('}')) {
      const alone = tryParse(trimmed);
      if (alone.kind === 'ok' && isResponse(alone.value)) {
        this.flushContinuation();
        this.handleMessage(alone.value, line);
        return;
      }
    }
    this.continuation.push(line);
    this.continuationBytes += line.length + 1;
    if (this.depth.feed(line) > 0) {
      if (this.continuationBytes > this.spec.maxResponseBytes) {
        this.continuation = [];
        this.continuationBytes = 0;
        this.kill(
          `a response spanning several lines exceeded the ${formatBytes(this.spec.maxResponseBytes)} limit`,
          ExternalCode.TOO_LARGE,
        );
      }
      return;
    }
    // The brackets are balanced again: the gathered text is complete (or garbage).
    const text = this.continuation.join('\n');
    this.continuation = [];
    this.continuationBytes = 0;
    const r = tryParse(text);
    if (r.kind === 'ok') this.handleMessage(r.value, text);
    else this.events.onStray(text);
  }

  private flushContinuation(): void {
    if (this.continuation.length === 0) return;
    this.events.onStray(this.continuation.join('\n'));
    this.continuation = [];
    this.continuationBytes = 0;
  }

  private handleMessage(msg: Json, raw: string): void {
    if (!isResponse(msg)) {
      // A JSON object that is not a response (a log record, a notification): not fatal.
      this.events.onStray(raw);
      return;
    }
    const id = msg.id;
    if (id === null) {
      const what = describeError(msg.error ?? null) ?? 'a response';
      const only = this.pending.size === 1 ? [...this.pending.keys()][0]! : undefined;
      if (only !== undefined && has(msg, 'error')) {
        // Exactly one request is waiting: the plugin could not read it.
        const p = this.settle(only)!;
        p.reject(
          new LibraryError(
            ExternalCode.BAD_RESPONSE,
            `library "${this.spec.name}" answered with an error for an unidentified request (id null): ${what}`,
            this.stderr.text() || undefined,
          ),
        );
      } else {
        this.events.onUnmatched(
          `library "${this.spec.name}" sent ${what} with "id": null, which matches no request; ignored`,
        );
      }
      return;
    }
    const key =
      typeof id === 'number' || typeof id === 'bigint' ? String(id) : typeof id === 'string' ? id.trim() : undefined;
    const p = key === undefined ? undefined : this.settle(key);
    if (!p) {
      if (key !== undefined && this.abandoned.delete(key)) return;
      this.events.onUnmatched(
        `library "${this.spec.name}" sent a response with id ${stringifyJson(id)} that matches no waiting ` +
          'request; ignored',
      );
      return;
    }
    if (has(msg, 'error') && msg.error !== null) {
      const e = msg.error!;
      if (!isObj(e) || typeof e.message !== 'string') {
        p.reject(
          new LibraryError(
            ExternalCode.BAD_RESPONSE,
            `library "${this.spec.name}" sent a malformed error object (expected {"code": <int>, "message": ` +
              `"<text>"}): ${clip(stringifyJson(e))}`,
          ),
        );
        return;
      }
      const details = [`JSON-RPC error code ${stringifyJson(e.code ?? null)}`];
      if (has(e, 'data')) details.push(`data: ${clip(stringifyJson(e.data ?? null))}`);
      const tail = this.stderr.text();
      if (tail) details.push(`stderr:\n${tail}`);
      p.reject(new LibraryError(ExternalCode.PLUGIN_ERROR, e.message, details.join('\n')));
      return;
    }
    if (!has(msg, 'result')) {
      p.reject(
        new LibraryError(
          ExternalCode.NO_RESULT,
          `library "${this.spec.name}" sent a response without "result" or "error"`,
        ),
      );
      return;
    }
    p.resolve(msg.result as Json);
  }
}

/** An object with an `id` and `result`, `error` or `jsonrpc`: a JSON-RPC response (maybe malformed). */
function isResponse(msg: Json): msg is { [k: string]: Json } {
  return isObj(msg) && has(msg, 'id') && (has(msg, 'result') || has(msg, 'error') || has(msg, 'jsonrpc'));
}

type ParseOutcome = { kind: 'ok'; value: Json } | { kind: 'incomplete' } | { kind: 'invalid' };

function tryParse(text: string): ParseOutcome {
  try {
    return { kind: 'ok', value: parseJsonExact(text) };
  } catch (e) {
    if (e instanceof JsonSyntaxError && e.offset >= text.trimEnd().length) return { kind: 'incomplete' };
    return { kind: 'invalid' };
  }
}

function spawnFailure(spec: ProcessSpec, e: NodeJS.ErrnoException): string {
  const program = `"${spec.command}"`;
  if (e.code === 'ENOENT')
    return (
      `library "${spec.name}" cannot start: ${program} was not found (bare names are looked up on PATH; ` +
      'relative paths are resolved against the directory of hielements.toml)'
    );
  if (e.code === 'EACCES')
    return (
      `library "${spec.name}" cannot start: ${program} is not executable (chmod +x, or run it through its ` +
      'interpreter)'
    );
  return `library "${spec.name}" cannot start ${program}: ${e.message}`;
}

function describeError(e: Json): string | undefined {
  if (isObj(e) && typeof e.message === 'string') return `error ${stringifyJson(e.code ?? null)} "${e.message}"`;
  return undefined;
}

function clip(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

/**
 * An external-process library: the `Library` interface on top of one lazily started plugin
 * process (PluginProcess). Owns the lifecycle policy: start on first use, reuse for the run,
 * start a fresh process after a timeout kill, restart once after a crash and then stay failed,
 * limit parallel requests to `maxInFlight`, report stray output as warnings.
 */
import { makeDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { C } from '../../diagnostics/registry.js';
import type { ExternalLibraryConfig } from '../../config/types.js';
import { entryLineSpan } from '../../config/report.js';
import type { Json } from '../codec.js';
import { confineCheckResult, confineValue } from '../returned-paths.js';
import {
  LibraryError,
  type DocumentationAnswer,
  type CallContext,
  type CheckResult,
  type Library,
  type LibraryDoc,
  type Value,
} from '../types.js';
import { ExternalCode } from './codes.js';
import { docFromResult, fallbackDoc } from './documentation.js';
import { PluginProcess, type ExitInfo } from './plugin-process.js';
import { callParams, decodeResult, DOC_METHODS, Method, type MethodName } from './protocol.js';
import { resolveInterpreter } from './python-resolve.js';
import { Slots } from './slots.js';
import { EXTERNAL_LIMITS, WARNINGS_PER_LIBRARY } from '../../config/limits.js';

export interface ExternalLibraryOptions {
  /** Receives warnings found while talking to the plugin (stray stdout lines, unmatched responses). */
  onDiagnostic?: (d: Diagnostic) => void;
  /** Largest accepted response line in bytes (default 64 MiB). */
  maxResponseBytes?: number;
  /** How long `dispose()` waits for the process to exit after closing its stdin (default 200 ms). */
  shutdownGraceMs?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = EXTERNAL_LIMITS.responseBytes;

export class ExternalLibrary implements Library {
  readonly kind = 'external' as const;
  readonly name: string;
  readonly concurrency: number;
  /** `external: <command line>`, as shown by `hielements doc`. */
  readonly source: string;
  private proc: PluginProcess | undefined;
  private starting: Promise<PluginProcess> | undefined;
  private failure: LibraryError | undefined;
  private crashes = 0;
  private disposed = false;
  private readonly slots: Slots;
  private doc: Promise<DocumentationAnswer> | undefined;
  private quickDoc: Promise<DocumentationAnswer> | undefined;
  private trace: ((line: string) => void) | undefined;
  /** Warnings reported (all kinds together), and the note that counts the suppressed ones. */
  private warnings = 0;
  private suppressed: { diagnostic: Diagnostic; count: number } | undefined;
  /** stderr lines passed on to the verbose trace, and those dropped past the limit. */
  private stderrTraced = 0;
  private stderrDropped = 0;

  constructor(
    private readonly cfg: ExternalLibraryConfig,
    private readonly opts: ExternalLibraryOptions = {},
  ) {
    this.name = cfg.name;
    this.concurrency = cfg.maxInFlight;
    this.slots = new Slots(cfg.maxInFlight);
    this.source = `external: ${[cfg.executable, ...cfg.args].map(shellQuote).join(' ')}`;
  }

  async call(fn: string, args: Value[], ctx: CallContext): Promise<Value> {
    const result = await this.send(Method.CALL, fn, callParams(fn, args, ctx), ctx);
    try {
      // every path in the result is confined to the workspace before anything else sees it
      return confineValue(decodeResult[Method.CALL](result), ctx.workspace);
    } catch (e) {
      throw this.codecError(e, fn);
    }
  }

  async check(fn: string, args: Value[], ctx: CallContext): Promise<CheckResult> {
    const result = await this.send(Method.CHECK, fn, callParams(fn, args, ctx), ctx);
    try {
      return confineCheckResult(decodeResult[Method.CHECK](result), ctx.workspace);
    } catch (e) {
      throw this.codecError(e, fn);
    }
  }

  async documentation(): Promise<LibraryDoc> {
    this.doc ??= this.askDoc(this.cfg.timeoutMs);
    const answer = await this.doc;
    return answer.doc ?? fallbackDoc(this.name, this.source, answer.why);
  }

  /**
   * The plugin's own documentation for checking calls before a run, asked for at most `timeoutMs`
   * (and once): a plugin that does not answer in time is stopped, and the next call starts it afresh.
   */
  async documentationWithin(timeoutMs: number): Promise<DocumentationAnswer> {
    if (this.doc) return this.doc;
    this.quickDoc ??= this.askDoc(Math.min(timeoutMs, this.cfg.timeoutMs));
    const answer = await this.quickDoc;
    if (answer.doc) this.doc ??= this.quickDoc;
    return answer;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const proc = this.proc ?? (await this.starting?.catch(() => undefined));
    this.proc = undefined;
    await proc?.shutdown(this.opts.shutdownGraceMs ?? 200);
  }

  // ---------------------------------------------------------------- internals

  private async askDoc(timeoutMs: number): Promise<DocumentationAnswer> {
    const ctx: CallContext = { workspace: this.cfg.cwd };
    let why = '';
    for (const method of DOC_METHODS) {
      try {
        const result = await this.send(method, method, {}, ctx, timeoutMs);
        const doc = docFromResult(result, this.name, this.source);
        if (doc) return { doc };
        why = `${method} returned an unusable result`;
      } catch (e) {
        const err = e instanceof LibraryError ? e : new LibraryError(ExternalCode.BAD_RESPONSE, String(e));
        why = `${method}: ${err.message}`;
        // Only "method not found"-like answers are worth a second try.
        if (
          err.code !== ExternalCode.PLUGIN_ERROR &&
          err.code !== ExternalCode.NO_RESULT &&
          err.code !== ExternalCode.BAD_RESPONSE
        )
          break;
      }
    }
    return { why };
  }

  private async send(
    method: MethodName,
    label: string,
    params: Json,
    ctx: CallContext,
    timeoutMs = this.cfg.timeoutMs,
  ): Promise<Json> {
    const fullLabel = method === label ? `${this.name} (${method})` : `${this.name}.${label}`;
    const release = await this.slots.acquire(
      ctx.signal,
      () => new LibraryError(ExternalCode.CANCELLED, `library "${this.name}": the call was cancelled`),
    );
    try {
      if (ctx.trace) this.trace = ctx.trace;
      const proc = await this.ensureProcess();
      const reqOpts: { timeoutMs: number; label: string; signal?: AbortSignal } = {
        timeoutMs,
        label: fullLabel,
      };
      if (ctx.signal) reqOpts.signal = ctx.signal;
      return await proc.request(method, params, reqOpts);
    } finally {
      release();
    }
  }

  private async ensureProcess(): Promise<PluginProcess> {
    if (this.disposed) throw new LibraryError(ExternalCode.EXITED, `library "${this.name}" was already shut down`);
    if (this.failure) throw this.failure;
    if (this.proc?.alive) return this.proc;
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async start(): Promise<PluginProcess> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.cfg.env };
    const command = await resolveInterpreter(this.cfg.executable, this.cfg.cwd, env);
    let proc: PluginProcess;
    try {
      proc = this.spawn(command, env);
    } catch (e) {
      // spawn() throws synchronously only for arguments it cannot pass (e.g. a NUL byte).
      this.failure = new LibraryError(
        ExternalCode.SPAWN,
        `library "${this.name}" cannot start ${command}: ${e instanceof Error ? e.message : String(e)}`,
      );
      throw this.failure;
    }
    this.proc = proc;
    this.trace?.(`[${this.name}] started ${[command, ...this.cfg.args].join(' ')}`);
    return proc;
  }

  private spawn(command: string, env: NodeJS.ProcessEnv): PluginProcess {
    const proc: PluginProcess = new PluginProcess(
      {
        name: this.name,
        command,
        args: this.cfg.args,
        cwd: this.cfg.cwd,
        env,
        maxResponseBytes: this.opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      },
      {
        onStray: (text) => this.reportStray(text),
        onUnmatched: (message) => this.warn(ExternalCode.UNMATCHED_RESPONSE, message),
        onStderr: (line) => this.traceStderr(line),
        onExit: (info) => this.onProcessExit(proc, info),
      },
    );
    return proc;
  }

  /** Runs synchronously when a process ends, before its waiting calls are failed. */
  private onProcessExit(proc: PluginProcess, info: ExitInfo): void {
    if (this.proc === proc) this.proc = undefined;
    if (this.disposed) return;
    if (info.spawnError) {
      this.failure = new LibraryError(ExternalCode.SPAWN, info.reason);
      return;
    }
    if (info.intentional) return;
    this.crashes++;
    this.trace?.(
      `[${this.name}] ` + `${info.reason}${this.crashes === 1 ? '; it will be restarted on the next call' : ''}`,
    );
    if (this.crashes >= 2) {
      this.failure = new LibraryError(
        ExternalCode.DISABLED,
        `library "${this.name}" is disabled for this run: its process died twice (last time: ` +
          `${info.reason.replace(/^the process of library "[^"]*" /, '')})`,
        proc.stderr.text() || undefined,
      );
    }
  }

  /** The interpreter prefixes messages with `lib.fn:`; the message itself names the library. */
  private codecError(e: unknown, fn: string): LibraryError {
    const what = `library "${this.name}" answered ${fn}() with an unusable result`;
    if (e instanceof LibraryError) return new LibraryError(e.code, `${what}: ${e.message}`, e.details);
    return new LibraryError(ExternalCode.BAD_RESPONSE, `${what}: ${String(e)}`);
  }

  private reportStray(text: string): void {
    const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    this.warn(
      ExternalCode.STRAY_OUTPUT,
      `library "${this.name}" printed a line on stdout that is not a JSON-RPC response (ignored): ` +
        `${JSON.stringify(shown)}`,
      'plugins must write only responses to stdout; write logs to stderr',
    );
  }

  /** stderr lines go to `--verbose`, at most EXTERNAL_LIMITS.stderrVerboseLines per run. */
  private traceStderr(line: string): void {
    if (!this.trace) return;
    if (this.stderrTraced >= EXTERNAL_LIMITS.stderrVerboseLines) {
      if (this.stderrDropped++ === 0)
        this.trace(
          `[${this.name}] further stderr lines are not shown (limit ${EXTERNAL_LIMITS.stderrVerboseLines} per run)`,
        );
      return;
    }
    this.stderrTraced++;
    this.trace(`[${this.name} stderr] ${line}`);
  }

  /**
   * A warning about the plugin's behaviour. At most WARNINGS_PER_LIBRARY of them (all kinds
   * together) are reported; after that one note (W820) counts the rest, so a plugin flooding its
   * stdout cannot fill the host's memory with diagnostics.
   */
  private warn(code: string, message: string, help?: string): void {
    if (this.warnings >= WARNINGS_PER_LIBRARY) {
      if (this.suppressed) {
        this.suppressed.count++;
        this.suppressed.diagnostic.message = suppressedMessage(this.name, this.suppressed.count);
        return;
      }
      const note = makeDiagnostic(
        'warning',
        SUPPRESSED_WARNINGS,
        suppressedMessage(this.name, 1),
        this.cfg.location.file,
        entryLineSpan(this.cfg.location),
      );
      this.suppressed = { diagnostic: note, count: 1 };
      this.trace?.(`[${this.name}] ${note.message}`);
      this.opts.onDiagnostic?.(note);
      return;
    }
    this.warnings++;
    this.trace?.(`[${this.name}] ${message}`);
    const sink = this.opts.onDiagnostic;
    if (!sink) return;
    sink(
      makeDiagnostic(
        'warning',
        code,
        message,
        this.cfg.location.file,
        entryLineSpan(this.cfg.location),
        help ? { help } : {},
      ),
    );
  }
}

/** Code of the note that counts a library's suppressed warnings. */
export const SUPPRESSED_WARNINGS = C.W820;

function suppressedMessage(name: string, count: number): string {
  return (
    `library "${name}" produced more than ${WARNINGS_PER_LIBRARY} warnings; ${count} further warning(s) were ` +
    'not reported'
  );
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

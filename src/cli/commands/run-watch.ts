/**
 * `hielements run FILE --watch`: run once, then watch the spec files (root and imported),
 * hielements.toml, the configured `.wasm` modules and the workspace, and run again after each
 * change (debounced). Changed WebAssembly modules and changed library entries are reloaded; the
 * other libraries (and external processes) stay alive. When only workspace files changed, only
 * the affected checks run again (src/cli/watch/affected.ts). Ctrl-C ends the session (exit 130).
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/config.js';
import type { HielementsConfig } from '../../config/types.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { displayPath, shownPath, withDisplayPaths } from '../../diagnostics/paths.js';
import type { RunOptions } from '../../eval/index.js';
import { walkWorkspace, type WalkResult } from '../../libraries/builtin/walk.js';
import { assembleRegistry, createBuiltins, type LibraryRegistry } from '../../libraries/registry.js';
import type { Library } from '../../libraries/types.js';
import {
  configDiagnosticsFor,
  factsCacheDir,
  type CacheRequest,
  type EnvironmentOptions,
} from '../../pipeline/environment.js';
import { runPipeline, type PipelineResult } from '../../pipeline/index.js';
import { describeRules } from '../../pipeline/rules.js';
import { resolveWorkspace } from '../../pipeline/workspace.js';
import { createStyle } from '../../report/style.js';
import { terminalText } from '../../diagnostics/terminal-text.js';
import { plural } from '../common.js';
import { EXIT_INTERRUPTED, InputError } from '../errors.js';
import type { CliIO } from '../io.js';
import type { Progress } from '../progress.js';
import {
  allInputs,
  isAffected,
  isConnectionRule,
  jobKey,
  type RecordedJob,
  type WorkspaceChanges,
} from '../watch/affected.js';
import { OwnOutput } from '../watch/own-output.js';
import { PathDebouncer } from '../watch/debounce.js';
import { DirectoryWatcher } from '../watch/dir-watcher.js';
import { WatchedLibraries } from '../watch/libraries.js';
import { namesUsedBy } from '../../model/used-names.js';
import { baselineStep } from '../baseline-step.js';
import { emit, emitInvalid, type RunFlags } from '../run-output.js';

/** Quiet time after the last file event before a re-run starts. */
export const WATCH_DEBOUNCE_MS = 150;

interface Batch {
  /** Paths reported by the watcher (absolute). */
  paths: string[];
}

class WatchSession {
  private config!: HielementsConfig;
  private configText: string | undefined;
  private readonly libraries: WatchedLibraries;
  private walk: WalkResult = { files: [], dirs: [] };
  private fileSet = new Set<string>();
  private specFiles = new Set<string>();
  private records = new Map<string, RecordedJob>();
  private runs = 0;
  /** Diagnostics libraries report while a run goes on (a plugin writing to stderr). */
  private late: Diagnostic[] = [];
  /** Library names the spec used in the last run: only these configured libraries are loaded. */
  private used: ReadonlySet<string> = new Set();
  private controller: AbortController | undefined;
  readonly watcher: DirectoryWatcher;
  readonly debouncer: PathDebouncer;
  private readonly queued = new Set<string>();
  private cycle: Promise<void> = Promise.resolve();
  private busy = false;
  stopping = false;

  constructor(
    private readonly flags: RunFlags,
    private readonly io: CliIO,
    private readonly root: string,
    private readonly configFile: string | undefined,
    private readonly progress: Progress,
    private readonly trace: ((line: string) => void) | undefined,
    private readonly cache: CacheRequest,
  ) {
    const loadOpts: ConstructorParameters<typeof WatchedLibraries>[0] = {
      workspace: root,
      onDiagnostic: (d) => this.late.push(d),
    };
    if (trace) loadOpts.trace = trace;
    this.libraries = new WatchedLibraries(loadOpts);
    this.debouncer = new PathDebouncer(WATCH_DEBOUNCE_MS, (paths) => this.enqueue(paths));
    const own = new OwnOutput(flags.output !== undefined ? path.resolve(io.cwd, flags.output) : undefined);
    this.watcher = new DirectoryWatcher((p) => {
      // Our own report (stdout redirected into the workspace, --output) must not trigger a re-run.
      if (!this.stopping && !own.is(p)) this.debouncer.add(p);
    });
  }

  /** Status lines go with the report in human format, to stderr otherwise (stdout holds documents). */
  private status(text: string): void {
    const s = createStyle(this.flags.color);
    // Status lines name changed workspace files, whose names may hold control characters.
    const line = `${s.bold(s.cyan(terminalText(text)))}\n`;
    if (this.flags.format === 'human' && this.flags.output === undefined) this.io.out(line);
    else this.io.err(line);
  }

  async start(): Promise<void> {
    await this.loadConfiguration();
    await this.libraries.update(this.config, new Set(), this.used);
    this.walk = await walkWorkspace(this.root, this.config.ignore);
    this.fileSet = new Set(this.walk.files);
    await this.execute(undefined);
  }

  private async loadConfiguration(): Promise<void> {
    this.config = await loadConfig(this.configFile, { workspace: this.root });
    this.configText = this.config.text; // undefined when unreadable (already a diagnostic)
  }

  private enqueue(paths: string[]): void {
    for (const p of paths) this.queued.add(p);
    if (this.busy || this.stopping) return;
    this.busy = true;
    this.cycle = this.drain().finally(() => {
      this.busy = false;
    });
  }

  private async drain(): Promise<void> {
    while (this.queued.size > 0 && !this.stopping) {
      const paths = [...this.queued].sort();
      this.queued.clear();
      try {
        await this.onChange({ paths });
      } catch (err) {
        const message = err instanceof InputError ? err.message : err instanceof Error ? err.message : String(err);
        this.io.err(`hielements: error: ${message}\n`);
        this.waiting();
      }
    }
  }

  private async onChange(batch: Batch): Promise<void> {
    const configChanged = this.configFile !== undefined && batch.paths.includes(this.configFile);
    const changedModules = await this.libraries.changedModules();
    const specChanged = batch.paths.filter((p) => this.specFiles.has(p));
    if (configChanged) await this.loadConfiguration();
    const before = this.fileSet;
    this.walk = await walkWorkspace(this.root, this.config.ignore);
    this.fileSet = new Set(this.walk.files);
    const changes: WorkspaceChanges = {
      changed: new Set(batch.paths.filter((p) => before.has(p) && this.fileSet.has(p))),
      added: new Set(this.walk.files.filter((f) => !before.has(f))),
      removed: new Set([...before].filter((f) => !this.fileSet.has(f))),
    };
    const workspaceChanged = changes.changed.size + changes.added.size + changes.removed.size > 0;
    if (!configChanged && changedModules.size === 0 && specChanged.length === 0 && !workspaceChanged) {
      this.syncWatcher(); // only ignored files moved; new folders may still need watching
      return;
    }
    const partial = !configChanged && changedModules.size === 0 && specChanged.length === 0 ? changes : undefined;
    if (partial && (this.records.size === 0 || !this.anyAffected(partial))) {
      // Only files no check reads changed (a log, a build output): nothing to run again.
      this.trace?.(`watch: ${plural(workspaceFiles(partial), 'changed file')} read by no check; nothing to run again`);
      this.syncWatcher();
      return;
    }
    const reloaded = await this.libraries.update(this.config, changedModules, this.used);
    const what = [
      ...specChanged,
      ...(configChanged && this.configFile ? [this.configFile] : []),
      ...changedModules,
      ...[...changes.changed, ...changes.added, ...changes.removed].filter(
        (p) => !this.specFiles.has(p) && p !== this.configFile,
      ),
    ];
    // named relative to the workspace, as every location is shown
    const shown = [...new Set(what)].map((p) => shownPath(p, { workspace: this.root, cwd: this.io.cwd }));
    const list = shown.length > 4 ? `${shown.slice(0, 4).join(', ')} and ${shown.length - 4} more` : shown.join(', ');
    this.status(
      `── re-run ${this.runs + 1} (${new Date().toLocaleTimeString('en-GB', { hour12: false })}): changed ` +
        `${list || 'files'} ──`,
    );
    if (reloaded.length > 0)
      this.status(`   reloaded ${plural(reloaded.length, 'library', 'libraries')}: ${reloaded.join(', ')}`);
    // Only workspace files changed: keep the outcomes of checks the change cannot affect.
    await this.execute(partial);
  }

  private anyAffected(changes: WorkspaceChanges): boolean {
    const everything = allInputs(this.records.values());
    for (const r of this.records.values()) if (isAffected(r, changes, everything)) return true;
    return false;
  }

  /** One run: load + validate the spec, run the checks (all, or those `changes` affects), report. */
  private async execute(changes: WorkspaceChanges | undefined): Promise<void> {
    this.runs++;
    const builtinOpts: Parameters<typeof createBuiltins>[0] = { workspace: this.root, config: this.config };
    // Facts of unchanged files come from the cache the previous run saved: only edited files are parsed.
    const factsCache = factsCacheDir(this.cache, this.config, this.root, this.io.cwd);
    if (factsCache) builtinOpts.factsCache = factsCache;
    if (this.trace) builtinOpts.trace = this.trace;
    builtinOpts.onDiagnostic = (d) => this.late.push(d);
    this.late = [];
    const cwd = this.io.cwd;
    let builtins: Library[] = [];
    const envSources = new Map<string, string>();
    if (this.configFile && this.configText !== undefined) {
      envSources.set(this.configFile, this.configText);
      envSources.set(displayPath(this.configFile, cwd), this.configText);
    }
    try {
      this.controller = new AbortController();
      const previous = changes ? this.records : new Map<string, RecordedJob>();
      const next = new Map<string, RecordedJob>();
      const executed = new Map<number, { key: string; files: Set<string>; connectionRule: boolean }>();
      const everything = allInputs(previous.values());
      let reran = 0;
      let kept = 0;
      const run: Omit<RunOptions, 'workspace'> = {
        allowEmpty: this.flags.allowEmpty,
        strictUses: this.flags.strictUses,
        ignoreTypeOnly: this.flags.ignoreTypeOnly,
        signal: this.controller.signal,
        reuse: (_i, job) => {
          const key = jobKey(job);
          const prev = previous.get(key);
          if (changes && prev && !isAffected(prev, changes, everything)) {
            next.set(key, prev);
            kept++;
            return prev.outcome;
          }
          reran++;
          return undefined;
        },
        onJobInputs: (index, job, files) => {
          executed.set(index, { key: jobKey(job), files: new Set(files), connectionRule: isConnectionRule(job) });
        },
      };
      if (this.flags.filter !== undefined) run.filter = this.flags.filter;
      if (this.flags.jobs !== undefined) run.jobs = this.flags.jobs;
      if (this.trace) run.trace = this.trace;
      let registry: LibraryRegistry | undefined;
      const envDiagnostics: Diagnostic[] = [];
      let result: PipelineResult;
      try {
        result = await runPipeline({
          file: this.flags.file,
          mode: 'run',
          workspace: this.root,
          // Only the configured libraries the spec names are loaded (a spec edited to import another
          // library loads it now); an entry it does not use is never touched.
          prepare: async (spec) => {
            this.used = namesUsedBy(spec.programs);
            await this.libraries.update(this.config, new Set(), this.used);
            builtins = createBuiltins(builtinOpts);
            const assembled = assembleRegistry(builtins, this.libraries.configured(this.config));
            envDiagnostics.push(
              ...[...configDiagnosticsFor(this.config, this.used), ...assembled.diagnostics].map((d) =>
                withDisplayPaths(d, cwd),
              ),
            );
            registry = assembled.registry;
            return registry;
          },
          upfront: envDiagnostics,
          sources: envSources,
          late: () => this.late,
          run,
          onEvent: (e) => {
            if (e.kind === 'progress') this.progress.update(e.done, e.total, e.current?.element);
          },
        });
      } catch (err) {
        // The root spec cannot be read (being replaced, deleted): say so and wait for it.
        if (err instanceof InputError) this.specFiles.add(path.resolve(cwd, this.flags.file));
        throw err;
      }
      this.progress.clear();
      this.specFiles = new Set([...result.spec.sources.keys()].map((f) => path.resolve(cwd, f)));
      if (result.invalid) {
        this.records.clear();
        await emitInvalid(this.flags, result, this.io, false);
        this.waiting();
        return;
      }
      const report = result.report!;
      if (this.stopping) return;
      // Results come in job order: attach each executed job's outcome to the files it read.
      for (const [index, { key, files, connectionRule }] of executed) {
        const outcome = report.results[index];
        if (outcome) next.set(key, { inputs: files, outcome, connectionRule });
      }
      this.records = next;
      const baselined = await baselineStep(report, this.flags.baseline, this.flags.file, cwd);
      for (const [k, v] of baselined.sources) result.sources.set(k, v);
      const rules =
        this.flags.format === 'sarif' && registry ? await describeRules(baselined.report, registry) : undefined;
      await emit(this.flags, baselined.report, result.sources, this.io, rules);
      if (changes) this.status(`── re-ran ${plural(reran, 'check')}; ${kept} unchanged (previous result kept) ──`);
      this.waiting();
    } finally {
      this.controller = undefined;
      await Promise.allSettled(builtins.map((b) => b.dispose()));
      this.syncWatcher();
    }
  }

  private waiting(): void {
    if (this.stopping) return;
    this.syncWatcher();
    this.status(`── watching ${plural(this.watcher.size, 'folder')} for changes (press Ctrl-C to stop) ──`);
  }

  /** Watch the workspace folders plus the folders holding the spec files, the config and the modules. */
  private syncWatcher(): void {
    if (this.stopping) return;
    const dirs = new Set(this.walk.dirs);
    const outside = new Set<string>();
    for (const f of [
      ...this.specFiles,
      ...(this.configFile ? [this.configFile] : []),
      ...this.libraries.moduleFiles(),
    ]) {
      const d = path.dirname(f);
      if (!dirs.has(d)) outside.add(d);
      dirs.add(d);
    }
    // Folders outside the walk (a package in node_modules) may have been replaced: watch them anew.
    this.watcher.sync(dirs, outside);
  }

  /** Ctrl-C: cancel the run in flight, stop watching, dispose every library. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.debouncer.cancel();
    this.watcher.close();
    this.controller?.abort();
    await Promise.race([this.cycle, new Promise((r) => setTimeout(r, 1000).unref())]);
    await this.libraries.dispose();
  }
}

function workspaceFiles(c: WorkspaceChanges): number {
  return c.changed.size + c.added.size + c.removed.size;
}

export async function watchRun(
  flags: RunFlags,
  io: CliIO,
  envOpts: EnvironmentOptions,
  progress: Progress,
  trace: ((line: string) => void) | undefined,
): Promise<number> {
  const choice = await resolveWorkspace(envOpts);
  let root: string;
  try {
    root = realpathSync(choice.workspace);
  } catch {
    root = choice.workspace;
  }
  trace?.(`workspace ${root} (${choice.reason})`);
  trace?.(`configuration ${choice.configFile ? displayPath(choice.configFile, root) : '(none)'}`);
  const session = new WatchSession(
    flags,
    io,
    root,
    choice.configFile,
    progress,
    trace,
    envOpts.cache ?? { disabled: true },
  );
  let stopRequested!: () => void;
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  const onSignal = (): void => {
    if (session.stopping) process.exit(EXIT_INTERRUPTED);
    progress.clear();
    io.err('hielements: interrupted, stopping watch mode\n');
    stopRequested();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    try {
      // A spec that cannot be read at all on the first run ends the command (exit 2), as without --watch.
      await Promise.race([session.start(), stopped]);
    } catch (err) {
      await session.stop();
      throw err;
    }
    await stopped;
    await session.stop();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.done();
  }
  // Straggling handles (a plugin ignoring its shutdown) must not keep the process alive.
  setTimeout(() => process.exit(EXIT_INTERRUPTED), 2000).unref();
  return EXIT_INTERRUPTED;
}

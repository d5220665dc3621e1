/**
 * Per-run shared cache: one workspace walk, each file parsed once (facts kept, trees freed). Python
 * call facts are extracted only when wanted: the interpreter announces the functions a run calls
 * (`Library.prepareRun`), so a spec with `calls*` checks gets them in the single parse; without that
 * hint (direct API use), a file first analysed without its calls is parsed again the first time its
 * calls are asked for, see `factsMany`. Plus per-language project models (python roots, cargo
 * crates, tsconfig) computed once. One `createBuiltinLibraries` call owns one cache per workspace.
 * With a persistent `FactsStore`, files whose content did not change since an earlier run are not
 * parsed at all (see facts/store.ts).
 */
import { factsInThread, FactsPool, WORKER_THRESHOLD, type Extracted, type FactsJob } from './facts/pool.js';
import type { FactsStore, FileStamp } from './facts/store.js';
import { dirname, sep } from 'node:path';
import { confinedRoot, workspaceRelative, type DirHandle, type FsResult, type StatInfo } from '../../confine/index.js';
import { readIn, statIn } from './paths.js';
import { scansOutline } from './facts/scan/index.js';
import { emptyFacts, grammarFor, isOutline, type FileFacts, type Grammar } from './facts/types.js';
import { FileIndex } from './file-index.js';
import { StatTable } from './stat-table.js';
import { walkWorkspace, type WalkResult } from './walk.js';

/**
 * A relative path `workspaceRelative` gives back as it is: components without `.`/`..`, NUL,
 * backslash or empty parts, not starting like a drive path.
 */
const PLAIN = /^(?!\.\.?(?:\/|$)|[A-Za-z]:)[^/\0\\]+(?:\/(?!\.\.?(?:\/|$))[^/\0\\]+)*$/;

/** Is `path` directly in the folder `dir` (what `dirname(path) === dir` says, without a new string)? */
function inFolder(path: string, dir: string): boolean {
  return (
    path.length > dir.length + 1 &&
    path.startsWith(dir) &&
    path.charCodeAt(dir.length) === 47 /* / */ &&
    path.indexOf('/', dir.length + 1) < 0 &&
    sep === '/'
  );
}

/** How many files' facts taken from the store are kept for a second question soon after (see `recent`). */
const RECENT_FACTS = 256;

/** Largest file `text()` reads (bigger ones read as unreadable). */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

export interface FactsOptions {
  /**
   * Complete facts: Python calls (see `FileFacts.callsOmitted`), Rust, TypeScript and JavaScript
   * type references (`FileFacts.typeRefsOmitted`). Without it, those files get their outline.
   */
  calls?: boolean;
}

export class WorkspaceCache {
  private walkP: Promise<WalkResult> | undefined;
  private indexP: Promise<FileIndex> | undefined;
  private indexReady: FileIndex | undefined;
  /**
   * What each path asked about is (one `lstat` per path and run; see `statMany`); its marks are
   * the files taken from the facts store once (see `fromStore`).
   */
  private readonly stats = new StatTable();
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly facts = new Map<string, Promise<FileFacts>>();
  /** Files whose cached facts lack the calls (python outline facts). */
  private readonly partial = new Set<string>();
  /**
   * With a facts store: files whose facts this run already took from the store once (looked up,
   * re-read or just recorded) without keeping them. Most runs ask for each file once, so parsed
   * facts are not held for the whole run; a file asked for again is taken from the store as it is
   * (no stat comparison, not counted twice) and its facts are kept from then on. Recorded as a
   * mark in `stats` (every such file was stat'ed); this set holds the rare file whose stat failed.
   */
  private readonly fromStoreUnstated = new Set<string>();
  /**
   * The facts last taken from the store (at most `RECENT_FACTS`, oldest first): the checks of one
   * element usually ask for the same files one after the other, and a second question answered
   * from here needs no second read and parse of the entry.
   */
  private readonly recent = new Map<string, FileFacts>();
  private readonly models = new Map<string, Promise<unknown>>();
  private readonly modelValues = new Map<string, unknown>();
  private readonly pool: FactsPool;
  /** Set before a run whose spec has Python `calls*` checks: every Python parse then extracts calls. */
  private callsWanted = false;
  /** Grammars worth starting workers for ahead of time; undefined = any (nobody announced a run). */
  private warmable: Set<Grammar> | undefined;

  /**
   * @param store persistent facts kept between runs (the CLI's `.hielements-cache`); without one,
   *   every file is parsed in every run
   */
  constructor(
    readonly root: string,
    private readonly ignore: readonly string[] = [],
    readonly store?: FactsStore,
  ) {
    this.pool = new FactsPool({ root });
  }

  walk(): Promise<WalkResult> {
    this.walkP ??= walkWorkspace(this.root, this.ignore).then((w) => {
      this.warmPool(w.files);
      return w;
    });
    return this.walkP;
  }

  /**
   * A language with enough files to be parsed in workers: start them while the run goes on —
   * unless the facts store holds facts from an earlier run (then most files are likely unchanged:
   * idle workers would only take a core and memory from the run; a batch that does need them
   * starts them then). Warming is an optimisation: workers that cannot start are retried (or
   * replaced by in-thread parsing) when a batch actually needs them.
   */
  private warmPool(files: readonly string[]): void {
    const counts = new Map<Grammar, number>();
    for (const f of files) {
      const g = grammarFor(f);
      if (g) counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    // a language whose outlines are scanned needs workers only when the run wants its calls
    const big = [...counts].filter(
      ([g, n]) =>
        n >= WORKER_THRESHOLD && (!this.warmable || this.warmable.has(g)) && (this.callsWanted || !scansOutline(g)),
    );
    if (big.length === 0) return;
    const warm = () => {
      try {
        this.pool.warm(
          Math.max(...big.map(([, n]) => n)),
          big.map(([g]) => g),
        );
      } catch {
        // see above
      }
    };
    const store = this.store;
    if (!store) {
      warm();
      return;
    }
    store.load().then(
      () => {
        if (store.size === 0) warm();
      },
      () => warm(),
    );
  }

  async files(): Promise<string[]> {
    return (await this.walk()).files;
  }

  /** The index over the walk (built once, on first use). */
  index(): Promise<FileIndex> {
    this.indexP ??= this.walk().then((w) => {
      this.indexReady = new FileIndex(this.root, w);
      return this.indexReady;
    });
    return this.indexP;
  }

  /**
   * The index once built, else undefined: selectors called thousands of times take it without an
   * await (`cache.indexNow ?? (await cache.index())`), which costs a promise and a tick each time.
   */
  get indexNow(): FileIndex | undefined {
    return this.indexReady;
  }

  /** Is `abs` a file of the walk? (through the index: one set of the files per run) */
  async fileSet(): Promise<{ has(abs: string): boolean }> {
    const index = await this.index();
    return { has: (abs) => index.isFile(abs) };
  }

  /** UTF-8 text of a file, or undefined when it cannot be read. */
  text(file: string): Promise<string | undefined> {
    let p = this.texts.get(file);
    if (!p) {
      // through the confinement module: never a symbolic link, never outside the workspace
      p = Promise.resolve().then(() => {
        const r = readIn(this.root, file, MAX_TEXT_BYTES);
        if (r.ok) return r.value.toString('utf8');
        // a file that is gone or a link (never followed) is simply not there; anything else is
        // a file the checks should have read
        if (r.kind !== 'not-found' && r.kind !== 'symlink') this.notAnalysed(file, `not read: ${r.reason}`);
        return undefined;
      });
      this.texts.set(file, p);
    }
    return p;
  }

  /** Facts of one file (see `factsMany` for `opts`). */
  async factsOf(file: string, grammar?: Grammar, opts: FactsOptions = {}): Promise<FileFacts> {
    const g = grammar ?? grammarFor(file);
    if (!g) throw new Error(`no parser for ${file}`);
    const m = await this.factsMany([file], g, opts);
    return m.get(file)!;
  }

  /**
   * Extract Python calls in every parse from now on (called before a run that needs them, so that
   * no file is parsed twice; see `Library.prepareRun`).
   */
  wantCalls(): void {
    this.callsWanted = true;
  }

  /** Parse worker threads started so far (ahead of time or for a batch). */
  get parseWorkers(): number {
    return this.pool.workerCount;
  }

  /**
   * The run announced what it uses (`Library.prepareRun`): from now on only these grammars get
   * parse workers started ahead of time; others are parsed only if asked for after all.
   */
  warmOnly(grammars: Iterable<Grammar>): void {
    this.warmable ??= new Set();
    for (const g of grammars) this.warmable.add(g);
  }

  /**
   * Facts of many files (parsed in parallel when worthwhile). Files without a parser are left out.
   * Python calls and Rust type references are only extracted with `{ calls: true }` (they need a
   * walk through every expression, which the import graph and symbol questions do not; a scanner
   * gives the rest without a syntax tree); facts without them carry `typeRefsOmitted` or
   * `callsOmitted`. A file is parsed once, or twice when its calls are first asked for after its
   * other facts.
   */
  async factsMany(
    files: readonly string[],
    grammar?: Grammar,
    opts: FactsOptions = {},
  ): Promise<Map<string, FileFacts>> {
    const facts = await this.factsList(files, grammar, opts);
    const out = new Map<string, FileFacts>();
    for (let i = 0; i < files.length; i++) {
      const f = facts[i];
      if (f) out.set(files[i]!, f);
    }
    return out;
  }

  /** `factsMany` as a list aligned with `files` (undefined for files without a parser): no map. */
  async factsList(
    files: readonly string[],
    grammar?: Grammar,
    opts: FactsOptions = {},
  ): Promise<(FileFacts | undefined)[]> {
    const pending = await this.factsAt(files, grammar, opts);
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      // facts at hand are taken as they are (an await per file costs a promise and a tick)
      if (p instanceof Promise) pending[i] = await p;
    }
    return pending as (FileFacts | undefined)[];
  }

  /**
   * Starts what `factsMany` does and returns, aligned with `files`, a promise of each file's facts
   * (undefined for files without a parser). Each promise settles as soon as that file is done, so
   * a caller can work on the first files while the others are still being parsed.
   */
  async factsEach(
    files: readonly string[],
    grammar?: Grammar,
    opts: FactsOptions = {},
  ): Promise<(Promise<FileFacts> | undefined)[]> {
    const each = await this.factsAt(files, grammar, opts);
    return each.map((p) => (p === undefined || p instanceof Promise ? p : Promise.resolve(p)));
  }

  /** `factsEach`, with the facts already at hand (from the store) given as they are, not as promises. */
  private async factsAt(
    files: readonly string[],
    grammar: Grammar | undefined,
    opts: FactsOptions,
  ): Promise<(FileFacts | Promise<FileFacts> | undefined)[]> {
    const calls = (opts.calls ?? false) || this.callsWanted;
    const store = this.store;
    if (store) await store.load();
    const out: (FileFacts | Promise<FileFacts> | undefined)[] = new Array(files.length).fill(undefined);
    /** Files to parse, each with its place in `files` and its stat taken before it is read (with a store only). */
    const toParse: { job: FactsJob; at: number; stat?: FileStamp | undefined }[] = [];
    // the stamps the store compares, taken folder by folder
    if (store) this.statAll(files);
    for (let at = 0; at < files.length; at++) {
      const file = files[at]!;
      const known = this.facts.get(file);
      if (known && !(calls && this.partial.has(file))) {
        out[at] = known;
        continue;
      }
      const g = grammar ?? grammarFor(file);
      if (!g) continue;
      if (!store) {
        toParse.push({ job: { file, grammar: g }, at });
        continue;
      }
      const st = this.stamp(file);
      const again = this.takenFromStore(file);
      const recent = again ? this.recent.get(file) : undefined;
      if (recent && recent.grammar === g && !(calls && isOutline(recent))) {
        // asked again soon after: kept from now on, without reading the store again
        out[at] = recent;
        this.recent.delete(file);
        this.keep(file, Promise.resolve(recent), recent);
        continue;
      }
      const hit = store.lookup(file, st, g, calls, again);
      if (hit.facts) {
        out[at] = hit.facts;
        if (again) this.keep(file, Promise.resolve(hit.facts), hit.facts);
        else this.markFromStore(file, hit.facts);
        continue;
      }
      const job: FactsJob = { file, grammar: g };
      if (hit.known !== undefined) job.known = hit.known;
      if (st) job.size = st.size;
      toParse.push({ job, at, stat: st });
    }
    if (toParse.length > 0) {
      const done = toParse.map(() => {
        let resolve!: (f: FileFacts | Promise<FileFacts>) => void;
        const promise = new Promise<FileFacts>((r) => (resolve = r));
        return { promise, resolve };
      });
      toParse.forEach(({ job, at }, i) => {
        // without calls the facts may lack some (python calls, rust type references): partial
        // until they arrive complete
        if (calls) this.partial.delete(job.file);
        else this.partial.add(job.file);
        this.facts.set(job.file, done[i]!.promise);
        out[at] = done[i]!.promise;
      });
      const onResult = (i: number, r: Extracted) => {
        const { job, stat } = toParse[i]!;
        if (!calls && r.facts && !isOutline(r.facts)) this.partial.delete(job.file);
        if (r.facts?.error !== undefined) this.notAnalysed(job.file, r.facts.error);
        done[i]!.resolve(store ? this.settle(store, job, stat, r, calls, done[i]!.promise) : r.facts!);
      };
      // The pool reports every file exactly once; should it fail as a whole, no caller may hang.
      this.pool
        .extract(
          toParse.map((t) => t.job),
          calls,
          store !== undefined,
          onResult,
        )
        .catch((e: unknown) => {
          const why = `facts extraction failed: ${e instanceof Error ? e.message : String(e)}`;
          toParse.forEach(({ job }, i) => {
            this.notAnalysed(job.file, why);
            done[i]!.resolve(emptyFacts(job.grammar, why));
          });
        });
    }
    return out;
  }

  /**
   * Told of every file whose facts could not be extracted (too large, unreadable, over the time
   * budget, parser failure), once per file and run, with the reason: checks that read those facts
   * saw an empty file, which the run must say rather than pass in silence.
   */
  onNotAnalysed: ((file: string, reason: string) => void) | undefined;

  private notAnalysed(file: string, reason: string): void {
    this.onNotAnalysed?.(file, reason);
  }

  /** Keeps a file's facts for the rest of the run (asked for more than once). */
  private keep(file: string, p: Promise<FileFacts>, facts: FileFacts): void {
    this.facts.set(file, p);
    if (isOutline(facts)) this.partial.add(file);
    else this.partial.delete(file);
  }

  /**
   * Facts of a file the pool read: stored, or taken from the store when its content is unchanged.
   * Facts the store now holds are not kept here (`promise`, the file's pending facts, is dropped):
   * the next question of the run takes them from the store (see `fromStoreUnstated`).
   */
  private async settle(
    store: FactsStore,
    job: FactsJob,
    stat: FileStamp | undefined,
    r: Extracted,
    calls: boolean,
    promise: Promise<FileFacts>,
  ): Promise<FileFacts> {
    let facts: FileFacts | undefined;
    let stored = false;
    if (r.facts) {
      facts = r.facts;
      if (r.hash !== undefined) {
        store.record(job.file, stat, r.hash, r.facts, r.json);
        stored = r.facts.error === undefined;
      }
    } else {
      // same content as the stored entry the job was built from (`job.known`)
      facts = store.reuse(job.file, stat, r.hash!);
      stored = facts !== undefined;
      if (!facts) {
        facts = await factsInThread(job.file, job.grammar, calls, this.root);
        if (facts.error !== undefined) this.notAnalysed(job.file, facts.error);
      }
    }
    if (stored && this.facts.get(job.file) === promise) {
      this.facts.delete(job.file);
      this.partial.delete(job.file);
      this.markFromStore(job.file, facts);
    }
    return facts;
  }

  /** `file`'s facts were taken from the store (see `fromStoreUnstated`); they stay among the `recent` for a while. */
  private markFromStore(file: string, facts: FileFacts): void {
    if (!this.stats.mark(file)) this.fromStoreUnstated.add(file);
    this.recent.delete(file);
    this.recent.set(file, facts);
    if (this.recent.size > RECENT_FACTS) this.recent.delete(this.recent.keys().next().value!);
  }

  private takenFromStore(file: string): boolean {
    return this.stats.isMarked(file) || this.fromStoreUnstated.has(file);
  }

  /** Size and time of a regular file (through the confinement module), for the facts store. */
  private stamp(file: string): FileStamp | undefined {
    if (!this.stats.has(file)) this.statAll([file]);
    return this.stats.fileStamp(file);
  }

  /**
   * What is at each of `files` (absolute paths), as `statIn` answers it — through the confinement
   * module, never following a link — but once per path and run, and with the paths of one folder
   * sharing one opened folder (one descriptor chain per folder instead of one per path).
   */
  statMany(files: readonly string[]): FsResult<StatInfo>[] {
    this.statAll(files);
    return files.map((f) => this.stats.get(f)!);
  }

  /**
   * The size of the regular file at `file` as `statMany` sees it (undefined for anything else or
   * a path that cannot be stat'ed), without making its answer: checks that only compare sizes of
   * thousands of files call `statAll` and then this.
   */
  fileSize(file: string): number | undefined {
    if (!this.stats.has(file)) this.statAll([file]);
    return this.stats.fileSize(file);
  }

  /** `statMany` without the answers (they are kept for the run; see `stat`, `fileSize`). */
  statAll(files: readonly string[]): void {
    // Paths of one folder are next to each other in the sorted lists callers pass: each run of
    // them is one group (no map of folders per call; an unsorted list only opens a folder more
    // than once).
    for (let i = 0; i < files.length; ) {
      const f = files[i++]!;
      if (this.stats.has(f)) continue;
      const dir = dirname(f);
      const members = [f];
      for (; i < files.length; i++) {
        const g = files[i]!;
        if (!inFolder(g, dir)) break;
        if (!this.stats.has(g) && g !== members[members.length - 1]) members.push(g);
      }
      if (members.length === 1) {
        this.stats.set(f, statIn(this.root, f)); // one path: no folder to share
        continue;
      }
      const rel = this.relativeDir(dir);
      let handle: FsResult<DirHandle>;
      try {
        handle = rel.ok ? confinedRoot(this.root).openDir(rel.value) : rel;
      } catch (e) {
        handle = { ok: false as const, kind: 'io' as const, reason: e instanceof Error ? e.message : String(e) };
      }
      if (!handle.ok) {
        // the folder cannot be opened: the error is each path's own, as statIn gives it
        for (const m of members) this.stats.set(m, statIn(this.root, m));
        continue;
      }
      try {
        for (const m of members) this.stats.set(m, handle.value.stat(m.slice(dir.length + 1)));
      } finally {
        handle.value.close();
      }
    }
  }

  /** `workspaceRelative` of a folder, by slicing off the root when the folder is plainly below it. */
  private relativeDir(dir: string): FsResult<string> {
    if (dir === this.root) return { ok: true, value: '' };
    const root = this.root;
    if (
      sep === '/' &&
      dir.length > root.length + 1 &&
      dir.startsWith(root) &&
      dir.charCodeAt(root.length) === 47 /* / */ &&
      !root.endsWith('/') &&
      !root.includes('\\') &&
      !root.includes('\0')
    ) {
      const rel = dir.slice(root.length + 1);
      if (PLAIN.test(rel)) return { ok: true, value: rel };
    }
    return workspaceRelative(root, dir);
  }

  /** `statMany` of one path. */
  stat(file: string): FsResult<StatInfo> {
    if (!this.stats.has(file)) this.statAll([file]);
    return this.stats.get(file)!;
  }

  /** A value computed once per cache (language project models). */
  model<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let p = this.models.get(key) as Promise<T> | undefined;
    if (!p) {
      p = compute();
      this.models.set(key, p);
      p.then(
        (v) => this.modelValues.set(key, v),
        () => undefined, // its callers see the failure
      );
    }
    return p;
  }

  /** A model once computed, else undefined (taken without an await by checks that run thousands of times). */
  modelNow<T>(key: string): T | undefined {
    return this.modelValues.get(key) as T | undefined;
  }

  /** Stops the parse workers and saves the facts store (dropping entries of files no longer walked). */
  async dispose(): Promise<void> {
    await this.pool.dispose();
    if (!this.store) return;
    let existing: { has(abs: string): boolean } | undefined;
    try {
      existing = this.walkP ? await this.fileSet() : undefined;
    } catch {
      existing = undefined; // the walk failed: keep every entry
    }
    await this.store.save(existing);
  }
}

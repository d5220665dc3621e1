/**
 * Extracts facts for many files, in worker threads when the compiled worker is available (running
 * from `dist/`) and the batch is large enough to pay for starting them; otherwise in this thread.
 * Workers read the files themselves and pull work from a shared counter (see protocol.ts), so the
 * main thread only receives facts.
 */
import { existsSync, lstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { BatchMessage, Extracted, WarmMessage, WorkerMessage } from './protocol.js';
import { readSource } from './read.js';
import { outcomeWithoutParser, scansOutline } from './scan/index.js';
import { confinedRoot } from '../../../confine/index.js';
import type { FileFacts, Grammar } from './types.js';

const require = createRequire(import.meta.url);
/** node:worker_threads, loaded when the first worker starts (not by commands that never parse). */
const workerThreads = () => require('node:worker_threads') as typeof import('node:worker_threads');

/** Batches smaller than this are parsed in the calling thread. */
export const WORKER_THRESHOLD = 150;

export interface FactsJob {
  file: string;
  grammar: Grammar;
  /** Content hash the caller already has facts for: when the file still hashes to it, no parse. */
  known?: string;
  /** File size when the caller has stat'ed it already (orders the queue). */
  size?: number;
}

export type { Extracted } from './protocol.js';

/** Facts of one file, parsed in this thread; read below the workspace `root` when given (else the file's folder). */
export async function factsInThread(
  file: string,
  grammar: Grammar,
  withCalls = true,
  root?: string,
): Promise<FileFacts> {
  return (await extractInThread({ file, grammar }, withCalls, false, root)).facts!;
}

/** One job in the calling thread (see `FactsPool.extract`). */
async function extractInThread(
  job: FactsJob,
  withCalls: boolean,
  hash: boolean,
  root: string | undefined,
): Promise<Extracted> {
  const src = await readSource(job.file, job.grammar, hash, root);
  const done = outcomeWithoutParser(src, job.known, job.grammar, withCalls);
  if (done) return done;
  // the parsers (and tree-sitter) are loaded on first use: many runs never parse in this thread
  const { extractFactsWith, fromSource } = await import('./extract.js');
  const p = src.text !== undefined ? await (await import('./parsers.js')).parserFor(job.grammar) : undefined;
  return fromSource(src, job.known, (text) => extractFactsWith(p!, job.grammar, text, withCalls));
}

/** Indices of `jobs` by file size, largest first (a file that cannot be stat'ed counts as empty). */
function bySizeDescending(jobs: readonly FactsJob[]): number[] {
  const size = jobs.map((j) => {
    if (j.size !== undefined) return j.size;
    try {
      return lstatSync(j.file).size; // ordering only; the read itself is confined
    } catch {
      return 0;
    }
  });
  return jobs.map((_, i) => i).sort((a, b) => size[b]! - size[a]! || a - b);
}

interface Batch {
  /** The jobs in the order the workers take them (largest file first). */
  jobs: readonly FactsJob[];
  /** `order[k]`: position in the caller's list of `jobs[k]`. */
  order: number[];
  withCalls: boolean;
  hash: boolean;
  results: (Extracted | undefined)[];
  /** Called with each outcome as it arrives (caller's index). */
  onResult: ((index: number, r: Extracted) => void) | undefined;
  /** Workers that have not yet ended this batch. */
  running: Set<Worker>;
  resolve: (results: Extracted[]) => void;
}

export class FactsPool {
  private workers: Worker[] = [];
  private readonly batches = new Map<number, Batch>();
  private nextId = 1;
  private readonly workerFile: string | undefined;

  private readonly root: string | undefined;
  private readonly size: number;

  /**
   * @param opts.root workspace real path: every file is read below it through the confinement
   *   module (without one, each file is read below its own folder)
   * @param opts.size worker threads (default: up to 4, one per core)
   */
  constructor(opts: { root?: string; size?: number } = {}) {
    this.root = opts.root;
    this.size = opts.size ?? Math.max(1, Math.min(4, availableParallelism()));
    const f = fileURLToPath(new URL('./worker.js', import.meta.url));
    this.workerFile = existsSync(f) ? f : undefined;
  }

  /** Facts for every file, in the order given (python calls only with `withCalls`, see `FileFacts.callsOmitted`). */
  async extractAll(jobs: readonly FactsJob[], withCalls = true): Promise<FileFacts[]> {
    // without hashes no file can match a `known` hash: every outcome has facts
    return (await this.extract(jobs, withCalls, false)).map((r) => r.facts!);
  }

  /**
   * Outcomes for every file, in the order given: facts, with the content hash when `hash` is set;
   * no facts for a job whose file still hashes to its `known` hash. `onResult` sees each outcome
   * as soon as it is known (in the order the files are done), so callers can use the first
   * files' facts while the others are still being parsed.
   */
  async extract(
    jobs: readonly FactsJob[],
    withCalls: boolean,
    hash: boolean,
    onResult?: (index: number, r: Extracted) => void,
  ): Promise<Extracted[]> {
    // Outlines a scanner answers are extracted in this thread: the scan costs about what starting
    // the workers, loading the extractor in each and posting the facts back cost (the Python
    // standard library's import graph took two thirds of the CPU time in-thread, and no more wall
    // time on two cores); the few files a scanner is unsure of are parsed here too.
    if (!withCalls && jobs.every((j) => scansOutline(j.grammar))) return this.inThread(jobs, withCalls, hash, onResult);
    if (!this.workerFile || jobs.length < WORKER_THRESHOLD || this.size < 2)
      return this.inThread(jobs, withCalls, hash, onResult);
    this.start();
    if (this.workers.length === 0) return this.inThread(jobs, withCalls, hash, onResult);
    const id = this.nextId++;
    const next = new SharedArrayBuffer(4);
    // Largest files first: the last files taken are small, so the workers finish together.
    const order = bySizeDescending(jobs);
    const queue = order.map((i) => jobs[i]!);
    const msg: BatchMessage = {
      kind: 'batch',
      id,
      files: queue.map((j) => j.file),
      grammars: queue.map((j) => j.grammar),
      known: queue.map((j) => j.known),
      withCalls,
      hash,
      next,
    };
    const rootFd = this.rootFd();
    if (rootFd !== undefined) {
      msg.root = this.root!;
      msg.rootFd = rootFd;
    }
    // Workers are unref'd while idle (they must not keep the process alive) and ref'd while a batch
    // is in flight (an unref'd worker would let the process exit with the batch unfinished).
    if (this.batches.size === 0) for (const w of this.workers) w.ref();
    const done = new Promise<Extracted[]>((resolve) => {
      this.batches.set(id, {
        jobs: queue,
        order,
        withCalls,
        hash,
        results: new Array<Extracted | undefined>(jobs.length),
        onResult,
        running: new Set(this.workers),
        resolve,
      });
    });
    for (const w of this.workers) w.postMessage(msg);
    return done;
  }

  /** The root's descriptor, shared with the workers (descriptors belong to the whole process). */
  private rootFd(): number | undefined {
    if (this.root === undefined) return undefined;
    try {
      return confinedRoot(this.root).fd;
    } catch {
      return undefined; // the workers then report each file as unreadable
    }
  }

  /** Worker threads currently running. */
  get workerCount(): number {
    return this.workers.length;
  }

  /**
   * Starts the workers and has them load the grammars now, when a batch of at least `expected`
   * files is coming (so their start-up overlaps other work). Smaller batches run in-thread: no-op.
   */
  warm(expected: number, grammars: readonly Grammar[]): void {
    if (!this.workerFile || expected < WORKER_THRESHOLD || this.size < 2 || grammars.length === 0) return;
    const fresh = this.workers.length === 0;
    this.start();
    const msg: WarmMessage = { kind: 'warm', grammars: [...grammars] };
    if (fresh) for (const w of this.workers) w.postMessage(msg);
  }

  private async inThread(
    jobs: readonly FactsJob[],
    withCalls: boolean,
    hash: boolean,
    onResult?: (index: number, r: Extracted) => void,
  ): Promise<Extracted[]> {
    const out: Extracted[] = [];
    for (const j of jobs) {
      const r = await extractInThread(j, withCalls, hash, this.root);
      onResult?.(out.length, r);
      out.push(r);
    }
    return out;
  }

  private start(): void {
    if (this.workers.length > 0 || !this.workerFile) return;
    for (let i = 0; i < this.size; i++) {
      const w = new (workerThreads().Worker)(this.workerFile);
      w.unref();
      w.on('message', (m: WorkerMessage) => this.onMessage(w, m));
      // A crashed worker: the others drain the queue; what it had claimed is redone in this thread.
      w.on('error', () => this.lose(w));
      w.on('exit', () => this.lose(w));
      this.workers.push(w);
    }
  }

  private onMessage(w: Worker, m: WorkerMessage): void {
    const b = this.batches.get(m.id);
    if (!b) return;
    if (m.kind === 'facts') {
      for (let k = 0; k < m.indices.length; k++) {
        const r = m.results[k]!;
        if (r.json !== undefined) r.facts = JSON.parse(r.json) as FileFacts;
        b.results[m.indices[k]!] = r;
        b.onResult?.(b.order[m.indices[k]!]!, r);
      }
      return;
    }
    b.running.delete(w);
    if (b.running.size === 0) void this.finish(m.id, b);
  }

  private lose(w: Worker): void {
    const i = this.workers.indexOf(w);
    if (i < 0) return;
    this.workers.splice(i, 1);
    void w.terminate();
    for (const [id, b] of this.batches) {
      if (b.running.delete(w) && b.running.size === 0) void this.finish(id, b);
    }
  }

  private async finish(id: number, b: Batch): Promise<void> {
    this.batches.delete(id);
    if (this.batches.size === 0) for (const w of this.workers) w.unref();
    const out = new Array<Extracted>(b.jobs.length);
    for (let k = 0; k < b.jobs.length; k++) {
      let r = b.results[k];
      if (!r) {
        r = await extractInThread(b.jobs[k]!, b.withCalls, b.hash, this.root);
        b.onResult?.(b.order[k]!, r);
      }
      out[b.order[k]!] = r;
    }
    b.resolve(out);
  }

  async dispose(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.terminate()));
    // batches still in flight are finished in this thread
    for (const [id, b] of [...this.batches]) void this.finish(id, b);
  }
}

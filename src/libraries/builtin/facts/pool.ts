/**
 * Extracts facts for many files, in worker threads when the compiled worker is available (running
 * from `dist/`) and the batch is large enough to pay for starting them; otherwise in this thread.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { extractFacts } from './extract.js';
import { MAX_PARSE_BYTES } from './limits.js';
import { emptyFacts, type FileFacts, type Grammar } from './types.js';

/** Batches smaller than this are parsed in the calling thread. */
const WORKER_THRESHOLD = 150;

export async function factsInThread(file: string, grammar: Grammar): Promise<FileFacts> {
  let text: string;
  try {
    const buf = await readFile(file);
    if (buf.length > MAX_PARSE_BYTES) return emptyFacts(grammar, `file is larger than ${MAX_PARSE_BYTES} bytes; not parsed`);
    text = buf.toString('utf8');
  } catch (e) {
    return emptyFacts(grammar, `cannot read file: ${e instanceof Error ? e.message : String(e)}`);
  }
  return extractFacts(grammar, text);
}

interface Pending {
  resolve: (f: FileFacts) => void;
  file: string;
  grammar: Grammar;
}

export class FactsPool {
  private workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private activeBatches = 0;
  private readonly workerFile: string | undefined;

  constructor(private readonly size = Math.max(1, Math.min(4, availableParallelism()))) {
    const f = fileURLToPath(new URL('./worker.js', import.meta.url));
    this.workerFile = existsSync(f) ? f : undefined;
  }

  /** Facts for every file, in the order given. */
  async extractAll(jobs: readonly { file: string; grammar: Grammar }[]): Promise<FileFacts[]> {
    if (!this.workerFile || jobs.length < WORKER_THRESHOLD || this.size < 2) {
      const out: FileFacts[] = [];
      for (const j of jobs) out.push(await factsInThread(j.file, j.grammar));
      return out;
    }
    this.start();
    // Workers are unref'd while idle (they must not keep the process alive) and ref'd while a batch
    // is in flight (an unref'd worker would let the process exit with the batch unfinished).
    if (this.activeBatches++ === 0) for (const w of this.workers) w.ref();
    try {
      return await this.runBatch(jobs);
    } finally {
      if (--this.activeBatches === 0) for (const w of this.workers) w.unref();
    }
  }

  private async runBatch(jobs: readonly { file: string; grammar: Grammar }[]): Promise<FileFacts[]> {
    // Hand out jobs one at a time per worker so a slow file does not stall a whole chunk.
    const results: FileFacts[] = new Array<FileFacts>(jobs.length);
    let next = 0;
    const runOn = async (w: Worker): Promise<void> => {
      while (next < jobs.length) {
        const i = next++;
        const job = jobs[i]!;
        results[i] = await this.send(w, job.file, job.grammar);
      }
    };
    await Promise.all(this.workers.flatMap((w) => [runOn(w), runOn(w)]));
    return results;
  }

  private send(w: Worker, file: string, grammar: Grammar): Promise<FileFacts> {
    if (!this.workers.includes(w)) return factsInThread(file, grammar);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, file, grammar });
      w.postMessage({ id, file, grammar });
    });
  }

  private start(): void {
    if (this.workers.length > 0 || !this.workerFile) return;
    for (let i = 0; i < this.size; i++) {
      const w = new Worker(this.workerFile);
      w.unref();
      w.on('message', (m: { id: number; facts: FileFacts }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        p.resolve(m.facts);
      });
      w.on('error', (e) => this.failAll(e));
      this.workers.push(w);
    }
  }

  /** A crashed worker: finish its jobs in this thread rather than losing them. */
  private failAll(e: unknown): void {
    void e;
    const stuck = [...this.pending.values()];
    this.pending.clear();
    for (const p of stuck) void factsInThread(p.file, p.grammar).then(p.resolve);
    const ws = this.workers;
    this.workers = [];
    for (const w of ws) void w.terminate();
  }

  async dispose(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

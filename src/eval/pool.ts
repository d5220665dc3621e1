/**
 * Concurrency helpers: a counting semaphore, per-library limits (`library.concurrency`) and a job
 * pool that runs tasks with a global limit while keeping results in submission order.
 */
import type { Library } from '../libraries/types.js';

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Takes a slot if one is free now (no promise is made for the common, uncontended case). */
  tryAcquire(): boolean {
    if (this.active >= this.limit) return false;
    this.active++;
    return true;
  }

  /** Resolves once a slot is held: a released slot is handed straight to the longest waiter. */
  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Gives back a slot taken by `tryAcquire` or `acquire`. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (!this.tryAcquire()) await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }
}

/** One semaphore per library, sized by its declared concurrency (at least 1). */
export class LibraryLimiter {
  private readonly sems = new Map<Library, Semaphore>();

  /** The semaphore that bounds calls into `lib`. */
  semaphore(lib: Library): Semaphore {
    let s = this.sems.get(lib);
    if (!s) {
      const n = Number.isFinite(lib.concurrency) && lib.concurrency >= 1 ? Math.floor(lib.concurrency) : 1;
      s = new Semaphore(n);
      this.sems.set(lib, s);
    }
    return s;
  }
}

/**
 * Runs tasks `0 … count-1` with at most `limit` in flight: `task(i)` is called only when a slot is
 * free, once per index and in increasing order, so a run of thousands of jobs holds closures and
 * promises (and may make its jobs) for the ones in flight only.
 * Results come back in index order; `onDone(index, result)` is called as each finishes. Tasks must
 * not throw (wrap errors yourself).
 */
export async function runPool<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
  onDone?: (index: number, result: T) => void,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const r = await task(i);
      results[i] = r;
      onDone?.(i, r);
    }
  };
  const n = Math.max(1, Math.min(limit, count));
  const workers: Promise<void>[] = [];
  for (let w = 0; w < n; w++) workers.push(worker());
  await Promise.all(workers);
  return results;
}

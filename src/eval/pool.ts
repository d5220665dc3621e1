/**
 * Concurrency helpers: a counting semaphore, per-library limits (`library.concurrency`) and a job
 * pool that runs tasks with a global limit while keeping results in submission order.
 */
import type { Library } from '../libraries/types.js';

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** One semaphore per library, sized by its declared concurrency (at least 1). */
export class LibraryLimiter {
  private readonly sems = new Map<Library, Semaphore>();

  run<T>(lib: Library, task: () => Promise<T>): Promise<T> {
    let s = this.sems.get(lib);
    if (!s) {
      const n = Number.isFinite(lib.concurrency) && lib.concurrency >= 1 ? Math.floor(lib.concurrency) : 1;
      s = new Semaphore(n);
      this.sems.set(lib, s);
    }
    return s.run(task);
  }
}

/**
 * Runs `tasks` with at most `limit` in flight. Results come back in the order of `tasks`;
 * `onDone(index, result)` is called as each finishes. Tasks must not throw (wrap errors yourself).
 */
export async function runPool<T>(
  tasks: readonly (() => Promise<T>)[],
  limit: number,
  onDone?: (index: number, result: T) => void,
): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      const r = await (tasks[i] as () => Promise<T>)();
      results[i] = r;
      onDone?.(i, r);
    }
  };
  const n = Math.max(1, Math.min(limit, tasks.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

/** A counting semaphore: at most `limit` holders; waiters are served in arrival order. */
export class Slots {
  private used = 0;
  private readonly waiters: { grant: () => void; signal?: AbortSignal; onAbort?: () => void }[] = [];

  constructor(private readonly limit: number) {}

  /** Resolves with a release function; rejects with `cancelled()` if `signal` aborts while waiting. */
  acquire(signal: AbortSignal | undefined, cancelled: () => Error): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(cancelled());
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.used--;
      this.next();
    };
    if (this.used < this.limit) {
      this.used++;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const waiter: { grant: () => void; signal?: AbortSignal; onAbort?: () => void } = {
        grant: () => {
          this.used++;
          resolve(release);
        },
      };
      if (signal) {
        waiter.signal = signal;
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(cancelled());
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  private next(): void {
    while (this.used < this.limit && this.waiters.length > 0) {
      const w = this.waiters.shift()!;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.grant();
    }
  }
}

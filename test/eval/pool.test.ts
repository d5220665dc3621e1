import { describe, expect, it } from 'vitest';
import { Semaphore, runPool } from '../../src/eval/pool.js';

const tick = (ms = 1) => new Promise<void>((r) => setTimeout(r, ms));

describe('Semaphore', () => {
  it('hands a released slot to the longest waiter, never to a newcomer', async () => {
    const s = new Semaphore(1);
    expect(s.tryAcquire()).toBe(true);
    const order: string[] = [];
    const first = s.acquire().then(() => order.push('first'));
    const second = s.acquire().then(() => order.push('second'));
    s.release();
    // the slot now belongs to the first waiter, even before its continuation ran
    expect(s.tryAcquire()).toBe(false);
    await first;
    expect(order).toEqual(['first']);
    s.release();
    await second;
    expect(order).toEqual(['first', 'second']);
    s.release();
    expect(s.tryAcquire()).toBe(true);
  });

  it('never lets more than its limit run, whatever the mix of callers', async () => {
    const s = new Semaphore(2);
    let active = 0;
    let most = 0;
    const task = async () => {
      active++;
      most = Math.max(most, active);
      await tick();
      active--;
    };
    const direct = async () => {
      if (!s.tryAcquire()) await s.acquire();
      try {
        await task();
      } finally {
        s.release();
      }
    };
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? s.run(task) : direct())));
    expect(most).toBe(2);
    expect(active).toBe(0);
  });

  it('gives the slot back when the task fails', async () => {
    const s = new Semaphore(1);
    await expect(s.run(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(s.tryAcquire()).toBe(true);
  });
});

describe('runPool', () => {
  it('asks for task i only when a slot is free, and returns results in index order', async () => {
    const started: number[] = [];
    let inFlight = 0;
    let most = 0;
    const finished: number[] = [];
    const results = await runPool(
      10,
      3,
      async (i) => {
        started.push(i);
        inFlight++;
        most = Math.max(most, inFlight);
        // at most `limit` tasks have been asked for beyond those that finished
        expect(started.length - finished.length).toBeLessThanOrEqual(3);
        await tick((10 - i) % 4);
        inFlight--;
        return i * i;
      },
      (i, r) => {
        finished.push(i);
        expect(r).toBe(i * i);
      },
    );
    expect(results).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(finished.sort((a, b) => a - b)).toEqual(started);
    expect(most).toBe(3);
  });

  it('runs nothing for no tasks, and one at a time with a limit of one', async () => {
    expect(await runPool(0, 4, async () => 1)).toEqual([]);
    let inFlight = 0;
    const r = await runPool(4, 1, async (i) => {
      inFlight++;
      expect(inFlight).toBe(1);
      await tick();
      inFlight--;
      return i;
    });
    expect(r).toEqual([0, 1, 2, 3]);
  });
});

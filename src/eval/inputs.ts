/**
 * Records which workspace files each job of a run read through scope/ref values, so that
 * `hielements run --watch` can re-run only the checks a file change can affect.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Value } from '../libraries/types.js';

export class InputTracker {
  private readonly store = new AsyncLocalStorage<Set<string>>();

  /** Runs `fn` with `files` collecting the scope paths of every value it requests. */
  run<T>(files: Set<string>, fn: () => Promise<T>): Promise<T> {
    return this.store.run(files, fn);
  }

  /** Evaluator observer: adds the paths of the value to the current job's set once it settles. */
  readonly observe = (value: Promise<Value>): void => {
    const files = this.store.getStore();
    if (!files) return;
    value.then(
      (v) => addScopePaths(v, files),
      () => undefined,
    );
  };
}

/** Paths of every scope inside a value (lists included). */
export function addScopePaths(v: Value, into: Set<string>): void {
  if (v.type === 'scope') for (const p of v.scope.paths) into.add(p);
  else if (v.type === 'list') for (const item of v.items) addScopePaths(item, into);
}

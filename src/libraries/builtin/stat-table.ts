/**
 * What each path asked about in a run is, as the confinement module's `stat` answered it, kept
 * compactly: a run of a large workspace stats every file it touches once, and an answer object per
 * path (a result, its stat info, a boxed time) held for the whole run cost about three times
 * what a slot in a few number arrays costs. Failed answers (rare) are kept as they are.
 */
import type { EntryKind, FsResult, StatInfo } from '../../confine/index.js';

const KINDS: readonly EntryKind[] = ['file', 'dir', 'symlink', 'other'];

export class StatTable {
  /** Path → its slot in the arrays below, or the failed answer. */
  private readonly slots = new Map<string, number | FsResult<StatInfo>>();
  private readonly kinds: number[] = [];
  private readonly sizes: number[] = [];
  private readonly mtimes: number[] = [];
  /** Per slot: marked (`mark`). */
  private readonly marks: number[] = [];

  has(path: string): boolean {
    return this.slots.has(path);
  }

  set(path: string, answer: FsResult<StatInfo>): void {
    const known = this.slots.get(path);
    if (!answer.ok) {
      this.slots.set(path, answer);
      return;
    }
    const kind = KINDS.indexOf(answer.value.kind);
    if (kind < 0) {
      this.slots.set(path, answer); // a kind this table does not know: kept as it is
      return;
    }
    const k = typeof known === 'number' ? known : this.kinds.length;
    this.kinds[k] = kind;
    this.sizes[k] = answer.value.size;
    this.mtimes[k] = answer.value.mtimeMs;
    this.marks[k] ??= 0;
    this.slots.set(path, k);
  }

  /** The answer for `path` (a new object each time), or undefined when it was never asked. */
  get(path: string): FsResult<StatInfo> | undefined {
    const k = this.slots.get(path);
    if (typeof k !== 'number') return k;
    return { ok: true, value: { kind: KINDS[this.kinds[k]!]!, size: this.sizes[k]!, mtimeMs: this.mtimes[k]! } };
  }

  /** Size and time of `path` when it is a regular file, without making its answer. */
  fileStamp(path: string): { size: number; mtimeMs: number } | undefined {
    const k = this.slots.get(path);
    if (typeof k !== 'number' || KINDS[this.kinds[k]!] !== 'file') return undefined;
    return { size: this.sizes[k]!, mtimeMs: this.mtimes[k]! };
  }

  /** Size of `path` when it is a regular file. */
  fileSize(path: string): number | undefined {
    const k = this.slots.get(path);
    return typeof k === 'number' && KINDS[this.kinds[k]!] === 'file' ? this.sizes[k] : undefined;
  }

  /** Marks `path` (which has a successful answer; others cannot be marked: false). */
  mark(path: string): boolean {
    const k = this.slots.get(path);
    if (typeof k !== 'number') return false;
    this.marks[k] = 1;
    return true;
  }

  isMarked(path: string): boolean {
    const k = this.slots.get(path);
    return typeof k === 'number' && this.marks[k] === 1;
  }
}

/**
 * Index over the workspace listing, built once per run: the sorted file and folder paths answer
 * "what is below this folder" by binary search, "is this a walked file/folder" by hash lookup, and
 * glob selectors match only the files below the pattern's literal leading folders. No question
 * costs time proportional to the whole workspace (only to its answer), so a spec with thousands
 * of elements scales linearly. The index only reads the listing; how the workspace is listed
 * (ignores, confinement) is the walk's business.
 */
import { sep } from 'node:path';

/** First index in `sorted` whose path is not less than `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The half-open range of `sorted` (sorted by UTF-16 code units, as `Array.prototype.sort` does)
 * holding the paths that start with `prefix`: they are contiguous, from the first path not less
 * than the prefix up to the first one that no longer starts with it.
 */
export function prefixRange(sorted: readonly string[], prefix: string): [number, number] {
  const start = lowerBound(sorted, prefix);
  let lo = start;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.startsWith(prefix)) lo = mid + 1;
    else hi = mid;
  }
  return [start, lo];
}

/** The paths of a sorted list strictly below a directory, in order. */
export function sortedUnder(sorted: readonly string[], dir: string): string[] {
  const [lo, hi] = prefixRange(sorted, dir.endsWith(sep) ? dir : dir + sep);
  return sorted.slice(lo, hi);
}

/** Characters that make a glob segment more than a literal folder name (picomatch syntax). */
const GLOB_MAGIC = /[*?[\]{}()!+@\\]/;

/**
 * The literal folders a glob starts with (`src/app/**\/*.ts` → `src/app`), or '' when the first
 * segment already has glob syntax, when a leading `!` negates the pattern, or when a segment is
 * `.` or `..`. Only whole segments before the last `/` count: the final segment names files.
 */
export function literalGlobPrefix(pattern: string): string {
  const segments = pattern.split('/');
  // a negation, or `.`/`..` segments the matcher might read as path steps: test every file
  if (pattern.startsWith('!') || segments.some((s) => s === '.' || s === '..')) return '';
  segments.pop();
  const literal: string[] = [];
  for (const s of segments) {
    if (s === '' || GLOB_MAGIC.test(s)) break;
    literal.push(s);
  }
  return literal.join('/');
}

export interface Listing {
  /** Absolute paths of the listed files, sorted. */
  files: string[];
  /** Absolute paths of the listed folders (the root included), sorted. */
  dirs: string[];
}

export class FileIndex {
  private fileSet: Set<string> | undefined;
  private dirSet: Set<string> | undefined;

  /** @param listing the workspace listing, both lists sorted */
  constructor(
    readonly root: string,
    private readonly listing: Listing,
  ) {}

  get files(): readonly string[] {
    return this.listing.files;
  }

  /** Listed files strictly below `dir` (every file for the root). */
  filesUnder(dir: string): string[] {
    return dir === this.root ? [...this.listing.files] : sortedUnder(this.listing.files, dir);
  }

  /** Listed folders strictly below `dir`. */
  dirsUnder(dir: string): string[] {
    return sortedUnder(this.listing.dirs, dir);
  }

  isFile(abs: string): boolean {
    this.fileSet ??= new Set(this.listing.files);
    return this.fileSet.has(abs);
  }

  isDir(abs: string): boolean {
    this.dirSet ??= new Set(this.listing.dirs);
    return this.dirSet.has(abs);
  }

  /** Workspace-relative form of a listed path, with `/` separators. */
  relative(abs: string): string {
    const r = abs.slice(this.root.length + 1);
    return sep === '/' ? r : r.split(sep).join('/');
  }

  /**
   * The listed files whose workspace-relative path satisfies `matches` (a compiled form of
   * `pattern`, relative to the workspace, `/` separators): only the files below the pattern's
   * literal leading folders are tested.
   */
  glob(pattern: string, matches: (relPath: string) => boolean): string[] {
    const prefix = literalGlobPrefix(pattern);
    const candidates =
      prefix === ''
        ? this.listing.files
        : sortedUnder(this.listing.files, this.root + sep + prefix.split('/').join(sep));
    return candidates.filter((f) => matches(this.relative(f)));
  }
}

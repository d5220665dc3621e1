/**
 * A source text with its line table: maps 0-based UTF-16 offsets to 1-based line/column positions
 * (columns count Unicode code points). Every `\n` starts a new line (a `\r\n` pair counts once),
 * including newlines inside strings and block comments (docs/design-rulings.md#positions).
 */
import type { Position, Span } from '../diagnostics/diagnostic.js';

/** Size of the cache of recent positions (a power of two). */
const RECENT_POSITIONS = 256;

export class SourceFile {
  readonly text: string;
  readonly path: string;
  /** Offset of the first character of each line; lineStarts[0] === 0. */
  readonly lineStarts: readonly number[];

  constructor(text: string, path: string) {
    this.text = text;
    this.path = path;
    const starts = [0];
    const astral = new Set<number>();
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c >= 0xd800 && c <= 0xdbff) astral.add(starts.length - 1);
    }
    this.lineStarts = starts;
    this.astralLines = astral;
    // The class of this file's spans: its prototype holds the file, so each span holds only its
    // two offsets (a large spec has a span for every syntax node).
    const fileSpan = class extends SourceSpan {};
    Object.defineProperty(fileSpan.prototype, 'source', { value: this });
    this.spanClass = fileSpan as unknown as new (start: number, end: number) => SourceSpan;
  }

  private readonly spanClass: new (
    start: number,
    end: number,
  ) => SourceSpan;

  /** Lines (0-based) holding characters outside the BMP, where columns differ from UTF-16 offsets. */
  private readonly astralLines: ReadonlySet<number>;

  /** 0-based index of the line containing `offset`. */
  lineIndex(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Positions made recently, by offset (direct-mapped): a node's span usually starts or ends where
   * its first or last child's does, so neighbouring spans share one position object instead of
   * each holding a copy (positions are never modified). Large specs hold far fewer objects.
   */
  private readonly recent: (Position | undefined)[] = new Array(RECENT_POSITIONS);

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const slot = clamped & (RECENT_POSITIONS - 1);
    const known = this.recent[slot];
    if (known !== undefined && known.offset === clamped) return known;
    const p = this.computePosition(clamped);
    this.recent[slot] = p;
    return p;
  }

  private computePosition(clamped: number): Position {
    const li = this.lineIndex(clamped);
    const start = this.lineStarts[li]!;
    if (!this.astralLines.has(li)) return { line: li + 1, column: clamped - start + 1, offset: clamped };
    let column = 1;
    for (let i = start; i < clamped; i++) {
      const c = this.text.charCodeAt(i);
      // A low surrogate continues the code point started by the preceding high surrogate.
      if (c >= 0xdc00 && c <= 0xdfff && i > start) {
        const prev = this.text.charCodeAt(i - 1);
        if (prev >= 0xd800 && prev <= 0xdbff) continue;
      }
      column++;
    }
    return { line: li + 1, column, offset: clamped };
  }

  /** The span from `start` to `end` (an `end` before `start` is read as `start`). */
  span(start: number, end: number): Span {
    return new this.spanClass(start, Math.max(start, end));
  }

  /** Text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    return lineOf(this.text, line);
  }
}

/** Text of the 1-based `line` of `text` without its terminator (`\n` or `\r\n`); '' when out of range. */
export function lineOf(text: string, line: number): string {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return text.slice(start, end);
}

/**
 * A span of a source file held as its two offsets; `start` and `end` compute their positions when
 * read. A spec of thousands of elements holds a span for every node of its syntax tree: two
 * offsets per span instead of two position objects (three fields each) and a span object keep the
 * model several times smaller. Reads as the plain `Span` it stands for — `toJSON` writes exactly
 * `{ start, end }` — so outputs and API users see no difference.
 */
export class SourceSpan implements Span {
  /** The file of the offsets: held by the prototype of the file's span class (SourceFile.span), not by each span. */
  declare private readonly source: SourceFile;

  protected constructor(
    /** 0-based UTF-16 offsets (end exclusive, never before the start). */
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get start(): Position {
    return this.source.position(this.startOffset);
  }

  get end(): Position {
    return this.source.position(this.endOffset);
  }

  toJSON(): Span {
    return { start: this.start, end: this.end };
  }

  sameSource(other: SourceSpan): boolean {
    return this.source === other.source;
  }

  /** From this span's start to `last`'s end (of the same source). */
  to(last: SourceSpan): Span {
    return this.source.span(this.startOffset, last.endOffset);
  }
}

/** Offset where `span` starts, without making a position when it is a SourceSpan. */
export function startOffset(span: Span): number {
  return span instanceof SourceSpan ? span.startOffset : span.start.offset;
}

/** Offset where `span` ends, without making a position when it is a SourceSpan. */
export function endOffset(span: Span): number {
  return span instanceof SourceSpan ? span.endOffset : span.end.offset;
}

/**
 * The span from the start of `first` to the end of `last` (e.g. a dotted name from its first to its
 * last segment); compact when both are spans of one source file.
 */
export function joinSpans(first: Span, last: Span): Span {
  if (first instanceof SourceSpan && last instanceof SourceSpan && first.sameSource(last)) return first.to(last);
  return { start: first.start, end: last.end };
}

/** Spans of a source file are held as two offsets and read as positions (src/syntax/source.ts). */
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/diagnostics/diagnostic.js';
import { endOffset, joinSpans, SourceFile, SourceSpan, startOffset } from '../../src/syntax/source.js';
import { parse } from '../../src/syntax/index.js';

const plain = (s: Span): Span => ({ start: { ...s.start }, end: { ...s.end } });

describe('SourceSpan', () => {
  const src = new SourceFile('ab\ncdé😀x\r\nef', 'x.hie');

  it('reads its start and end as the positions of its offsets', () => {
    const s = src.span(4, 9);
    expect(s).toBeInstanceOf(SourceSpan);
    expect(plain(s)).toEqual({ start: src.position(4), end: src.position(9) });
    expect(s.start).toEqual({ line: 2, column: 2, offset: 4 });
    expect(s.end).toEqual({ line: 2, column: 6, offset: 9 }); // the emoji is one column, two offsets
  });

  it('writes the same JSON as a plain span, key for key', () => {
    const s = src.span(3, 12);
    expect(JSON.stringify(s)).toBe(JSON.stringify(plain(s)));
    expect(JSON.stringify({ span: s })).toBe(
      '{"span":{"start":{"line":2,"column":1,"offset":3},"end":{"line":3,"column":2,"offset":12}}}',
    );
  });

  it('clamps like positions do: an end before the start is the start, offsets past the text its end', () => {
    expect(plain(src.span(5, 2))).toEqual({ start: src.position(5), end: src.position(5) });
    expect(src.span(0, 999).end).toEqual(src.position(src.text.length));
  });

  it('gives offsets without positions, and joins spans of one file compactly', () => {
    const a = src.span(0, 2);
    const b = src.span(3, 5);
    expect([startOffset(a), endOffset(a), startOffset(b), endOffset(b)]).toEqual([0, 2, 3, 5]);
    const joined = joinSpans(a, b);
    expect(joined).toBeInstanceOf(SourceSpan);
    expect(plain(joined)).toEqual({ start: a.start, end: b.end });
    // spans made by hand (API users, other files) join as plain spans
    const other = new SourceFile('zz', 'y.hie').span(1, 2);
    expect(joinSpans(a, other)).toEqual({ start: a.start, end: other.end });
    const byHand: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } };
    expect([startOffset(byHand), endOffset(byHand)]).toEqual([0, 1]);
    expect(joinSpans(byHand, b)).toEqual({ start: byHand.start, end: b.end });
  });

  it('is what the parser gives every node', () => {
    const { program } = parse("element a:\n    check files.exists(src, 'x')\n", 'p.hie');
    const check = program.elements[0]!.checks[0]!;
    expect(check.span).toBeInstanceOf(SourceSpan);
    expect(plain(check.span)).toEqual({
      start: { line: 2, column: 5, offset: 15 },
      end: { line: 2, column: 33, offset: 43 },
    });
    expect(check.text).toBe("files.exists(src, 'x')");
  });
});

/** Positions: 1-based lines and columns (code points), every newline counted (docs/design-rulings.md#positions). */
import { describe, expect, it } from 'vitest';
import { parse, SourceFile } from '../../src/syntax/index.js';

function at(text: string, needle: string): string {
  const r = parse(text, 'p.hie');
  const all = [...r.program.elements, ...r.program.elements.flatMap((e) => e.children)];
  const found = all.flatMap((e) => e.scopes).find((s) => s.name.name === needle);
  if (!found) throw new Error(`no scope ${needle}`);
  return `${found.span.start.line}:${found.span.start.column}`;
}

describe('positions', () => {
  it('SourceFile maps offsets to line/column', () => {
    const s = new SourceFile('ab\ncd\r\nef', 'x');
    expect(s.position(0)).toEqual({ line: 1, column: 1, offset: 0 });
    expect(s.position(4)).toEqual({ line: 2, column: 2, offset: 4 });
    expect(s.position(7)).toEqual({ line: 3, column: 1, offset: 7 });
    expect(s.lineText(2)).toBe('cd');
  });
  it('CRLF files give the same lines and columns as LF files', () => {
    const lf = "element a:\n    scope x = f.g('1')\n    scope y = f.g('2')\n";
    expect(at(lf.replace(/\n/g, '\r\n'), 'y')).toBe(at(lf, 'y'));
    expect(at(lf, 'y')).toBe('3:5');
  });
  it('block comments spanning lines count their newlines', () => {
    expect(at("### one\ntwo\nthree ###\nelement a:\n    scope y = f.g('2')\n", 'y')).toBe('5:5');
  });
  it('strings spanning lines count their newlines', () => {
    expect(at("element a:\n    scope x = f.g('a\nb\nc')\n    scope y = f.g('2')\n", 'y')).toBe('5:5');
  });
  it('columns count code points, not bytes or UTF-16 units', () => {
    const text = "element a { scope x = f.g('é😀'); scope y = f.g('2') }\n";
    const prefix = "element a { scope x = f.g('é😀'); ";
    expect(prefix.length).toBe(34); // UTF-16 units: the emoji takes two
    expect(at(text, 'y')).toBe('1:34'); // 33 code points before `scope y`
  });
  it('diagnostic positions after non-ASCII text', () => {
    const r = parse("element a { scope x = f.g('日本') @ }\n", 'p.hie');
    expect(r.diagnostics[0]!.span?.start).toMatchObject({ line: 1, column: 33 });
  });
  it('spans of nested expressions and check text', () => {
    const r = parse("element a:\n    check files.exists(src,  'x')\n", 'p.hie');
    const ch = r.program.elements[0]!.checks[0]!;
    expect(ch.text).toBe("files.exists(src,  'x')");
    expect(ch.span.start).toMatchObject({ line: 2, column: 5 });
    expect(ch.expression.span.start).toMatchObject({ line: 2, column: 11 });
    expect(ch.expression.span.end).toMatchObject({ line: 2, column: 34 });
  });
  it('element spans cover the whole block', () => {
    const r = parse('element a {\n    scope x = 1\n}\nelement b:\n    scope y = 2\n', 'p.hie');
    const [a, b] = r.program.elements;
    expect([a!.span.start.line, a!.span.end.line, a!.span.end.column]).toEqual([1, 3, 2]);
    expect([b!.span.start.line, b!.span.end.line]).toEqual([4, 5]);
  });
  it('the program span covers the file', () => {
    const r = parse('element a {}\n\n', 'p.hie');
    expect(r.program.span.end).toMatchObject({ line: 3, column: 1, offset: 14 });
  });
});

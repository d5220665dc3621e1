/** Error recovery: several errors in one file are all reported, and the rest still parses. */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/index.js';
import { errCodes, src } from './helpers.js';

describe('recovery', () => {
  it('reports every broken statement and keeps the good ones', () => {
    const text = src(
      'import files',
      'element a:',
      "    scope src = files.folder_selector('src')",
      '    scope bad = ',
      "    check files.exists(src, 'x')",
      '    ref r = 1',
      '    frobnicate x',
      "    check files.exists(src, 'y')",
      'element b {',
      '    scope = 3',
      "    check files.exists(src, 'z')",
      '}',
    );
    const r = parse(text, 'r.hie');
    expect(r.diagnostics.map((d) => `${d.code}@${d.span?.start.line}`)).toEqual([
      'E003@4',
      'E007@6',
      'E002@7',
      'E004@10',
    ]);
    const [a, b] = r.program.elements;
    expect(a!.scopes.map((s) => s.name.name)).toEqual(['src']);
    expect(a!.checks).toHaveLength(2);
    expect(b!.checks).toHaveLength(1);
  });

  it('a broken element header still parses its body', () => {
    const r = parse(
      src('element a b:', "    scope x = f.g('x')", 'element c {', "    scope y = f.g('y')", '}'),
      'h.hie',
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E007']);
    expect(r.program.elements.map((e) => [e.name.name, e.scopes.length])).toEqual([
      ['a', 1],
      ['c', 1],
    ]);
  });

  it('an unknown top-level line skips its indented block', () => {
    expect(errCodes(src('elemnt a:', "    scope x = f.g('x')", 'element b:', "    scope y = f.g('y')"))).toEqual([
      'E001@1:1',
    ]);
  });

  it('suggests the keyword for a misspelt statement', () => {
    const r = parse(src('elemnt a:', "    scope x = f.g('x')"), 't.hie');
    expect(r.diagnostics[0]!.help).toContain('`element`');
  });

  it('unexpected indentation inside a body is reported once and the lines still count', () => {
    const r = parse(
      src('element a:', "    scope x = f.g('x')", "        scope y = f.g('y')", "    scope z = f.g('z')"),
      'i.hie',
    );
    expect(r.diagnostics.map((d) => `${d.code}@${d.span?.start.line}`)).toEqual(['E002@3']);
    expect(r.program.elements[0]!.scopes).toHaveLength(3);
  });

  it('lexical and syntax errors together, sorted by position', () => {
    const r = parse(
      src('element a {', '    scope x = f.g(@)', '    scope y = f.g(1', '    check f.h("open', '}'),
      'l.hie',
    );
    const got = r.diagnostics.map((d) => `${d.code}@${d.span?.start.line}:${d.span?.start.column}`);
    expect(got[0]).toBe('E017@2:19');
    expect(got).toContain('E018@4:15');
    const lines = r.diagnostics.map((d) => d.span!.start.offset);
    expect([...lines].sort((x, y) => x - y)).toEqual(lines);
  });

  it('caps the number of errors at 50 and says so', () => {
    const text = Array.from({ length: 80 }, (_, i) => `bogus${i} x`).join('\n');
    const r = parse(text, 'cap.hie');
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === 'E001')).toHaveLength(50);
    expect(codes[codes.length - 1]).toBe('E029');
  });

  it('binary garbage never throws', () => {
    const text = String.fromCharCode(...Array.from({ length: 500 }, (_, i) => (i * 7919) % 256));
    expect(() => parse(text, 'bin.hie')).not.toThrow();
  });

  it('random mutations of a valid file never throw', () => {
    const base = src(
      'import files',
      'pattern p {',
      '    element m { scope s<rust>; ref r: T }',
      '    requires descendant element x: Svc implements q',
      '    forbids connection to ext.*',
      '}',
      'element a implements p:',
      "    scope s<rust> binds p.m.s = files.folder_selector('x')",
      "    check files.exists(s, 'y')",
      '    language python',
      '    element b { m uses a.b }',
    );
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = [
      '{',
      '}',
      ':',
      '(',
      ')',
      '[',
      ']',
      '\n',
      '    ',
      "'",
      '"',
      '#',
      '##',
      '###',
      '.',
      ',',
      '=',
      'element',
      'scope',
      '\t',
      '-',
      ';',
    ];
    for (let k = 0; k < 300; k++) {
      const pos = rnd(base.length);
      const text = base.slice(0, pos) + alphabet[rnd(alphabet.length)]! + base.slice(pos + rnd(3));
      const r = parse(text, 'm.hie');
      for (const d of r.diagnostics) {
        expect(d.span).toBeDefined();
        expect(d.message).not.toMatch(/undefined|\[object/);
      }
    }
  });
});

describe('header recovery', () => {
  it('a missing element name still parses the body', () => {
    const r = parse(src('element implements p {', "    scope x = f.g('x')", '}', 'element b {}'), 'n.hie');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E004']);
    expect(r.program.elements.map((e) => [e.name.name, e.scopes.length])).toEqual([
      ['', 1],
      ['b', 0],
    ]);
  });
  it('a broken implements list still parses the body', () => {
    const r = parse(src('element a implements :', "    scope x = f.g('x')"), 'n.hie');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E004']);
    expect(r.program.elements[0]!.scopes).toHaveLength(1);
  });
  it('a missing pattern name still parses the body', () => {
    const r = parse(src('pattern {', '    scope m<rust>', '}'), 'n.hie');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E004']);
    expect(r.program.patterns[0]!.scopes).toHaveLength(1);
  });
});

describe('deep nesting', () => {
  it('deeply nested lists are reported (E023), not a crash', () => {
    const text = `element a:\n    check f.g(${'['.repeat(5000)}${']'.repeat(5000)})\n    check f.h(x)\n`;
    const r = parse(text, 'deep.hie');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E023']);
    expect(r.program.elements[0]!.checks.map((c) => c.text)).toEqual(['f.h(x)']);
  });
  it('deeply nested elements are reported (E023), not a crash', () => {
    const text = `${'element a {\n'.repeat(3000)}${'}\n'.repeat(3000)}element after {}\n`;
    const r = parse(text, 'deep.hie');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E023']);
    expect(r.program.elements.map((e) => e.name.name)).toEqual(['a', 'after']);
  });
  it('deeply nested indented elements too', () => {
    const text =
      Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}element e${i}:`).join('\n') +
      `\n${'  '.repeat(1000)}scope x = f.g(1)\n`;
    expect(() => parse(text, 'deep.hie')).not.toThrow();
    expect(parse(text, 'deep.hie').diagnostics.map((d) => d.code)).toContain('E023');
  });
});

describe('long chains', () => {
  it('a member chain longer than the nesting limit is reported, not a crash later', () => {
    const text = `element a:\n    check x${'.m'.repeat(100000)}()\n`;
    const r = parse(text, 'chain.hie');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E023']);
  });
});

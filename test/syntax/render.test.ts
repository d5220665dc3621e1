/** Rendering diagnostics for people (src/diagnostics/render.ts). */
import { describe, expect, it } from 'vitest';
import { makeDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostic, renderDiagnostics } from '../../src/diagnostics/render.js';
import { parse, SourceFile } from '../../src/syntax/index.js';

describe('renderDiagnostic', () => {
  it('renders a rustc-like frame with a caret under the span and the help line', () => {
    const text = "element broken = files.folder_selector('x')\n";
    const d = parse(text, 'specs/app.hie').diagnostics[0]!;
    expect(renderDiagnostic(d, text, { color: false })).toBe(
      [
        'error[E007]: expected `:` or `{` after the element name, found `=`',
        ' --> specs/app.hie:1:16',
        '  |',
        "1 | element broken = files.folder_selector('x')",
        '  |                ^',
        '  = help: write `element broken:` followed by an indented body, or `element broken { … }`',
      ].join('\n'),
    );
  });

  it('underlines the whole span and widens the gutter for long line numbers', () => {
    const text = `${'\n'.repeat(11)}element a:\n    scope to = f.g('x')\n    scope element = f.g('x')\n`;
    const d = parse(text, 'x.hie').diagnostics[0]!;
    const out = renderDiagnostic(d, text, { color: false });
    expect(out).toContain('14 |     scope element = f.g');
    expect(out).toContain('   |           ^^^^^^^\n');
    expect(out).toContain('  --> x.hie:14:11');
  });

  it('expands tabs so the caret lines up', () => {
    const text = 'element a {\n\tscope x = f.g(@)\n}\n';
    const d = parse(text, 't.hie').diagnostics[0]!;
    const lines = renderDiagnostic(d, text, { color: false }).split('\n');
    const src = lines.find((l) => l.includes('scope x'))!;
    const caret = lines.find((l) => l.includes('^'))!;
    expect(caret.indexOf('^')).toBe(src.indexOf('@'));
  });

  it('works without the source text and without a span', () => {
    const d = makeDiagnostic(
      'warning',
      'W093',
      'scope selected no file',
      'a.hie',
      new SourceFile('x', 'a.hie').span(0, 1),
    );
    expect(renderDiagnostic(d, undefined, { color: false })).toBe(
      'warning[W093]: scope selected no file\n --> a.hie:1:1',
    );
    const plain = makeDiagnostic('error', 'E030', 'unknown library `k8s`', '');
    expect(renderDiagnostic(plain, undefined, { color: false })).toBe('error[E030]: unknown library `k8s`');
  });

  it('renders related notes', () => {
    const s = new SourceFile('element a {}\nelement a {}\n', 'd.hie');
    const d = makeDiagnostic('error', 'E052', 'duplicate element `a`', 'd.hie', s.span(21, 22), {
      related: [{ file: 'd.hie', span: s.span(8, 9), message: 'first declared here' }],
    });
    expect(renderDiagnostic(d, s.text, { color: false })).toContain('= note: d.hie:1:9: first declared here');
  });

  it('multi-line spans underline every line', () => {
    const s = new SourceFile('check f(a,\n  b)\n', 'm.hie');
    const d = makeDiagnostic('error', 'E036', 'x', 'm.hie', s.span(6, 15));
    const out = renderDiagnostic(d, s.text, { color: false });
    expect(out).toContain('1 | check f(a,\n  |       ^^^^');
    expect(out).toContain('2 |   b)\n  |   ^^');
  });

  it('colours only when asked', () => {
    const text = 'element = x\n';
    const d = parse(text, 'c.hie').diagnostics[0]!;
    expect(renderDiagnostic(d, text, { color: false })).not.toContain('\u001b[');
    const coloured = renderDiagnostic(d, text, { color: true });
    // picocolors may disable colours when the terminal has none; the text stays the same.
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderDiagnostic(d, text, { color: false }));
  });

  it('renderDiagnostics joins several diagnostics and looks up each file', () => {
    const a = 'element = 1\n';
    const b = 'elemnt b {}\n';
    const ds = [...parse(a, 'a.hie').diagnostics, ...parse(b, 'b.hie').diagnostics];
    const out = renderDiagnostics(
      ds,
      new Map([
        ['a.hie', a],
        ['b.hie', b],
      ]),
      { color: false },
    );
    expect(out).toContain('1 | element = 1');
    expect(out).toContain('1 | elemnt b {}');
    expect(out.split('\n\n')).toHaveLength(2);
    expect(renderDiagnostics([], new Map(), { color: false })).toBe('');
  });
});

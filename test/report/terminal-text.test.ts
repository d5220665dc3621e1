// Text from libraries and analysed files is shown in a terminal with control characters and escape
// sequences made visible; code-frame carets stay under the right characters.
import { describe, expect, it } from 'vitest';
import { makeDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { terminalText } from '../../src/diagnostics/terminal-text.js';

describe('terminalText', () => {
  it('makes escape sequences, carriage returns and other controls visible', () => {
    expect(terminalText('a\u001b[2Jb')).toBe('a\\x1b[2Jb');
    expect(terminalText('title \u001b]0;x\u0007')).toBe('title \\x1b]0;x\\x07');
    expect(terminalText('over\rwrite\b')).toBe('over\\rwrite\\b');
    expect(terminalText('nul\u0000 del\u007f c1\u009b')).toBe('nul\\0 del\\x7f c1\\x9b');
  });

  it('makes bidirectional overrides visible (Trojan Source)', () => {
    expect(terminalText('x\u202eevil\u2066y\u2069')).toBe('x\\u{202e}evil\\u{2066}y\\u{2069}');
  });

  it('keeps newlines, tabs, CRLF as a newline, and ordinary Unicode', () => {
    expect(terminalText('one\ntwo\tthree')).toBe('one\ntwo\tthree');
    expect(terminalText('a\r\nb')).toBe('a\nb');
    expect(terminalText('é€😀 ünïcode')).toBe('é€😀 ünïcode');
  });
});

describe('diagnostics in a terminal', () => {
  it('message, help, file name and code frame are made visible; the caret stays aligned', () => {
    const src = 'element a\u001b[8m {\n    check x.y()\n}\n';
    const d = makeDiagnostic(
      'error',
      'E999',
      'bad \u001b]52;c;AAAA\u0007 thing',
      'spec\u001b[1m.hie',
      { start: { line: 1, column: 15, offset: 14 }, end: { line: 1, column: 16, offset: 15 } },
      { help: 'help \u009b2J' },
    );
    const out = renderDiagnostics([d], new Map([['spec\u001b[1m.hie', src]]), { color: false });
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('error[E999]: bad \\x1b]52;c;AAAA\\x07 thing');
    expect(out).toContain('--> spec\\x1b[1m.hie:1:15');
    expect(out).toContain('help: help \\x9b2J');
    const lines = out.split('\n');
    const frame = lines.findIndex((l) => l.includes('element a'));
    expect(lines[frame]).toContain('element a\\x1b[8m {');
    // The caret points at `{` (column 15 of the raw line), which is further right once the escape is visible.
    const caret = lines[frame + 1]!.indexOf('^');
    expect(lines[frame]![caret]).toBe('{');
  });
});

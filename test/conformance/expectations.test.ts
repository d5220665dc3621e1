/** The expectation reader and matcher used by the conformance harness. */
import { describe, expect, it } from 'vitest';
import { makeDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { SourceFile } from '../../src/syntax/index.js';
import { compare, isSyntaxCode, readExpectations } from './expectations.js';

describe('readExpectations', () => {
  it('reads ok, valid, diagnostics and other keys from `# expect` lines anywhere', () => {
    const e = readExpectations(
      [
        '# A case about refs',
        '# expect: error E007 at 3:9',
        '# expect: warning W051 "shadows"',
        '# expect: error E012',
        '# expect-run: pass 2, fail 0',
        'element a {}',
        '  # expect: error E001',
      ].join('\n'),
    );
    expect(e.ok).toBe(false);
    expect(e.diagnostics).toEqual([
      { severity: 'error', code: 'E007', line: 3, column: 9, source: 2 },
      { severity: 'warning', code: 'W051', messagePart: 'shadows', source: 3 },
      { severity: 'error', code: 'E012', source: 4 },
      { severity: 'error', code: 'E001', source: 7 },
    ]);
    expect(e.other.get('run')).toEqual(['pass 2, fail 0']);
  });
  it('valid implies ok; malformed lines are reported', () => {
    const e = readExpectations('# expect: valid\n# expect: eror E1\n');
    expect([e.ok, e.valid]).toEqual([true, true]);
    expect(e.problems).toHaveLength(1);
  });
});

describe('compare', () => {
  const s = new SourceFile('element a {}\nelement = 1\n', 'c.hie');
  const d = makeDiagnostic(
    'error',
    'E007',
    'expected `:` or `{` after the element name, found `=`',
    'c.hie',
    s.span(21, 22),
  );
  it('matches by severity, code, position and message part', () => {
    expect(
      compare([{ severity: 'error', code: 'E007', line: 2, column: 9, messagePart: 'found `=`', source: 1 }], [d]),
    ).toEqual([]);
  });
  it('reports missing and unexpected diagnostics', () => {
    const got = compare([{ severity: 'error', code: 'E007', line: 2, column: 8, source: 1 }], [d]);
    expect(got).toHaveLength(2);
    expect(got[0]).toMatch(/^missing: error E007 at 2:8/);
    expect(got[1]).toMatch(/^unexpected: error E007 at 2:9/);
  });
  it('knows which codes are the parser’s', () => {
    expect(['E001', 'E016', 'E022', 'E029'].every(isSyntaxCode)).toBe(true);
    expect(['E012', 'E014', 'E015', 'E030', 'W051', 'E100'].some(isSyntaxCode)).toBe(false);
  });
});

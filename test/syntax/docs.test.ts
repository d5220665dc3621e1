/**
 * The documentation must be true: every `hie` example of docs/language.md parses without errors, and
 * every example of docs/diagnostics-syntax.md produces the code of its section.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/index.js';

const docs = fileURLToPath(new URL('../../docs/', import.meta.url));

function hieBlocks(md: string): { code: string; line: number }[] {
  const out: { code: string; line: number }[] = [];
  const re = /^([ \t]*)```hie\n([\s\S]*?)^[ \t]*```/gm;
  for (let m = re.exec(md); m; m = re.exec(md)) {
    const indent = m[1]!;
    const code = m[2]!
      .split('\n')
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      .join('\n');
    out.push({ code, line: md.slice(0, m.index).split('\n').length });
  }
  return out;
}

describe('docs/language.md examples', () => {
  const md = readFileSync(`${docs}language.md`, 'utf8');
  const blocks = hieBlocks(md);
  it('has examples', () => expect(blocks.length).toBeGreaterThan(10));
  for (const b of blocks) {
    it(`example at line ${b.line} parses`, () => {
      const errors = parse(b.code, 'doc.hie').diagnostics.map(
        (d) => `${d.code} ${d.span?.start.line}:${d.span?.start.column} ${d.message}`,
      );
      expect(errors).toEqual([]);
    });
  }
});

describe('docs/diagnostics-syntax.md examples', () => {
  const md = readFileSync(`${docs}diagnostics-syntax.md`, 'utf8');
  const sections = md.split(/^### /m).slice(1);
  it('documents every syntax code', () => {
    const codes = sections.map((s) => s.slice(0, 4));
    for (const c of [
      'E001',
      'E002',
      'E003',
      'E004',
      'E007',
      'E008',
      'E011',
      'E012',
      'E013',
      'E014',
      'E016',
      'E017',
      'E018',
      'E019',
      'E020',
      'E021',
      'E022',
      'E023',
      'E029',
    ]) {
      expect(codes).toContain(c);
    }
  });
  for (const section of sections) {
    const code = section.slice(0, 4);
    const validatorOnly = ['E012', 'E014'].includes(code);
    for (const b of hieBlocks(section)) {
      it(`${code}: example parses ${validatorOnly ? 'without syntax errors' : `with ${code}`}`, () => {
        const codes = parse(b.code, 'doc.hie').diagnostics.map((d) => d.code);
        if (validatorOnly) expect(codes).toEqual([]);
        else expect(codes).toContain(code);
      });
    }
  }
});

import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkspaceCache } from '../../../src/libraries/builtin/cache.js';
import { extractFacts, extractFactsWith } from '../../../src/libraries/builtin/facts/extract.js';
import { parserFor } from '../../../src/libraries/builtin/facts/parsers.js';
import { scannedFacts } from '../../../src/libraries/builtin/facts/scan/index.js';
import { scanPythonOutline } from '../../../src/libraries/builtin/facts/scan/python.js';
import type { FileFacts } from '../../../src/libraries/builtin/facts/types.js';
import { FIXTURES } from './helpers.js';

const DIR = realpathSync(join(FIXTURES, '..', 'scanners', 'python'));
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.py'))
  .sort();

/** The tree-sitter outline (what the scanner must equal), whatever the scanner switch says. */
async function treeOutline(text: string): Promise<FileFacts> {
  return extractFactsWith(await parserFor('python'), 'python', text, false);
}

/** Files the scanner must leave to tree-sitter: syntax errors, and Python 2 statements. */
const unsure = (f: string) => f.startsWith('unsure_') || f.startsWith('py2_');

describe('python scanner: same facts as the tree-sitter outline on every fixture', () => {
  it('has fixtures of both kinds', () => {
    // unsure_*.py: syntax errors; py2_*.py: Python 2 statements
    expect(FILES.filter(unsure).length).toBeGreaterThan(5);
    expect(FILES.filter((f) => !unsure(f)).length).toBeGreaterThan(10);
  });

  for (const file of FILES) {
    const text = readFileSync(join(DIR, file), 'utf8');
    if (unsure(file)) {
      it(`${file}: unsure (left to tree-sitter)`, async () => {
        expect(scanPythonOutline(text)).toBeUndefined();
        // tree-sitter answers these: with its error count where it sees the error (it reads some
        // of them, such as a missing or unexpected indentation, without one)
        const tree = await treeOutline(text);
        if (file === 'unsure_unterminated.py' || file === 'unsure_unclosed_bracket.py')
          expect(tree.syntaxErrors).toBeGreaterThan(0);
      });
      continue;
    }
    it(`${file}: as written, with CRLF line ends, and with a byte order mark`, async () => {
      for (const variant of [text, text.replace(/\n/g, '\r\n'), `\ufeff${text}`]) {
        const tree = await treeOutline(variant);
        expect(tree.syntaxErrors, `${file}: the fixture itself must be valid for tree-sitter`).toBe(0);
        const scanned = scanPythonOutline(variant);
        expect(scanned, `${file}: the scanner must be sure`).toBeDefined();
        expect(scanned).toEqual(tree);
      }
    });
  }

  it('a lone carriage return (a line end for Python, not for tree-sitter) is left to tree-sitter', () => {
    expect(scanPythonOutline('import os\rimport sys\r')).toBeUndefined();
  });

  it('short broken lines are left to tree-sitter (after a longer line, whose tokens must not count)', () => {
    const long = 'x = [a async for a in b if not a in c]\n';
    for (const broken of ['x = async\n', 'def\n', 'x = a not\n', 'class\n', 'except\n', 'from . import\n', 'import\n'])
      expect(scanPythonOutline(long + broken), broken).toBeUndefined();
    expect(scanPythonOutline(long)).toBeDefined();
  });

  it('reads what the fixtures say (not only that both sides agree)', () => {
    const tc = scanPythonOutline(readFileSync(join(DIR, 'type_checking.py'), 'utf8'))!;
    const typeOnly = tc.imports.filter((i) => i.typeOnly).map((i) => i.specifier);
    expect(typeOnly).toEqual([
      'collections.abc',
      'decimal',
      'fractions',
      'numbers',
      'inline_tc',
      'parenthesized',
      'typing_only',
      // the `else` of `if not TYPE_CHECKING:` even after an `elif`
      'else_after_not_elif',
      'inside_function',
    ]);
    expect(tc.imports.map((i) => i.specifier)).not.toContain('__future__');
    const defs = scanPythonOutline(readFileSync(join(DIR, 'definitions.py'), 'utf8'))!;
    expect(defs.symbols.find((s) => s.name === 'deep')).toMatchObject({ kind: 'method', container: 'InFunction' });
    expect(defs.symbols.find((s) => s.name === 'in_with')).toMatchObject({ kind: 'method', container: 'Outer' });
    expect(defs.symbols.find((s) => s.name === 'returns')?.returnTypes).toEqual([
      'Tuple',
      'Dict',
      'str',
      'Callable',
      'Awaitable',
      'Literal',
    ]);
    expect(defs.symbols.find((s) => s.name === '名前')).toMatchObject({ documented: true, returnTypes: ['型'] });
    expect(defs.hasTests).toBe(true);
    const docs = scanPythonOutline(readFileSync(join(DIR, 'docstrings.py'), 'utf8'))!;
    const documented = docs.symbols.filter((s) => s.documented).map((s) => s.name);
    expect(documented).toContain('comment_first');
    expect(documented).not.toContain('concatenated');
    expect(docs.moduleDoc).toBe(false); // a comment is the module's first child
    expect(scanPythonOutline(readFileSync(join(DIR, 'module_doc.py'), 'utf8'))!.moduleDoc).toBe(true);
    const all = scanPythonOutline(readFileSync(join(DIR, 'dunder_all.py'), 'utf8'))!;
    expect(all.dunderAll).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('python scanner on broken variants of the fixtures', () => {
  it(
    'is unsure of almost every broken one, and agrees with tree-sitter wherever tree-sitter ' + 'finds no error',
    async () => {
      // deterministic mutations: a character deleted, a token inserted, the text cut, a line doubled
      let seed = 20261203;
      const rnd = (n: number) => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed % n;
      };
      const bits = [
        '(',
        ')',
        '[',
        ']',
        ':',
        ',',
        '"',
        "'",
        '\n',
        '    ',
        '=',
        '.',
        'x',
        '#',
        '\\',
        'def ',
        'import ',
        '\t',
        '@',
        '*',
      ];
      let sure = 0;
      let sureButBroken = 0;
      for (const file of FILES.filter((f) => !unsure(f))) {
        const text = readFileSync(join(DIR, file), 'utf8');
        for (let k = 0; k < 24; k++) {
          const at = rnd(text.length);
          const nl = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
          const mutant =
            k % 4 === 0
              ? text.slice(0, at) + text.slice(at + 1 + rnd(3))
              : k % 4 === 1
                ? text.slice(0, at) + bits[rnd(bits.length)] + text.slice(at)
                : k % 4 === 2
                  ? text.slice(0, at)
                  : text.slice(0, nl) + text.slice(Math.max(0, text.lastIndexOf('\n', at)), nl) + text.slice(nl);
          const scanned = scanPythonOutline(mutant);
          if (scanned === undefined) continue;
          sure++;
          const tree = await treeOutline(mutant);
          if (tree.syntaxErrors > 0) sureButBroken++;
          else expect(scanned, `${file} mutant ${k}`).toEqual(tree);
        }
      }
      expect(sure).toBeGreaterThan(50);
      // errors only the full expression grammar sees (see docs/stdlib.md) stay below 2 %
      expect(sureButBroken / sure).toBeLessThan(0.02);
    },
  );
});

describe('python scanner on the standard library of this machine', () => {
  const roots = ['/usr/lib/python3.11', '/usr/lib/python3.12', '/usr/lib/python3.13'].filter((d) =>
    existsSync(join(d, 'typing.py')),
  );
  const names = [
    'typing.py',
    'argparse.py',
    'ast.py',
    'dataclasses.py',
    'enum.py',
    'inspect.py',
    'os.py',
    'pathlib.py',
    'subprocess.py',
    'tokenize.py',
    'functools.py',
    'collections/__init__.py',
    'asyncio/base_events.py',
    'email/_header_value_parser.py',
    'json/decoder.py',
    'unittest/mock.py',
  ];
  it.skipIf(roots.length === 0)('well-known modules: the scanner is sure and agrees with tree-sitter', async () => {
    let sure = 0;
    for (const root of roots) {
      for (const n of names) {
        const file = join(root, n);
        if (!existsSync(file)) continue;
        const text = readFileSync(file, 'utf8');
        const scanned = scanPythonOutline(text);
        if (scanned === undefined) continue;
        sure++;
        expect(scanned, file).toEqual(await treeOutline(text));
      }
    }
    expect(sure).toBeGreaterThan(5);
  });
});

describe('switching the scanners off (HIELEMENTS_SCANNER=off)', () => {
  const saved = process.env.HIELEMENTS_SCANNER;
  afterEach(() => {
    if (saved === undefined) delete process.env.HIELEMENTS_SCANNER;
    else process.env.HIELEMENTS_SCANNER = saved;
  });

  it('outlines come from tree-sitter then; calls always do', () => {
    const text = 'import os\n';
    delete process.env.HIELEMENTS_SCANNER;
    expect(scannedFacts('python', text, false)).toBeDefined();
    expect(scannedFacts('python', text, true)).toBeUndefined();
    process.env.HIELEMENTS_SCANNER = 'off';
    expect(scannedFacts('python', text, false)).toBeUndefined();
  });

  it('the workspace cache gives the same facts for every fixture either way', async () => {
    const files = FILES.map((f) => join(DIR, f));
    delete process.env.HIELEMENTS_SCANNER;
    const on = new WorkspaceCache(DIR);
    const scanned = await on.factsMany(files, 'python');
    await on.dispose();
    process.env.HIELEMENTS_SCANNER = 'off';
    const off = new WorkspaceCache(DIR);
    const parsed = await off.factsMany(files, 'python');
    await off.dispose();
    for (const f of files) expect(scanned.get(f), f).toEqual(parsed.get(f));
  });

  it('extractFacts: an outline from the scanner equals the full facts without their calls', async () => {
    const text = readFileSync(join(DIR, 'definitions.py'), 'utf8');
    delete process.env.HIELEMENTS_SCANNER;
    const outline = await extractFacts('python', text, false);
    const full = await extractFacts('python', text, true);
    expect(outline.callsOmitted).toBe(true);
    const { calls, callsOmitted, ...rest } = full;
    void calls;
    void callsOmitted;
    const { calls: c2, callsOmitted: o2, ...restOutline } = outline;
    void c2;
    void o2;
    expect(restOutline).toEqual(rest);
  });
});

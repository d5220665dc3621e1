import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkspaceCache } from '../../../src/libraries/builtin/cache.js';
import { extractFacts, extractFactsWith } from '../../../src/libraries/builtin/facts/extract.js';
import { parserFor } from '../../../src/libraries/builtin/facts/parsers.js';
import { scannedFacts } from '../../../src/libraries/builtin/facts/scan/index.js';
import { scanTypeScriptOutline } from '../../../src/libraries/builtin/facts/scan/typescript.js';
import { type FileFacts, grammarFor } from '../../../src/libraries/builtin/facts/types.js';
import { FIXTURES } from './helpers.js';

const DIR = realpathSync(join(FIXTURES, '..', 'scanners', 'typescript'));
const FILES = readdirSync(DIR).sort();
type TsGrammar = 'typescript' | 'tsx' | 'javascript';
const grammarOf = (f: string) => grammarFor(f) as TsGrammar;

/** The tree-sitter outline (what the scanner must equal). */
async function treeOutline(text: string, g: TsGrammar): Promise<FileFacts> {
  return extractFactsWith(await parserFor(g), g, text, false);
}

const unsure = (f: string) => f.startsWith('unsure_');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');
function scanned(f: string): FileFacts {
  const facts = scanTypeScriptOutline(read(f), grammarOf(f));
  if (!facts) throw new Error(`the scanner is unsure of ${f}`);
  return facts;
}

describe('typescript scanner: same facts as the tree-sitter outline on every fixture', () => {
  it('has fixtures of both kinds, in every grammar', () => {
    expect(FILES.filter(unsure).length).toBeGreaterThan(5);
    const sure = FILES.filter((f) => !unsure(f));
    expect(sure.length).toBeGreaterThan(5);
    expect(new Set(sure.map(grammarOf))).toEqual(new Set(['typescript', 'tsx', 'javascript']));
  });

  for (const file of FILES) {
    const text = read(file);
    const g = grammarOf(file);
    if (unsure(file)) {
      it(`${file}: unsure (left to tree-sitter)`, async () => {
        expect(scanTypeScriptOutline(text, g)).toBeUndefined();
        // tree-sitter answers these files (with its error count where it sees an error)
        expect((await treeOutline(text, g)).error).toBeUndefined();
      });
      continue;
    }
    it(`${file}: as written, with CRLF line ends, and with a byte order mark`, async () => {
      for (const variant of [text, text.replace(/\n/g, '\r\n'), `\ufeff${text}`]) {
        const tree = await treeOutline(variant, g);
        expect(tree.syntaxErrors, `${file}: the fixture itself must be valid for tree-sitter`).toBe(0);
        const facts = scanTypeScriptOutline(variant, g);
        expect(facts, `${file}: the scanner must be sure`).toBeDefined();
        expect(facts).toEqual(tree);
      }
    });
  }

  it('reads what the fixtures say (not only that both sides agree)', () => {
    const imports = scanned('imports.ts');
    const by = (spec: string) => imports.imports.find((i) => i.specifier === spec);
    expect(imports.moduleDoc).toBe(true);
    expect(by('./config')).toMatchObject({ form: 'import', typeOnly: true, line: 4, column: 1 });
    expect(by('./types')?.typeOnly).toBe(true); // every specifier `type`-qualified
    expect(by('./mixed')?.typeOnly).toBeUndefined();
    expect(by('./named-type')?.typeOnly).toBeUndefined(); // `import type from`: a default import named type
    expect(by('node:fs')).toMatchObject({ form: 'require', text: "import fs = require('node:fs');" });
    expect(by('./legacy')).toMatchObject({ form: 'require', typeOnly: true });
    expect(by('./everything')?.form).toBe('export-from');
    // the `;` ends the statement (a comment after it is not part of it)
    expect(by('./reexport')?.text).toBe("export { a, b as c, default as d } from './reexport';");
    expect(by('./type-reexport')?.typeOnly).toBe(true);
    expect(by('./typed-specifiers')?.typeOnly).toBe(true);
    expect(by('./mixed-specifiers')?.typeOnly).toBeUndefined();
    expect(by('./lazy')).toMatchObject({ form: 'dynamic', text: "import('./lazy')" });
    expect(by('./type-import')?.form).toBe('dynamic'); // `typeof import('…')`: a call for tree-sitter
    expect(by('./in-template')?.form).toBe('require');
    expect(by('./optional')?.form).toBe('require');
    expect(by('./generic')?.form).toBe('require');
    for (const not of ['./not-first', './constructed', './member', './commented']) expect(by(not)).toBeUndefined();
    expect(imports.exports).toEqual([
      'a',
      'c',
      'd',
      'T1',
      'T2',
      'T3',
      'T4',
      'T5',
      'value',
      'local',
      'renamed',
      'Config',
    ]);

    const decl = scanned('declarations.ts');
    const sym = (name: string) => decl.symbols.find((s) => s.name === name);
    expect(decl.moduleDoc).toBe(true); // a leading JSDoc counts, even when a declaration follows
    expect(sym('Base')).toMatchObject({ kind: 'class', exported: true, documented: true, topLevel: true });
    expect(sym('run')).toBeUndefined(); // abstract: no body
    expect(sym('prepare')).toMatchObject({
      kind: 'method',
      container: 'Base',
      documented: true,
      returnText: 'Promise<Map<string, Base.Options>>',
      returnTypes: ['Promise', 'Map', 'Options'],
    });
    expect(sym('helper')).toMatchObject({
      kind: 'function',
      container: 'Base',
      returnText: 'x is Valid',
      returnTypes: ['Valid'],
    });
    expect(sym('decoratedAfter')?.documented).toBe(true);
    expect(sym('decoratedBefore')?.documented).toBe(false);
    expect(decl.symbols.filter((s) => s.name === 'create')).toHaveLength(1); // the overload is a signature
    expect(decl.symbols.filter((s) => s.name === 'overloaded')).toHaveLength(1);
    expect(sym('main')).toMatchObject({ exported: true });
    expect(sym('Declared')).toMatchObject({ exported: false, documented: false }); // wrapped in `declare`
    expect(sym('InNamespace')).toMatchObject({ exported: true, topLevel: true });
    expect(sym('AmbientClass')?.kind).toBe('class');
    expect(sym('arrow')).toMatchObject({
      kind: 'function',
      exported: true,
      documented: true,
      returnTypes: ['Promise', 'T'],
    });
    expect(sym('fnExpr')).toMatchObject({ kind: 'function', returnText: 'number' });
    expect(sym('notFn')).toBeUndefined();
    expect(sym('generatorExpr')).toBeUndefined(); // a generator function expression is not captured
    expect(sym('iifeValue')).toBeUndefined();
    expect(sym('single')).toMatchObject({ exported: true }); // `export { single as … }`
    expect(sym('typed')).toMatchObject({ exported: true }); // `export default typed`
    expect(sym('method')).toMatchObject({ kind: 'method', documented: true, topLevel: true });
    expect(decl.imports.map((i) => i.specifier)).toEqual(['ambient-dep']);
    expect(decl.exports).toContain('default');

    const expr = scanned('expressions.ts');
    expect(expr.imports.map((i) => i.specifier)).toEqual(['./in-nested-template']);
    expect(expr.symbols.map((s) => s.name)).toEqual([
      'arrowRegex',
      'f',
      'g',
      'inCase',
      'inDefault',
      'arrowWithReturn',
      'selfExported',
      'second',
      'afterAsi',
      'withTypes',
    ]);

    // `var x = function () { … }()`: the value is a call, so no declaration of x; what the
    // function holds is then directly at the top
    expect(scanned('iife.js').symbols.map((s) => [s.name, s.topLevel])).toEqual([
      ['inner', true],
      ['local', true],
      ['plain', true],
      ['deeper', true],
    ]);
    expect(scanned('suite_calls.ts').hasTests).toBe(true);
    const cjs = scanned('commonjs.cjs');
    expect(cjs.moduleDoc).toBe(false); // the hash-bang line comes first
    expect(cjs.imports.map((i) => [i.specifier, i.form])).toEqual([
      ['path', 'require'],
      ['fs/promises', 'require'],
      ['./lazy.cjs', 'require'],
    ]);
    expect(cjs.symbols.find((s) => s.name === 'method')?.documented).toBe(true);
    expect(scanned('module.mjs').exports).toEqual(['run', 'generator', 'asyncFunction', 'fn', 'default']);
  });

  it('marks what the outline leaves out', () => {
    const facts = scanned('declarations.ts');
    expect(facts.callsOmitted).toBe(true);
    expect(facts.typeRefsOmitted).toBe(true);
    expect(facts.typeRefs).toEqual([]);
  });

  it('is unsure of unterminated literals and comments, wherever they are', () => {
    for (const text of [
      'const a = "x',
      "f('",
      'x = `a${b',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is TypeScript source for the scanner
      'x = `a${`b`}',
      '/* open',
      'x = /re',
      'f(',
      '{',
      '}',
      'a = [1, 2',
    ]) {
      expect(scanTypeScriptOutline(text, 'typescript'), text).toBeUndefined();
    }
  });

  it('is unsure of JSX, in TSX and in JavaScript', () => {
    expect(scanTypeScriptOutline('const a = <b>c</b>;', 'javascript')).toBeUndefined();
    expect(scanTypeScriptOutline('const a = <b />;', 'tsx')).toBeUndefined();
    // the same text is a type assertion in TypeScript
    expect(scanTypeScriptOutline('const a = <B>c;', 'typescript')).toBeDefined();
  });
});

describe('typescript scanner in the facts pipeline', () => {
  const saved = process.env.HIELEMENTS_SCANNER;
  afterEach(() => {
    if (saved === undefined) delete process.env.HIELEMENTS_SCANNER;
    else process.env.HIELEMENTS_SCANNER = saved;
  });
  const sure = FILES.filter((f) => !unsure(f)).map((f) => join(DIR, f));

  it('outlines come from the scanner; complete facts (type references) from tree-sitter', () => {
    delete process.env.HIELEMENTS_SCANNER;
    const text = read('declarations.ts');
    expect(scannedFacts('typescript', text, false)).toEqual(scanTypeScriptOutline(text, 'typescript'));
    expect(scannedFacts('tsx', read('types-only.tsx'), false)).toBeDefined();
    expect(scannedFacts('javascript', read('module.mjs'), false)).toBeDefined();
    expect(scannedFacts('typescript', text, true)).toBeUndefined();
    process.env.HIELEMENTS_SCANNER = 'off';
    expect(scannedFacts('typescript', text, false)).toBeUndefined();
  });

  it('the workspace cache gives the same facts for every fixture with the scanner on and off', async () => {
    delete process.env.HIELEMENTS_SCANNER;
    const on = new WorkspaceCache(DIR);
    const scanned = await on.factsMany(sure);
    await on.dispose();
    process.env.HIELEMENTS_SCANNER = 'off';
    const off = new WorkspaceCache(DIR);
    const parsed = await off.factsMany(sure);
    await off.dispose();
    expect(scanned.size).toBe(sure.length);
    for (const f of sure) expect(scanned.get(f), f).toEqual(parsed.get(f));
  });

  it('complete facts asked for after an outline are extracted again, with their type references', async () => {
    delete process.env.HIELEMENTS_SCANNER;
    const file = join(DIR, 'declarations.ts');
    const cache = new WorkspaceCache(DIR);
    const outline = await cache.factsOf(file);
    expect(outline.typeRefsOmitted).toBe(true);
    const full = await cache.factsOf(file, undefined, { calls: true });
    await cache.dispose();
    expect(full.typeRefsOmitted).toBeUndefined();
    expect(full.typeRefs).toContain('Options');
    // the outline is the complete facts without their type references
    const { typeRefs, ...rest } = full;
    void typeRefs;
    const { typeRefs: none, callsOmitted, typeRefsOmitted, ...restOutline } = outline;
    expect([none, callsOmitted, typeRefsOmitted]).toEqual([[], true, true]);
    expect(restOutline).toEqual(rest);
    expect(await extractFacts('typescript', read('declarations.ts'), false)).toEqual(outline);
  });
});

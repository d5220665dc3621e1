import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, open } from './helpers.js';

const ws = join(FIXTURES, 'ts-app');
const t = open(ws);
afterAll(() => t.dispose());

describe('typescript / javascript selectors', () => {
  it('module_selector resolves like an import (extension optional, folders mean index files)', async () => {
    expect(t.rel((await t.select('typescript', 'module_selector', 'src/core/parser')).paths)).toEqual([
      'src/core/parser.ts',
    ]);
    expect(t.rel((await t.select('typescript', 'module_selector', 'src/api')).paths)).toEqual(['src/api/index.ts']);
    expect(t.rel((await t.select('javascript', 'module_selector', 'src/legacy/util.js')).paths)).toEqual([
      'src/legacy/util.js',
    ]);
    const s = await t.select('javascript', 'module_selector', 'src/legacy/util');
    expect(s.language).toBe('javascript');
    expect((await t.select('typescript', 'module_selector', 'src/nothing')).paths).toEqual([]);
  });

  it('package_selector selects TS and JS files of a folder', async () => {
    const core = await t.select('typescript', 'package_selector', 'src/core');
    expect(t.rel(core.paths)).toEqual(['src/core/parser.spec.ts', 'src/core/parser.ts', 'src/core/types.ts']);
    expect(core.kind).toEqual({ Folder: 'src/core' });
  });

  it('class / function / interface selectors read declarations (not comments or strings)', async () => {
    expect(t.rel((await t.select('typescript', 'class_selector', 'Lexer')).paths)).toEqual(['src/core/types.ts']);
    expect((await t.select('typescript', 'class_selector', 'NotAClass')).paths).toEqual([]);
    const handler = await t.select('typescript', 'function_selector', 'handler');
    expect(handler.symbols?.[0]).toMatchObject({ file: join(ws, 'src/api/index.ts'), line: 4, symbolKind: 'function' });
    expect(t.rel((await t.select('javascript', 'function_selector', 'readAll')).paths)).toEqual(['src/legacy/util.js']);
    expect(t.rel((await t.select('typescript', 'interface_selector', 'Token')).paths)).toEqual(['src/core/types.ts']);
  });

  it('public_functions lists exported functions, including `export { f as g }`', async () => {
    const parser = await t.select('typescript', 'module_selector', 'src/core/parser');
    const pub = await t.select('typescript', 'public_functions', parser);
    expect(pub.symbols?.map((s) => s.name)).toEqual(['parse', 'helper']);
  });
});

describe('typescript checks', () => {
  it('exists checks, exports', async () => {
    expect((await t.check('typescript', 'class_exists', 'Lexer')).status).toBe('pass');
    expect((await t.check('typescript', 'interface_exists', 'Lexer')).status).toBe('fail');
    const api = await t.select('typescript', 'package_selector', 'src/api');
    expect((await t.check('typescript', 'function_exists', api, 'start')).status).toBe('pass');
    expect((await t.check('typescript', 'function_exists', api, 'parse')).status).toBe('fail');
    const parser = await t.select('typescript', 'module_selector', 'src/core/parser');
    expect((await t.check('typescript', 'exports', parser, 'internalHelper')).status).toBe('pass');
    expect((await t.check('typescript', 'exports', parser, 'parse')).status).toBe('pass');
    expect((await t.check('typescript', 'exports', api, 'default')).status).toBe('pass');
    expect((await t.check('typescript', 'exports', parser, 'Token')).status).toBe('fail');
  });

  it('imports: packages by name, workspace modules through tsconfig paths; strings never count', async () => {
    const index = await t.select('typescript', 'module_selector', 'src/index');
    expect((await t.check('typescript', 'imports', index, 'express')).status).toBe('pass');
    expect((await t.check('typescript', 'imports', index, 'src/core/parser')).status).toBe('pass');
    const types = await t.select('typescript', 'module_selector', 'src/core/types');
    expect((await t.check('typescript', 'imports', types, 'fake')).status).toBe('fail');
    // `import path = require('path')` (TypeScript import-require)
    expect((await t.check('typescript', 'imports', types, 'path')).status).toBe('pass');
    const legacy = await t.select('javascript', 'package_selector', 'src/legacy');
    expect((await t.check('javascript', 'imports', legacy, 'fs')).status).toBe('pass');
    const r = await t.check('javascript', 'no_import', legacy, 'src/core/parser');
    expect(r.status).toBe('fail');
    if (r.status === 'fail') expect(r.locations?.[0]).toMatchObject({ line: 2, column: 16 });
  });

  it('has_tests and has_docs', async () => {
    const core = await t.select('typescript', 'package_selector', 'src/core');
    expect((await t.check('typescript', 'has_tests', core)).status).toBe('pass');
    const api = await t.select('typescript', 'package_selector', 'src/api');
    expect((await t.check('typescript', 'has_tests', api)).status).toBe('fail');
    expect((await t.check('typescript', 'has_docs', core)).status).toBe('pass');
    expect((await t.check('typescript', 'has_docs', api)).status).toBe('fail');
  });
});

describe('typescript dependencies', () => {
  it('resolves relative, .js→.ts, index, tsconfig paths, require and import()', async () => {
    const files = ['src/index.ts', 'src/api/index.ts', 'src/legacy/util.js'].map((f) => join(ws, f));
    const edges = await t.provider('typescript').dependencies(files, t.ctx);
    const view = edges.map(
      (e) => `${t.rel([e.from])[0]}:${e.line} ${e.specifier} -> ` + `${e.to ? t.rel([e.to])[0] : '-'}`,
    );
    expect(view).toEqual([
      'src/index.ts:2 @core/parser -> src/core/parser.ts',
      'src/index.ts:3 express -> -',
      'src/index.ts:4 ./api/index.js -> src/api/index.ts',
      'src/api/index.ts:1 ../core/types.js -> src/core/types.ts',
      'src/api/index.ts:2 ./server -> src/api/server.ts',
      'src/legacy/util.js:1 fs -> -',
      'src/legacy/util.js:2 ../core/parser -> src/core/parser.ts',
      'src/legacy/util.js:11 ../api/server.js -> src/api/server.ts',
    ]);
  });

  it('depends_on, no_dependency and cycles', async () => {
    const api = await t.select('typescript', 'package_selector', 'src/api');
    const core = await t.select('typescript', 'package_selector', 'src/core');
    expect((await t.check('typescript', 'depends_on', api, core)).status).toBe('pass');
    expect((await t.check('typescript', 'depends_on', core, api)).status).toBe('fail');
    expect((await t.check('typescript', 'no_dependency', core, api)).status).toBe('pass');
    const cyc = await t.check('typescript', 'no_circular_dependencies', api);
    expect(cyc.status).toBe('fail');
    if (cyc.status === 'fail')
      expect(cyc.message).toContain('src/api/index.ts:2 → src/api/server.ts:1 → src/api/index.ts');
    expect((await t.check('typescript', 'no_circular_dependencies', core)).status).toBe('pass');
  });
});

describe('typescript export names', () => {
  it('`export { helper as internalHelper }` exports the alias, not the local name', async () => {
    const parser = await t.select('typescript', 'module_selector', 'src/core/parser');
    expect((await t.check('typescript', 'exports', parser, 'helper')).status).toBe('fail');
  });
});

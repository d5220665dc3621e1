/**
 * The import checks take each statement's imported module names without resolving files
 * (`importNames`): they must be exactly the names the full resolution (`resolveImports`) lists.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkspaceCache } from '../../../src/libraries/builtin/cache.js';
import {
  importNames,
  isAliasDuplicate,
  moduleNameOf,
  pythonModel,
  resolveImports,
} from '../../../src/libraries/builtin/lang/python-model.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'hie-import-names-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files: Record<string, string> = {
  'src/app/__init__.py': 'from . import core\nfrom .core import run as go, helper\n',
  'src/app/core.py': 'import json, os.path as p\nfrom ..lib import x\nfrom ...too.far import y\nfrom . import *\n',
  'src/app/sub/deep.py': 'from ...app import core\nfrom .. import core as c2\nfrom ..core import *\nimport app.sub\n',
  'src/app/sub/__init__.py': 'from .deep import thing\n',
  'src/lib/__init__.py': '',
  'scripts/tool.py': 'from .nowhere import a\nimport missing.module\nfrom missing.module import z\n',
};

/** Names per statement, as the full resolution listed them before the names were taken apart. */
const expected: Record<string, string[][]> = {
  'scripts/tool.py': [
    ['scripts.nowhere', 'scripts.nowhere.a'],
    ['missing.module'],
    ['missing.module', 'missing.module.z'],
  ],
  'src/app/__init__.py': [
    ['app', 'app.core'],
    ['app.core', 'app.core.run', 'app.core.helper'],
  ],
  'src/app/core.py': [['json'], ['os.path'], ['lib', 'lib.x'], ['too.far', 'too.far.y'], ['app']],
  'src/app/sub/__init__.py': [['app.sub.deep', 'app.sub.deep.thing']],
  'src/app/sub/deep.py': [['app', 'app.core'], ['app', 'app.core'], ['app.core'], ['app.sub']],
  'src/lib/__init__.py': [],
};

describe('python import names', () => {
  it('are the names the full resolution gives, for absolute, relative, star and alias imports', async () => {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
    const cache = new WorkspaceCache(root);
    const m = await pythonModel(cache);
    expect(m.files.map((f) => f.slice(root.length + 1)).sort()).toEqual(Object.keys(expected).sort());
    for (const file of m.files) {
      const facts = await cache.factsOf(file, 'python');
      const own = moduleNameOf(m, file);
      const statements = facts.imports.filter((f) => !isAliasDuplicate(f));
      const want = expected[file.slice(root.length + 1)];
      // the module name computed where a relative import needs it, or given by the caller
      expect(
        statements.map((f) => importNames(m, file, f)),
        file,
      ).toEqual(want);
      expect(
        statements.map((f) => importNames(m, file, f, own)),
        file,
      ).toEqual(want);
      expect(
        resolveImports(m, file, facts).map((r) => r.names),
        file,
      ).toEqual(want);
    }
    await cache.dispose();
  });

  it('of relative imports follow the package of the module, for any module name', () => {
    // the rule as the import system states it, on lists of name parts (empty parts dropped)
    const reference = (file: string, specifier: string, own: string, names: string[]) => {
      const level = /^\.*/.exec(specifier)![0].length;
      const rest = specifier.slice(level);
      const parts = file.endsWith('/__init__.py') ? own.split('.') : own.split('.').slice(0, -1);
      const up = parts.slice(0, Math.max(0, parts.length - (level - 1)));
      const base = [...up, ...(rest === '' ? [] : [rest])].filter(Boolean).join('.');
      return base ? [base, ...names.filter((n) => n !== '*').map((n) => `${base}.${n}`)] : [];
    };
    const m = { files: [], fileSet: new Set<string>(), dirSet: new Set<string>(), roots: [], absolute: new Map() };
    let cases = 0;
    for (const own of ['', 'a', 'a.b', 'a.b.c', 'pkg.sub.mod', '.hidden.x', 'a..b', 'x.'])
      for (const file of ['/w/p/__init__.py', '/w/p/mod.py', '/w/p/__init__.pyi'])
        for (const specifier of ['.', '..', '...', '....', '.x', '..x.y', '...z', '.a..b'])
          for (const names of [[], ['n'], ['*', 'k']]) {
            const fact = { specifier, form: 'from' as const, names, line: 1, column: 1, text: '' };
            const want = reference(file.replace(/\.pyi$/, '.py'), specifier, own, names);
            expect(importNames(m, file, fact, own), `${own} ${file} ${specifier}`).toEqual(want);
            cases++;
          }
    expect(cases).toBe(8 * 3 * 8 * 3);
  });
});

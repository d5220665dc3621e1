// Small generated workspaces for wrong answers of the original that the shared fixtures do not cover.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, type Libs } from './helpers.js';

let root: string;
let t: Libs;

function put(rel: string, text: string): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
}

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'hie-fp-')));
  // python
  put('app/__init__.py', '');
  put('app/models.py', 'class Model:\n    def __init__(self):\n        self.x = 1\n');
  put(
    'app/views.py',
    'class Base:\n    def __init__(self):\n        pass\n\n\nclass View(Base):\n    def __init__(self):\n        ' +
      'super().__init__()\n        self.target = 1\n',
  );
  // rust
  put('Cargo.toml', '[package]\nname = "demo"\nversion = "0.1.0"\n\n[[bin]]\nname = "other"\npath = "src/main.rs"\n');
  put('src/main.rs', 'mod error;\nmod report;\nmod plain;\nfn main() {}\n');
  put('src/error.rs', 'pub struct AppError;\n');
  put('src/report.rs', 'use std::error::Error;\n\npub fn show(e: &dyn Error) {\n    let _ = e;\n}\n');
  put('src/plain.rs', '////////////////\n// see file:///usr/share/doc\npub fn f() {}\n');
  t = open(root);
});
afterAll(async () => {
  await t.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('python', () => {
  it('calls_scope: calling its own or the base class `__init__` is not a call into the target', async () => {
    const views = await t.select('python', 'module_selector', 'app.views');
    const models = await t.select('python', 'module_selector', 'app.models');
    expect((await t.check('python', 'calls_scope', views, models)).status).toBe('fail');
  });
});

describe('rust', () => {
  it('depends_on: `use std::error::Error` is not a dependency on the module `error`', async () => {
    const report = await t.select('rust', 'module_selector', 'report');
    const error = await t.select('rust', 'module_selector', 'error');
    expect((await t.check('rust', 'depends_on', report, error)).status).toBe('fail');
    expect((await t.check('rust', 'no_dependency', report, error)).status).toBe('pass');
  });

  it('has_docs: `////` separators and `file:///` are not doc comments', async () => {
    const plain = await t.select('rust', 'module_selector', 'plain');
    expect(await t.check('rust', 'has_docs', plain)).toEqual({
      status: 'fail',
      message: 'No documentation comments found',
    });
  });

  it('crate_selector: a `[[bin]] name` is not the package name', async () => {
    expect((await t.select('rust', 'crate_selector', 'other')).paths).toEqual([]);
    expect((await t.select('rust', 'crate_selector', 'demo')).paths.length).toBe(4);
  });
});

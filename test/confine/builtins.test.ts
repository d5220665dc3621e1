// Built-in selectors, checks, facts reads and the facts cache go through the confinement module:
// symbolic links are skipped by every selector, nothing outside the workspace is ever read, and a
// symlinked cache folder is refused, never written through.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactsStore } from '../../src/libraries/builtin/index.js';
import { open } from '../libraries/builtin/helpers.js';

let base: string;
let ws: string;
beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'hie-confine-builtin-')));
  ws = join(base, 'ws');
  mkdirSync(join(ws, 'src'), { recursive: true });
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'secret.py'), 'import canary_module_outside\nCANARY = 1\n');
  writeFileSync(join(base, 'outside', 'big.txt'), 'x'.repeat(5000));
  writeFileSync(join(ws, 'src', 'app.py'), 'import os\n');
  symlinkSync(join(base, 'outside'), join(ws, 'src', 'linked_dir'));
  symlinkSync(join(base, 'outside', 'secret.py'), join(ws, 'src', 'linked_file.py'));
  symlinkSync('app.py', join(ws, 'src', 'inside_link.py'));
  symlinkSync(join(base, 'outside'), join(ws, 'top-link'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('built-in selectors and checks skip symbolic links', () => {
  it('every selector leaves links out, inside or outside, file or folder', async () => {
    const l = open(ws);
    try {
      expect(l.rel((await l.select('files', 'folder_selector', 'src')).paths)).toEqual(['src/app.py']);
      expect(l.rel((await l.select('files', 'glob_selector', '**/*')).paths)).toEqual(['src/app.py']);
      expect((await l.select('files', 'folder_selector', 'top-link')).paths).toEqual([]);
      expect((await l.select('files', 'folder_selector', 'src/linked_dir')).paths).toEqual([]);
      expect((await l.select('files', 'file_selector', 'src/linked_file.py')).paths).toEqual([]);
      expect((await l.select('files', 'file_selector', 'src/inside_link.py')).paths).toEqual([]);
      expect((await l.select('files', 'file_selector', 'top-link/secret.py')).paths).toEqual([]);
      const src = await l.select('files', 'folder_selector', 'src');
      expect(await l.check('files', 'exists', src, 'linked_file.py')).toMatchObject({ status: 'fail' });
      expect(await l.check('files', 'contains', src, 'linked_dir')).toMatchObject({ status: 'fail' });
      expect(await l.check('files', 'exists', src, 'app.py')).toMatchObject({ status: 'pass' });
    } finally {
      await l.dispose();
    }
  });

  it('never reads a file outside, even when a scope (from any library) names one through a link', async () => {
    const l = open(ws);
    try {
      const hostile = {
        kind: { Folder: 'src' },
        paths: [
          join(ws, 'src', 'linked_file.py'),
          join(ws, 'src', 'linked_dir', 'big.txt'),
          join(base, 'outside', 'secret.py'),
          join(ws, 'top-link', 'big.txt'),
        ],
        resolved: true,
      };
      expect(await l.check('files', 'contains_text', hostile, 'CANARY')).toMatchObject({ status: 'fail' });
      expect(await l.check('files', 'not_contains_text', hostile, 'CANARY')).toMatchObject({ status: 'pass' });
      expect(await l.check('files', 'max_size', hostile, 10)).toMatchObject({ status: 'pass' });
      // the python facts of a linked file are never extracted from the outside file
      expect(await l.check('python', 'no_import', hostile, 'canary_module_outside')).toMatchObject({ status: 'pass' });
      expect(await l.check('python', 'imports', hostile, 'canary_module_outside')).toMatchObject({ status: 'fail' });
    } finally {
      await l.dispose();
    }
  });
});

describe('facts cache folder', () => {
  it('is refused when it is a symbolic link, and nothing is written through it', async () => {
    const target = join(base, 'cache-target');
    mkdirSync(target);
    symlinkSync(target, join(ws, '.hielements-cache'));
    try {
      const store = new FactsStore(ws, join(ws, '.hielements-cache'));
      await store.load();
      store.record(join(ws, 'src', 'app.py'), { size: 10, mtimeMs: 1 }, 'h', {
        grammar: 'python',
        imports: [],
        symbols: [],
        calls: [],
        typeRefs: [],
      } as never);
      await store.save();
      expect(readdirSync(target)).toEqual([]);
      expect(store.stats.problem).toMatch(/facts cache folder .* not used: .*symbolic link/);
      expect(lstatSync(join(ws, '.hielements-cache')).isSymbolicLink()).toBe(true);
    } finally {
      rmSync(join(ws, '.hielements-cache'));
    }
  });

  it('refuses a store file that is a link, and creates its folder without following links', async () => {
    const dir = join(ws, 'cachedir');
    mkdirSync(dir);
    symlinkSync(join(base, 'outside', 'secret.py'), join(dir, 'facts.json'));
    const store = new FactsStore(ws, dir);
    await store.load();
    store.record(join(ws, 'src', 'app.py'), { size: 10, mtimeMs: 1 }, 'h', {
      grammar: 'python',
      imports: [],
      symbols: [],
      calls: [],
      typeRefs: [],
    } as never);
    await store.save();
    // the link was replaced by the store (rename never follows), the outside file is untouched
    expect(lstatSync(join(dir, 'facts.json')).isFile()).toBe(true);
    expect(existsSync(join(base, 'outside', 'secret.py'))).toBe(true);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(base, 'outside', 'secret.py'), 'utf8')).toContain('CANARY');
  });
});

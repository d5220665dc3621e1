import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realpathSync } from 'node:fs';
import { LibraryError } from '../../../src/libraries/types.js';
import { FIXTURES, open, type Libs } from './helpers.js';

let root: string;
let t: Libs;

async function put(rel: string, text = ''): Promise<void> {
  await mkdir(join(root, rel, '..'), { recursive: true });
  await writeFile(join(root, rel), text);
}

beforeAll(async () => {
  root = realpathSync(await mkdtemp(join(tmpdir(), 'hie-files-')));
  await put('.gitignore', '*.log\n/generated/\n');
  await put('README.md', '# Demo\nLicense: MIT\n');
  await put('src/main.rs', 'fn main() {}\n');
  await put('src/domain.rs', '// TODO: model\nstruct A;\n// TODO again\n');
  await put('src/.hidden.rs', '');
  await put('src/old.bak', 'x');
  await put('src/nested/deep.bak', 'x');
  await put('src/nested/app.log', 'ignored by .gitignore');
  await put('src/sub/.gitignore', 'local.txt\n');
  await put('src/sub/local.txt', 'ignored by the nested .gitignore');
  await put('src/sub/kept.txt', 'kept');
  await put('generated/out.rs', '// generated');
  await put('node_modules/pkg/index.js', '');
  await put('.git/config', '');
  await put('vendor/lib.rs', '');
  await put('big.bin', 'x'.repeat(2000));
  t = open(root, { ignore: ['vendor/**'] });
});
afterAll(async () => {
  await t.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('files selectors', () => {
  it('file_selector: real file only, absolute paths', async () => {
    const s = await t.select('files', 'file_selector', 'README.md');
    expect(s.paths).toEqual([join(root, 'README.md')]);
    expect(s.kind).toEqual({ File: 'README.md' });
    expect((await t.select('files', 'file_selector', 'src')).paths).toEqual([]);
    expect((await t.select('files', 'file_selector', 'missing.txt')).paths).toEqual([]);
  });

  it('refuses absolute paths and paths leaving the workspace', async () => {
    await expect(t.select('files', 'file_selector', '/etc/passwd')).rejects.toMatchObject({
      code: 'E100',
      message: expect.stringContaining('absolute'),
    });
    await expect(t.select('files', 'folder_selector', '../x')).rejects.toMatchObject({
      code: 'E101',
      message: expect.stringContaining('leaves the workspace'),
    });
    await expect(t.select('files', 'folder_selector', 'src/../../x')).rejects.toBeInstanceOf(LibraryError);
  });

  it('folder_selector honours .gitignore (nested too), skips .git/node_modules and configured ignores', async () => {
    const all = await t.select('files', 'folder_selector', '.');
    expect(t.rel(all.paths)).toEqual([
      '.gitignore',
      'README.md',
      'big.bin',
      'src/.hidden.rs',
      'src/domain.rs',
      'src/main.rs',
      'src/nested/deep.bak',
      'src/old.bak',
      'src/sub/.gitignore',
      'src/sub/kept.txt',
    ]);
  });

  it('folder_selector on an explicitly named ignored folder still selects it', async () => {
    expect(t.rel((await t.select('files', 'folder_selector', 'generated')).paths)).toEqual(['generated/out.rs']);
  });

  it('glob_selector: `*` stays in one segment, `**` crosses, dot-files match', async () => {
    expect(t.rel((await t.select('files', 'glob_selector', 'src/*.rs')).paths)).toEqual([
      'src/.hidden.rs',
      'src/domain.rs',
      'src/main.rs',
    ]);
    expect(t.rel((await t.select('files', 'glob_selector', '**/*.bak')).paths)).toEqual([
      'src/nested/deep.bak',
      'src/old.bak',
    ]);
    expect((await t.select('files', 'glob_selector', 'src/*.bak')).kind).toEqual({ Glob: 'src/*.bak' });
  });
});

describe('files checks', () => {
  it('exists: folder scopes test the file system, other scopes their files', async () => {
    const src = await t.select('files', 'folder_selector', 'src');
    expect((await t.check('files', 'exists', src, 'main.rs')).status).toBe('pass');
    expect((await t.check('files', 'exists', src, 'nested')).status).toBe('pass');
    expect(await t.check('files', 'exists', src, 'lib.rs')).toEqual({
      status: 'fail',
      message: "File 'lib.rs' does not exist in folder 'src'",
    });
    const readme = await t.select('files', 'file_selector', 'README.md');
    expect((await t.check('files', 'exists', readme, 'README.md')).status).toBe('pass');
    expect((await t.check('files', 'exists', readme)).status).toBe('pass');
    const rs = await t.select('files', 'glob_selector', 'src/**/*.rs');
    expect((await t.check('files', 'exists', rs, 'domain.rs')).status).toBe('pass');
    expect((await t.check('files', 'exists', rs, 'lib.rs')).status).toBe('fail');
  });

  it('exists on a crate scope looks in the crate directory, not workspace/<crate name>', async () => {
    const w = open(join(FIXTURES, 'rust-ws'));
    const crate = await w.select('rust', 'crate_selector', 'my-core');
    expect((await w.check('files', 'exists', crate, 'Cargo.toml')).status).toBe('pass');
    await w.dispose();
  });

  it('contains matches whole path segments (main.rs ≠ domain.rs)', async () => {
    const rs = await t.select('files', 'glob_selector', 'src/domain.rs');
    expect((await t.check('files', 'contains', rs, 'main.rs')).status).toBe('fail');
    expect((await t.check('files', 'contains', rs, 'domain.rs')).status).toBe('pass');
    expect((await t.check('files', 'contains', rs, 'src/domain.rs')).status).toBe('pass');
  });

  it('no_files_matching: top level vs recursive, with locations', async () => {
    const src = await t.select('files', 'folder_selector', 'src');
    const top = await t.check('files', 'no_files_matching', src, '*.bak');
    expect(top).toMatchObject({ status: 'fail', message: "Found 1 file matching pattern '*.bak': src/old.bak" });
    const deep = await t.check('files', 'no_files_matching', src, '**/*.bak');
    expect(deep.status).toBe('fail');
    if (deep.status === 'fail')
      expect(deep.locations?.map((l) => l.file)).toEqual([
        join(root, 'src/nested/deep.bak'),
        join(root, 'src/old.bak'),
      ]);
    expect((await t.check('files', 'no_files_matching', src, '**/*.tmp')).status).toBe('pass');
  });

  it('max_size lists every offending file; negative limits are refused', async () => {
    const all = await t.select('files', 'folder_selector', '.');
    const r = await t.check('files', 'max_size', all, 1000);
    expect(r.status).toBe('fail');
    expect(r).toMatchObject({
      message: '1 file exceeds the maximum size of 1000 bytes: big.bin (2000 bytes > 1000)',
    });
    if (r.status === 'fail') expect(r.locations?.map((l) => l.file)).toEqual([join(root, 'big.bin')]);
    expect((await t.check('files', 'max_size', all, 5000)).status).toBe('pass');
    await expect(t.check('files', 'max_size', all, -1)).rejects.toMatchObject({ code: 'E117' });
  });

  it('matches_pattern, file_count, max_files', async () => {
    const rs = await t.select('files', 'glob_selector', 'src/*.rs');
    expect((await t.check('files', 'matches_pattern', rs, '*.rs')).status).toBe('pass');
    const r = await t.check('files', 'matches_pattern', rs, '[a-z]*.rs');
    expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('src/.hidden.rs') });
    expect((await t.check('files', 'file_count', rs, 1, 3)).status).toBe('pass');
    expect((await t.check('files', 'file_count', rs, 4)).status).toBe('fail');
    expect((await t.check('files', 'file_count', rs, 0, 2)).status).toBe('fail');
    expect((await t.check('files', 'max_files', rs, 2)).status).toBe('fail');
  });

  it('contains_text / not_contains_text report line and column', async () => {
    const readme = await t.select('files', 'file_selector', 'README.md');
    expect((await t.check('files', 'contains_text', readme, 'License')).status).toBe('pass');
    expect((await t.check('files', 'contains_text', readme, 'GPL')).status).toBe('fail');
    const domain = await t.select('files', 'file_selector', 'src/domain.rs');
    const r = await t.check('files', 'not_contains_text', domain, 'TODO');
    expect(r.status).toBe('fail');
    if (r.status === 'fail')
      expect(r.locations?.map((l) => [l.line, l.column])).toEqual([
        [1, 4],
        [3, 4],
      ]);
  });
});

// `hielements new-library NAME`: the scaffolded project is the template with the name replaced,
// and the template itself builds and loads (scripts/fixtures/wasm.mjs builds it with asc).
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmLibrary } from '../../../src/libraries/wasm/index.js';
import { scaffoldWasmLibrary } from '../../../src/libraries/wasm/scaffold.js';
import { ctx, root, s, tempDir, wasmConfig, type TempDir } from './helpers.js';

let tmp: TempDir;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

describe('scaffoldWasmLibrary', () => {
  it('writes a ready-to-build project with the new name', async () => {
    const dir = join(tmp.path, 'mylint');
    const files = await scaffoldWasmLibrary('my_lint', dir);
    const rels = files.map((f) => relative(dir, f)).sort();
    const read = (rel: string) => readFileSync(join(dir, rel), 'utf8');
    const own = rels.filter((r) => !r.startsWith('vendor/'));
    expect(own).toEqual([
      '.gitignore',
      'README.md',
      'architecture.hie',
      'asconfig.json',
      'assembly/index.ts',
      'assembly/tsconfig.json',
      'hielements.toml',
      'package.json',
    ]);
    // The SDK that ships with this installation, referenced by the project's package.json.
    expect(rels).toContain('vendor/sdk-assemblyscript/assembly/index.ts');
    expect(rels).toContain('vendor/sdk-assemblyscript/package.json');
    expect(JSON.parse(read('package.json')).devDependencies['@hielements/sdk-assemblyscript']).toBe(
      'file:vendor/sdk-assemblyscript',
    );
    expect(read('assembly/index.ts')).toContain('new Library("my_lint"');
    expect(read('hielements.toml')).toContain('my_lint = { type = "wasm", path = "build/my_lint.wasm"');
    expect(JSON.parse(read('asconfig.json')).targets.release.outFile).toBe('build/my_lint.wasm');
    expect(read('architecture.hie')).toContain('import my_lint');
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain('template_library');
    expect(read('.gitignore')).toContain('node_modules/');
  });

  it('refuses bad names and non-empty directories', async () => {
    await expect(scaffoldWasmLibrary('my-lint', join(tmp.path, 'x'))).rejects.toThrow(/not a valid library name/);
    await expect(scaffoldWasmLibrary('ok', join(root, 'src'))).rejects.toThrow(/not empty/);
  });

  it('the template builds into a working library', async () => {
    const wasmPath = join(root, 'examples', 'wasm-library-template', 'build', 'template.wasm');
    const ws = tempDir();
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(ws.path, 'a.txt'), 'ok\n');
      writeFileSync(join(ws.path, 'b.txt'), 'x\nTODO: fix\n');
      const lib = await createWasmLibrary(wasmConfig('template_library', wasmPath), { workspace: ws.path });
      try {
        const scope = await lib.call('files_containing', [s('TODO')], ctx(ws.path));
        expect(scope.type === 'scope' && scope.scope.paths).toEqual([join(ws.path, 'b.txt')]);
        expect(await lib.check('no_text', [scope, s('TODO')], ctx(ws.path))).toEqual({
          status: 'fail',
          message: '1 file(s) contain TODO',
          locations: [{ file: join(ws.path, 'b.txt'), line: 2, message: 'contains TODO' }],
        });
      } finally {
        await lib.dispose();
      }
    } finally {
      ws.cleanup();
    }
  });
});

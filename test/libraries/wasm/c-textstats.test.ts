// The C example library (clang --target=wasm32 -nostdlib, wasm-ld --import-memory).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmLibrary } from '../../../src/libraries/wasm/index.js';
import type { Library, Value } from '../../../src/libraries/types.js';
import { ctx, i, tempDir, textstatsWasm, wasmConfig, type TempDir } from './helpers.js';

const built = existsSync(textstatsWasm);
if (!built)
  console.warn(
    `skipping the C WebAssembly example: ${textstatsWasm} was not built because clang/wasm-ld are missing (Debian ` +
      'packages: clang lld)',
  );

describe.skipIf(!built)('C textstats library', () => {
  let ws: TempDir;
  let lib: Library;
  let scope: Value;
  beforeAll(async () => {
    ws = tempDir();
    mkdirSync(join(ws.path, 'src'));
    writeFileSync(join(ws.path, 'src', 'short.txt'), 'a\nbb\nccc\n');
    writeFileSync(join(ws.path, 'src', 'long "q".txt'), `x\n${'é'.repeat(90)}\nend`);
    lib = await createWasmLibrary(wasmConfig('textstats', textstatsWasm), { workspace: ws.path });
    scope = {
      type: 'scope',
      scope: {
        kind: { Folder: 'src' },
        paths: [join(ws.path, 'src', 'long "q".txt'), join(ws.path, 'src', 'short.txt')],
        resolved: true,
      },
    };
  });
  afterAll(async () => {
    await lib?.dispose();
    ws?.cleanup();
  });

  it('documents itself from its metadata', async () => {
    const doc = await lib.documentation();
    expect(doc).toMatchObject({ name: 'textstats', version: '1.0.0', source: `wasm: ${textstatsWasm}` });
    expect(doc.checks.map((c) => c.name)).toEqual(['max_line_length']);
    expect(doc.functions.map((c) => c.name)).toEqual(['line_count']);
  });

  it('counts lines', async () => {
    expect(await lib.call('line_count', [scope], ctx(ws.path))).toEqual(i(6));
  });

  it('checks line length in characters, pointing at the longest line', async () => {
    expect(await lib.check('max_line_length', [scope, i(90)], ctx(ws.path))).toEqual({ status: 'pass' });
    expect(await lib.check('max_line_length', [scope, i(80)], ctx(ws.path))).toEqual({
      status: 'fail',
      message: '1 file(s) have lines longer than 80 characters',
      locations: [{ file: join(ws.path, 'src', 'long "q".txt'), line: 2, message: 'line has 90 characters' }],
    });
    // Repeated calls reuse the bump heap (released with each response).
    for (let k = 0; k < 200; k++)
      expect((await lib.check('max_line_length', [scope, i(2)], ctx(ws.path))).status).toBe('fail');
  });

  it('reports bad arguments as errors', async () => {
    const r = await lib.check('max_line_length', [scope], ctx(ws.path));
    expect(r).toMatchObject({ status: 'error', message: expect.stringContaining('n must be an integer') });
  });
});

// A helper process swaps directories of the workspace with symbolic links to the outside
// (atomic renames, for a bounded time) while a real WebAssembly module reads, lists, tests and
// writes through them, and while the built-in walk and reads run. Nothing outside may ever be
// read, listed or created: the outside holds a canary file and a file name that exists nowhere
// else.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmLibrary } from '../../src/libraries/wasm/index.js';
import type { Library, Value } from '../../src/libraries/types.js';
import { open } from '../libraries/builtin/helpers.js';
import { ctx, fixture, s, tempDir, wasmConfig, type TempDir } from '../libraries/wasm/helpers.js';

const SWAPPER = fileURLToPath(new URL('../fixtures/confine/swapper.mjs', import.meta.url));
const RACE_MS = 2000;
const CANARY = 'CANARY-OUTSIDE-CONTENT';

let base: TempDir;
let ws: string;
let outside: string;
let lib: Library;

/** `<ws>/<path>` alternates between a real folder and a link to `outside`. */
function prepare(path: string): string {
  const real = join(ws, `${path.replace(/\//g, '_')}.real`);
  const link = join(ws, `${path.replace(/\//g, '_')}.link`);
  mkdirSync(real);
  writeFileSync(join(real, 'inner.txt'), 'INSIDE');
  mkdirSync(join(real, 'sub'));
  writeFileSync(join(real, 'sub', 'deep.txt'), 'INSIDE DEEP');
  symlinkSync(outside, link);
  return `${join(ws, path)}:${real}:${link}`;
}

/** Starts the swapper; resolves once it is swapping. `running()` is false once it has exited. */
async function startSwapper(ms: number, specs: string[]): Promise<{ running: () => boolean; swaps: Promise<number> }> {
  const child = spawn(process.execPath, [SWAPPER, String(ms), ...specs], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let exited = false;
  let ready!: () => void;
  const started = new Promise<void>((r) => (ready = r));
  const swaps = new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.startsWith('swapping\n')) ready();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      exited = true;
      ready();
      if (code === 0) resolve(Number(out.slice('swapping\n'.length).trim()));
      else reject(new Error(`swapper exited with ${code}`));
    });
  });
  await started;
  return { running: () => !exited, swaps };
}

const text = (v: Value): string | undefined => (v.type === 'string' ? v.value : undefined);
const names = (v: Value): string[] =>
  v.type === 'list' ? v.items.map((x) => (x.type === 'string' ? x.value : '?')) : [];

beforeAll(async () => {
  base = tempDir('hie-race-');
  ws = join(base.path, 'ws');
  outside = join(base.path, 'outside');
  mkdirSync(join(ws, 'nest'), { recursive: true });
  mkdirSync(join(outside, 'sub'), { recursive: true });
  writeFileSync(join(outside, 'inner.txt'), CANARY);
  writeFileSync(join(outside, 'sub', 'deep.txt'), CANARY);
  writeFileSync(join(outside, 'only-outside.txt'), CANARY);
  const cfg = wasmConfig('racer', fixture('probe'), {
    capabilities: { file_read: true, file_write: true, network: false },
    writeFolders: ['top/', 'nest/mid/'],
  });
  lib = await createWasmLibrary(cfg, { workspace: ws });
});

afterAll(async () => {
  await lib?.dispose();
  base.cleanup();
});

describe('nothing verified outlives a call', () => {
  it('a folder read through in one call and replaced by a link before the next is refused', async () => {
    mkdirSync(join(ws, 'twice'));
    writeFileSync(join(ws, 'twice', 'inner.txt'), 'INSIDE');
    const c = ctx(ws);
    expect(await lib.call('read', [s('twice/inner.txt')], c)).toEqual(s('INSIDE'));
    expect(names(await lib.call('list', [s('twice')], c))).toEqual(['inner.txt']);
    renameSync(join(ws, 'twice'), join(ws, 'twice.old'));
    symlinkSync(outside, join(ws, 'twice'));
    const denied = { type: 'int', value: -1n };
    expect(await lib.call('read', [s('twice/inner.txt')], c)).toEqual(denied);
    expect(await lib.call('list', [s('twice')], c)).toEqual(denied);
    expect(await lib.call('exists', [s('twice/only-outside.txt')], c)).toEqual(denied);
    expect(await lib.call('write', [s('top/../twice/x.txt'), s('w')], c)).not.toEqual({ type: 'int', value: 0n });
    expect(readdirSync(outside).sort()).toEqual(['inner.txt', 'only-outside.txt', 'sub']);
  });
});

describe('directory ↔ symbolic link swaps during calls', () => {
  it('a WebAssembly module never reads, lists, tests or writes outside', async () => {
    const specs = [prepare('top'), prepare('nest/mid')];
    const c = ctx(ws);
    const seen = { readInside: 0, refused: 0, listed: 0, written: 0, calls: 0 };
    const swapper = await startSwapper(RACE_MS, specs);
    let k = 0;
    while (swapper.running()) {
      await new Promise((r) => setImmediate(r)); // let the event loop breathe
      for (const p of ['top/inner.txt', 'top/sub/deep.txt', 'nest/mid/inner.txt', 'nest/mid/sub/deep.txt']) {
        const r = await lib.call('read', [s(p)], c);
        seen.calls++;
        const t = text(r);
        expect(t).not.toBe(CANARY);
        if (t !== undefined) seen.readInside++;
        else seen.refused++;
      }
      for (const p of ['top', 'top/sub', 'nest/mid']) {
        const l = names(await lib.call('list', [s(p)], c));
        expect(l).not.toContain('only-outside.txt');
        if (l.length > 0) seen.listed++;
      }
      await lib
        .call('exists', [s('top/only-outside.txt')], c)
        .then((v) => expect(v).not.toEqual({ type: 'int', value: 1n }));
      for (const p of [`top/w${k}.txt`, `top/sub/w${k}.txt`, `nest/mid/w${k}.txt`]) {
        const w = await lib.call('write', [s(p), s('written')], c);
        if (w.type === 'int' && w.value === 0n) seen.written++;
      }
      k++;
    }
    const swaps = await swapper.swaps;
    // the race really happened: many swaps, and calls that both succeeded and were refused
    expect(swaps).toBeGreaterThan(100);
    expect(seen.readInside).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
    // nothing was created outside, and the canary is intact
    expect(readdirSync(outside).sort()).toEqual(['inner.txt', 'only-outside.txt', 'sub']);
    expect(readdirSync(join(outside, 'sub'))).toEqual(['deep.txt']);
    expect(readFileSync(join(outside, 'inner.txt'), 'utf8')).toBe(CANARY);
  }, 30_000);

  it('the built-in walk and reads never see the outside', async () => {
    const specs = [prepare('btop')];
    const swapper = await startSwapper(RACE_MS, specs);
    let rounds = 0;
    while (swapper.running()) {
      await new Promise((r) => setImmediate(r));
      const l = open(ws);
      try {
        const all = await l.select('files', 'glob_selector', '**/*');
        expect(all.paths.some((p) => p.endsWith('only-outside.txt'))).toBe(false);
        const folder = await l.select('files', 'folder_selector', 'btop');
        const hostile = {
          kind: { Folder: 'btop' },
          paths: [join(ws, 'btop', 'inner.txt'), join(ws, 'btop', 'sub', 'deep.txt')],
          resolved: true,
        };
        expect(await l.check('files', 'contains_text', hostile, CANARY)).toMatchObject({ status: 'fail' });
        expect(folder.paths.some((p) => p.endsWith('only-outside.txt'))).toBe(false);
      } finally {
        await l.dispose();
      }
      rounds++;
    }
    expect(await swapper.swaps).toBeGreaterThan(100);
    expect(rounds).toBeGreaterThan(0);
    expect(readdirSync(outside).sort()).toEqual(['inner.txt', 'only-outside.txt', 'sub']);
  }, 30_000);
});

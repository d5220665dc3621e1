// The speed-ups of the call path keep the answers exact: the synchronous fast path and the
// queue, the host's scope memo, the SDK's string intern table, reads straight into guest memory,
// and the conventions example's word-at-a-time line count.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmLibrary } from '../../../src/libraries/wasm/index.js';
import type { Library, Scope, Value } from '../../../src/libraries/types.js';
import { conventionsWasm, ctx, fixture, i, s, tempDir, wasmConfig, type TempDir } from './helpers.js';

let ws: TempDir;
let probe: Library;
let conventions: Library;

const scopeValue = (paths: string[], over: Partial<Scope> = {}): Value => ({
  type: 'scope',
  scope: { kind: { Folder: 'src' }, paths, resolved: true, ...over },
});

beforeAll(async () => {
  ws = tempDir();
  probe = await createWasmLibrary(wasmConfig('probe', fixture('probe')), { workspace: ws.path });
  conventions = await createWasmLibrary(wasmConfig('conventions', conventionsWasm), { workspace: ws.path });
});

afterAll(async () => {
  await probe?.dispose();
  await conventions?.dispose();
  ws.cleanup();
});

describe('call path', () => {
  it('answers concurrent calls in order, each with its own result', async () => {
    const calls = Array.from({ length: 200 }, (_, k) =>
      probe.call('echo', [k % 3 === 0 ? s(`text ${k}`) : i(k)], ctx(ws.path)),
    );
    const results = await Promise.all(calls);
    results.forEach((r, k) => expect(r).toEqual(k % 3 === 0 ? s(`text ${k}`) : i(k)));
  });

  it('mixes slow calls (answered asynchronously) and fast ones', async () => {
    // A 4000-path scope takes the guest well over the main thread's spin budget to parse and echo.
    const paths = Array.from({ length: 4000 }, (_, k) => join(ws.path, 'src', `slow_${k}.py`));
    const big = scopeValue(paths);
    const out = await Promise.all([
      probe.call('echo', [big], ctx(ws.path)),
      probe.call('echo', [i(1)], ctx(ws.path)),
      probe.call('echo', [big], ctx(ws.path)),
    ]);
    expect(out).toEqual([big, i(1), big]);
    for (let k = 0; k < 20; k++) expect(await probe.call('echo', [i(k)], ctx(ws.path))).toEqual(i(k));
  });
});

describe('request size', () => {
  it('refuses a request larger than the channel, and the next call works', async () => {
    // Channel = largest response + 256 KiB of trace room.
    const small = await createWasmLibrary(wasmConfig('probe', fixture('probe')), {
      workspace: ws.path,
      maxResponseBytes: 4096,
    });
    try {
      await expect(small.call('echo', [s('x'.repeat(400_000))], ctx(ws.path))).rejects.toMatchObject({
        code: 'E615',
        message: expect.stringMatching(/request of 4000\d\d bytes exceeds the channel capacity/),
      });
      await expect(small.call('echo', [s('é'.repeat(200_000))], ctx(ws.path))).rejects.toMatchObject({ code: 'E615' });
      expect(await small.call('echo', [s('fine')], ctx(ws.path))).toEqual(s('fine'));
      // This request fits; its echo is larger than the response limit.
      await expect(small.call('echo', [s('y'.repeat(200_000))], ctx(ws.path))).rejects.toMatchObject({ code: 'E613' });
      expect(await small.call('echo', [i(7)], ctx(ws.path))).toEqual(i(7));
    } finally {
      await small.dispose();
    }
  });
});

describe('host scope memo', () => {
  it('sees changes made to a scope between calls', async () => {
    const paths = Array.from({ length: 8 }, (_, k) => join(ws.path, 'src', `m_${k}.py`));
    const v = scopeValue(paths);
    expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(scopeValue([...paths]));
    expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(scopeValue([...paths]));
    const scope = (v as { scope: Scope }).scope;
    scope.paths[3] = join(ws.path, 'src', 'changed.py');
    expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(scopeValue([...scope.paths]));
    scope.paths.push(join(ws.path, 'src', 'added.py'));
    expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(scopeValue([...scope.paths]));
    scope.kind = { Glob: '**/*.py' };
    scope.language = 'python';
    scope.resolved = false;
    expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(
      scopeValue([...scope.paths], { kind: { Glob: '**/*.py' }, language: 'python', resolved: false }),
    );
  });
});

describe('guest scope cache', () => {
  it('gives back exactly the scope sent, across many alternating and repeated scopes', async () => {
    const scopes = Array.from({ length: 12 }, (_, k) =>
      scopeValue(
        Array.from({ length: 5 + k }, (_, j) => `${ws.path}/s${k}/f${j}.py`),
        k % 3 === 0 ? { language: 'python' } : k % 3 === 1 ? { kind: { Glob: `**/*${k}` }, resolved: false } : {},
      ),
    );
    for (let round = 0; round < 3; round++)
      for (const v of [...scopes, ...scopes.slice(0, 4), ...scopes.slice(0, 4).reverse()])
        expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(v);
    // The same scope twice in one request, and inside a list.
    const pair: Value = { type: 'list', items: [scopes[0]!, scopes[0]!, { type: 'list', items: [scopes[1]!] }] };
    expect(await probe.call('echo', [pair], ctx(ws.path))).toEqual(pair);
    expect(await probe.call('echo', [pair], ctx(ws.path))).toEqual(pair);
  });

  it('tells apart scopes whose text differs only at the end', async () => {
    const a = scopeValue([`${ws.path}/x/a.py`, `${ws.path}/x/b.py`, `${ws.path}/x/c.py`, `${ws.path}/x/d.py`]);
    const b = scopeValue([`${ws.path}/x/a.py`, `${ws.path}/x/b.py`, `${ws.path}/x/c.py`, `${ws.path}/x/d.py`], {
      language: 'python',
    });
    const c = scopeValue([`${ws.path}/x/a.py`, `${ws.path}/x/b.py`, `${ws.path}/x/c.py`, `${ws.path}/x/e.py`]);
    for (let round = 0; round < 2; round++)
      for (const v of [a, b, c, a]) expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(v);
  });
});

describe('guest string intern table', () => {
  it('never confuses strings that share a slot', async () => {
    // Same length and same last 16 bytes: same slot in the table, different text.
    const tail = '/same/tail/16bytes.txt';
    const a = Array.from({ length: 50 }, (_, k) => `p${String(k).padStart(3, '0')}${tail}`);
    for (let round = 0; round < 3; round++) {
      const v: Value = { type: 'list', items: a.map((x) => s(x)) };
      expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(v);
    }
  });

  it('round-trips more distinct paths than the table holds, twice', async () => {
    const paths = Array.from({ length: 9000 }, (_, k) => `${ws.path}/d${k % 97}/file_${k}.txt`);
    const v = scopeValue(paths);
    expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(v);
    expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(v);
  });

  it('keeps non-ASCII and escaped strings exact', async () => {
    const v: Value = {
      type: 'list',
      items: ['ünïcødé/✓.py', 'quote " back \\ slash', 'tab\there', 'ünïcødé/✓.py'].map((x) => s(x)),
    };
    expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(v);
    expect(await probe.call('echo', [v], ctx(ws.path))).toEqual(v);
  });
});

describe('line counting in the conventions example', () => {
  it('counts lines exactly for every length and newline position', async () => {
    mkdirSync(join(ws.path, 'lines'), { recursive: true });
    const files: string[] = [];
    const expected: number[] = [];
    const pieces = ['a', '\n', 'é', '\u008a', '\u010a', 'xyz\n', '\n\n', '0123456789abcdef'];
    for (let k = 0; k < 60; k++) {
      let text = '';
      for (let j = 0; j < k; j++) text += pieces[(j * 7 + k) % pieces.length];
      const buf = Buffer.from(text, 'utf8');
      const p = join(ws.path, 'lines', `f${k}.txt`);
      writeFileSync(p, buf);
      files.push(p);
      const newlines = buf.filter((b) => b === 0x0a).length;
      expected.push(newlines + (buf.length > 0 && buf[buf.length - 1] !== 0x0a ? 1 : 0));
    }
    // 0xC4 0x8A (U+010A) and 0xC2 0x8A (U+008A) contain 0x8A: newline ^ 0x80, which must not count.
    for (let k = 0; k < files.length; k++) {
      const n = expected[k]!;
      const at = await conventions.check('max_lines', [scopeValue([files[k]!]), i(n)], ctx(ws.path));
      expect(at.status, `f${k} has ${n} lines`).toBe('pass');
      if (n > 0) {
        const below = await conventions.check('max_lines', [scopeValue([files[k]!]), i(n - 1)], ctx(ws.path));
        expect(below.status).toBe('fail');
        expect(below.message).toContain(`(${n})`);
      }
    }
  });

  it('reads many files straight into guest memory, empty ones included', async () => {
    mkdirSync(join(ws.path, 'many'), { recursive: true });
    const files: string[] = [];
    for (let k = 0; k < 40; k++) {
      const p = join(ws.path, 'many', `m${k}.txt`);
      writeFileSync(p, 'line\n'.repeat(k));
      files.push(p);
    }
    const r = await conventions.check('max_lines', [scopeValue(files), i(30)], ctx(ws.path));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^9 file\(s\) longer than 30 lines/);
    expect((await conventions.check('max_lines', [scopeValue(files), i(39)], ctx(ws.path))).status).toBe('pass');
  });
});

describe('event loop', () => {
  it('gets turns during a long series of fast calls', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const until = Date.now() + 60;
      while (Date.now() < until) await probe.call('echo', [i(1)], ctx(ws.path));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(3);
  });
});

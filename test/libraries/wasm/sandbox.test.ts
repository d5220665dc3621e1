// File capabilities and path confinement, exercised through a real guest (the probe library).
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostStatus } from '../../../src/libraries/wasm/abi.js';
import { createWasmLibrary } from '../../../src/libraries/wasm/index.js';
import type { Library, Value } from '../../../src/libraries/types.js';
import { ctx, fixture, i, s, tempDir, wasmConfig, type TempDir } from './helpers.js';

let base: TempDir;
let ws: string;
let reader: Library;

const str = (value: string): Value => ({ type: 'string', value });

beforeAll(async () => {
  base = tempDir();
  ws = join(base.path, 'ws');
  mkdirSync(join(ws, 'sub'), { recursive: true });
  mkdirSync(join(base.path, 'outside'));
  writeFileSync(join(base.path, 'secret.txt'), 'secret\n');
  writeFileSync(join(base.path, 'outside', 'x.txt'), 'outside\n');
  writeFileSync(join(ws, 'hello.txt'), 'hello\n');
  writeFileSync(join(ws, 'sub', 'inner.txt'), 'inner\n');
  symlinkSync(join(base.path, 'secret.txt'), join(ws, 'link-out'));
  symlinkSync(join(base.path, 'outside'), join(ws, 'dirlink-out'));
  symlinkSync('hello.txt', join(ws, 'link-in'));
  reader = await createWasmLibrary(wasmConfig('probe', fixture('probe')), { workspace: ws });
});

afterAll(async () => {
  await reader?.dispose();
  base.cleanup();
});

const read = (lib: Library, path: string) => lib.call('read', [s(path)], ctx(ws));

describe('reads are confined to the workspace', () => {
  it('reads files inside the workspace, by relative path or by absolute path inside it', async () => {
    expect(await read(reader, 'hello.txt')).toEqual(str('hello\n'));
    expect(await read(reader, 'sub/inner.txt')).toEqual(str('inner\n'));
    expect(await read(reader, 'sub/../hello.txt')).toEqual(str('hello\n'));
    // The SDK makes absolute paths under the workspace (as found in scopes) relative.
    expect(await read(reader, join(ws, 'sub', 'inner.txt'))).toEqual(str('inner\n'));
    // A symlink is never followed, even one that stays inside.
    expect(await read(reader, 'link-in')).toEqual(i(HostStatus.DENIED));
  });

  it('refuses `..` escapes', async () => {
    expect(await read(reader, '../secret.txt')).toEqual(i(HostStatus.DENIED));
    expect(await read(reader, 'sub/../../secret.txt')).toEqual(i(HostStatus.DENIED));
  });

  it('refuses absolute paths', async () => {
    expect(await read(reader, '/etc/passwd')).toEqual(i(HostStatus.INVALID_PATH));
    expect(await read(reader, join(base.path, 'secret.txt'))).toEqual(i(HostStatus.INVALID_PATH));
  });

  it('refuses symlinks that lead outside, for files and directories', async () => {
    expect(await read(reader, 'link-out')).toEqual(i(HostStatus.DENIED));
    expect(await read(reader, 'dirlink-out/x.txt')).toEqual(i(HostStatus.DENIED));
    expect(await reader.call('list', [s('dirlink-out')], ctx(ws))).toEqual(i(HostStatus.DENIED));
    expect(await reader.call('exists', [s('link-out')], ctx(ws))).toEqual(i(HostStatus.DENIED));
  });

  it('refuses NUL bytes and reports missing files', async () => {
    expect(await read(reader, 'hello.txt\u0000.png')).toEqual(i(HostStatus.INVALID_PATH));
    expect(await read(reader, 'nope.txt')).toEqual(i(HostStatus.NOT_FOUND));
    expect(await read(reader, 'sub')).toEqual(i(HostStatus.NOT_A_FILE));
  });

  it('lists directories (sorted, symlinks marked, not followed) and tells files from folders', async () => {
    const listing = await reader.call('list', [s('.')], ctx(ws));
    expect(listing).toEqual({
      type: 'list',
      items: ['dirlink-out@', 'hello.txt', 'link-in@', 'link-out@', 'sub/'].map(str),
    });
    expect(await reader.call('list', [s('..')], ctx(ws))).toEqual(i(HostStatus.DENIED));
    expect(await reader.call('exists', [s('hello.txt')], ctx(ws))).toEqual(i(1));
    expect(await reader.call('exists', [s('sub')], ctx(ws))).toEqual(i(2));
    expect(await reader.call('exists', [s('missing')], ctx(ws))).toEqual(i(0));
  });
});

describe('capabilities', () => {
  it('denies every read and listing when file_read = false', async () => {
    const lib = await createWasmLibrary(
      wasmConfig('probe', fixture('probe'), { capabilities: { file_read: false, file_write: false, network: false } }),
      {
        workspace: ws,
      },
    );
    try {
      expect(await read(lib, 'hello.txt')).toEqual(i(HostStatus.DENIED));
      expect(await lib.call('list', [s('.')], ctx(ws))).toEqual(i(HostStatus.DENIED));
      expect(await lib.call('exists', [s('hello.txt')], ctx(ws))).toEqual(i(HostStatus.DENIED));
      expect((await lib.documentation()).capabilities).toEqual({ file_read: false, file_write: false, network: false });
    } finally {
      await lib.dispose();
    }
  });

  it('denies writes by default', async () => {
    expect(await reader.call('write', [s('new.txt'), s('data')], ctx(ws))).toEqual(i(HostStatus.DENIED));
    expect(existsSync(join(ws, 'new.txt'))).toBe(false);
  });

  it('writes below the granted folders, but never through a symlink or outside', async () => {
    const lines: string[] = [];
    const cfg = wasmConfig('writer', fixture('probe'), {
      capabilities: { file_read: true, file_write: true, network: false },
      writeFolders: ['sub/', '.'],
    });
    const lib = await createWasmLibrary(cfg, {
      workspace: ws,
      trace: (l) => lines.push(l),
    });
    try {
      expect(await lib.call('write', [s('sub/out.txt'), s('written')], ctx(ws))).toEqual(i(0));
      expect(readFileSync(join(ws, 'sub', 'out.txt'), 'utf8')).toBe('written');
      // Overwrite truncates.
      expect(await lib.call('write', [s('sub/out.txt'), s('w2')], ctx(ws))).toEqual(i(0));
      expect(readFileSync(join(ws, 'sub', 'out.txt'), 'utf8')).toBe('w2');
      // The last component is a symlink leading outside: O_NOFOLLOW refuses it.
      expect(await lib.call('write', [s('link-out'), s('pwned')], ctx(ws))).toEqual(i(HostStatus.DENIED));
      // Even a symlink that stays inside is not followed by writes.
      expect(await lib.call('write', [s('link-in'), s('pwned')], ctx(ws))).toEqual(i(HostStatus.DENIED));
      // A parent directory that is a symlink leading outside.
      expect(await lib.call('write', [s('dirlink-out/new.txt'), s('pwned')], ctx(ws))).toEqual(i(HostStatus.DENIED));
      expect(await lib.call('write', [s('../escape.txt'), s('pwned')], ctx(ws))).toEqual(i(HostStatus.DENIED));
      expect(await lib.call('write', [s('/tmp/escape.txt'), s('pwned')], ctx(ws))).toEqual(i(HostStatus.INVALID_PATH));
      expect(readFileSync(join(base.path, 'secret.txt'), 'utf8')).toBe('secret\n');
      expect(readFileSync(join(ws, 'hello.txt'), 'utf8')).toBe('hello\n');
      expect(existsSync(join(base.path, 'outside', 'new.txt'))).toBe(false);
      expect(existsSync(join(base.path, 'escape.txt'))).toBe(false);
      expect(lstatSync(join(ws, 'link-in')).isSymbolicLink()).toBe(true);
      expect(lines).toContainEqual(expect.stringMatching(/write_file\("sub\/out.txt"\) \[file_write\] allowed/));
      expect(lines).toContainEqual(
        expect.stringMatching(
          /write_file\("\.\.\/escape.txt"\) \[file_write\] denied \(path leads outside the workspace\)/,
        ),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/write_file\("link-out"\) \[file_write\] denied \('link-out' is a symbolic link/),
      );
    } finally {
      await lib.dispose();
    }
  });
});

describe('values cross the boundary exactly', () => {
  it('round-trips 64-bit integers, floats, nested lists and scopes', async () => {
    const big = i(9007199254740993n); // 2^53 + 1: not representable as a double
    expect(await reader.call('echo', [big], ctx(ws))).toEqual(big);
    expect(await reader.call('echo', [i(-9223372036854775808n)], ctx(ws))).toEqual(i(-9223372036854775808n));
    expect(await reader.call('echo', [{ type: 'float', value: 2.5 }], ctx(ws))).toEqual({ type: 'float', value: 2.5 });
    const nested: Value = {
      type: 'list',
      items: [
        str('a "quoted" ünïcødé ✓ 😀 line\nbreak\u0001\ttab\\'),
        { type: 'bool', value: true },
        { type: 'list', items: [i(1)] },
      ],
    };
    expect(await reader.call('echo', [nested], ctx(ws))).toEqual(nested);
    const scope: Value = {
      type: 'scope',
      scope: { kind: { Folder: 'src' }, paths: [join(ws, 'hello.txt')], resolved: true, language: 'python' },
    };
    expect(await reader.call('echo', [scope], ctx(ws))).toEqual(scope);
  });

  it(
    'confines every path a module returns: normalised when inside, E801 naming library and ' + 'function otherwise',
    async () => {
      const scopeOf = (paths: string[], label = 'src'): Value => ({
        type: 'scope',
        scope: { kind: { Folder: label }, paths, resolved: true },
      });
      expect(
        await reader.call('echo', [scopeOf(['sub/../hello.txt', join(ws, 'sub', '.', 'inner.txt')])], ctx(ws)),
      ).toEqual(scopeOf([join(ws, 'hello.txt'), join(ws, 'sub', 'inner.txt')]));
      const nested: Value = { type: 'list', items: [str('x'), { type: 'list', items: [scopeOf(['/etc/passwd'])] }] };
      for (const bad of [
        scopeOf(['/etc/passwd']),
        scopeOf(['../secret.txt']),
        scopeOf([join(ws, '..', 'secret.txt')]),
        scopeOf(['a\u0000b']),
        scopeOf(['..\\secret.txt']),
        nested,
      ]) {
        const e = await reader.call('echo', [bad], ctx(ws)).then(
          () => undefined,
          (err: { code: string; message: string }) => err,
        );
        expect(e?.code).toBe('E801');
        expect(e?.message).toMatch(
          /^WebAssembly library 'probe', function 'echo': returned the path .* which is not inside the workspace/,
        );
      }
    },
  );

  it('turns a guest error object into a LibraryError with the guest message', async () => {
    await expect(reader.call('raise', [s('because')], ctx(ws))).rejects.toThrow(/probe refused: because/);
    await expect(reader.call('read', [i(3)], ctx(ws))).rejects.toMatchObject({ code: 'E-32602' });
  });
});

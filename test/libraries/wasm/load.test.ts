import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledModuleCount, createWasmLibrary, WasmErrorCode } from '../../../src/libraries/wasm/index.js';
import { LibraryError, type Library } from '../../../src/libraries/types.js';
import { conventionsWasm, ctx, fixture, tempDir, wasmConfig, type TempDir } from './helpers.js';

let ws: TempDir;
beforeAll(() => {
  ws = tempDir();
});
afterAll(() => ws.cleanup());

async function loadError(name: string, path: string, over = {}): Promise<LibraryError> {
  try {
    const lib = await createWasmLibrary(wasmConfig(name, path, over), { workspace: ws.path });
    await lib.dispose();
  } catch (err) {
    expect(err).toBeInstanceOf(LibraryError);
    return err as LibraryError;
  }
  throw new Error(`${name} loaded, but it should have been refused`);
}

describe('loading a WebAssembly library', () => {
  it('loads the AssemblyScript conventions library and documents it from its metadata', async () => {
    const lib = await createWasmLibrary(wasmConfig('conventions', conventionsWasm), { workspace: ws.path });
    try {
      expect(lib.kind).toBe('wasm');
      const doc = await lib.documentation();
      expect(doc.name).toBe('conventions');
      expect(doc.version).toBe('1.0.0');
      expect(doc.source).toBe(`wasm: ${conventionsWasm}`);
      expect(doc.capabilities).toEqual({ file_read: true, file_write: false, network: false });
      expect(doc.functions.map((f) => f.name)).toEqual(['files_with_extension', 'simple_selector']);
      expect(doc.checks.map((f) => f.name)).toContain('max_lines');
      const maxLines = doc.checks.find((c) => c.name === 'max_lines')!;
      expect(maxLines.parameters.map((p) => p.name)).toEqual(['scope', 'n']);
      expect(maxLines.example).toBe('check conventions.max_lines(py, 400)');
      expect(await lib.check('always_pass', [], ctx(ws.path))).toEqual({ status: 'pass' });
    } finally {
      await lib.dispose();
    }
  });

  it('compiles a module once per process (cache keyed by sha256)', async () => {
    const a = await createWasmLibrary(wasmConfig('one', conventionsWasm), { workspace: ws.path });
    const before = compiledModuleCount();
    const b = await createWasmLibrary(wasmConfig('two', conventionsWasm), { workspace: ws.path });
    expect(compiledModuleCount()).toBe(before);
    expect(await b.check('always_pass', [], ctx(ws.path))).toEqual({ status: 'pass' });
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('refuses a module importing WASI, naming the import', async () => {
    const e = await loadError('wasi', fixture('wasi'));
    expect(e.code).toBe(WasmErrorCode.FORBIDDEN_IMPORT);
    expect(e.message).toContain("'wasi'");
    expect(e.message).toContain('wasi_snapshot_preview1.fd_write');
  });

  it('refuses unknown imports, naming every one', async () => {
    const e = await loadError('unknown', fixture('unknown-import'));
    expect(e.code).toBe(WasmErrorCode.FORBIDDEN_IMPORT);
    expect(e.message).toContain('env.seed');
    expect(e.message).toContain('hielements.exec');
  });

  it('refuses a module that defines its own memory', async () => {
    const e = await loadError('own', fixture('own-memory'));
    expect(e.code).toBe(WasmErrorCode.MEMORY);
    expect(e.message).toMatch(/defines its own memory/);
  });

  it('refuses a module with a missing export', async () => {
    const e = await loadError('missing', fixture('missing-export'));
    expect(e.code).toBe(WasmErrorCode.MISSING_EXPORT);
    expect(e.message).toContain('check');
  });

  it('refuses an unknown ABI version', async () => {
    const e = await loadError('version', fixture('bad-version'));
    expect(e.code).toBe(WasmErrorCode.ABI_VERSION);
    expect(e.message).toMatch(/ABI version 99/);
  });

  it('refuses a module whose initial memory exceeds the limit', async () => {
    const e = await loadError('big', fixture('big-initial-memory'), { maxMemoryMiB: 16 });
    expect(e.code).toBe(WasmErrorCode.INSTANTIATE);
    expect(e.message).toMatch(/2000 pages/);
  });

  it('stops a start function that never returns', async () => {
    const e = await loadError('start', fixture('start-loop'), { timeoutMs: 300 });
    expect(e.code).toBe(WasmErrorCode.TIMEOUT);
    // the limit counts from the moment the thread runs: the message is about instantiation
    expect(e.message).toContain('instantiation did not finish within 300 ms (start function stuck?)');
  });

  it('checks the sha256 pin', async () => {
    const digest = createHash('sha256').update(readFileSync(conventionsWasm)).digest('hex');
    const e = await loadError('pinned', conventionsWasm, { sha256: '0'.repeat(64) });
    expect(e.code).toBe(WasmErrorCode.SHA256);
    expect(e.message).toContain(digest);
    const lib = await createWasmLibrary(wasmConfig('pinned', conventionsWasm, { sha256: digest.toUpperCase() }), {
      workspace: ws.path,
    });
    await lib.dispose();
  });

  it('refuses the network capability, a missing file and bytes that are not wasm', async () => {
    const net = await loadError('net', conventionsWasm, {
      capabilities: { file_read: true, file_write: false, network: true },
    });
    expect(net.code).toBe(WasmErrorCode.CONFIG);
    expect(net.message).toMatch(/network/);
    const missing = await loadError('gone', join(ws.path, 'nope.wasm'));
    expect(missing.code).toBe(WasmErrorCode.READ);
    const junk = join(ws.path, 'junk.wasm');
    writeFileSync(junk, 'not wasm at all');
    const bad = await loadError('junk', junk);
    expect(bad.code).toBe(WasmErrorCode.COMPILE);
    const truncated = join(ws.path, 'truncated.wasm');
    writeFileSync(truncated, readFileSync(conventionsWasm).subarray(0, 200));
    expect((await loadError('truncated', truncated)).code).toBe(WasmErrorCode.COMPILE);
  });

  it('reports an unknown function before calling the guest', async () => {
    const lib: Library = await createWasmLibrary(wasmConfig('conventions', conventionsWasm), { workspace: ws.path });
    try {
      await expect(lib.call('nope', [], ctx(ws.path))).rejects.toThrow(/unknown selector.*files_with_extension/);
      const r = await lib.check('nope', [], ctx(ws.path));
      expect(r.status).toBe('error');
    } finally {
      await lib.dispose();
    }
  });

  it('traces host calls when a trace sink is given', async () => {
    const lines: string[] = [];
    writeFileSync(join(ws.path, 'a.txt'), 'x\n');
    const lib = await createWasmLibrary(wasmConfig('conventions', conventionsWasm), {
      workspace: ws.path,
      trace: (l) => lines.push(l),
    });
    try {
      await lib.call('files_with_extension', [{ type: 'string', value: 'txt' }], ctx(ws.path));
      expect(lines[0]).toMatch(/^wasm conventions: loaded .*conventions\.wasm/);
      expect(lines).toContainEqual(
        expect.stringMatching(/^wasm conventions: list_directory\("\."\) \[file_read\] allowed [0-9.]+ ms$/),
      );
      expect(lines).toContainEqual(expect.stringMatching(/^wasm conventions: call files_with_extension [0-9.]+ ms$/));
    } finally {
      await lib.dispose();
    }
  });
});

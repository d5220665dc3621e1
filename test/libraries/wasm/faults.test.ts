// Misbehaving guests: traps, runaway loops, memory bombs and malformed answers give ERROR results
// (or LibraryErrors for selectors) naming the library and function; the host and the run go on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmLibrary, WasmErrorCode } from '../../../src/libraries/wasm/index.js';
import { LibraryError, type Library } from '../../../src/libraries/types.js';
import { ctx, fixture, i, s, tempDir, wasmConfig, type TempDir } from './helpers.js';

let ws: TempDir;
let probe: Library;
beforeAll(async () => {
  ws = tempDir();
  probe = await createWasmLibrary(wasmConfig('probe', fixture('probe'), { maxMemoryMiB: 16, timeoutMs: 5000 }), {
    workspace: ws.path,
  });
});
afterAll(async () => {
  await probe?.dispose();
  ws.cleanup();
});

async function withHostile<T>(
  name: string,
  over: Parameters<typeof wasmConfig>[2],
  fn: (lib: Library) => Promise<T>,
): Promise<T> {
  const lib = await createWasmLibrary(wasmConfig(name, fixture(name), over), { workspace: ws.path });
  try {
    return await fn(lib);
  } finally {
    await lib.dispose();
  }
}

async function callError(lib: Library, fn: string): Promise<LibraryError> {
  try {
    await lib.call(fn, [], ctx(ws.path));
  } catch (err) {
    expect(err).toBeInstanceOf(LibraryError);
    return err as LibraryError;
  }
  throw new Error(`${fn} did not fail`);
}

/** The probe still answers normally: nothing leaked from the previous failure. */
async function probeStillWorks(): Promise<void> {
  expect(await probe.call('echo', [s('still alive')], ctx(ws.path))).toEqual(s('still alive'));
}

describe('faults in the guest', () => {
  it('a trap gives ERROR with library, function, trap message and the wasm stack', async () => {
    await withHostile('trap', {}, async (lib) => {
      const r = await lib.check('go', [], ctx(ws.path));
      expect(r).toMatchObject({ status: 'error', code: WasmErrorCode.TRAP });
      const msg = r.status === 'error' ? r.message : '';
      expect(msg).toContain("WebAssembly library 'trap', function 'go'");
      expect(msg).toContain('unreachable');
      // Frames carry the names from the module's name section, innermost first.
      expect(msg.indexOf('deepest')).toBeGreaterThan(0);
      expect(msg.indexOf('middle')).toBeGreaterThan(msg.indexOf('deepest'));
      expect(msg.indexOf('outer')).toBeGreaterThan(msg.indexOf('middle'));
      const e = await callError(lib, 'go');
      expect(e.code).toBe(WasmErrorCode.TRAP);
      expect(e.details).toContain('deepest');
      // The trapped instance was replaced: the next call traps the same way, not worse.
      expect((await lib.check('go', [], ctx(ws.path))).status).toBe('error');
    });
    await probeStillWorks();
  });

  it('an infinite loop is stopped at the time limit; the library answers again afterwards', async () => {
    await withHostile('loop', { timeoutMs: 300 }, async (lib) => {
      const r = await lib.check('go', [], ctx(ws.path));
      expect(r).toMatchObject({ status: 'error', code: WasmErrorCode.TIMEOUT });
      expect(r.status === 'error' && r.message).toMatch(/'loop', function 'go'.*time limit of 300 ms/);
      expect((await callError(lib, 'go')).code).toBe(WasmErrorCode.TIMEOUT);
      expect((await lib.documentation()).name).toBe('hostile');
    });
    await probeStillWorks();
  });

  it('after a timeout the same library answers from a fresh worker, with its state reset', async () => {
    const lib = await createWasmLibrary(wasmConfig('probe', fixture('probe'), { timeoutMs: 300 }), {
      workspace: ws.path,
    });
    try {
      expect(await lib.call('echo', [i(1)], ctx(ws.path))).toEqual(i(1));
      await expect(lib.call('spin', [], ctx(ws.path))).rejects.toMatchObject({ code: WasmErrorCode.TIMEOUT });
      expect(await lib.call('echo', [s('fresh worker')], ctx(ws.path))).toEqual(s('fresh worker'));
      expect(await lib.check('ok', [], ctx(ws.path))).toEqual({ status: 'pass' });
    } finally {
      await lib.dispose();
    }
  });

  it('a response pointer outside the memory is refused', async () => {
    await withHostile('oob', {}, async (lib) => {
      const r = await lib.check('go', [], ctx(ws.path));
      expect(r).toMatchObject({ status: 'error', code: WasmErrorCode.MALFORMED });
      expect(r.status === 'error' && r.message).toMatch(/'oob', function 'go'.*outside the guest memory/);
    });
    await probeStillWorks();
  });

  it('a response that is not JSON is refused with a preview', async () => {
    await withHostile('malformed', {}, async (lib) => {
      const e = await callError(lib, 'go');
      expect(e.code).toBe(WasmErrorCode.MALFORMED);
      expect(e.message).toMatch(/'malformed', function 'go'.*malformed response.*\{not json/);
    });
    await withHostile('bad-utf8', {}, async (lib) => {
      const e = await callError(lib, 'go');
      expect(e.code).toBe(WasmErrorCode.MALFORMED);
      expect(e.message).toMatch(/invalid UTF-8/);
    });
  });

  it('a huge response is refused before it is copied', async () => {
    await withHostile('huge', {}, async (lib) => {
      const e = await callError(lib, 'go');
      expect(e.code).toBe(WasmErrorCode.MALFORMED);
      expect(e.message).toMatch(/response of 536870912 bytes exceeds the limit/);
    });
  });

  it('memory cannot grow past the configured maximum', async () => {
    // WAT bomb: grows until memory.grow fails, then traps.
    await withHostile('bomb', { maxMemoryMiB: 8 }, async (lib) => {
      const e = await callError(lib, 'go');
      expect(e.code).toBe(WasmErrorCode.TRAP);
    });
    // AssemblyScript guest: reports how far it got (16 MiB = 256 pages).
    expect(await probe.call('grow_until_fail', [], ctx(ws.path))).toEqual(i(256));
    const e = await probe.call('alloc_forever', [], ctx(ws.path)).catch((err: unknown) => err as LibraryError);
    expect(e).toBeInstanceOf(LibraryError);
    expect((e as LibraryError).code).toBe(WasmErrorCode.TRAP);
    await probeStillWorks();
  });

  it('an AssemblyScript abort carries its message and location', async () => {
    const e = await probe.call('fail_assert', [], ctx(ws.path)).catch((err: unknown) => err as LibraryError);
    expect(e).toBeInstanceOf(LibraryError);
    expect((e as LibraryError).message).toMatch(
      /'probe', function 'fail_assert'.*abort: probe assertion failed at .*index\.ts:\d+:\d+/,
    );
    await probeStillWorks();
  });

  it('a stack overflow is a trap, not a host crash', async () => {
    const e = await probe.call('overflow_stack', [], ctx(ws.path)).catch((err: unknown) => err as LibraryError);
    expect((e as LibraryError).code).toBe(WasmErrorCode.TRAP);
    expect((e as LibraryError).message).toMatch(/stack/i);
    await probeStillWorks();
  });

  it('guest log lines reach the trace', async () => {
    const lines: string[] = [];
    const lib = await createWasmLibrary(wasmConfig('probe', fixture('probe')), {
      workspace: ws.path,
      trace: (l) => lines.push(l),
    });
    try {
      await lib.call('say', [s('hello from the guest')], ctx(ws.path));
      expect(lines).toContain('wasm probe: log: hello from the guest');
    } finally {
      await lib.dispose();
    }
  });

  it('calls after dispose fail cleanly', async () => {
    const lib = await createWasmLibrary(wasmConfig('probe', fixture('probe')), { workspace: ws.path });
    await lib.dispose();
    await lib.dispose();
    await expect(lib.call('echo', [s('x')], ctx(ws.path))).rejects.toMatchObject({ code: WasmErrorCode.WORKER });
  });
});

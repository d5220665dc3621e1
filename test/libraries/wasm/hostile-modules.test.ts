// Hostile modules (built from the WAT sources in test/fixtures/wasm by scripts/fixtures/wasm.mjs):
// structure bombs are refused on their bytes before anything is compiled or instantiated; wrong
// signatures are load errors naming the import or export; a guest that catches the host's
// exception with wasm exception handling (catch_all) still fails the call; log floods are capped.
import { execFileSync } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_LIMITS, MODULE_LIMITS, WASM_RUNTIME_LIMITS } from '../../../src/config/limits.js';
import { createWasmLibrary, WasmErrorCode } from '../../../src/libraries/wasm/index.js';
import { inspectModule } from '../../../src/libraries/wasm/module-info.js';
import { LibraryError, type Library } from '../../../src/libraries/types.js';
import { ctx, fixture, s, tempDir, wasmConfig, type TempDir } from './helpers.js';

let ws: TempDir;
beforeAll(() => {
  ws = tempDir();
  writeFileSync(join(ws.path, 'secret.txt'), 'do not read me');
});
afterAll(() => ws.cleanup());

async function loadError(name: string, path = fixture(name), over = {}): Promise<LibraryError> {
  try {
    const lib = await createWasmLibrary(wasmConfig(name, path, over), { workspace: ws.path });
    await lib.dispose();
  } catch (err) {
    expect(err).toBeInstanceOf(LibraryError);
    return err as LibraryError;
  }
  throw new Error(`${name} loaded, but it should have been refused`);
}

async function withLibrary<T>(name: string, fn: (lib: Library, trace: string[]) => Promise<T>): Promise<T> {
  const trace: string[] = [];
  const lib = await createWasmLibrary(wasmConfig(name, fixture(name)), {
    workspace: ws.path,
    trace: (l) => trace.push(l),
  });
  try {
    return await fn(lib, trace);
  } finally {
    await lib.dispose();
  }
}

describe('structure bombs are refused before compilation', () => {
  const cases: [fixture: string, code: string, says: RegExp][] = [
    ['limit-tables', WasmErrorCode.LIMIT, /declares 100 tables; the limit is 16/],
    ['limit-table-no-max', WasmErrorCode.TABLE_MAXIMUM, /table 0 declares no maximum/],
    ['limit-globals', WasmErrorCode.LIMIT, /declares 100002 globals; the limit is 100000/],
    ['limit-functions', WasmErrorCode.LIMIT, /declares 200007 functions \(imported and defined\); the limit is 200000/],
    ['limit-data', WasmErrorCode.LIMIT, /declares 100001 data segments; the limit is 100000/],
    ['limit-elements', WasmErrorCode.LIMIT, /declares 1000001 element segment entries .*; the limit is 1000000/],
    ['limit-tags', WasmErrorCode.LIMIT, /declares 10001 exception tags; the limit is 10000/],
  ];
  for (const [name, code, says] of cases) {
    it(`${name}: ${code}, naming the library and the limit`, async () => {
      const e = await loadError(name);
      expect(e.code).toBe(code);
      expect(e.message).toContain(`WebAssembly library '${name}'`);
      expect(e.message).toMatch(says);
    });
  }

  it('counts the limits on the bytes (the same numbers the messages give)', () => {
    const info = inspectModule(readFileSync(fixture('limit-tables')));
    expect(info.counts.tables).toBe(100);
    expect(info.counts.tableEntries).toBe(100 * 10_000_000);
    expect(inspectModule(readFileSync(fixture('limit-table-no-max'))).tables).toEqual([{ minimum: 1 }]);
    // Every module a real toolchain built stays far below every limit.
    for (const name of ['probe', 'trap', 'abort-caught']) {
      const { counts } = inspectModule(readFileSync(fixture(name)));
      for (const [key, { limit }] of Object.entries(MODULE_LIMITS))
        expect(counts[key as keyof typeof counts]).toBeLessThanOrEqual(limit / 2);
    }
  });

  it('counts local variables of all functions together (a module of functions with 50 000 locals each)', () => {
    // Hand-assembled: 101 functions, each declaring 50 000 i32 locals in one group (5 050 000 in all).
    const leb = (n: number): number[] => {
      const out: number[] = [];
      do {
        let b = n & 0x7f;
        n = Math.floor(n / 128);
        if (n) b |= 0x80;
        out.push(b);
      } while (n);
      return out;
    };
    const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
    const body = [0x01, ...leb(50_000), 0x7f, 0x0b];
    const n = 101;
    const bytes = new Uint8Array([
      ...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
      ...section(1, [1, 0x60, 0, 0]),
      ...section(3, [...leb(n), ...Array<number>(n).fill(0)]),
      ...section(10, [...leb(n), ...Array.from({ length: n }, () => [body.length, ...body]).flat()]),
    ]);
    const info = inspectModule(bytes);
    expect(info.counts.functions).toBe(101);
    expect(info.counts.locals).toBe(5_050_000);
    expect(info.counts.locals).toBeGreaterThan(MODULE_LIMITS.locals.limit);
  });

  it('refuses a module file over the size limit before reading it, and a FIFO without hanging', async () => {
    const big = join(ws.path, 'big.wasm');
    writeFileSync(big, '');
    truncateSync(big, MODULE_LIMITS.moduleBytes.limit + 1);
    const e = await loadError('big', big);
    expect(e.code).toBe(WasmErrorCode.LIMIT);
    expect(e.message).toContain(`the limit is 64 MiB`);
    const fifo = join(ws.path, 'fifo.wasm');
    execFileSync('mkfifo', [fifo]);
    const f = await loadError('fifo', fifo);
    expect(f.code).toBe(WasmErrorCode.READ);
    expect(f.message).toContain('not a regular file');
  });
});

describe('signatures are checked against the ABI at load', () => {
  it('an i64/i32 mix-up in an import is refused, naming the import and its ABI signature', async () => {
    const e = await loadError('sig-import-read');
    expect(e.code).toBe(WasmErrorCode.IMPORT_SIGNATURE);
    expect(e.message).toContain('imports hielements.read_file as (i32, i32) -> i32');
    expect(e.message).toContain('hielements.read_file(path_ptr: i32, path_len: i32) -> i64');
    const log = await loadError('sig-import-log');
    expect(log.code).toBe(WasmErrorCode.IMPORT_SIGNATURE);
    expect(log.message).toContain('hielements.log as (i64, i64) -> ()');
    expect(log.message).not.toMatch(/BigInt/);
  });

  it('a required export with the wrong signature is refused', async () => {
    const e = await loadError('sig-export');
    expect(e.code).toBe(WasmErrorCode.EXPORT_SIGNATURE);
    expect(e.message).toContain('the export call has the signature (i32, i32) -> i32');
    expect(e.message).toContain('call(req_ptr: i32, req_len: i32) -> i64');
  });
});

describe('integrity of a call', () => {
  it('abort caught by the guest with catch_all is still an error, for checks and selectors', async () => {
    await withLibrary('abort-caught', async (lib) => {
      const r = await lib.check('go', [], ctx(ws.path));
      expect(r).toMatchObject({ status: 'error', code: WasmErrorCode.TRAP });
      const msg = r.status === 'error' ? r.message : '';
      expect(msg).toContain('abort: no message at ?:7:3');
      expect(msg).toContain("the guest caught the host's exception and went on; the call is an error all the same");
      await expect(lib.call('go', [], ctx(ws.path))).rejects.toMatchObject({ code: WasmErrorCode.TRAP });
    });
  });

  it('after an ABI violation the host refuses every further host call of that call, even caught', async () => {
    await withLibrary('oob-caught', async (lib, trace) => {
      const r = await lib.check('go', [], ctx(ws.path));
      expect(r).toMatchObject({ status: 'error', code: WasmErrorCode.TRAP });
      expect(r.status === 'error' && r.message).toMatch(
        /ABI violation: file_exists path: pointer 2147483632 \+ length 64 is outside the guest memory/,
      );
      // The read_file after the caught violation never ran: no trace of it, and no log line.
      expect(trace.some((l) => l.includes('read_file'))).toBe(false);
      expect(trace.some((l) => l.includes('log:'))).toBe(false);
    });
  });

  it('a start function that swallows its own abort fails instantiation', async () => {
    const e = await loadError('start-abort-caught');
    expect(e.code).toBe(WasmErrorCode.INSTANTIATE);
    expect(e.message).toContain('abort');
  });

  it('an uncaught wasm exception is reported as such, not as a host object', async () => {
    await withLibrary('uncaught-throw', async (lib) => {
      const r = await lib.check('go', [], ctx(ws.path));
      expect(r).toMatchObject({ status: 'error', code: WasmErrorCode.TRAP });
      expect(r.status === 'error' && r.message).toContain('uncaught wasm exception');
      expect(r.status === 'error' && r.message).not.toContain('[object');
    });
  });
});

describe('oversized arguments', () => {
  it('a path of 1 MiB is answered "invalid path" (-3) without being decoded', async () => {
    await withLibrary('long-path', async (lib, trace) => {
      expect(await lib.check('go', [], ctx(ws.path))).toEqual({ status: 'pass' });
      expect(trace).toContain(
        `wasm long-path: file_exists: a path of 1048576 bytes is refused (limit ${WASM_RUNTIME_LIMITS.pathBytes})`,
      );
    });
  });
});

describe('log floods', () => {
  it('keeps at most the per-call limit of log lines and says how many were dropped', async () => {
    await withLibrary('log-flood', async (lib, trace) => {
      expect(await lib.call('go', [], ctx(ws.path))).toEqual(s('fine'));
      const logs = trace.filter((l) => l.startsWith('wasm log-flood: log: '));
      expect(logs).toHaveLength(WASM_RUNTIME_LIMITS.logLinesPerCall);
      expect(trace).toContain(
        `wasm log-flood: ${200_000 - WASM_RUNTIME_LIMITS.logLinesPerCall} more trace line(s) of this call dropped ` +
          `(limit ${WASM_RUNTIME_LIMITS.logLinesPerCall} per call)`,
      );
    });
  });

  it('cuts a giant log line to the line limit', async () => {
    await withLibrary('log-flood', async (lib, trace) => {
      expect(await lib.check('go', [], ctx(ws.path))).toEqual({ status: 'pass' });
      const line = trace.find((l) => l.startsWith('wasm log-flood: log: '))!;
      expect(line.length).toBeLessThan(WASM_RUNTIME_LIMITS.logLineBytes + 100);
      expect(line).toContain(`[${1024 * 1024 - WASM_RUNTIME_LIMITS.logLineBytes} more bytes cut]`);
    });
  });

  it('keeps at most the per-run limit of log lines, with a note when the library is disposed', async () => {
    const trace: string[] = [];
    const lib = await createWasmLibrary(wasmConfig('log-flood', fixture('log-flood')), {
      workspace: ws.path,
      trace: (l) => trace.push(l),
    });
    const calls = WASM_RUNTIME_LIMITS.logLinesPerRun / WASM_RUNTIME_LIMITS.logLinesPerCall + 2;
    for (let k = 0; k < calls; k++) await lib.call('go', [], ctx(ws.path));
    await lib.dispose();
    expect(trace.filter((l) => l.startsWith('wasm log-flood: log: '))).toHaveLength(WASM_RUNTIME_LIMITS.logLinesPerRun);
    expect(trace).toContain(
      `wasm log-flood: further log lines are dropped (limit ${WASM_RUNTIME_LIMITS.logLinesPerRun} per run)`,
    );
    expect(trace).toContain(
      `wasm log-flood: ${2 * WASM_RUNTIME_LIMITS.logLinesPerCall} log line(s) dropped in this run (limit ` +
        `${WASM_RUNTIME_LIMITS.logLinesPerRun} per run)`,
    );
  });
});

describe('one definition of the limits', () => {
  it('the loader refuses what the configuration refuses, and accepts its whole range', async () => {
    const { max } = CONFIG_LIMITS.wasmMemoryMiB;
    const over = await loadError('probe', fixture('probe'), { maxMemoryMiB: max + 1 });
    expect(over.code).toBe(WasmErrorCode.CONFIG);
    expect(over.message).toContain(`from 1 to ${max}`);
    const lib = await createWasmLibrary(wasmConfig('probe', fixture('probe'), { maxMemoryMiB: max }), {
      workspace: ws.path,
    });
    await lib.dispose();
  });
});

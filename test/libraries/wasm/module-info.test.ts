import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pack, unpack } from '../../../src/libraries/wasm/abi.js';
import { inspectModule, ModuleFormatError } from '../../../src/libraries/wasm/module-info.js';
import { conventionsWasm, fixture } from './helpers.js';

describe('module inspection', () => {
  it('reads imports with the memory minimum', () => {
    const info = inspectModule(readFileSync(fixture('big-initial-memory')));
    expect(info.definedMemories).toBe(0);
    expect(info.imports).toEqual([
      { module: 'env', name: 'memory', kind: 'memory', limits: { minimum: 2000, shared: false, memory64: false } },
    ]);
    const conv = inspectModule(readFileSync(conventionsWasm));
    expect(conv.imports.filter((x) => x.kind === 'function').every((x) => x.module === 'hielements')).toBe(true);
  });

  it('sees a module-defined memory', () => {
    expect(inspectModule(readFileSync(fixture('own-memory'))).definedMemories).toBe(1);
  });

  it('rejects bytes that are not a module', () => {
    expect(() => inspectModule(new TextEncoder().encode('hello world'))).toThrow(ModuleFormatError);
    expect(() => inspectModule(readFileSync(fixture('trap')).subarray(0, 30))).toThrow(ModuleFormatError);
  });

  it('packs pointer and length', () => {
    expect(pack(0x1234, 0x10)).toBe(0x0000123400000010n);
    expect(unpack(pack(0x7fffffff, 0xffffffff))).toEqual({ ptr: 0x7fffffff, len: 0xffffffff });
    expect(unpack(-1n)).toEqual({ ptr: 0xffffffff, len: 0xffffffff });
  });
});

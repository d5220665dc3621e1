/** Capabilities a module declares in its metadata, checked against what the configuration grants. */
import { describe, expect, it } from 'vitest';
import { checkDeclaredCapabilities, createWasmLibrary, WasmErrorCode } from '../../../src/libraries/wasm/index.js';
import { decodeCapabilities, decodeMetadata } from '../../../src/libraries/wasm/metadata.js';
import type { LibraryError } from '../../../src/libraries/types.js';
import { fixture, wasmConfig } from './helpers.js';

describe('declared capabilities', () => {
  it('accepts a list or a table of booleans, sorted and without repeats; absent means undeclared', () => {
    expect(decodeCapabilities(['file_write', 'file_read', 'file_read'])).toEqual(['file_read', 'file_write']);
    expect(decodeCapabilities({ file_read: true, file_write: false })).toEqual(['file_read']);
    expect(decodeCapabilities([])).toEqual([]);
    expect(decodeCapabilities(undefined)).toBeUndefined();
    expect(decodeMetadata({ name: 'x', functions: [] }, 'x').declared_capabilities).toBeUndefined();
    expect(decodeMetadata({ name: 'x', capabilities: ['file_read'] }, 'x').declared_capabilities).toEqual([
      'file_read',
    ]);
  });

  it('refuses unknown names and wrong shapes as invalid metadata', () => {
    expect(() => decodeCapabilities(['file_read', 'clock'])).toThrow(
      'unknown capability "clock" in "capabilities" (known: file_read, file_write, network)',
    );
    expect(() => decodeCapabilities('file_read')).toThrow('"capabilities" must be a list');
    expect(() => decodeCapabilities([1n])).toThrow('"capabilities"[0] must be a string');
    expect(() => decodeCapabilities({ file_read: 'yes' })).toThrow(
      '"capabilities"."file_read" must be ' + 'true or false',
    );
  });

  it('names the library, every missing capability and the keys to set', () => {
    const cfg = wasmConfig('rules', '/x/rules.wasm', {
      capabilities: { file_read: false, file_write: false, network: false },
      location: { file: '/p/hielements.toml', line: 3 },
    });
    expect(() => checkDeclaredCapabilities(cfg, [])).not.toThrow();
    const grant = wasmConfig('rules', '/x/rules.wasm');
    expect(() => checkDeclaredCapabilities(grant, ['file_read'])).not.toThrow();
    expect(() => checkDeclaredCapabilities(grant, undefined)).not.toThrow();
    try {
      checkDeclaredCapabilities(cfg, ['file_read', 'file_write']);
      expect.unreachable();
    } catch (err) {
      const e = err as LibraryError;
      expect(e.code).toBe(WasmErrorCode.CAPABILITY);
      expect(e.message).toBe(
        'declares the capabilities `file_read`, `file_write`, which the configuration does not grant ' +
          '(libraries.rules.capabilities.file_read, libraries.rules.capabilities.file_write)',
      );
      expect(e.details).toBe(
        'if you trust the library, grant them in the `rules` entry in /p/hielements.toml (line 3): capabilities = ' +
          '{ file_read = true, file_write = true }',
      );
    }
    expect(() => checkDeclaredCapabilities(grant, ['network'])).toThrow('`network`, which can never be granted');
  });

  it('a module declaring file_write loads only when it is granted, and documents both lists', async () => {
    const wasm = fixture('wants-write');
    await expect(createWasmLibrary(wasmConfig('writer', wasm), { workspace: process.cwd() })).rejects.toMatchObject({
      code: WasmErrorCode.CAPABILITY,
      message: expect.stringContaining("WebAssembly library 'writer'"),
    });
    const lib = await createWasmLibrary(
      wasmConfig('writer', wasm, { capabilities: { file_read: true, file_write: true, network: false } }),
      { workspace: process.cwd() },
    );
    try {
      const doc = await lib.documentation();
      expect(doc.declared_capabilities).toEqual(['file_read', 'file_write']);
      expect(doc.capabilities).toEqual({ file_read: true, file_write: true, network: false });
      expect(await lib.check('ok', [], { workspace: process.cwd() })).toEqual({ status: 'pass' });
    } finally {
      await lib.dispose();
    }
  });
});

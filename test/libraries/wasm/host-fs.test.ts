// Unit tests of the confinement rules used by the host functions.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXISTS_DIR, EXISTS_FILE, EXISTS_NONE, HostStatus } from '../../../src/libraries/wasm/abi.js';
import { existsConfined, isInside, lexicalResolve, listConfined, readConfined, writeConfined } from '../../../src/libraries/wasm/host-fs.js';
import { tempDir, type TempDir } from './helpers.js';

let base: TempDir;
let ws: string;
beforeAll(() => {
  base = tempDir();
  ws = join(base.path, 'ws');
  mkdirSync(join(ws, 'd'), { recursive: true });
  writeFileSync(join(ws, 'f.txt'), 'data');
  writeFileSync(join(base.path, 'out.txt'), 'outside');
  symlinkSync(join(base.path, 'out.txt'), join(ws, 'escape'));
  symlinkSync(join(ws, 'missing'), join(ws, 'dangling'));
});
afterAll(() => base.cleanup());

describe('path confinement', () => {
  it('isInside compares whole path segments', () => {
    expect(isInside('/a/ws', '/a/ws')).toBe(true);
    expect(isInside('/a/ws', '/a/ws/x')).toBe(true);
    expect(isInside('/a/ws', '/a/ws2')).toBe(false);
    expect(isInside('/a/ws', '/a')).toBe(false);
    expect(isInside('/a/ws', '/a/ws/..x')).toBe(true);
  });

  it('lexical rules', () => {
    expect(lexicalResolve(ws, '')).toEqual({ ok: true, value: ws });
    expect(lexicalResolve(ws, 'd/../f.txt')).toEqual({ ok: true, value: join(ws, 'f.txt') });
    expect(lexicalResolve(ws, '../x')).toMatchObject({ ok: false, status: HostStatus.DENIED });
    expect(lexicalResolve(ws, '/etc')).toMatchObject({ ok: false, status: HostStatus.INVALID_PATH });
    expect(lexicalResolve(ws, 'C:/x')).toMatchObject({ ok: false, status: HostStatus.INVALID_PATH });
    expect(lexicalResolve(ws, 'a\0b')).toMatchObject({ ok: false, status: HostStatus.INVALID_PATH });
  });

  it('reads', () => {
    expect(readConfined(ws, 'f.txt', 100)).toMatchObject({ ok: true });
    expect(readConfined(ws, 'f.txt', 3)).toMatchObject({ ok: false, status: HostStatus.TOO_LARGE });
    expect(readConfined(ws, 'escape', 100)).toMatchObject({ ok: false, status: HostStatus.DENIED });
    expect(readConfined(ws, 'dangling', 100)).toMatchObject({ ok: false, status: HostStatus.NOT_FOUND });
    expect(readConfined(ws, 'd', 100)).toMatchObject({ ok: false, status: HostStatus.NOT_A_FILE });
  });

  it('lists and tests existence', () => {
    expect(listConfined(ws, '.')).toEqual({ ok: true, value: 'dd\nldangling\nlescape\nff.txt' });
    expect(listConfined(ws, 'f.txt')).toMatchObject({ ok: false, status: HostStatus.NOT_A_DIRECTORY });
    expect(existsConfined(ws, 'f.txt')).toEqual({ ok: true, value: EXISTS_FILE });
    expect(existsConfined(ws, 'd')).toEqual({ ok: true, value: EXISTS_DIR });
    expect(existsConfined(ws, 'nope')).toEqual({ ok: true, value: EXISTS_NONE });
    expect(existsConfined(ws, 'escape')).toMatchObject({ ok: false, status: HostStatus.DENIED });
  });

  it('writes without following links', () => {
    expect(writeConfined(ws, 'd/new.txt', new TextEncoder().encode('n'))).toEqual({ ok: true, value: 1 });
    expect(readFileSync(join(ws, 'd', 'new.txt'), 'utf8')).toBe('n');
    expect(writeConfined(ws, 'escape', new Uint8Array([1]))).toMatchObject({ ok: false, status: HostStatus.DENIED });
    expect(writeConfined(ws, 'dangling', new Uint8Array([1]))).toMatchObject({ ok: false, status: HostStatus.DENIED });
    expect(writeConfined(ws, 'd', new Uint8Array([1]))).toMatchObject({ ok: false, status: HostStatus.NOT_A_FILE });
    expect(writeConfined(ws, '.', new Uint8Array([1]))).toMatchObject({ ok: false, status: HostStatus.INVALID_PATH });
    expect(writeConfined(ws, 'no/such/dir.txt', new Uint8Array([1]))).toMatchObject({ ok: false, status: HostStatus.NOT_FOUND });
    expect(readFileSync(join(base.path, 'out.txt'), 'utf8')).toBe('outside');
  });
});

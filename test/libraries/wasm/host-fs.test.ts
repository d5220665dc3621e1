// Unit tests of the confinement rules used by the host functions.
import { closeSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXISTS_DIR, EXISTS_FILE, EXISTS_NONE, HostStatus } from '../../../src/libraries/wasm/abi.js';
import { ConfinedFs, existsConfined, isInside, lexicalResolve, listConfined, readConfined, writeConfined } from '../../../src/libraries/wasm/host-fs.js';
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
  mkdirSync(join(base.path, 'outdir'));
  writeFileSync(join(base.path, 'outdir', 'x.txt'), 'outside dir');
  symlinkSync(join(base.path, 'outdir'), join(ws, 'dirlink-out'));
  symlinkSync('d', join(ws, 'dirlink-in'));
  writeFileSync(join(ws, 'd', 'in.txt'), 'inside d');
  symlinkSync('../f.txt', join(ws, 'd', 'link-up'));
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

  it('the fast lexical path agrees with path.resolve on every shape of path', () => {
    const rels = ['f.txt', 'd/in.txt', 'a/b/c', '...', '.hidden', '..x', 'x..', 'a/.b/..c', 'a b/ü.txt', 'back\\slash', 'a:b',
      './f.txt', 'd/./in.txt', 'd/../f.txt', 'd//in.txt', 'd/', '.', '..', 'a/..', 'C:x', 'z:/x', '\\x', 'a/../../x'];
    for (const rel of rels) {
      const r = lexicalResolve(ws, rel);
      const abs = resolve(ws, rel);
      if (abs === ws || abs.startsWith(`${ws}/`)) {
        if (!/^[A-Za-z]:/.test(rel) && !rel.startsWith('\\')) expect(r, rel).toEqual({ ok: true, value: abs });
      } else expect(r.ok, rel).toBe(false);
    }
  });

  it('reads', () => {
    expect(readConfined(ws, 'f.txt', 100)).toMatchObject({ ok: true });
    expect(readConfined(ws, 'f.txt', 3)).toMatchObject({ ok: false, status: HostStatus.TOO_LARGE });
    expect(readConfined(ws, 'escape', 100)).toMatchObject({ ok: false, status: HostStatus.DENIED });
    expect(readConfined(ws, 'dangling', 100)).toMatchObject({ ok: false, status: HostStatus.NOT_FOUND });
    expect(readConfined(ws, 'd', 100)).toMatchObject({ ok: false, status: HostStatus.NOT_A_FILE });
  });

  it('lists and tests existence', () => {
    expect(listConfined(ws, '.')).toEqual({ ok: true, value: 'dd\nldangling\nldirlink-in\nldirlink-out\nlescape\nff.txt' });
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

describe('ConfinedFs (cached directory real paths)', () => {
  const read = (fs: ConfinedFs, rel: string, max = 1000) => {
    const r = fs.read(rel, max);
    return r.ok ? Buffer.from(r.value).toString('utf8') : r.status;
  };

  it('reads regular files, also through symlinks that stay inside', () => {
    const fs = new ConfinedFs(ws);
    for (let k = 0; k < 2; k++) {
      // twice: the second time the directory real paths come from the cache
      expect(read(fs, 'f.txt')).toBe('data');
      expect(read(fs, 'd/in.txt')).toBe('inside d');
      expect(read(fs, 'dirlink-in/in.txt')).toBe('inside d');
      expect(read(fs, 'd/link-up')).toBe('data');
      expect(read(fs, 'd/../f.txt')).toBe('data');
    }
  });

  it('refuses every way out, the same as the uncached functions', () => {
    const fs = new ConfinedFs(ws);
    for (let k = 0; k < 2; k++) {
      expect(read(fs, 'escape')).toBe(HostStatus.DENIED);
      expect(read(fs, 'dirlink-out/x.txt')).toBe(HostStatus.DENIED);
      expect(read(fs, '../out.txt')).toBe(HostStatus.DENIED);
      expect(read(fs, '/etc/passwd')).toBe(HostStatus.INVALID_PATH);
      expect(read(fs, 'f.txt\0x')).toBe(HostStatus.INVALID_PATH);
    }
    for (const rel of ['escape', 'dirlink-out/x.txt', 'dangling', 'missing.txt', 'no/such/dir.txt', 'f.txt/x', 'd', '.', ''])
      expect(read(fs, rel), rel).toBe(readConfined(ws, rel, 1000).ok ? 'unexpected' : (readConfined(ws, rel, 1000) as { status: number }).status);
  });

  it('reports size limits, directories and missing files', () => {
    const fs = new ConfinedFs(ws);
    expect(read(fs, 'f.txt', 3)).toBe(HostStatus.TOO_LARGE);
    expect(read(fs, 'd')).toBe(HostStatus.NOT_A_FILE);
    expect(read(fs, 'dangling')).toBe(HostStatus.NOT_FOUND);
    expect(read(fs, 'nope/x.txt')).toBe(HostStatus.NOT_FOUND);
  });

  it('openRead hands out a descriptor and the size', () => {
    const fs = new ConfinedFs(ws);
    const r = fs.openRead('d/in.txt', 100);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.size).toBe(8);
      closeSync(r.value.fd);
    }
  });
});

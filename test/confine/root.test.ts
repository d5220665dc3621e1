// The confinement module itself: every path trick, in both resolution modes (/proc/self/fd and
// the verifying fallback used where /proc is missing).
import {
  closeSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfinedRoot, splitRelative, workspaceRelative, writePolicy, checkGrant } from '../../src/confine/index.js';

let base: string;
let ws: string;
beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'hie-confine-')));
  ws = join(base, 'ws');
  mkdirSync(join(ws, 'd', 'e'), { recursive: true });
  mkdirSync(join(ws, 'gen'));
  writeFileSync(join(ws, 'f.txt'), 'data');
  writeFileSync(join(ws, 'd', 'in.txt'), 'inside d');
  writeFileSync(join(ws, 'd', 'e', 'deep.txt'), 'deep');
  writeFileSync(join(base, 'canary.txt'), 'CANARY');
  mkdirSync(join(base, 'outdir'));
  writeFileSync(join(base, 'outdir', 'x.txt'), 'outside dir');
  symlinkSync(join(base, 'canary.txt'), join(ws, 'escape'));
  symlinkSync(join(ws, 'missing'), join(ws, 'dangling'));
  symlinkSync(join(base, 'outdir'), join(ws, 'dirlink-out'));
  symlinkSync('d', join(ws, 'dirlink-in'));
  symlinkSync('../f.txt', join(ws, 'd', 'link-up'));
  symlinkSync('loop2', join(ws, 'loop1'));
  symlinkSync('loop1', join(ws, 'loop2'));
  symlinkSync(join(base, 'outdir'), join(ws, 'gen', 'out-link'));
  linkSync(join(ws, 'f.txt'), join(ws, 'gen', 'hard.txt'));
  execFileSync('mkfifo', [join(ws, 'fifo')]);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('lexical rules', () => {
  it('splits relative paths and refuses escapes, absolute paths, NUL and backslashes', () => {
    expect(splitRelative('a/b.txt')).toEqual({ ok: true, value: { parts: ['a', 'b.txt'], dirOnly: false } });
    expect(splitRelative('')).toEqual({ ok: true, value: { parts: [], dirOnly: false } });
    expect(splitRelative('.')).toEqual({ ok: true, value: { parts: [], dirOnly: false } });
    expect(splitRelative('./a//b/./c/')).toEqual({ ok: true, value: { parts: ['a', 'b', 'c'], dirOnly: true } });
    expect(splitRelative('a/../b')).toEqual({ ok: true, value: { parts: ['b'], dirOnly: false } });
    expect(splitRelative('...')).toEqual({ ok: true, value: { parts: ['...'], dirOnly: false } });
    expect(splitRelative('..')).toMatchObject({ ok: false, kind: 'outside' });
    expect(splitRelative('a/../../x')).toMatchObject({ ok: false, kind: 'outside' });
    expect(splitRelative('/etc/passwd')).toMatchObject({ ok: false, kind: 'invalid-path' });
    expect(splitRelative('C:/x')).toMatchObject({ ok: false, kind: 'invalid-path' });
    expect(splitRelative('c:x')).toMatchObject({ ok: false, kind: 'invalid-path' });
    expect(splitRelative('a\0b')).toMatchObject({ ok: false, kind: 'invalid-path' });
    expect(splitRelative('a\\..\\..\\x')).toMatchObject({ ok: false, kind: 'invalid-path' });
    expect(splitRelative('\\\\server\\share')).toMatchObject({ ok: false, kind: 'invalid-path' });
  });

  it('turns absolute paths inside the workspace into relative ones and refuses the rest', () => {
    expect(workspaceRelative('/w', '/w/a/b')).toEqual({ ok: true, value: 'a/b' });
    expect(workspaceRelative('/w', '/w')).toEqual({ ok: true, value: '' });
    expect(workspaceRelative('/w', 'a/./b')).toEqual({ ok: true, value: 'a/b' });
    expect(workspaceRelative('/w', '/w2/a')).toMatchObject({ ok: false, kind: 'outside' });
    expect(workspaceRelative('/w', '/w/../etc/passwd')).toMatchObject({ ok: false, kind: 'outside' });
    expect(workspaceRelative('/w', '../x')).toMatchObject({ ok: false, kind: 'outside' });
    expect(workspaceRelative('/w', '/w/a\0')).toMatchObject({ ok: false, kind: 'invalid-path' });
  });
});

for (const procFd of [true, false]) {
  describe(`resolution ${procFd ? 'through /proc/self/fd' : 'by the verifying fallback'}`, () => {
    let r: ConfinedRoot;
    beforeAll(() => {
      r = ConfinedRoot.open(ws, { procFd });
    });
    afterAll(() => r.close());
    const read = (rel: string, max = 1000) => {
      const x = r.readFile(rel, max);
      return x.ok ? x.value.toString('utf8') : x.kind;
    };

    it('reads regular files at any depth', () => {
      expect(r.viaProc).toBe(procFd && existsSync('/proc/self/fd'));
      expect(read('f.txt')).toBe('data');
      expect(read('d/in.txt')).toBe('inside d');
      expect(read('d/e/deep.txt')).toBe('deep');
      expect(read('d/../f.txt')).toBe('data');
    });

    it('refuses a symbolic link at every step, inside or out, dangling or looping', () => {
      expect(read('escape')).toBe('symlink');
      expect(read('dirlink-out/x.txt')).toBe('symlink');
      expect(read('dirlink-in/in.txt')).toBe('symlink');
      expect(read('d/link-up')).toBe('symlink');
      expect(read('dangling')).toBe('symlink');
      expect(read('loop1')).toBe('symlink');
      expect(read('loop1/x')).toBe('symlink');
      expect(r.list('dirlink-out')).toMatchObject({ ok: false, kind: 'symlink' });
      expect(r.list('dirlink-in')).toMatchObject({ ok: false, kind: 'symlink' });
    });

    it('refuses escapes and invalid paths before touching the disk', () => {
      expect(read('../canary.txt')).toBe('outside');
      expect(read('d/../../canary.txt')).toBe('outside');
      expect(read(join(base, 'canary.txt'))).toBe('invalid-path');
      expect(read('f.txt\0x')).toBe('invalid-path');
      expect(read('d\\in.txt')).toBe('invalid-path');
    });

    it('tells directories, FIFOs, size limits and missing files apart, and never blocks on a FIFO', () => {
      expect(read('d')).toBe('not-a-file');
      expect(read('.')).toBe('not-a-file');
      expect(read('f.txt/')).toBe('not-a-file');
      expect(read('f.txt/x')).toBe('not-a-directory');
      expect(read('fifo')).toBe('special');
      expect(read('f.txt', 3)).toBe('too-large');
      expect(read('nope')).toBe('not-found');
      expect(read('nope/x.txt')).toBe('not-found');
    });

    it('lists the opened directory and stats without following', () => {
      const l = r.list('.');
      expect(
        l.ok &&
          l.value
            .filter((e) => e.name !== 'new')
            .map((e) => `${e.kind}:${e.name}`)
            .sort(),
      ).toEqual(
        [
          'dir:d',
          'dir:gen',
          'file:f.txt',
          'other:fifo',
          'symlink:dangling',
          'symlink:dirlink-in',
          'symlink:dirlink-out',
          'symlink:escape',
          'symlink:loop1',
          'symlink:loop2',
        ].sort(),
      );
      expect(r.list('f.txt')).toMatchObject({ ok: false, kind: 'not-a-directory' });
      expect(r.list('..')).toMatchObject({ ok: false, kind: 'outside' });
      expect(r.stat('f.txt')).toMatchObject({ ok: true, value: { kind: 'file', size: 4 } });
      expect(r.stat('d')).toMatchObject({ ok: true, value: { kind: 'dir' } });
      expect(r.stat('')).toMatchObject({ ok: true, value: { kind: 'dir' } });
      expect(r.stat('escape')).toMatchObject({ ok: true, value: { kind: 'symlink' } });
      expect(r.stat('dirlink-out/x.txt')).toMatchObject({ ok: false, kind: 'symlink' });
      expect(r.stat('f.txt/')).toMatchObject({ ok: false, kind: 'not-a-directory' });
      expect(r.stat('nope')).toMatchObject({ ok: false, kind: 'not-found' });
    });

    it('writes only below grants, creating folders, never through links, hard links or into protected paths', () => {
      const p = writePolicy({ grants: ['gen/', 'new/dir/'], protectedPaths: ['gen/cache'] });
      const w = (rel: string, text = 'w') => {
        const x = r.writeFile(rel, Buffer.from(text), p);
        return x.ok ? x.value : x.kind;
      };
      expect(w('gen/a.txt', 'abc')).toBe(3);
      expect(readFileSync(join(ws, 'gen', 'a.txt'), 'utf8')).toBe('abc');
      expect(w('gen/a.txt', 'x')).toBe(1); // an existing file is truncated
      expect(readFileSync(join(ws, 'gen', 'a.txt'), 'utf8')).toBe('x');
      expect(w(`new/dir/sub${procFd ? 1 : 2}/b.txt`)).toBe(1); // missing folders are created
      expect(w('f.txt')).toBe('not-granted');
      expect(w('gen')).toBe('not-granted');
      expect(w('gen/')).toBe('invalid-path');
      expect(w('gen/out-link/x.txt')).toBe('symlink');
      expect(w('gen/out-link')).toBe('symlink');
      expect(w('gen/hard.txt')).toBe('hard-link');
      expect(w('gen/cache/x')).toBe('protected');
      expect(w('gen/.git/hooks/pre-commit')).toBe('protected');
      expect(w('gen/.GIT/config')).toBe('protected');
      expect(w('gen/node_modules/x/index.js')).toBe('protected');
      expect(w('gen/hielements.toml')).toBe('protected');
      expect(w('gen/x.hie')).toBe('protected');
      expect(w('gen/X.HIE')).toBe('protected');
      expect(w('gen/.hielements-cache/facts.json')).toBe('protected');
      expect(w('../canary.txt')).toBe('outside');
      expect(readFileSync(join(base, 'canary.txt'), 'utf8')).toBe('CANARY');
      expect(readFileSync(join(ws, 'f.txt'), 'utf8')).toBe('data');
      expect(existsSync(join(base, 'outdir', 'x.txt')) && readFileSync(join(base, 'outdir', 'x.txt'), 'utf8')).toBe(
        'outside dir',
      );
      expect(lstatSync(join(ws, 'gen', 'out-link')).isSymbolicLink()).toBe(true);
    });
  });
}

describe('write policy', () => {
  it('protects configured files by identity, under any name', () => {
    const target = join(ws, 'gen', 'module.wasm');
    writeFileSync(target, 'wasm');
    const r = ConfinedRoot.open(ws);
    try {
      const p = writePolicy({ grants: ['gen/'], protectedFiles: [target] });
      expect(r.writeFile('gen/module.wasm', Buffer.from('x'), p)).toMatchObject({ ok: false, kind: 'protected' });
      expect(readFileSync(target, 'utf8')).toBe('wasm');
    } finally {
      r.close();
    }
  });

  it('refuses to grant protected folders', () => {
    expect(checkGrant('generated')).toEqual({ ok: true, value: 'generated/' });
    expect(checkGrant('.')).toEqual({ ok: true, value: '.' });
    expect(checkGrant('.git/')).toMatchObject({ ok: false, kind: 'protected' });
    expect(checkGrant('a/node_modules')).toMatchObject({ ok: false, kind: 'protected' });
    expect(checkGrant('../x')).toMatchObject({ ok: false, kind: 'outside' });
    expect(checkGrant('/tmp')).toMatchObject({ ok: false, kind: 'invalid-path' });
  });

  it('hands out descriptors of regular files only', () => {
    const r = ConfinedRoot.open(ws);
    try {
      const o = r.openFile('d/in.txt', 100);
      expect(o.ok && o.value.size).toBe(8);
      if (o.ok) closeSync(o.value.fd);
    } finally {
      r.close();
    }
  });
});

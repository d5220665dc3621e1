/**
 * The per-run stat of the built-ins' cache (`statMany`): folder by folder through one opened
 * folder, once per path — and always the answer the confinement module's own `stat` gives.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceCache } from '../../../src/libraries/builtin/cache.js';
import { statIn } from '../../../src/libraries/builtin/paths.js';

let root: string;
let outside: string;

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'hie-cache-stat-')));
  outside = realpathSync(mkdtempSync(join(tmpdir(), 'hie-cache-stat-out-')));
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  writeFileSync(join(root, 'top.txt'), 'top');
  writeFileSync(join(root, 'a', 'one.py'), 'x = 1\n');
  writeFileSync(join(root, 'a', 'two.py'), 'y = 22\n');
  writeFileSync(join(root, 'a', 'b', 'deep.py'), 'z = 333\n');
  writeFileSync(join(outside, 'secret.txt'), 'outside the workspace');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'a', 'link.txt'));
  symlinkSync(outside, join(root, 'a', 'linked-dir'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('WorkspaceCache.statMany', () => {
  it('answers every path exactly as the confinement module does, links never followed', () => {
    const paths = [
      'top.txt',
      'a/one.py',
      'a/two.py',
      'a/b',
      'a/b/deep.py',
      'a/missing.py',
      'a/link.txt',
      'a/linked-dir',
      'a/linked-dir/secret.txt',
      'nowhere/x.py',
    ].map((p) => join(root, p));
    paths.push(join(outside, 'secret.txt'));
    const cache = new WorkspaceCache(root);
    const got = cache.statMany(paths);
    paths.forEach((p, i) => expect(got[i], p).toEqual(statIn(root, p)));
    expect(got[6]).toMatchObject({ ok: true, value: { kind: 'symlink' } });
    expect(got[8]!.ok).toBe(false);
    expect(got[10]!.ok).toBe(false);
    // asked again: the same answers (kept for the run)
    expect(cache.statMany([...paths].reverse())).toEqual([...got].reverse());
  });

  it('groups unsorted, repeated and unusual paths without changing an answer', () => {
    const paths = [
      'a/two.py',
      'top.txt',
      'a/one.py',
      'a/two.py',
      'a/./one.py',
      'a/b/../one.py',
      'a//two.py',
      'a/b/',
      'a/b/deep.py',
      'a/one.py',
      'a\\one.py',
    ].map((p) => `${root}/${p}`);
    const cache = new WorkspaceCache(root);
    const got = cache.statMany(paths);
    paths.forEach((p, i) => expect(got[i], p).toEqual(statIn(root, p)));
    expect(got[0]).toMatchObject({ ok: true, value: { kind: 'file', size: 7 } });
  });
});

/** The per-run table of stat answers (stat-table.ts): every answer comes back as it was given. */
import { describe, expect, it } from 'vitest';
import type { FsResult, StatInfo } from '../../../src/confine/index.js';
import { StatTable } from '../../../src/libraries/builtin/stat-table.js';

const ok = (kind: StatInfo['kind'], size: number, mtimeMs: number): FsResult<StatInfo> => ({
  ok: true,
  value: { kind, size, mtimeMs },
});

describe('StatTable', () => {
  it('gives back each answer as it was set: files, folders, links, others, failures', () => {
    const t = new StatTable();
    const answers: [string, FsResult<StatInfo>][] = [
      ['/w/a.py', ok('file', 12, 1796309835956.153)],
      ['/w/big.bin', ok('file', 2 ** 40 + 3, 0)],
      ['/w/d', ok('dir', 4096, -1)],
      ['/w/l', ok('symlink', 7, 1.5)],
      ['/w/fifo', ok('other', 0, 2)],
      ['/w/gone', { ok: false, kind: 'not-found', reason: "'gone' does not exist" }],
    ];
    for (const [p, a] of answers) t.set(p, a);
    for (const [p, a] of answers) {
      expect(t.has(p)).toBe(true);
      expect(t.get(p), p).toEqual(a);
    }
    expect(t.has('/w/other')).toBe(false);
    expect(t.get('/w/other')).toBeUndefined();
    expect(t.fileStamp('/w/a.py')).toEqual({ size: 12, mtimeMs: 1796309835956.153 });
    expect(t.fileStamp('/w/d')).toBeUndefined();
    expect(t.fileStamp('/w/gone')).toBeUndefined();
    expect(t.fileSize('/w/big.bin')).toBe(2 ** 40 + 3);
    expect(t.fileSize('/w/l')).toBeUndefined();
    expect(t.fileSize('/w/gone')).toBeUndefined();
    // a path answered again takes the new answer
    t.set('/w/a.py', ok('file', 13, 5));
    t.set('/w/gone', ok('file', 1, 1));
    expect(t.get('/w/a.py')).toEqual(ok('file', 13, 5));
    expect(t.get('/w/gone')).toEqual(ok('file', 1, 1));
  });

  it('marks paths with a successful answer only', () => {
    const t = new StatTable();
    t.set('/w/a.py', ok('file', 1, 1));
    t.set('/w/b.py', ok('file', 2, 2));
    t.set('/w/gone', { ok: false, kind: 'not-found', reason: 'x' });
    expect(t.isMarked('/w/a.py')).toBe(false);
    expect(t.mark('/w/a.py')).toBe(true);
    expect(t.isMarked('/w/a.py')).toBe(true);
    expect(t.isMarked('/w/b.py')).toBe(false);
    expect(t.mark('/w/gone')).toBe(false);
    expect(t.mark('/w/never')).toBe(false);
    expect(t.isMarked('/w/gone')).toBe(false);
    t.set('/w/a.py', ok('file', 3, 3)); // answered again: still marked
    expect(t.isMarked('/w/a.py')).toBe(true);
  });
});

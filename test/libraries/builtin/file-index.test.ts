import { describe, expect, it } from 'vitest';
import { sep } from 'node:path';
import picomatch from 'picomatch';
import { FileIndex, literalGlobPrefix, prefixRange, sortedUnder } from '../../../src/libraries/builtin/file-index.js';

const root = `${sep}ws`;
const abs = (rel: string) => (rel === '' ? root : `${root}${sep}${rel.split('/').join(sep)}`);

// Names chosen to sit next to each other in sort order: `a` vs `a-b` vs `a.b` vs `ab` vs `a/…`
// (`-` and `.` sort before `/`), unicode, and a folder whose name is a prefix of a file's.
const files = [
  'a/x.py',
  'a/b/y.py',
  'a/b/c/z.py',
  'a-b/x.py',
  'a.b/x.py',
  'ab/x.py',
  'ab.py',
  'b/é/ü.py',
  'b/日本/語.ts',
  'src/app/main.ts',
  'src/app/util/u.ts',
  'src/app.ts',
  'src/apps/other.ts',
  'top.md',
]
  .map(abs)
  .sort();
const dirs = [
  '',
  'a',
  'a/b',
  'a/b/c',
  'a-b',
  'a.b',
  'ab',
  'b',
  'b/é',
  'b/日本',
  'src',
  'src/app',
  'src/app/util',
  'src/apps',
]
  .map(abs)
  .sort();
const index = new FileIndex(root, { files, dirs });

/** What a linear filter over every path answers: the reference the index must equal. */
const naiveUnder = (list: readonly string[], dir: string) => list.filter((f) => f.startsWith(dir + sep));

describe('sorted prefix ranges', () => {
  it('equal a linear prefix filter for every folder, listed or not', () => {
    for (const d of [
      ...dirs.filter((x) => x !== root),
      abs('a/b/c/z.py'),
      abs('none'),
      abs('s'),
      abs('src/ap'),
      abs('zzz'),
    ]) {
      expect(sortedUnder(files, d)).toEqual(naiveUnder(files, d));
      expect(index.dirsUnder(d)).toEqual(naiveUnder(dirs, d));
    }
  });

  it('gives empty ranges at both ends of the list', () => {
    expect(prefixRange(files, '')).toEqual([0, files.length]);
    expect(prefixRange([], 'x')).toEqual([0, 0]);
    expect(prefixRange(['b'], 'a')).toEqual([0, 0]);
    expect(prefixRange(['a'], 'b')).toEqual([1, 1]);
  });

  it('answers the root with every file and every folder below it', () => {
    expect(index.filesUnder(root)).toEqual(files);
    expect(index.dirsUnder(root)).toEqual(dirs.filter((d) => d !== root));
  });

  it('knows listed files and folders apart', () => {
    expect(index.isFile(abs('ab.py'))).toBe(true);
    expect(index.isDir(abs('ab.py'))).toBe(false);
    expect(index.isDir(abs('b/日本'))).toBe(true);
    expect(index.isFile(abs('missing.py'))).toBe(false);
  });
});

describe('glob matching on the pre-filtered set', () => {
  it('takes only whole literal folders before the first glob syntax', () => {
    expect(literalGlobPrefix('src/app/**/*.ts')).toBe('src/app');
    expect(literalGlobPrefix('src/app*/x.ts')).toBe('src');
    expect(literalGlobPrefix('src/{app,apps}/*.ts')).toBe('src');
    expect(literalGlobPrefix('**/*.py')).toBe('');
    expect(literalGlobPrefix('top.md')).toBe('');
    expect(literalGlobPrefix('!src/**')).toBe('');
    expect(literalGlobPrefix('a/./b/*.py')).toBe('');
    expect(literalGlobPrefix('a/b/../*.py')).toBe('');
    expect(literalGlobPrefix('a//b/*.py')).toBe('a');
    expect(literalGlobPrefix('+(a|b)/x.py')).toBe('');
    expect(literalGlobPrefix('a/@(b)/x.py')).toBe('a');
    expect(literalGlobPrefix('a\\*/x.py')).toBe('');
  });

  it('selects exactly what matching every file selects', () => {
    const patterns = [
      '**/*.py',
      'a/**',
      'a/*.py',
      'a/**/*.py',
      'a*/x.py',
      'a.b/*',
      'src/app/**/*.ts',
      'src/app*',
      'src/app*/**',
      'src/{app,apps}/*.ts',
      'src/app.ts',
      'b/*/*',
      'b/日本/*.ts',
      '!a/**',
      '*.md',
      'a/b/../x.py',
      'nothing/**',
    ];
    for (const p of patterns) {
      const m = picomatch(p, { dot: true });
      const expected = files.filter((f) => m(index.relative(f)));
      expect(index.glob(p, m), p).toEqual(expected);
    }
  });
});

import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BracketDepth } from '../../../src/libraries/external/bracket-depth.js';
import { LineSplitter } from '../../../src/libraries/external/line-splitter.js';
import { resolveInterpreter } from '../../../src/libraries/external/python-resolve.js';
import { StderrTail } from '../../../src/libraries/external/stderr-tail.js';
import { docFromResult, fallbackDoc } from '../../../src/libraries/external/documentation.js';
import { locateToml } from '../../../src/config/toml-locate.js';

describe('LineSplitter', () => {
  it('joins partial chunks, splits several lines per chunk, strips \\r, keeps split UTF-8 intact', () => {
    const lines: string[] = [];
    const s = new LineSplitter({ maxLineBytes: 1000, mode: 'fail', onLine: (l) => lines.push(l) });
    const bytes = Buffer.from('héllo\r\nwor', 'utf8');
    s.push(bytes.subarray(0, 2)); // cuts inside é
    s.push(bytes.subarray(2));
    s.push(Buffer.from('ld\na\nb\n\nlast'));
    s.end();
    expect(lines).toEqual(['héllo', 'world', 'a', 'b', '', 'last']);
  });

  it('fail mode: reports an over-long line once and stops', () => {
    const lines: string[] = [];
    const over: number[] = [];
    const s = new LineSplitter({
      maxLineBytes: 10,
      mode: 'fail',
      onLine: (l) => lines.push(l),
      onOverflow: (n) => over.push(n),
    });
    s.push(Buffer.from('short\n0123456'));
    s.push(Buffer.from('789abc\nmore\n'));
    expect(lines).toEqual(['short']);
    expect(over).toEqual([13]);
  });

  it('truncate mode: cuts an over-long line and goes on', () => {
    const lines: string[] = [];
    const s = new LineSplitter({ maxLineBytes: 4, mode: 'truncate', onLine: (l) => lines.push(l) });
    s.push(Buffer.from('abcdefgh\nok\n'));
    expect(lines).toEqual(['abcd …[truncated]', 'ok']);
  });
});

describe('BracketDepth', () => {
  it('counts brackets outside strings, honouring escapes', () => {
    const d = new BracketDepth();
    expect(d.feed('{')).toBe(1);
    expect(d.feed('  "a": "}]\\" [",')).toBe(1);
    expect(d.feed('  "b": [1, {"c": 2}')).toBe(2);
    expect(d.feed(']}')).toBe(0);
  });
});

describe('StderrTail', () => {
  it('keeps the last lines and says how many were dropped', () => {
    const t = new StderrTail(3);
    expect(t.text()).toBe('');
    for (let i = 1; i <= 5; i++) t.add(`l${i}`);
    expect(t.text()).toBe('[… 2 earlier stderr line(s) omitted]\nl3\nl4\nl5');
  });
});

describe('documentation mapping', () => {
  it('applies the defaults and always uses the configured name', () => {
    const d = docFromResult(
      {
        name: 'other',
        functions: [{ name: 'f', parameters: [{ name: 'p' }, { name: 'q', type: 'integer', optional: true }] }],
        checks: ['c'],
      },
      'mine',
      'external: x',
    );
    expect(d).toEqual({
      name: 'mine',
      description: '',
      version: '',
      functions: [
        {
          name: 'f',
          description: '',
          parameters: [
            { name: 'p', type: 'any', description: '' },
            // `"optional": true` becomes the `?` marker
            { name: 'q', type: 'integer?', description: '' },
          ],
          return_type: '',
        },
      ],
      // a bare name (library.metadata): the parameters are not described, calls are not checked
      checks: [{ name: 'c', description: '', parameters: [], return_type: '', parametersUnknown: true }],
      source: 'external: x',
    });
  });
  it('rejects unusable shapes', () => {
    expect(docFromResult([1], 'x', 's')).toBeUndefined();
    expect(docFromResult({ functions: [{ description: 'no name' }] }, 'x', 's')).toBeUndefined();
    expect(docFromResult({ checks: 'nope' }, 'x', 's')).toBeUndefined();
  });
  it('builds the fallback entry', () => {
    expect(fallbackDoc('lib', 'external: python3 p.py', 'library.doc: Unknown method')).toMatchObject({
      name: 'lib',
      version: '0.1.0',
      description: 'External library: python3 p.py (no documentation: library.doc: Unknown method)',
      functions: [],
      checks: [],
    });
  });
});

describe('locateToml', () => {
  it('finds headers, dotted keys and keys inside inline tables', () => {
    const text =
      '# c\n[libraries]\n"quoted name" = { executable = "x", env = { A = "1" } }\nlib.b.args = ' +
      '[]\n\n[libraries.z]\n  timeout_ms = 3 # x\n';
    const loc = locateToml(text);
    const at = (p: string[]) => {
      const s = loc.spanOf(p);
      return s ? `${s.start.line}:${s.start.column}` : '-';
    };
    expect(at(['libraries'])).toBe('2:1');
    expect(at(['libraries', 'quoted name'])).toBe('3:1');
    expect(at(['libraries', 'quoted name', 'executable'])).toBe('3:19');
    expect(at(['libraries', 'quoted name', 'env', 'A'])).toBe('3:45');
    expect(at(['libraries', 'lib', 'b'])).toBe('4:1');
    expect(at(['libraries', 'z'])).toBe('6:1');
    expect(at(['libraries', 'z', 'timeout_ms'])).toBe('7:3');
    expect(at(['libraries', 'z', 'missing'])).toBe('6:1'); // nearest defined ancestor
    expect(at(['nothing'])).toBe('-');
  });
});

describe('resolveInterpreter (pyenv shims)', () => {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'hie-pyenv-')));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const exe = (p: string, content: string) => {
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
    chmodSync(p, 0o755);
  };
  exe(path.join(root, 'shims/python3'), '#!/usr/bin/env bash\nexec "/x/libexec/pyenv" exec "$program" "$@"\n');
  exe(path.join(root, 'versions/3.12.1/bin/python3'), '');
  exe(path.join(root, 'versions/3.11.7/bin/python3'), '');
  writeFileSync(path.join(root, 'version'), '3.12.1\n');
  mkdirSync(path.join(root, 'proj/sub'), { recursive: true });
  writeFileSync(path.join(root, 'proj/.python-version'), '3.11.7\n');
  exe(path.join(root, 'plain/python3'), '#!/bin/sh\n');
  const env = (over: Record<string, string> = {}) => ({ PATH: path.join(root, 'shims'), PYENV_ROOT: root, ...over });

  it('uses the global version file', async () => {
    expect(await resolveInterpreter('python3', root, env())).toBe(path.join(root, 'versions/3.12.1/bin/python3'));
  });
  it('prefers the nearest .python-version, then PYENV_VERSION over both', async () => {
    expect(await resolveInterpreter('python3', path.join(root, 'proj/sub'), env())).toBe(
      path.join(root, 'versions/3.11.7/bin/python3'),
    );
    expect(await resolveInterpreter('python3', path.join(root, 'proj/sub'), env({ PYENV_VERSION: '3.12.1' }))).toBe(
      path.join(root, 'versions/3.12.1/bin/python3'),
    );
  });
  it('keeps the shim for `system`, unknown versions, non-shims and other programs', async () => {
    expect(await resolveInterpreter('python3', root, env({ PYENV_VERSION: 'system' }))).toBe('python3');
    expect(await resolveInterpreter('python3', root, env({ PYENV_VERSION: '9.9' }))).toBe('python3');
    expect(await resolveInterpreter('python3', root, { PATH: path.join(root, 'plain') })).toBe('python3');
    expect(await resolveInterpreter('node', root, env())).toBe('node');
    expect(await resolveInterpreter('./python3', root, env())).toBe('./python3');
  });
});

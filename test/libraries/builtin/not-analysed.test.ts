import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { WorkspaceCache } from '../../../src/libraries/builtin/cache.js';
import { MAX_PARSE_BYTES } from '../../../src/libraries/builtin/facts/limits.js';
import { MAX_NOT_ANALYSED_WARNINGS, NotAnalysedReporter } from '../../../src/libraries/builtin/not-analysed.js';

describe('NotAnalysedReporter', () => {
  it('warns once per file, with the reason', () => {
    const out: Diagnostic[] = [];
    const r = new NotAnalysedReporter((d) => out.push(d));
    r.report('/ws/a.py', 'file is larger than 4194304 bytes; not parsed');
    r.report('/ws/a.py', 'file is larger than 4194304 bytes; not parsed');
    r.report('/ws/b.py', 'not analysed: parsing and queries took longer than 10 s');
    expect(out.map((d) => [d.code, d.severity, d.file, d.message])).toEqual([
      ['W095', 'warning', '/ws/a.py', 'this file was not analysed: file is larger than 4194304 bytes; not parsed'],
      ['W095', 'warning', '/ws/b.py', 'this file was not analysed: parsing and queries took longer than 10 s'],
    ]);
  });

  it('names the first files one by one, then one warning counts the rest as they come', () => {
    const out: Diagnostic[] = [];
    const r = new NotAnalysedReporter((d) => out.push(d));
    for (let i = 0; i < MAX_NOT_ANALYSED_WARNINGS + 5; i++) r.report(`/ws/f${i}.py`, 'cannot read file: denied');
    expect(out).toHaveLength(MAX_NOT_ANALYSED_WARNINGS + 1);
    const last = out.at(-1)!;
    expect(last.file).toBe('');
    expect(last.message).toBe(
      `5 more file(s) could not be analysed (the first ${MAX_NOT_ANALYSED_WARNINGS} are named above)`,
    );
    r.report('/ws/f0.py', 'again'); // already counted: nothing changes
    r.report('/ws/another.py', 'cannot read file: denied');
    expect(out).toHaveLength(MAX_NOT_ANALYSED_WARNINGS + 1);
    expect(last.message).toMatch(/^6 more file\(s\)/);
  });
});

describe('WorkspaceCache tells which files it could not analyse', () => {
  it('a source file over the parse limit is reported with its reason; a normal one is not', async () => {
    const ws = await mkdtemp(join(tmpdir(), 'hie-not-analysed-'));
    mkdirSync(join(ws, 'pkg'));
    const big = join(ws, 'pkg', 'big.py');
    writeFileSync(big, `import os\n${'x = 1\n'.repeat(Math.ceil(MAX_PARSE_BYTES / 6) + 10)}`);
    writeFileSync(join(ws, 'pkg', 'ok.py'), 'import json\n');
    const cache = new WorkspaceCache(ws);
    const told: [string, string][] = [];
    cache.onNotAnalysed = (file, reason) => told.push([file, reason]);
    try {
      const facts = await cache.factsMany([big, join(ws, 'pkg', 'ok.py')], 'python');
      expect(facts.get(big)?.imports).toEqual([]);
      expect(told).toEqual([[big, `file is larger than ${MAX_PARSE_BYTES} bytes; not parsed`]]);
    } finally {
      await cache.dispose();
    }
  });
});

describe('WorkspaceCache text reads that a hostile workspace could aim at', () => {
  it('a FIFO is refused at once and reported; a symbolic link and a vanished file are not reported', async () => {
    const ws = await mkdtemp(join(tmpdir(), 'hie-not-analysed-'));
    const fifo = join(ws, 'pipe.txt');
    execFileSync('mkfifo', [fifo]); // nobody ever writes to it: a blocking open would hang the run
    writeFileSync(join(ws, 'real.txt'), 'password\n');
    symlinkSync(join(ws, 'real.txt'), join(ws, 'link.txt'));
    const cache = new WorkspaceCache(ws);
    const told: [string, string][] = [];
    cache.onNotAnalysed = (file, reason) => told.push([file, reason]);
    try {
      expect(await cache.text(fifo)).toBeUndefined();
      expect(await cache.text(join(ws, 'link.txt'))).toBeUndefined();
      expect(await cache.text(join(ws, 'gone.txt'))).toBeUndefined();
      expect(await cache.text(join(ws, 'real.txt'))).toBe('password\n');
      expect(told.map(([f]) => f)).toEqual([fifo]);
      expect(told[0]![1]).toMatch(/^not read: /);
    } finally {
      await cache.dispose();
    }
  });
});

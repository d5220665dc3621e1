import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceCache } from '../../../src/libraries/builtin/cache.js';
import { extractFacts } from '../../../src/libraries/builtin/facts/extract.js';
import type { FileFacts } from '../../../src/libraries/builtin/facts/types.js';
import { FIXTURES, open } from './helpers.js';

/** Every place a definition or an import can sit, and calls everywhere. */
const NESTED = `"""Module doc."""
from __future__ import annotations
import os, sys as system
from . import sibling
from ..pkg.mod import a as b, c
from x.y import *

__all__ = ['top', "Klass"]

@decorate(make())
def top(arg=default()) -> Optional[User]:
    '''Doc.'''
    import json
    if arg:
        from inner import thing
        def in_if(): pass
    elif other():
        class InElif: pass
    else:
        async def in_else() -> "X": ...
    for i in range(3):
        import in_for
    while cond():
        def in_while(): return call_in_while()
    try:
        import in_try
    except ImportError as e:
        import in_except
    except* ValueError:
        def in_except_group(): pass
    else:
        def in_try_else(): pass
    finally:
        class InFinally: pass
    with open(p) as f, ctx():
        def in_with(): pass
    match arg:
        case [x, *_] if guard(x):
            import in_case
            def in_case_fn(): pass
        case _:
            pass
    return helper(lambda q: q.method(1))(2)

class Klass(Base, metaclass=Meta):
    "Class doc."
    attr: int = compute()
    class Inner:
        def method(self) -> Klass.Inner: return self
    @property
    def prop(self): return x.y.z()
    async def amethod(self):
        def local(): import deep.module
        return await local()

def test_something(): assert f(g(h()))
class TestThing: pass
if TYPE_CHECKING:
    from typing import Optional
_private = 1
undefined_name = "def class import"  # markers in strings and comments: def class import
`;

const BROKEN = `def ok():
    import fine
def f(:
    import os
class
x = [
def g(): pass
`;

const withoutCalls = (f: FileFacts) => {
  const { calls, callsOmitted, ...rest } = f;
  void calls;
  void callsOmitted;
  return rest;
};

describe('python facts: outline pass (imports, definitions) vs full pass (with calls)', () => {
  it('finds the same imports, definitions, docs and __all__ wherever they are nested', async () => {
    const full = await extractFacts('python', NESTED, true);
    const outline = await extractFacts('python', NESTED, false);
    expect(outline.callsOmitted).toBe(true);
    expect(full.callsOmitted).toBeUndefined();
    expect(outline.calls).toEqual([]);
    expect(withoutCalls(outline)).toEqual(withoutCalls(full));
    const names = full.symbols.map((s) => s.name);
    for (const n of [
      'top',
      'in_if',
      'InElif',
      'in_else',
      'in_while',
      'in_except_group',
      'in_try_else',
      'InFinally',
      'in_with',
      'in_case_fn',
      'Klass',
      'Inner',
      'method',
      'prop',
      'amethod',
      'local',
      'test_something',
      'TestThing',
    ])
      expect(names, n).toContain(n);
    const specs = full.imports.map((i) => i.specifier);
    for (const s of [
      'os',
      'sys',
      '.',
      '..pkg.mod',
      'x.y',
      'json',
      'inner',
      'in_for',
      'in_try',
      'in_except',
      'in_case',
      'deep.module',
      'typing',
    ])
      expect(specs, s).toContain(s);
    // `from __future__` is a compiler directive, not an import fact (as before)
    expect(specs).not.toContain('__future__');
    expect(full.dunderAll).toEqual(['top', 'Klass']);
    expect(full.moduleDoc).toBe(true);
    expect(full.symbols.find((s) => s.name === 'top')).toMatchObject({
      documented: true,
      returnTypes: ['Optional', 'User'],
      returnText: 'Optional[User]',
      topLevel: true,
    });
    expect(full.symbols.find((s) => s.name === 'method')).toMatchObject({
      kind: 'method',
      container: 'Inner',
      returnTypes: ['Klass', 'Inner'],
    });
    expect(full.symbols.find((s) => s.name === 'local')).toMatchObject({
      kind: 'function',
      container: 'amethod',
      topLevel: false,
    });
    expect(full.symbols.find((s) => s.name === 'Klass')?.documented).toBe(true);
    expect(full.hasTests).toBe(true);
  });

  it('the full pass extracts calls (callee as written, identifier or attribute only) with positions', async () => {
    const full = await extractFacts('python', NESTED, true);
    const callees = full.calls.map((c) => c.callee);
    for (const c of [
      'decorate',
      'make',
      'default',
      'other',
      'range',
      'cond',
      'call_in_while',
      'open',
      'ctx',
      'guard',
      'helper',
      'q.method',
      'compute',
      'x.y.z',
      'local',
      'f',
      'g',
      'h',
    ])
      expect(callees, c).toContain(c);
    // `helper(...)(2)`: the outer callee is a call, not a name
    expect(callees.filter((c) => c === 'helper')).toHaveLength(1);
    expect(full.calls.find((c) => c.callee === 'decorate')).toEqual({ callee: 'decorate', line: 10, column: 2 });
  });

  it(
    'a file with syntax errors gives the same outline either way (the walk falls back to the ' + 'whole tree)',
    async () => {
      const full = await extractFacts('python', BROKEN, true);
      const outline = await extractFacts('python', BROKEN, false);
      expect(full.syntaxErrors).toBeGreaterThan(0);
      expect(withoutCalls(outline)).toEqual(withoutCalls(full));
      expect(outline.imports.map((i) => i.specifier)).toContain('fine');
    },
  );

  it('agrees with the full pass on every fixture file', async () => {
    const files: string[] = [];
    const visit = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) visit(join(d, e.name));
        else if (e.name.endsWith('.py')) files.push(join(d, e.name));
      }
    };
    visit(FIXTURES);
    expect(files.length).toBeGreaterThan(5);
    const cache = new WorkspaceCache(FIXTURES);
    const outline = await cache.factsMany(files, 'python');
    const fresh = new WorkspaceCache(FIXTURES);
    const full = await fresh.factsMany(files, 'python', { calls: true });
    for (const f of files) expect(withoutCalls(outline.get(f)!), f).toEqual(withoutCalls(full.get(f)!));
    await cache.dispose();
    await fresh.dispose();
  });
});

describe('python facts in the cache: calls on demand', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'hie-pycalls-')));
  writeFileSync(join(dir, 'a.py'), 'import b\n\ndef run():\n    return b.helper()\n');
  writeFileSync(join(dir, 'b.py'), 'def helper():\n    return 1\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('facts first asked without calls get their calls when a calls check needs them', async () => {
    const cache = new WorkspaceCache(dir);
    const a = join(dir, 'a.py');
    const outline = await cache.factsOf(a);
    expect(outline.callsOmitted).toBe(true);
    const full = await cache.factsOf(a, 'python', { calls: true });
    expect(full.callsOmitted).toBeUndefined();
    expect(full.calls.map((c) => c.callee)).toEqual(['b.helper']);
    // from now on every request gets the complete facts, without parsing again
    expect(await cache.factsOf(a)).toBe(full);
    expect(await cache.factsOf(a, 'python', { calls: true })).toBe(full);
    await cache.dispose();
  });

  it(
    'after wantCalls() (a run announced calls checks) the first parse already has the calls: no ' + 'second parse',
    async () => {
      const cache = new WorkspaceCache(dir);
      cache.wantCalls();
      const a = join(dir, 'a.py');
      const first = await cache.factsOf(a);
      expect(first.callsOmitted).toBeUndefined();
      expect(first.calls.map((c) => c.callee)).toEqual(['b.helper']);
      // the same facts object answers the calls request: the file was parsed exactly once
      expect(await cache.factsOf(a, 'python', { calls: true })).toBe(first);
      await cache.dispose();
    },
  );

  it('the python library asks for calls up front only when the run calls a calls* check', async () => {
    const { createBuiltinLibraries } = await import('../../../src/libraries/builtin/index.js');
    const run = async (functions: string[]) => {
      const libs = createBuiltinLibraries({ workspace: dir });
      const py = libs.find((l) => l.name === 'python')!;
      py.prepareRun?.(new Set(functions), { dependencies: true });
      const ctx = { workspace: dir };
      const edges = await (py as unknown as import('../../../src/libraries/types.js').DependencyProvider).dependencies(
        [join(dir, 'a.py')],
        ctx,
      );
      const scope = await py.call('module_selector', [{ type: 'string', value: 'a' }], ctx);
      const res = await py.check('calls', [scope, { type: 'string', value: 'helper' }], ctx);
      await Promise.all(libs.map((l) => l.dispose()));
      return { edges: edges.length, status: res.status };
    };
    expect(await run(['depends_on', 'calls'])).toEqual({ edges: 1, status: 'pass' });
    expect(await run(['depends_on'])).toEqual({ edges: 1, status: 'pass' });
  });

  it('a calls check after a dependency check on the same run sees the calls', async () => {
    const w = open(dir);
    const a = await w.select('python', 'module_selector', 'a');
    const b = await w.select('python', 'module_selector', 'b');
    expect((await w.check('python', 'depends_on', a, b)).status).toBe('pass');
    expect((await w.check('python', 'calls', a, 'helper')).status).toBe('pass');
    expect((await w.check('python', 'calls_function', a, 'b', 'helper')).status).toBe('pass');
    expect((await w.check('python', 'calls_scope', a, b)).status).toBe('pass');
    expect((await w.check('python', 'calls', b, 'helper')).status).toBe('fail');
    await w.dispose();
  });
});

describe('worker pool (compiled build)', () => {
  // outlines the Python scanner answers never reach the workers: these batches are parsed by tree-sitter
  const saved = process.env.HIELEMENTS_SCANNER;
  beforeAll(() => {
    process.env.HIELEMENTS_SCANNER = 'off';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.HIELEMENTS_SCANNER;
    else process.env.HIELEMENTS_SCANNER = saved;
  });
  const distPool = join(FIXTURES, '..', '..', '..', 'dist', 'libraries', 'builtin', 'facts', 'pool.js');
  it.skipIf(!existsSync(distPool))(
    'workers pulling from the shared queue return every file, in order, as in-thread extraction does',
    async () => {
      const mod = (await import(
        pathToFileURL(distPool).href
      )) as typeof import('../../../src/libraries/builtin/facts/pool.js');
      const files = [
        'src/shop/orders/api.py',
        'src/shop/orders/models.py',
        'src/shop/payments/gateway.py',
        'src/shop/missing.py',
      ].map((f) => join(FIXTURES, 'python-shop', f));
      const jobs = Array.from({ length: 200 }, (_, i) => ({ file: files[i % 4]!, grammar: 'python' as const }));
      const pool = new mod.FactsPool({ size: 2 });
      pool.warm(jobs.length, ['python']);
      const [outline, full] = await Promise.all([pool.extractAll(jobs, false), pool.extractAll(jobs, true)]);
      await pool.dispose();
      const inThread = await Promise.all(files.map((f) => mod.factsInThread(f, 'python', false)));
      expect(outline).toHaveLength(200);
      outline.forEach((f, i) => expect(f).toEqual(inThread[i % 4]));
      expect(outline[3]!.error).toContain('cannot read file');
      expect(full[0]!.calls.length).toBeGreaterThan(0);
      expect(full[0]!.callsOmitted).toBeUndefined();
    },
  );

  it.skipIf(!existsSync(distPool))(
    'a batch still in flight when the pool is disposed is finished in the calling thread',
    async () => {
      const mod = (await import(
        pathToFileURL(distPool).href
      )) as typeof import('../../../src/libraries/builtin/facts/pool.js');
      const file = join(FIXTURES, 'python-shop', 'src/shop/orders/api.py');
      const pool = new mod.FactsPool({ size: 2 });
      const seen: number[] = [];
      const pending = pool.extract(
        Array.from({ length: 160 }, () => ({ file, grammar: 'python' as const })),
        false,
        false,
        (i) => seen.push(i),
      );
      await pool.dispose();
      const results = await pending;
      const expected = await mod.factsInThread(file, 'python', false);
      expect(results).toHaveLength(160);
      results.forEach((r) => expect(r.facts).toEqual(expected));
      // every file reported exactly once as it was done, whether by a worker or in this thread
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 160 }, (_, i) => i));
    },
  );

  it.skipIf(!existsSync(distPool))(
    'reports every file once, before the batch ends, with the outcome the batch ends with',
    async () => {
      const mod = (await import(
        pathToFileURL(distPool).href
      )) as typeof import('../../../src/libraries/builtin/facts/pool.js');
      const files = ['src/shop/orders/api.py', 'src/shop/orders/models.py', 'src/shop/payments/gateway.py'].map((f) =>
        join(FIXTURES, 'python-shop', f),
      );
      const jobs = Array.from({ length: 300 }, (_, i) => ({ file: files[i % 3]!, grammar: 'python' as const }));
      const pool = new mod.FactsPool({ size: 2 });
      const early = new Map<number, unknown>();
      let calls = 0;
      const results = await pool.extract(jobs, false, false, (i, r) => {
        calls++;
        early.set(i, r);
      });
      await pool.dispose();
      expect(calls).toBe(300);
      expect(early.size).toBe(300);
      results.forEach((r, i) => expect(early.get(i)).toBe(r));
    },
  );
});

describe('parse workers started ahead of time (compiled build)', () => {
  const distCache = join(FIXTURES, '..', '..', '..', 'dist', 'libraries', 'builtin', 'cache.js');
  const canWarm = existsSync(distCache) && availableParallelism() >= 2;
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'hie-warm-')));
  for (let k = 0; k < 160; k++) writeFileSync(join(dir, `m${k}.py`), `import os\n\ndef f${k}():\n    return os.sep\n`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!canWarm)(
    'a walk over many Python files warms workers when files must be parsed, unless the run announced it ' +
      'parses no Python',
    async () => {
      const mod = (await import(
        pathToFileURL(distCache).href
      )) as typeof import('../../../src/libraries/builtin/cache.js');
      const saved = process.env.HIELEMENTS_SCANNER;
      try {
        // Python outlines are scanned in this thread: workers only for a run that wants calls
        delete process.env.HIELEMENTS_SCANNER;
        const outlines = new mod.WorkspaceCache(dir);
        await outlines.walk();
        expect(outlines.parseWorkers).toBe(0);
        await outlines.dispose();
        const calls = new mod.WorkspaceCache(dir);
        calls.wantCalls();
        await calls.walk();
        expect(calls.parseWorkers).toBeGreaterThan(0);
        await calls.dispose();
        // with the scanner off, every Python file is parsed: workers for any run
        process.env.HIELEMENTS_SCANNER = 'off';
        await unannouncedRuns();
      } finally {
        if (saved === undefined) delete process.env.HIELEMENTS_SCANNER;
        else process.env.HIELEMENTS_SCANNER = saved;
      }
    },
  );

  async function unannouncedRuns() {
    const mod = (await import(
      pathToFileURL(distCache).href
    )) as typeof import('../../../src/libraries/builtin/cache.js');
    const unannounced = new mod.WorkspaceCache(dir);
    await unannounced.walk();
    expect(unannounced.parseWorkers).toBeGreaterThan(0);
    await unannounced.dispose();

    const filesOnly = new mod.WorkspaceCache(dir);
    filesOnly.warmOnly([]);
    await filesOnly.walk();
    expect(filesOnly.parseWorkers).toBe(0);
    await filesOnly.dispose();

    const python = new mod.WorkspaceCache(dir);
    python.warmOnly(['python']);
    await python.walk();
    expect(python.parseWorkers).toBeGreaterThan(0);
    await python.dispose();
  }
});

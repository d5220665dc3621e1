import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkspaceCache } from '../../../src/libraries/builtin/index.js';
import { float, list, str } from '../../../src/libraries/types.js';
import { FIXTURES, open } from './helpers.js';

const py = open(join(FIXTURES, 'python-shop'));
afterAll(() => py.dispose());

describe('arguments', () => {
  it('missing and wrong-typed arguments name the function, argument and types, with the original codes', async () => {
    await expect(py.lib('python').call('module_selector', [], py.ctx)).rejects.toMatchObject({
      code: 'E400',
      message: 'python.module_selector: missing argument 1 (module_path: string)',
    });
    await expect(py.lib('python').check('imports', [str('x'), str('os')], py.ctx)).rejects.toMatchObject({
      code: 'E410',
      message: 'python.imports: argument 1 (scope) must be a scope, got string',
    });
    await expect(py.lib('files').check('max_size', [list([]), str('x')], py.ctx)).rejects.toMatchObject({
      code: 'E116',
    });
    await expect(py.lib('rust').check('implements', [str('A')], py.ctx)).rejects.toMatchObject({ code: 'E316' });
  });

  it('extra arguments are an error, not silently ignored', async () => {
    await expect(py.lib('python').call('class_selector', [str('X'), str('junk')], py.ctx)).rejects.toMatchObject({
      code: 'E498',
      message:
        'python.class_selector: too many arguments (string, string); expected python.class_selector([within: ' +
        'scope], class_name: string)',
    });
  });

  it('floats are accepted where integers are expected (truncated)', async () => {
    const s = await py.select('files', 'glob_selector', '**/*.py');
    expect((await py.lib('files').check('max_files', [{ type: 'scope', scope: s }, float(2.9)], py.ctx)).status).toBe(
      'fail',
    );
  });

  it('unknown functions say whether the name exists as the other kind', async () => {
    await expect(py.lib('rust').check('struct_selector', [str('X')], py.ctx)).rejects.toMatchObject({
      code: 'E399',
      message: expect.stringContaining('rust.struct_selector is a selector'),
    });
    await expect(py.lib('files').call('nope', [], py.ctx)).rejects.toMatchObject({
      code: 'E199',
      message: 'Unknown function: files.nope',
    });
    await expect(py.lib('typescript').check('nope', [], py.ctx)).rejects.toMatchObject({ code: 'E799' });
  });
});

describe('empty scopes', () => {
  // The rule that a check on an empty scope fails lives in the evaluator, for every kind of
  // library (test/cli/empty-scopes.test.ts, test/eval/run.test.ts): a library evaluates what it is given.
  it('a built-in check evaluates an empty scope itself', async () => {
    const empty = await py.select('python', 'module_selector', 'does.not.exist');
    expect(empty.paths).toEqual([]);
    expect((await py.check('python', 'no_import', empty, 'os')).status).toBe('pass');
  });
});

describe('documentation', () => {
  const original: Record<string, { selectors: string[]; checks: string[] }> = {
    files: {
      selectors: ['file_selector', 'folder_selector', 'glob_selector'],
      checks: ['exists', 'contains', 'no_files_matching', 'max_size'],
    },
    python: {
      selectors: ['module_selector', 'function_selector', 'class_selector'],
      checks: [
        'imports',
        'no_import',
        'returns_type',
        'function_returns_type',
        'calls',
        'calls_function',
        'calls_scope',
      ],
    },
    rust: {
      selectors: [
        'crate_selector',
        'module_selector',
        'struct_selector',
        'enum_selector',
        'function_selector',
        'trait_selector',
        'impl_selector',
      ],
      checks: [
        'struct_exists',
        'enum_exists',
        'function_exists',
        'trait_exists',
        'impl_exists',
        'implements',
        'uses',
        'has_derive',
        'has_docs',
        'has_tests',
        'depends_on',
        'no_dependency',
        'pipeline_connects',
        'type_compatible',
      ],
    },
  };

  it('keeps all 38 functions of the original, with the original parameter names', async () => {
    let count = 0;
    for (const [name, fns] of Object.entries(original)) {
      const doc = await py.lib(name).documentation();
      for (const f of fns.selectors)
        expect(
          doc.functions.map((d) => d.name),
          `${name}.${f}`,
        ).toContain(f);
      for (const f of fns.checks)
        expect(
          doc.checks.map((d) => d.name),
          `${name}.${f}`,
        ).toContain(f);
      count += fns.selectors.length + fns.checks.length;
    }
    expect(count).toBe(38);
    const rust = await py.lib('rust').documentation();
    expect(rust.checks.find((c) => c.name === 'depends_on')?.parameters.map((p) => p.name)).toEqual([
      'scope_a',
      'scope_b',
    ]);
    expect(rust.checks.find((c) => c.name === 'pipeline_connects')?.parameters.map((p) => p.name)).toEqual([
      'output_scope',
      'input_scope',
    ]);
    const files = await py.lib('files').documentation();
    expect(files.checks.find((c) => c.name === 'max_size')?.parameters.map((p) => p.name)).toEqual([
      'scope',
      'max_bytes',
    ]);
    const python = await py.lib('python').documentation();
    expect(python.checks.find((c) => c.name === 'calls_function')?.parameters.map((p) => p.name)).toEqual([
      'scope',
      'module_name',
      'func_name',
    ]);
    expect(rust.functions.find((c) => c.name === 'crate_selector')?.parameters.map((p) => p.name)).toEqual([
      'crate_name',
    ]);
  });

  it('every function of every library is documented with parameters, return type and example', async () => {
    for (const name of ['files', 'python', 'rust', 'typescript', 'javascript']) {
      const doc = await py.lib(name).documentation();
      expect(doc.name).toBe(name);
      expect(doc.source).toBe('built-in');
      for (const f of [...doc.functions, ...doc.checks]) {
        expect(f.description.length, `${name}.${f.name}`).toBeGreaterThan(20);
        expect(f.example, `${name}.${f.name}`).toContain(`${name}.${f.name}(`);
        expect(f.return_type).toMatch(/^(Scope|CheckResult)$/);
        for (const p of f.parameters) expect(p.type).toMatch(/^(string|integer|scope)\??$/);
      }
    }
    const ts = await py.lib('javascript').documentation();
    expect(ts.functions.map((f) => f.name)).toEqual([
      'module_selector',
      'package_selector',
      'class_selector',
      'function_selector',
      'interface_selector',
      'public_functions',
    ]);
  });
});

describe('shared cache and parsing', () => {
  it('parses each file once per cache', async () => {
    const cache = new WorkspaceCache(realpathSync(join(FIXTURES, 'python-shop')));
    const f = join(cache.root, 'src/shop/orders/api.py');
    const a = await cache.factsOf(f);
    const b = (await cache.factsMany([f])).get(f);
    expect(b).toBe(a);
    expect(await cache.walk()).toBe(await cache.walk());
    await cache.dispose();
  });

  it('syntax errors and unreadable input become facts, not crashes', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'hie-broken-')));
    writeFileSync(join(dir, 'broken.py'), 'def f(:\n    import os\nclass\n');
    writeFileSync(join(dir, 'ok.py'), 'import broken\n');
    const w = open(dir);
    const cache = new WorkspaceCache(dir);
    const facts = await cache.factsOf(join(dir, 'broken.py'));
    expect(facts.syntaxErrors).toBeGreaterThan(0);
    const missing = await cache.factsOf(join(dir, 'gone.py'));
    expect(missing.error).toContain('cannot read file');
    const edges = await w.provider('python').dependencies([join(dir, 'ok.py'), join(dir, 'broken.py')], w.ctx);
    expect(edges.find((e) => e.specifier === 'broken')?.to).toBe(join(dir, 'broken.py'));
    await cache.dispose();
    await w.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const distPool = join(__dirname, '..', '..', '..', 'dist', 'libraries', 'builtin', 'facts', 'pool.js');
  it.skipIf(!existsSync(distPool))(
    'the worker pool (compiled build) gives the same facts as parsing in-thread',
    async () => {
      const mod = (await import(
        pathToFileURL(distPool).href
      )) as typeof import('../../../src/libraries/builtin/facts/pool.js');
      const files = ['src/shop/orders/api.py', 'src/shop/orders/models.py', 'src/shop/payments/gateway.py'].map((f) =>
        join(FIXTURES, 'python-shop', f),
      );
      const jobs = Array.from({ length: 160 }, (_, i) => ({ file: files[i % 3]!, grammar: 'python' as const }));
      const pool = new mod.FactsPool({ size: 2 });
      const viaPool = await pool.extractAll(jobs);
      await pool.dispose();
      const inThread = await Promise.all(files.map((f) => mod.factsInThread(f, 'python')));
      expect(viaPool.length).toBe(160);
      viaPool.forEach((f, i) => expect(f).toEqual(inThread[i % 3]));
    },
  );
});

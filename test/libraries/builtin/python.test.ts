import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, open } from './helpers.js';

const ws = join(FIXTURES, 'python-shop');
const t = open(ws);
afterAll(() => t.dispose());

describe('python selectors', () => {
  it('module_selector resolves dotted names on src/ layout; a package selects all of its files', async () => {
    const s = await t.select('python', 'module_selector', 'shop.orders');
    expect(t.rel(s.paths)).toEqual([
      'src/shop/orders/__init__.py',
      'src/shop/orders/api.py',
      'src/shop/orders/models.py',
    ]);
    expect(s.kind).toEqual({ File: 'shop.orders' });
    expect(s.language).toBe('python');
    expect(s.paths.every((p) => p.startsWith(ws))).toBe(true);
  });

  it('module_selector of a module selects exactly that file (no stem/substring matches)', async () => {
    const s = await t.select('python', 'module_selector', 'shop.orders.api');
    expect(t.rel(s.paths)).toEqual(['src/shop/orders/api.py']);
    // original: 'api' matched every api.py and every __init__.py whose path contains "api" (rapid/)
    const single = await t.select('python', 'module_selector', 'api');
    expect(single.paths).toEqual([]);
    const tests = await t.select('python', 'module_selector', 'tests.api');
    expect(t.rel(tests.paths)).toEqual(['tests/api.py']);
  });

  it('package_selector selects packages only', async () => {
    expect(t.rel((await t.select('python', 'package_selector', 'shop.payments')).paths)).toEqual([
      'src/shop/payments/__init__.py',
      'src/shop/payments/gateway.py',
    ]);
    expect((await t.select('python', 'package_selector', 'shop.orders.api')).paths).toEqual([]);
  });

  it('class_selector finds `class C :` and PEP 695 `class C[T]:` with locations', async () => {
    const order = await t.select('python', 'class_selector', 'Order');
    expect(t.rel(order.paths)).toEqual(['src/shop/orders/models.py']);
    expect(order.kind).toEqual({ File: 'class:Order' });
    expect(order.symbols?.[0]).toMatchObject({ name: 'Order', symbolKind: 'class', line: 4, column: 7 });
    const generic = await t.select('python', 'class_selector', 'OrderLine');
    expect(t.rel(generic.paths)).toEqual(['src/shop/orders/models.py']);
  });

  it('function_selector finds `def f (x)` and methods, never text in strings or comments', async () => {
    const v = await t.select('python', 'function_selector', 'validate');
    expect(v.symbols?.map((s) => s.symbolKind)).toEqual(['method']);
    expect(v.kind).toEqual({ File: 'fn:validate' });
    const none = await t.select('python', 'function_selector', 'subprocess');
    expect(none.paths).toEqual([]);
  });

  it('accepts a scope as first argument to restrict symbol selectors', async () => {
    const payments = await t.select('python', 'package_selector', 'shop.payments');
    const inPayments = await t.select('python', 'function_selector', payments, 'charge');
    expect(t.rel(inPayments.paths)).toEqual(['src/shop/payments/gateway.py']);
    const api = await t.select('python', 'module_selector', 'shop.orders.api');
    expect((await t.select('python', 'function_selector', api, 'charge')).paths).toEqual([]);
  });

  it('public_functions follows __all__ and the underscore convention', async () => {
    const api = await t.select('python', 'module_selector', 'shop.orders.api');
    const pub = await t.select('python', 'public_functions', api);
    expect(pub.symbols?.map((s) => s.name)).toEqual(['get_order', 'list_orders', 'total']);
    const pay = await t.select('python', 'package_selector', 'shop.payments');
    const pubPay = await t.select('python', 'public_functions', pay);
    // __init__ declares __all__ = ["charge"] but defines nothing; gateway defines charge
    expect(pubPay.symbols?.map((s) => s.name)).toEqual(['charge']);
  });
});

describe('python imports (cases the original regexes got wrong)', () => {
  it('comments and docstrings are not imports', async () => {
    const api = await t.select('python', 'module_selector', 'shop.orders.api');
    expect((await t.check('python', 'imports', api, 'os')).status).toBe('fail');
    expect((await t.check('python', 'imports', api, 'subprocess')).status).toBe('fail');
  });

  it('`import a, b` imports b; aliases count', async () => {
    const api = await t.select('python', 'module_selector', 'shop.orders.api');
    expect((await t.check('python', 'imports', api, 'logging')).status).toBe('pass');
    expect((await t.check('python', 'imports', api, 'json')).status).toBe('pass');
  });

  it('relative imports are resolved to absolute names', async () => {
    const api = await t.select('python', 'module_selector', 'shop.orders.api');
    expect((await t.check('python', 'imports', api, 'shop.orders.models')).status).toBe('pass');
    expect((await t.check('python', 'imports', api, 'shop.payments')).status).toBe('pass');
    // `from .models import X` does not import a top-level module called `models`
    expect((await t.check('python', 'imports', api, 'models')).status).toBe('fail');
  });

  it('no_import reports the offending statements with locations', async () => {
    const gw = await t.select('python', 'module_selector', 'shop.payments.gateway');
    const r = await t.check('python', 'no_import', gw, 'numpy');
    expect(r.status).toBe('fail');
    if (r.status !== 'fail') return;
    expect(r.locations?.[0]).toMatchObject({ file: join(ws, 'src/shop/payments/gateway.py'), line: 1, column: 8 });
    expect((await t.check('python', 'no_import', gw, 'num')).status).toBe('pass');
  });

  it("no_import and imports read each file of a scope once, in the scope's order, also when a scope repeats one", async () => {
    const shop = await t.select('python', 'package_selector', 'shop');
    const once = await t.check('python', 'no_import', shop, 'shop');
    expect(once.status).toBe('fail');
    // a scope as another library may hand one over: unsorted, a file twice
    const repeated = { ...shop, paths: [...shop.paths].reverse().flatMap((p) => [p, p]) };
    const twice = await t.check('python', 'no_import', repeated, 'shop');
    if (once.status !== 'fail' || twice.status !== 'fail') throw new Error('expected failures');
    const files = [...new Set(repeated.paths)];
    const byFile = (ls: { file: string }[]) => files.flatMap((f) => ls.filter((l) => l.file === f));
    expect(twice.locations).toHaveLength(once.locations!.length);
    expect(twice.locations).toEqual(byFile(once.locations!));
    expect((await t.check('python', 'imports', repeated, 'shop')).status).toBe('pass');
    expect((await t.check('python', 'imports', repeated, 'numpyx')).status).toBe('fail');
  });
});

describe('python types and calls', () => {
  it('returns_type matches identifiers in annotations, not substrings', async () => {
    const api = await t.select('python', 'module_selector', 'shop.orders.api');
    expect((await t.check('python', 'returns_type', api, 'Order')).status).toBe('pass');
    // `-> "SuperUserList"` is a string annotation, and `User` is only a substring of it
    expect((await t.check('python', 'returns_type', api, 'User')).status).toBe('fail');
  });

  it('function_returns_type reads the annotation, not the body', async () => {
    const models = await t.select('python', 'module_selector', 'shop.orders.models');
    // def make_order(x) -> None: return Order(x) — the original passed because `Order` is in the body
    expect((await t.check('python', 'function_returns_type', models, 'make_order', 'Order')).status).toBe('fail');
    const api = await t.select('python', 'module_selector', 'shop.orders.api');
    expect((await t.check('python', 'function_returns_type', api, 'list_orders', 'Order')).status).toBe('pass');
    const missing = await t.check('python', 'function_returns_type', api, 'nope', 'Order');
    expect(missing).toMatchObject({ status: 'fail', message: expect.stringContaining("Function 'nope' not found") });
  });

  it('calls ignores definitions; calls_function sees through aliases and from-imports', async () => {
    const models = await t.select('python', 'module_selector', 'shop.orders.models');
    // `def validate (self)` is a definition, not a call
    expect((await t.check('python', 'calls', models, 'validate')).status).toBe('fail');
    expect((await t.check('python', 'calls', models, 'Order')).status).toBe('pass');
    const gw = await t.select('python', 'module_selector', 'shop.payments.gateway');
    expect((await t.check('python', 'calls_function', gw, 'numpy', 'array')).status).toBe('pass');
    expect((await t.check('python', 'calls_function', gw, 'shop.orders.api', 'get_order')).status).toBe('pass');
    const api = await t.select('python', 'module_selector', 'shop.orders.api');
    expect((await t.check('python', 'calls_function', api, 'shop.payments.gateway', 'charge')).status).toBe('pass');
    expect((await t.check('python', 'calls_function', api, 'json', 'loads')).status).toBe('fail');
  });

  it('calls_scope needs a real call of something defined in the target', async () => {
    const api = await t.select('python', 'module_selector', 'shop.orders.api');
    const models = await t.select('python', 'module_selector', 'shop.orders.models');
    const rapid = await t.select('python', 'package_selector', 'shop.rapid');
    expect((await t.check('python', 'calls_scope', api, models)).status).toBe('pass');
    expect((await t.check('python', 'calls_scope', api, rapid)).status).toBe('fail');
  });
});

describe('python structure checks', () => {
  it('class_exists / function_exists, optionally within a scope', async () => {
    expect((await t.check('python', 'class_exists', 'Order')).status).toBe('pass');
    expect((await t.check('python', 'class_exists', 'NotAClass')).status).toBe('fail');
    const rapid = await t.select('python', 'package_selector', 'shop.rapid');
    expect((await t.check('python', 'function_exists', rapid, 'fast')).status).toBe('pass');
    expect((await t.check('python', 'function_exists', rapid, 'charge')).status).toBe('fail');
  });

  it('has_tests and has_docs', async () => {
    const tests = await t.select('files', 'folder_selector', 'tests');
    expect((await t.check('python', 'has_tests', tests)).status).toBe('pass');
    const src = await t.select('python', 'package_selector', 'shop.orders');
    expect((await t.check('python', 'has_tests', src)).status).toBe('fail');
    expect((await t.check('python', 'has_docs', src)).status).toBe('pass');
    const rapid = await t.select('python', 'package_selector', 'shop.rapid');
    // a comment is not a docstring
    expect((await t.check('python', 'has_docs', rapid)).status).toBe('fail');
  });
});

describe('python dependencies', () => {
  it('edges carry resolved absolute targets; third-party imports have none', async () => {
    const api = join(ws, 'src/shop/orders/api.py');
    const edges = await t.provider('python').dependencies([api], t.ctx);
    const byTarget = edges.map((e) => [e.specifier, e.to ? t.rel([e.to])[0] : undefined, e.line]);
    expect(byTarget).toEqual([
      ['json', undefined, 6],
      ['logging', undefined, 6],
      ['.models', 'src/shop/orders/models.py', 7],
      ['..payments.gateway', 'src/shop/payments/gateway.py', 8],
      ['shop.payments.gateway', 'src/shop/payments/gateway.py', 9],
    ]);
    expect(t.provider('python').handles('x.py')).toBe(true);
    expect(t.provider('python').handles('x.rs')).toBe(false);
  });

  it('depends_on / no_dependency', async () => {
    const orders = await t.select('python', 'package_selector', 'shop.orders');
    const payments = await t.select('python', 'package_selector', 'shop.payments');
    const rapid = await t.select('python', 'package_selector', 'shop.rapid');
    expect((await t.check('python', 'depends_on', orders, payments)).status).toBe('pass');
    expect((await t.check('python', 'depends_on', orders, rapid)).status).toBe('fail');
    const r = await t.check('python', 'no_dependency', orders, payments);
    expect(r.status).toBe('fail');
    if (r.status === 'fail') expect(r.locations?.map((l) => l.line)).toEqual([8, 9]);
    expect((await t.check('python', 'no_dependency', rapid, orders)).status).toBe('pass');
  });

  it('no_circular_dependencies finds the api ↔ gateway cycle', async () => {
    const shop = await t.select('python', 'package_selector', 'shop');
    const r = await t.check('python', 'no_circular_dependencies', shop);
    expect(r.status).toBe('fail');
    if (r.status !== 'fail') return;
    expect(r.message).toMatch(
      /src\/shop\/orders\/api\.py:\d+ → src\/shop\/payments\/gateway\.py:\d+ → src\/shop\/orders\/api\.py/,
    );
    expect(r.locations?.length).toBe(2);
    const orders = await t.select('python', 'package_selector', 'shop.orders');
    expect((await t.check('python', 'no_circular_dependencies', orders)).status).toBe('pass');
  });
});

describe('python file discovery', () => {
  it(
    'a package named build/dist is visible; virtualenvs (pyvenv.cfg), caches and *.egg-info are skipped; a plain ' +
      'venv package is not',
    async () => {
      const { mkdtempSync, mkdirSync, writeFileSync, realpathSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const dir = realpathSync(mkdtempSync(join(tmpdir(), 'hie-py-')));
      for (const [f, text] of [
        ['build/__init__.py', 'def assemble():\n    return 1\n'],
        ['app.py', 'from build import assemble\n'],
        ['.venv/lib/site.py', 'def assemble():\n    pass\n'],
        ['.venv/pyvenv.cfg', 'home = /usr/bin\n'],
        ['env2/pyvenv.cfg', 'home = /usr/bin\n'],
        ['env2/lib/x.py', 'def assemble():\n    pass\n'],
        ['venv/__init__.py', 'def create():\n    pass\n'],
        ['pkg.egg-info/meta.py', 'def assemble():\n    pass\n'],
        ['__pycache__/x.py', 'def assemble():\n    pass\n'],
        ['ns/a.py', 'from . import b\n'],
        ['ns/b.py', ''],
      ] as const) {
        mkdirSync(join(dir, f, '..'), { recursive: true });
        writeFileSync(join(dir, f), text);
      }
      const w = open(dir);
      const s = await w.select('python', 'function_selector', 'assemble');
      expect(w.rel(s.paths)).toEqual(['build/__init__.py']);
      // the standard library's own `venv` package has no pyvenv.cfg: it is code like any other
      expect(w.rel((await w.select('python', 'function_selector', 'create')).paths)).toEqual(['venv/__init__.py']);
      const app = await w.select('python', 'module_selector', 'app');
      const build = await w.select('python', 'package_selector', 'build');
      expect((await w.check('python', 'depends_on', app, build)).status).toBe('pass');
      // `from . import b` inside a namespace package (no __init__.py)
      const nsEdges = await w.provider('python').dependencies([join(dir, 'ns/a.py')], w.ctx);
      expect(nsEdges.map((e) => [e.specifier, e.to])).toEqual([['.b', join(dir, 'ns/b.py')]]);
      const nsA = await w.select('python', 'module_selector', 'ns.a');
      expect((await w.check('python', 'imports', nsA, 'ns.b')).status).toBe('pass');
      await w.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  );
});

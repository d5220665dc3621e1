import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { int, list, scopeValue, str, type Library, type Scope, type Value } from '../../../src/libraries/types.js';
import { nodeConfig, open, ROOT } from './helpers.js';

const PLUGINS = path.join(ROOT, 'examples/plugins');
let ws: string;
const conventions = () => libs.conventions!;
const packagejson = () => libs.packagejson!;
const libs: { conventions?: Library; packagejson?: Library } = {};

function write(rel: string, content: string) {
  const file = path.join(ws, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

const scopeOf = (v: Value): Scope => {
  if (v.type !== 'scope') throw new Error(`expected a scope, got ${v.type}`);
  return v.scope;
};
const filesScope = (...rels: string[]): Value =>
  scopeValue({ kind: { Glob: 'test' }, paths: rels.map((r) => path.join(ws, r)), resolved: true });

beforeAll(() => {
  ws = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'hie-plugins-')));
  write('src/order_service.py', '# SPDX: MIT\nline2\nline3\n'); // 3 lines
  write('src/BadName.py', '# SPDX: MIT\na\nb\nc'); // 4 lines (last without newline)
  write('src/__init__.py', ''); // 0 lines
  write('src/deep/x_y.py', 'no header\n');
  write('src/notes.txt', 'x\n');
  write('node_modules/dep/index.py', 'ignored\n');
  write('.git/hooks/h.py', 'ignored\n');
  symlinkSync(path.join(ws, 'src/order_service.py'), path.join(ws, 'src/link.py'));
  write(
    'package.json',
    JSON.stringify(
      {
        name: 'root',
        license: 'MIT',
        engines: { node: '>=20' },
        scripts: { test: 'x' },
        devDependencies: { 'left-pad': '1' },
      },
      null,
      2,
    ),
  );
  write(
    'packages/a/package.json',
    JSON.stringify({ name: 'a', license: 'Apache-2.0', engines: { node: '^16 || >=18' } }, null, 2),
  );
  write('node_modules/dep/package.json', '{"name":"dep"}');
  libs.conventions = open(
    nodeConfig('', {
      name: 'conventions',
      executable: 'python3',
      args: [path.join(PLUGINS, 'python/conventions_plugin.py')],
    }),
  ).lib;
  libs.packagejson = open(
    nodeConfig('', { name: 'packagejson', args: [path.join(PLUGINS, 'node/packagejson_plugin.mjs')] }),
  ).lib;
});

afterAll(async () => {
  await Promise.all(Object.values(libs).map((l) => l.dispose()));
  rmSync(ws, { recursive: true, force: true });
});

const ctx = () => ({ workspace: ws });

describe('example plugin: conventions (Python)', () => {
  it('files_with_extension walks sorted, skips .git, node_modules and symlinks, accepts a leading dot', async () => {
    const s = scopeOf(await conventions().call('files_with_extension', [str('py')], ctx()));
    expect(s.kind).toEqual({ Glob: '**/*.py' });
    expect(s.resolved).toBe(true);
    expect(s.paths).toEqual(
      ['src/BadName.py', 'src/__init__.py', 'src/deep/x_y.py', 'src/order_service.py'].map((p) => path.join(ws, p)),
    );
    const t = scopeOf(await conventions().call('files_with_extension', [str('.txt')], ctx()));
    expect(t.paths).toEqual([path.join(ws, 'src/notes.txt')]);
  });

  it('max_lines counts newline-terminated lines plus an unterminated last line', async () => {
    const c = conventions();
    expect(
      await c.check(
        'max_lines',
        [filesScope('src/BadName.py', 'src/order_service.py', 'src/__init__.py'), int(4)],
        ctx(),
      ),
    ).toEqual({ status: 'pass' });
    expect(
      await c.check(
        'max_lines',
        [filesScope('src/BadName.py', 'src/order_service.py', 'src/__init__.py'), int(2)],
        ctx(),
      ),
    ).toEqual({
      status: 'fail',
      message: '2 file(s) longer than 2 lines: src/BadName.py (4), src/order_service.py (3)',
      locations: [
        { file: path.join(ws, 'src/BadName.py'), line: 3, message: '4 lines, more than 2' },
        { file: path.join(ws, 'src/order_service.py'), line: 3, message: '3 lines, more than 2' },
      ],
    });
  });

  it('filename_case checks the name up to its first dot', async () => {
    const c = conventions();
    const all = filesScope('src/BadName.py', 'src/order_service.py', 'src/__init__.py', 'src/deep/x_y.py');
    const r = await c.check('filename_case', [all, str('snake')], ctx());
    expect(r).toMatchObject({ status: 'fail', message: '1 file name(s) not in snake case: src/BadName.py' });
    expect(await c.check('filename_case', [filesScope('src/BadName.py'), str('pascal')], ctx())).toEqual({
      status: 'pass',
    });
    expect(await c.check('filename_case', [all, str('shouting')], ctx())).toEqual({
      status: 'error',
      message: 'unknown style "shouting"; expected snake, kebab, camel or pascal',
    });
  });

  it('has_header compares the first bytes', async () => {
    const r = await conventions().check(
      'has_header',
      [filesScope('src/order_service.py', 'src/deep/x_y.py', 'src/__init__.py'), str('# SPDX')],
      ctx(),
    );
    expect(r).toMatchObject({
      status: 'fail',
      message: '2 file(s) do not start with "# SPDX": src/deep/x_y.py, src/__init__.py',
    });
  });

  it('keeps the functions of the original sample plugin', async () => {
    const c = conventions();
    expect(await c.check('always_pass', [], ctx())).toEqual({ status: 'pass' });
    expect(await c.check('always_fail', [], ctx())).toEqual({ status: 'fail', message: 'Always fails' });
    expect(await c.check('always_fail', [str('custom message')], ctx())).toEqual({
      status: 'fail',
      message: 'custom message',
    });
    const src = await c.call('simple_selector', [str('src/deep')], ctx());
    expect(scopeOf(src)).toEqual({
      kind: { Folder: 'src/deep' },
      paths: [path.join(ws, 'src/deep/x_y.py')],
      resolved: true,
    });
    expect(await c.check('file_count_check', [src, int(1)], ctx())).toEqual({ status: 'pass' });
    expect(await c.check('file_count_check', [filesScope('a', 'b'), int(1)], ctx())).toEqual({
      status: 'fail',
      message: 'Too many files: 2 > 1',
    });
    expect(await c.check('file_count_check', [str('x')], ctx())).toEqual({
      status: 'error',
      message: 'First argument must be a scope',
    });
  });

  it('bad arguments and unknown functions are JSON-RPC errors', async () => {
    await expect(conventions().check('max_lines', [filesScope(), str('ten')], ctx())).rejects.toMatchObject({
      code: 'E530',
      message: 'argument 2 (n) must be an integer, got {"String": "ten"}',
    });
    await expect(conventions().check('nope', [], ctx())).rejects.toMatchObject({
      code: 'E530',
      message: 'Unknown check: conventions.nope',
    });
  });

  it('documents itself through library.doc', async () => {
    const doc = await conventions().documentation();
    expect(doc.name).toBe('conventions');
    expect(doc.version).toBe('1.0.0');
    expect(doc.functions.map((f) => f.name)).toEqual(['files_with_extension', 'simple_selector']);
    expect(doc.checks.map((f) => f.name)).toEqual([
      'max_lines',
      'filename_case',
      'has_header',
      'always_pass',
      'always_fail',
      'file_count_check',
    ]);
    expect(doc.checks[0]!.parameters).toEqual([
      { name: 'scope', type: 'Scope', description: 'files to check' },
      { name: 'n', type: 'integer', description: 'largest allowed line count' },
    ]);
    expect(doc.source).toMatch(/^external: python3 .*conventions_plugin\.py$/);
  });

  it('round-trips every value shape through the codec', async () => {
    const { lib } = open(nodeConfig('sequential.py', { executable: 'python3' }));
    try {
      const values: Value[] = [
        str('ü "quoted"\n'),
        int(-(2n ** 63n)),
        { type: 'float', value: 2.5 },
        { type: 'bool', value: true },
        { type: 'null' },
        list([int(1), list([str('x')])]),
        filesScope('a.py'),
      ];
      const echoed = await lib.call('echo', values, ctx());
      expect(echoed).toEqual(list([...values, str(ws)]));
    } finally {
      await lib.dispose();
    }
  });
});

describe('example plugin: packagejson (Node)', () => {
  it('packages() selects every package.json outside node_modules, sorted', async () => {
    const s = scopeOf(await packagejson().call('packages', [], ctx()));
    expect(s.paths).toEqual([path.join(ws, 'package.json'), path.join(ws, 'packages/a/package.json')]);
  });

  it('checks scripts, licenses, engines and dependencies with locations', async () => {
    const p = packagejson();
    const r = await p.check('has_script', [str('test')], ctx());
    expect(r).toMatchObject({
      status: 'fail',
      message: 'has_script: 1 of 2 package.json file(s) fail: packages/a/package.json (no "test" script)',
    });
    expect(await p.check('has_script', [filesScope('package.json'), str('test')], ctx())).toEqual({ status: 'pass' });
    expect(await p.check('license_is', [str('MIT')], ctx())).toMatchObject({
      status: 'fail',
      message: 'license_is: 1 of 2 package.json file(s) fail: packages/a/package.json (license is "Apache-2.0")',
      locations: [{ file: path.join(ws, 'packages/a/package.json'), line: 3 }],
    });
    expect(await p.check('engines_node_at_least', [int(18)], ctx())).toMatchObject({
      status: 'fail',
      message:
        'engines_node_at_least: 1 of 2 package.json file(s) fail: packages/a/package.json (engines.node "^16 || ' +
        '>=18" admits Node 16)',
    });
    expect(await p.check('engines_node_at_least', [int(16)], ctx())).toEqual({ status: 'pass' });
    expect(await p.check('no_dependency', [str('left-pad')], ctx())).toMatchObject({
      status: 'fail',
      message:
        'no_dependency: 1 of 2 package.json file(s) fail: package.json (depends on "left-pad" in devDependencies)',
    });
    expect(await p.check('no_dependency', [str('react')], ctx())).toEqual({ status: 'pass' });
  });

  it('reports bad arguments as errors', async () => {
    await expect(packagejson().check('engines_node_at_least', [str('x')], ctx())).rejects.toMatchObject({
      code: 'E530',
    });
  });
});

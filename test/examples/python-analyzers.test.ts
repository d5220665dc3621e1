/**
 * The Python analyzer three ways — the built-in `python` library, its WebAssembly build
 * (examples/wasm/python-analyzer, built from source by scripts/build-fixtures.mjs) and its
 * external process (examples/plugins/python-analyzer, Python's `ast`):
 * - the same questions on a fixture tree full of traps (imports in strings, comments, f-strings,
 *   one-line bodies, continuations, namespace packages, stubs, ignored folders) get the same
 *   answers from all three, and the answers are the right ones;
 * - the real CLI runs the example spec (examples/python-analyzers) through all three, on the
 *   example and on a copy that breaks its layering.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, Library, Value } from '../../src/libraries/types.js';
import { inspectModule } from '../../src/libraries/wasm/module-info.js';

const root = join(import.meta.dirname, '..', '..');
const fixture = join(root, 'test', 'fixtures', 'python-analyzers');
const example = join(root, 'examples', 'python-analyzers');
const run = promisify(execFile);

interface BuildScript {
  toolchainProblem(): string | undefined;
  outputs(root: string): { python: string };
}
interface Analyzers {
  loadAnalyzers(
    root: string,
    workspace: string,
  ): Promise<{ libs: Record<'builtin' | 'wasm' | 'external', Library>; dispose(): Promise<void> }>;
  questions(workspace: string): { files: string[]; questions: { kind: string; fn: string; args: Value[] }[] };
  compareAnswers(
    libs: Record<string, Library>,
    qs: unknown[],
    workspace: string,
  ): Promise<{ questions: number; counts: Record<string, number>; differences: unknown[] }>;
}

const build = (await import(join(root, 'scripts', 'fixtures', 'rust-wasm.mjs'))) as BuildScript;
const analyzers = (await import(join(root, 'scripts', 'lib', 'python-analyzers.mjs'))) as Analyzers;
const wasm = build.outputs(root).python;
const reason =
  build.toolchainProblem() ??
  (existsSync(wasm) ? undefined : `${wasm} is missing: run \`node scripts/build-fixtures.mjs\` (npm test does)`);
if (reason) console.warn(`skipping the Python analyzer comparison: ${reason}`);

const str = (value: string): Value => ({ type: 'string', value });
const fileScope = (rel: string): Value => ({
  type: 'scope',
  scope: { kind: { File: rel }, paths: [join(fixture, rel)], resolved: true },
});

describe.skipIf(reason !== undefined)('Python analyzers: built-in, WebAssembly and external', () => {
  let loaded: Awaited<ReturnType<Analyzers['loadAnalyzers']>>;
  beforeAll(async () => {
    loaded = await analyzers.loadAnalyzers(root, fixture);
  });
  afterAll(async () => loaded?.dispose());

  it('answer every generated question about the fixture tree identically', async () => {
    const { files, questions } = analyzers.questions(fixture);
    expect(files.length).toBeGreaterThan(10);
    const r = await analyzers.compareAnswers(loaded.libs, questions, fixture);
    expect(r.differences).toEqual([]);
    // the questions are not trivial: many pass, many fail, scopes and argument errors
    expect(r.questions).toBeGreaterThan(500);
    expect(r.counts.pass).toBeGreaterThan(100);
    expect(r.counts.fail).toBeGreaterThan(100);
    expect(r.counts.scope).toBeGreaterThan(100);
    expect(r.counts.error).toBeGreaterThanOrEqual(5);
  });

  /** The same check through all three libraries; returns the built-in's answer after comparing. */
  async function same(fn: string, args: Value[]): Promise<CheckResult> {
    const ctx = { workspace: fixture };
    const [b, w, e] = await Promise.all([
      loaded.libs.builtin.check(fn, args, ctx),
      loaded.libs.wasm.check(fn, args, ctx),
      loaded.libs.external.check(fn, args, ctx),
    ]);
    expect(w).toEqual(b);
    expect(e).toEqual(b);
    return b;
  }

  it('is a module with bounded memory and tables that reads and lists files only through the host', () => {
    const info = inspectModule(readFileSync(wasm));
    expect(info.definedMemories).toBe(0);
    const memory = info.imports.find((i) => i.kind === 'memory');
    expect(memory?.limits?.maximum).toBe(4096); // 256 MiB
    expect(info.tables.length).toBeGreaterThan(0);
    for (const t of info.tables) expect(t.maximum).toBe(t.minimum);
    expect(
      info.imports
        .filter((i) => i.kind === 'function')
        .map((i) => `${i.module}.${i.name}`)
        .sort(),
    ).toEqual(['hielements.list_directory', 'hielements.log', 'hielements.read_file']);
  });

  it('never count imports or definitions in strings, comments or f-strings', async () => {
    for (const name of ['os', 'sys', 'fake_module', 'z', 'q', 'raw', 'b', 'k', 'commented_out', 'y'])
      expect((await same('imports', [fileScope('src/shop/strings.py'), str(name)])).status).toBe('fail');
    for (const name of ['FakeClass', 'U', 'InF', 'CommentedOut', 'X', 'NotAClass', 'Fake'])
      expect((await same('class_exists', [fileScope('src/shop/strings.py'), str(name)])).status).toBe('fail');
    expect((await same('imports', [fileScope('src/shop/api/app.py'), str('django')])).status).toBe('fail');
    expect((await same('imports', [fileScope('src/shop/api/app.py'), str('requests')])).status).toBe('fail');
    expect((await same('function_exists', [fileScope('src/shop/api/app.py'), str('not_a_function')])).status).toBe(
      'fail',
    );
  });

  it(
    'find imports in one-line bodies, after `;`, across continuations, inside functions and ' + 'match cases',
    async () => {
      for (const [file, name] of [
        ['src/shop/api/app.py', 'pprint'],
        ['src/shop/db/repository.py', 'sqlite3'],
        ['src/shop/db/repository.py', 'os.path'],
        ['src/shop/db/repository.py', 'shop.domain.models'],
        ['src/shop/db/connection.py', 'contextlib'],
        ['src/shop/db/connection.py', 'ujson'],
        ['src/shop/domain/models.py', 'textwrap'],
        ['src/shop/domain/__init__.py', 'shop.api.app'],
      ])
        expect((await same('imports', [fileScope(file), str(name)])).status).toBe('pass');
      // `from __future__ import …` is a compiler directive, not an import
      expect((await same('imports', [fileScope('src/shop/__init__.py'), str('__future__')])).status).toBe('fail');
    },
  );

  it('report each import with its line, UTF-16 column and first line of text', async () => {
    const r = await same('no_import', [fileScope('src/shop/db/connection.py'), str('unicodedata')]);
    // `greeting = "héllo 😀"; import unicodedata`: an `import` part is located at its module name,
    // in UTF-16 units (the emoji counts two)
    expect(r).toMatchObject({ status: 'fail', locations: [{ line: 7, column: 31, message: 'import unicodedata' }] });
    const multi = await same('no_import', [fileScope('src/shop/api/app.py'), str('shop.db')]);
    expect(multi.status === 'fail' && multi.locations?.map((l) => [l.line, l.column, l.message])).toEqual([
      [9, 8, 'import shop.db.repository as repo, json'],
      [10, 1, 'from shop.db import ('],
    ]);
  });

  it('resolve relative, namespace-package and stub imports to the same files', async () => {
    const all: Value = {
      type: 'scope',
      scope: { kind: { Folder: '.' }, paths: analyzers.questions(fixture).files, resolved: true },
    };
    const r = await same('no_dependency', [fileScope('tools/script.py'), all]);
    expect(r.status === 'fail' && r.locations?.map((l) => l.message)).toEqual([
      'shop.api.app → src/shop/api/app.py',
      'shop.db.repository → src/shop/db/repository.py',
      'ns.plugins.extra → ns/plugins/extra.py',
      'legacy.mod → legacy/mod.pyi',
    ]);
    const rel = await same('no_dependency', [fileScope('src/shop/db/repository.py'), all]);
    expect(rel.status === 'fail' && rel.locations?.map((l) => l.message)).toContain('..api → src/shop/api/__init__.py');
  });

  it('leave out git-ignored folders and virtual environments (folders with pyvenv.cfg)', async () => {
    for (const name of ['Generated', 'VirtualEnvOnly'])
      expect((await same('class_exists', [str(name)])).status).toBe('fail');
    for (const name of ['ExtraPlugin', 'VenvNamedPackage'])
      expect((await same('class_exists', [str(name)])).status).toBe('pass');
  });

  it('resolve a from-import of a missing module to its nearest existing parent', async () => {
    const all: Value = {
      type: 'scope',
      scope: { kind: { Folder: '.' }, paths: analyzers.questions(fixture).files, resolved: true },
    };
    const r = await same('no_dependency', [fileScope('tools/venv/__init__.py'), all]);
    expect(r.status === 'fail' && r.locations?.map((l) => l.message)).toEqual([
      'shop.domain.models.sub → src/shop/domain/models.py',
    ]);
    const rel = await same('no_dependency', [fileScope('src/shop/db/repository.py'), all]);
    expect(rel.status === 'fail' && rel.locations?.map((l) => l.message)).toContain(
      '.connection.missing → src/shop/db/connection.py',
    );
  });
});

interface JsonResult {
  element: string;
  check: string;
  status: string;
  message: string | null;
  locations: { file: string; line: number; column: number; message: string }[];
}

async function runSpec(dir: string): Promise<JsonResult[]> {
  let stdout = '';
  try {
    ({ stdout } = await run(
      process.execPath,
      [join(root, 'bin', 'hielements.js'), 'run', join(dir, 'hielements.hie'), '--format', 'json'],
      { cwd: dir },
    ));
  } catch (err) {
    stdout = (err as { stdout: string }).stdout; // a failing check exits with 1
  }
  return (JSON.parse(stdout) as { results: JsonResult[] }).results;
}

/** Results by element, with the library name taken out of the check text. */
function byLibrary(results: JsonResult[]): Record<string, Record<string, Omit<JsonResult, 'element' | 'check'>>> {
  const out: Record<string, Record<string, Omit<JsonResult, 'element' | 'check'>>> = {};
  for (const r of results) {
    const el = r.element.split('.').pop()!;
    (out[el] ??= {})[r.check.replace(/^\w+\./, '')] = { status: r.status, message: r.message, locations: r.locations };
  }
  return out;
}

describe.skipIf(reason !== undefined)('the example spec through the CLI', () => {
  let copy: string;
  beforeAll(() => {
    copy = realpathSync(mkdtempSync(join(tmpdir(), 'hie-pyanalyzers-')));
    cpSync(example, copy, { recursive: true });
    // the example's configuration names the module and plugin relative to the repository
    writeFileSync(
      join(copy, 'hielements.toml'),
      `[libraries.pywasm]\ntype = "wasm"\npath = ${JSON.stringify(wasm)}\n\n[libraries.pyext]\ntype = ` +
        '"external"\nexecutable = "python3"\nargs = ' +
        `[${JSON.stringify(join(root, 'examples', 'plugins', 'python-analyzer', 'python_analyzer.py'))}]\n`,
    );
    // break the layering: storage reaches up into the web layer
    writeFileSync(
      join(copy, 'src', 'library', 'storage', 'cache.py'),
      'from ..web import app\nfrom library.web.app import create_app as make\n',
    );
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('passes every check with each of the three libraries', async () => {
    const results = await runSpec(example);
    expect(results).toHaveLength(24);
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    const lib = byLibrary(results);
    expect(Object.keys(lib)).toEqual(['builtin', 'wasm', 'external']);
    expect(lib.wasm).toEqual(lib.builtin);
    expect(lib.external).toEqual(lib.builtin);
  });

  it('reports the same violations, messages and locations with each of the three', async () => {
    const lib = byLibrary(await runSpec(copy));
    expect(lib.wasm).toEqual(lib.builtin);
    expect(lib.external).toEqual(lib.builtin);
    const broken = lib.builtin!;
    expect(broken["no_import(storage, 'library.web')"]).toMatchObject({
      status: 'fail',
      message:
        "Scope python.package_selector('library.storage') imports 'library.web' but should not (2 imports, first " +
        'src/library/storage/cache.py:1)',
    });
    expect(broken['no_dependency(storage, web)']?.status).toBe('fail');
    expect(broken['no_dependency(storage, web)']?.locations.map((l) => [l.line, l.column, l.message])).toEqual([
      [1, 1, '..web.app → src/library/web/app.py'],
      [2, 1, 'library.web.app → src/library/web/app.py'],
    ]);
  });
});

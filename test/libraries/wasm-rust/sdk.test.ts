/**
 * The Rust SDK's modules through the real WebAssembly host: the import/export surface, the
 * design's example (`module_selector` / `has_tests`), argument validation and error answers.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_FUNCTIONS, REQUIRED_EXPORTS } from '../../../src/libraries/wasm/abi.js';
import { createWasmLibrary } from '../../../src/libraries/wasm/index.js';
import { inspectModule } from '../../../src/libraries/wasm/module-info.js';
import { WA } from '../../../src/libraries/wasm/webassembly.js';
import {
  LibraryError,
  NULL,
  float,
  int,
  list,
  str,
  type CallContext,
  type Library,
  type Scope,
  type Value,
} from '../../../src/libraries/types.js';
import { makeTree, unavailable, wasmConfig, wasmPaths } from './helpers.js';

const reason = unavailable();

describe.skipIf(reason !== undefined)('Rust SDK modules', () => {
  it.each([
    ['rust_files.wasm', () => wasmPaths.files],
    ['modules.wasm', () => wasmPaths.modules],
  ])('%s imports only env.memory and hielements host functions, and exports the ABI', async (_, path) => {
    const bytes = readFileSync(path());
    // The host's own import-section reader (it also sees the memory limits).
    const info = inspectModule(bytes);
    expect(info.definedMemories).toBe(0);
    const memories = info.imports.filter((i) => i.kind === 'memory');
    expect(memories.map((m) => `${m.module}.${m.name}`)).toEqual(['env.memory']);
    expect(memories[0]!.limits?.shared).toBeFalsy();
    for (const i of info.imports.filter((x) => x.kind !== 'memory')) {
      expect(i.kind).toBe('function');
      expect(i.module).toBe('hielements');
      expect(Object.keys(HOST_FUNCTIONS)).toContain(i.name);
    }
    // Reading only: no write_file import unless a library uses it.
    expect(info.imports.map((i) => i.name)).not.toContain('write_file');
    const exports = new Map(WA.Module.exports(await WA.compile(bytes)).map((e) => [e.name, e.kind]));
    for (const [name, kind] of Object.entries(REQUIRED_EXPORTS)) expect(exports.get(name)).toBe(kind);
    expect([...exports.values()]).not.toContain('memory');
  });
});

describe.skipIf(reason !== undefined)('modules example (module_selector / has_tests)', () => {
  let tree: { path: string; cleanup(): void };
  let lib: Library;
  let ctx: CallContext;
  const select = async (path: string) =>
    ((await lib.call('module_selector', [str(path)], ctx)) as { scope: Scope }).scope;

  beforeAll(async () => {
    tree = makeTree();
    ctx = { workspace: tree.path };
    lib = await createWasmLibrary(wasmConfig('modules', wasmPaths.modules), { workspace: tree.path });
  });
  afterAll(async () => {
    await lib?.dispose();
    tree?.cleanup();
  });

  it('describes itself', async () => {
    const doc = await lib.documentation();
    expect(doc.name).toBe('modules');
    expect(doc.functions.map((f) => f.name)).toEqual(['module_selector']);
    expect(doc.checks.map((f) => f.name)).toEqual(['has_tests']);
    expect(doc.functions[0]!.parameters).toEqual([
      { name: 'path', type: 'string', description: 'Module folder relative to the workspace' },
    ]);
    expect(doc.source).toBe(`wasm: ${wasmPaths.modules}`);
  });

  it('module_selector returns a folder scope of every file below the folder', async () => {
    const s = await select('src');
    expect(s.kind).toEqual({ Folder: 'src' });
    expect(s.resolved).toBe(true);
    // No .gitignore handling here (unlike files.folder_selector): ignored files are module files too.
    expect(s.paths.map((p) => p.slice(tree.path.length + 1))).toEqual([
      'src/debug.log',
      'src/helpers/__init__.py',
      'src/helpers/old.bak',
      'src/helpers/text_utils.py',
      'src/keep.log',
      'src/main.py',
      'src/tmp/cache.txt',
      'src/util.py',
    ]);
    expect((await select('nope')).paths).toEqual([]);
    expect((await select('.')).paths.some((p) => p.includes('node_modules') || p.includes('/.git/'))).toBe(false);
  });

  it('has_tests passes on a module with tests and fails with a message otherwise', async () => {
    const tests = await select('tests');
    expect(await lib.check('has_tests', [{ type: 'scope', scope: tests }], ctx)).toEqual({ status: 'pass' });
    const web = await select('web');
    expect(await lib.check('has_tests', [{ type: 'scope', scope: web }], ctx)).toEqual({ status: 'pass' });
    const docs = await select('docs');
    expect(await lib.check('has_tests', [{ type: 'scope', scope: docs }], ctx)).toEqual({
      status: 'fail',
      message: 'Folder("docs") has no test files (2 files looked at)',
    });
  });

  it('answers bad arguments with clear errors, checked against the metadata', async () => {
    const err = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        return e as LibraryError;
      }
      throw new Error('expected an error');
    };
    const missing = await err(lib.call('module_selector', [], ctx));
    expect(missing).toBeInstanceOf(LibraryError);
    expect(missing.code).toBe('E-32602');
    expect(missing.message).toBe(
      "WebAssembly library 'modules', function 'module_selector': modules.module_selector: missing argument 1 " +
        '(path: string)',
    );
    const wrong = await err(lib.call('module_selector', [int(3)], ctx));
    expect(wrong.message).toContain('modules.module_selector: argument 1 (path) must be a string, got integer');
    const extra = await err(lib.call('module_selector', [str('a'), NULL], ctx));
    expect(extra.message).toContain(
      'modules.module_selector: too many arguments (string, null); expected modules.module_selector(path: string)',
    );
    const outside = await err(lib.call('module_selector', [str('../x')], ctx));
    expect(outside.message).toContain("path '../x' must be relative to the workspace and stay inside it");
    // Checks report errors as an error result instead of throwing.
    const r = await lib.check('has_tests', [str('src')], ctx);
    expect(r).toMatchObject({ status: 'error', code: 'E-32602' });
    expect(r.status === 'error' && r.message).toContain(
      'modules.has_tests: argument 1 (scope) must be a scope, got string',
    );
    // A check called as a selector reaches the guest, which says it has no such selector.
    const asSelector = await err(lib.call('has_tests', [], ctx));
    expect(asSelector.code).toBe('E-32601');
    expect(asSelector.message).toContain("unknown function 'has_tests' in library modules");
    // Names missing from the metadata are refused by the host before the guest runs.
    await expect(lib.call('nope', [], ctx)).rejects.toThrow(/unknown selector/);
  });

  it('decodes every value form the host sends without trapping', async () => {
    const values: Value[] = [
      NULL,
      int(2n ** 63n - 1n),
      int(-(2n ** 63n)),
      float(1.5),
      float(Number.NaN),
      list([str('é😀'), list([])]),
      { type: 'bool', value: true },
    ];
    const r = await lib.check('has_tests', values, ctx);
    // One argument is declared; the SDK says so, naming every type it received.
    expect(r.status).toBe('error');
    expect(r.status === 'error' && r.message).toContain('argument 1 (scope) must be a scope, got null');
    // The instance is still healthy afterwards.
    expect((await select('tests')).paths.length).toBe(3);
  });
});

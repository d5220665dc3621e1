/**
 * The Rust WebAssembly build of `files` (examples/wasm/rust-files) against the built-in `files`
 * library: same inputs → same status, message, locations, scope paths and error codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinLibraries } from '../../../src/libraries/builtin/index.js';
import { createWasmLibrary } from '../../../src/libraries/wasm/index.js';
import {
  float,
  int,
  str,
  type CallContext,
  type Library,
  type Scope,
  type Value,
} from '../../../src/libraries/types.js';
import { comparable, makeTree, outcome, unavailable, wasmConfig, wasmPaths } from './helpers.js';

const reason = unavailable();
if (reason) console.warn(`skipping the Rust WebAssembly tests: ${reason}`);

type Arg = string | number | Value | { scope: string };
interface Case {
  fn: string;
  args: Arg[];
}

const sc = (scope: string) => ({ scope });

/** Selector calls: [function, ...args]. */
const calls: Case[] = [
  { fn: 'file_selector', args: ['README.md'] },
  { fn: 'file_selector', args: ['./src/main.py'] },
  { fn: 'file_selector', args: ['src/../README.md'] },
  { fn: 'file_selector', args: ['missing.txt'] },
  { fn: 'file_selector', args: ['src'] },
  { fn: 'file_selector', args: ['src/debug.log'] },
  { fn: 'folder_selector', args: ['src'] },
  { fn: 'folder_selector', args: ['src/'] },
  { fn: 'folder_selector', args: ['.'] },
  { fn: 'folder_selector', args: [''] },
  { fn: 'folder_selector', args: ['src/tmp'] },
  { fn: 'folder_selector', args: ['generated'] },
  { fn: 'folder_selector', args: ['docs'] },
  { fn: 'folder_selector', args: ['sub'] },
  { fn: 'folder_selector', args: ['link-to-src'] },
  { fn: 'folder_selector', args: ['nope'] },
  { fn: 'folder_selector', args: ['empty'] },
  { fn: 'glob_selector', args: ['**/*.py'] },
  { fn: 'glob_selector', args: ['./src/*.py'] },
  { fn: 'glob_selector', args: ['*.md'] },
  { fn: 'glob_selector', args: ['**/*.{ts,md}'] },
  { fn: 'glob_selector', args: ['tests/[th]*.py'] },
  { fn: 'glob_selector', args: ['**/.hidden.py'] },
  { fn: 'glob_selector', args: ['src/**'] },
  { fn: 'glob_selector', args: ['**/*.log'] },
  { fn: 'glob_selector', args: ['web/app.?s'] },
  { fn: 'glob_selector', args: ['weird name \\[1\\].md'] },
  { fn: 'glob_selector', args: ['**/[^t]*.py'] },
  { fn: 'glob_selector', args: ['**/*'] },
  { fn: 'glob_selector', args: ['*/*.md'] },
  { fn: 'glob_selector', args: ['{src,tests}/**/*.py'] },
  { fn: 'glob_selector', args: ['**/sub/**'] },
  { fn: 'glob_selector', args: ['sub/*/d.md'] },
  { fn: 'glob_selector', args: ['**/?.md'] },
  { fn: 'glob_selector', args: ['[a-s]*/**/*.{py,gen}'] },
  { fn: 'glob_selector', args: ['cfg/**'] },
  { fn: 'folder_selector', args: ['cfg'] },
  { fn: 'folder_selector', args: ['cfg/local'] },
  // bad arguments
  { fn: 'file_selector', args: ['/etc/passwd'] },
  { fn: 'folder_selector', args: ['../outside'] },
  { fn: 'glob_selector', args: ['../*.md'] },
  { fn: 'file_selector', args: [42] },
  { fn: 'glob_selector', args: [] },
  { fn: 'folder_selector', args: ['a', 'b'] },
];

/** Scopes the checks use, chosen with the WebAssembly selectors (so both libraries get the same values). */
const scopes: Record<string, Case> = {
  src: { fn: 'folder_selector', args: ['src'] },
  root: { fn: 'folder_selector', args: ['.'] },
  docs: { fn: 'folder_selector', args: ['docs'] },
  tests: { fn: 'folder_selector', args: ['tests'] },
  big: { fn: 'folder_selector', args: ['big'] },
  empty: { fn: 'folder_selector', args: ['empty'] },
  readme: { fn: 'file_selector', args: ['README.md'] },
  main: { fn: 'file_selector', args: ['src/main.py'] },
  py: { fn: 'glob_selector', args: ['**/*.py'] },
  srcPy: { fn: 'glob_selector', args: ['src/**/*.py'] },
  all: { fn: 'glob_selector', args: ['**'] },
  md: { fn: 'glob_selector', args: ['**/*.md'] },
};

const checks: Case[] = [
  { fn: 'exists', args: [sc('src'), 'main.py'] },
  { fn: 'exists', args: [sc('src'), 'helpers/text_utils.py'] },
  { fn: 'exists', args: [sc('src'), 'tmp'] },
  { fn: 'exists', args: [sc('src'), 'nope.py'] },
  { fn: 'exists', args: [sc('src')] },
  { fn: 'exists', args: [sc('readme'), 'README.md'] },
  { fn: 'exists', args: [sc('readme'), 'OTHER.md'] },
  { fn: 'exists', args: [sc('py'), 'util.py'] },
  { fn: 'exists', args: [sc('py'), 'helpers/__init__.py'] },
  { fn: 'exists', args: [sc('py'), 'zzz.py'] },
  { fn: 'exists', args: [sc('src'), '/etc/passwd'] },
  { fn: 'exists', args: [sc('src'), '../../x'] },
  { fn: 'contains', args: [sc('src'), 'text_utils.py'] },
  { fn: 'contains', args: [sc('src'), 'tmp'] },
  { fn: 'contains', args: [sc('src'), 'ain.py'] },
  { fn: 'contains', args: [sc('py'), 'README.md'] },
  { fn: 'contains', args: [sc('main'), 'main.py'] },
  { fn: 'no_files_matching', args: [sc('src'), '**/*.bak'] },
  { fn: 'no_files_matching', args: [sc('src'), '*.bak'] },
  { fn: 'no_files_matching', args: [sc('root'), '**/*.log'] },
  { fn: 'no_files_matching', args: [sc('root'), '**/tmp'] },
  { fn: 'no_files_matching', args: [sc('root'), '**'] },
  { fn: 'no_files_matching', args: [sc('srcPy'), 'helpers'] },
  { fn: 'no_files_matching', args: [sc('md'), '**/*.md'] },
  { fn: 'no_files_matching', args: [sc('main'), '*.py'] },
  { fn: 'max_size', args: [sc('all'), 1000] },
  { fn: 'max_size', args: [sc('src'), 100_000] },
  { fn: 'max_size', args: [sc('src'), 10] },
  { fn: 'max_size', args: [sc('src'), -1] },
  { fn: 'max_size', args: [sc('src'), 'big'] },
  { fn: 'max_size', args: ['src', 1] },
  { fn: 'matches_pattern', args: [sc('tests'), 'test_*.py'] },
  { fn: 'matches_pattern', args: [sc('srcPy'), 'src/**/*.py'] },
  { fn: 'matches_pattern', args: [sc('all'), '*.{py,md}'] },
  { fn: 'matches_pattern', args: [sc('py'), '[a-z]*.py'] },
  { fn: 'file_count', args: [sc('src'), 1, 3] },
  { fn: 'file_count', args: [sc('src'), 100] },
  { fn: 'file_count', args: [sc('readme'), 1] },
  { fn: 'file_count', args: [sc('readme'), 2] },
  { fn: 'file_count', args: [sc('src'), 1] },
  { fn: 'file_count', args: [sc('src'), -1] },
  { fn: 'file_count', args: [sc('src'), 1, -2] },
  { fn: 'file_count', args: [sc('empty'), 0] },
  { fn: 'max_files', args: [sc('src'), 2] },
  { fn: 'max_files', args: [sc('src'), 100] },
  { fn: 'max_files', args: [sc('src'), float(5.9)] },
  { fn: 'max_files', args: [sc('src'), 1, 2] },
  { fn: 'max_files', args: [sc('src')] },
  { fn: 'contains_text', args: [sc('readme'), 'License'] },
  { fn: 'contains_text', args: [sc('src'), 'zzz'] },
  { fn: 'contains_text', args: [sc('src'), 'héllo 😀'] },
  { fn: 'not_contains_text', args: [sc('src'), 'TODO'] },
  { fn: 'not_contains_text', args: [sc('root'), 'o'] },
  { fn: 'not_contains_text', args: [sc('docs'), 'zzz'] },
  { fn: 'not_contains_text', args: [sc('src'), ''] },
  { fn: 'not_contains_text', args: [sc('empty'), 'x'] },
];

const show = (c: Case) =>
  `${c.fn}(${c.args.map((a) => (typeof a === 'object' && 'scope' in a ? a.scope : JSON.stringify(a))).join(', ')})`;

describe.skipIf(reason !== undefined)(
  'rust-files (WebAssembly) gives the same results as the built-in files library',
  () => {
    let tree: { path: string; cleanup(): void };
    let builtin: Library[];
    let builtinFiles: Library;
    let wasm: Library;
    let ctx: CallContext;
    const scopeValues = new Map<string, Value>();

    const toValue = (a: Arg): Value => {
      if (typeof a === 'string') return str(a);
      if (typeof a === 'number') return int(a);
      if ('scope' in a && typeof a.scope === 'string') return scopeValues.get(a.scope)!;
      return a as Value;
    };

    beforeAll(async () => {
      tree = makeTree();
      ctx = { workspace: tree.path };
      builtin = createBuiltinLibraries({ workspace: tree.path });
      builtinFiles = builtin.find((l) => l.name === 'files')!;
      wasm = await createWasmLibrary(wasmConfig('rfiles', wasmPaths.files), { workspace: tree.path });
      for (const [name, c] of Object.entries(scopes))
        scopeValues.set(name, await wasm.call(c.fn, c.args.map(toValue), ctx));
    });

    afterAll(async () => {
      await wasm?.dispose();
      await Promise.all((builtin ?? []).map((l) => l.dispose()));
      tree?.cleanup();
    });

    it('selects non-trivial scopes for the checks', () => {
      const paths = (n: string) =>
        (scopeValues.get(n) as { scope: Scope }).scope.paths.map((p) => p.slice(tree.path.length + 1));
      expect(paths('src')).toEqual([
        'src/helpers/__init__.py',
        'src/helpers/old.bak',
        'src/helpers/text_utils.py',
        'src/keep.log',
        'src/main.py',
        'src/util.py',
      ]);
      expect(paths('md')).toEqual([
        'README.md',
        'docs/generated/api.md',
        'docs/guide.md',
        'sub/b.md',
        'sub/deep/d.md',
        'weird name [1].md',
      ]);
      expect(paths('empty')).toEqual([]);
    });

    it.each(calls.map((c) => [show(c), c] as const))('selector %s', async (_, c) => {
      const args = c.args.map(toValue);
      const expected = await outcome(() => builtinFiles.call(c.fn, args, ctx));
      const actual = await outcome(() => wasm.call(c.fn, args, ctx));
      expect(comparable(actual)).toEqual(comparable(expected));
    });

    it.each(checks.map((c) => [show(c), c] as const))('check %s', async (_, c) => {
      const args = c.args.map(toValue);
      const expected = await outcome(() => builtinFiles.check(c.fn, args, ctx));
      const actual = await outcome(() => wasm.check(c.fn, args, ctx));
      expect(comparable(actual)).toEqual(comparable(expected));
    });

    it('covers passes, failures and errors', async () => {
      const statuses = new Set<string>();
      for (const c of checks) {
        const o = await outcome(() => wasm.check(c.fn, c.args.map(toValue), ctx));
        statuses.add('check' in o ? o.check.status : 'error');
      }
      expect([...statuses].sort()).toEqual(['error', 'fail', 'pass']);
    });

    it('documents the same functions, parameters and examples', async () => {
      const strip = (d: Awaited<ReturnType<Library['documentation']>>) => ({
        functions: d.functions.map((f) => ({ ...f, description: f.description })),
        checks: d.checks,
      });
      const b = await builtinFiles.documentation();
      const w = await wasm.documentation();
      expect(w.name).toBe('files');
      expect(strip(w)).toEqual(strip(b));
      // The Rust SDK's Metadata::capabilities reaches the host.
      expect(w.declared_capabilities).toEqual(['file_read']);
    });
  },
);

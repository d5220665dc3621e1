/**
 * Helpers for the Rust WebAssembly library tests. The modules are built from source by
 * scripts/fixtures/rust-wasm.mjs (run by `npm test`); without Debian's rustc and its wasm32
 * standard library the tests skip and say why.
 */
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { WasmLibraryConfig } from '../../../src/config/types.js';
import { LibraryError, type CheckResult, type Value } from '../../../src/libraries/types.js';

export const root = join(import.meta.dirname, '..', '..', '..');

interface BuildScript {
  toolchainProblem(): string | undefined;
  outputs(root: string): { rlib: string; modules: string; files: string; sdkTests: string };
}

// The build script is plain JavaScript shared with `npm test`'s fixture step.
const script = (await import(join(root, 'scripts', 'fixtures', 'rust-wasm.mjs'))) as BuildScript;
export const wasmPaths = script.outputs(root);

/** Why the Rust modules are not available (the tests skip with this reason), or undefined. */
export function unavailable(): string | undefined {
  const problem = script.toolchainProblem();
  if (problem) return problem;
  for (const p of [wasmPaths.files, wasmPaths.modules])
    if (!existsSync(p)) return `${p} is missing: run \`node scripts/build-fixtures.mjs\` (npm test does)`;
  return undefined;
}

export function wasmConfig(name: string, path: string): WasmLibraryConfig {
  return {
    type: 'wasm',
    name,
    path,
    capabilities: { file_read: true, file_write: false, network: false },
    maxMemoryMiB: 64,
    timeoutMs: 10_000,
    location: { file: join(root, 'hielements.toml') },
  };
}

/**
 * A workspace exercising the `files` library: nested .gitignore files (negation, anchored and
 * directory-only rules), always-skipped folders, an explicitly selectable ignored folder, a
 * symbolic link, dot-files, non-ASCII text, a large file and an empty folder.
 */
export function makeTree(): { path: string; cleanup(): void } {
  const path = realpathSync(mkdtempSync(join(tmpdir(), 'hie-rust-files-')));
  const files: Record<string, string> = {
    '.gitignore': '# build noise\n*.log\n!keep.log\n/generated/\ntmp/\n',
    'README.md': '# Demo\n\nLicense: MIT\n',
    'src/main.py': 'import os\n# TODO: remove\nprint("hi")  # TODO later\n',
    'src/util.py': 'def f():\n    return 1\n',
    'src/helpers/__init__.py': '',
    'src/helpers/text_utils.py': 'NAME = "héllo 😀 TODO"\r\n\tx = 1  # TODO\n',
    'src/helpers/old.bak': 'old\n',
    'src/debug.log': 'ignored\n',
    'src/keep.log': 'kept\n',
    'src/tmp/cache.txt': 'ignored folder\n',
    'generated/out.py': 'x = 1\n',
    'docs/guide.md': 'Guide\n',
    'docs/generated/api.md': 'not ignored: the rule is anchored to the root\n',
    'tests/test_main.py': 'def test_x():\n    assert True\n',
    'tests/helper.py': '',
    'tests/.hidden.py': '# hidden\n',
    'web/app.ts': 'export const a = 1;\n',
    'web/app.test.ts': 'import { a } from "./app";\n',
    'big/blob.bin': 'x'.repeat(5000),
    'node_modules/pkg/index.js': 'module.exports = 1;\n',
    '.git/HEAD': 'ref: refs/heads/main\n',
    'sub/.gitignore': '*.txt\n',
    'sub/a.txt': 'ignored by sub/.gitignore\n',
    'sub/b.md': 'kept\n',
    'sub/deep/c.txt': 'ignored\n',
    'sub/deep/d.md': 'kept\n',
    'weird name [1].md': 'brackets\n',
    // gitignore syntax corner cases, checked through folder_selector('cfg')
    'cfg/.gitignore':
      '**/*.tmp\nlocal/\n/root-only.txt\nnested/deep.txt\n\\#hash.txt\ntrailing.txt   \n*.gen\n!keep.gen\n[ab].cfg\n',
    'cfg/a.tmp': '',
    'cfg/x/b.tmp': '',
    'cfg/local/c.txt': '',
    'cfg/x/local/c2.txt': '',
    'cfg/root-only.txt': '',
    'cfg/x/root-only.txt': '',
    'cfg/nested/deep.txt': '',
    'cfg/x/nested/deep.txt': '',
    '#hash.txt': '',
    'cfg/#hash.txt': '',
    'cfg/trailing.txt': '',
    'cfg/keep.txt': '',
    'cfg/one.gen': '',
    'cfg/keep.gen': '',
    'cfg/a.cfg': '',
    'cfg/c.cfg': '',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(path, rel)), { recursive: true });
    writeFileSync(join(path, rel), text);
  }
  mkdirSync(join(path, 'empty'));
  symlinkSync(join(path, 'src'), join(path, 'link-to-src'), 'dir');
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** What a call or check gave: a value, a check result, or an error (code + message). */
export type Outcome = { value: Value } | { check: CheckResult } | { error: { code: string; message: string } };

/** The host prefixes WebAssembly errors with the library and function; compare the rest. */
export function stripHostPrefix(message: string): string {
  return message.replace(/^WebAssembly library '[^']*', function '[^']*': /, '');
}

export async function outcome(run: () => Promise<Value | CheckResult>): Promise<Outcome> {
  try {
    const r = await run();
    if ('status' in r) {
      if (r.status === 'error') return { error: { code: r.code ?? '', message: stripHostPrefix(r.message) } };
      return { check: r };
    }
    return { value: r };
  } catch (err) {
    if (err instanceof LibraryError) return { error: { code: err.code, message: stripHostPrefix(err.message) } };
    throw err;
  }
}

/** Comparable form: scope descriptions are not sent over the wire, so they are left out. */
export function comparable(o: Outcome): unknown {
  if ('value' in o && o.value.type === 'scope') {
    const { kind, paths, resolved } = o.value.scope;
    return { scope: { kind, paths, resolved } };
  }
  if ('check' in o && o.check.status === 'fail') {
    const { message, locations } = o.check;
    return {
      fail: message,
      locations: (locations ?? []).map((l) => ({ file: l.file, line: l.line, column: l.column, message: l.message })),
    };
  }
  return o;
}

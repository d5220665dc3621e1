// The AssemblyScript `conventions` library gives the same answers as the Python external library
// on the same tree (the Python plugin defines the reference semantics).
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExternalLibraryConfig } from '../../../src/config/types.js';
import { createWasmLibrary } from '../../../src/libraries/wasm/index.js';
import type { CheckResult, Library, Value } from '../../../src/libraries/types.js';
import { conventionsWasm, ctx, i, root, s, tempDir, wasmConfig, type TempDir } from './helpers.js';

const pythonPlugin = join(root, 'examples', 'plugins', 'python', 'conventions_plugin.py');
const externalIndex = join(root, 'src', 'libraries', 'external', 'index.ts');

let ws: TempDir;
let wasm: Library;

function buildTree(dir: string): void {
  const files: Record<string, string> = {
    'README.md': '# Project\n\nText\n',
    'setup.py': '# SPDX-License-Identifier: MIT\nimport os\n',
    'src/app_main.py': '# SPDX-License-Identifier: MIT\nprint(1)\nprint(2)\nprint(3)',
    'src/BadName.py': 'x = 1\n',
    'src/__init__.py': '',
    'src/kebab-name.py': '# SPDX-License-Identifier: MIT\n\n\n\n\n',
    'src/util/helpers.py': `# © Ünïcødé header\n${'line\n'.repeat(30)}`,
    'src/util/camelCase.ts': 'export const a = 1;\n',
    'src/util/PascalCase.test.ts': 'test();\n',
    'src/.hidden.py': 'hidden\n',
    'docs/guide.md': '# Guide ✓\n',
    'docs/no_newline.txt': 'one\ntwo',
    '.git/config.py': 'skipped\n',
    'node_modules/pkg/index.py': 'skipped\n',
    'src/node_modules/deep.py': 'skipped too\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  symlinkSync('app_main.py', join(dir, 'src', 'link_to_app.py'));
}

beforeAll(async () => {
  ws = tempDir();
  buildTree(ws.path);
  wasm = await createWasmLibrary(wasmConfig('conventions', conventionsWasm), { workspace: ws.path });
});

afterAll(async () => {
  await wasm?.dispose();
  ws.cleanup();
});

const scopeOf = (v: Value) => (v.type === 'scope' ? v.scope : undefined);

describe('AssemblyScript conventions library', () => {
  it('selects files by extension, in sorted order, skipping .git, node_modules and symlinks', async () => {
    const v = await wasm.call('files_with_extension', [s('py')], ctx(ws.path));
    expect(scopeOf(v)).toEqual({
      kind: { Glob: '**/*.py' },
      paths: [
        'setup.py',
        'src/.hidden.py',
        'src/BadName.py',
        'src/__init__.py',
        'src/app_main.py',
        'src/kebab-name.py',
        'src/util/helpers.py',
      ].map((p) => join(ws.path, p)),
      resolved: true,
    });
    expect(await wasm.call('files_with_extension', [s('.md')], ctx(ws.path))).toEqual(
      await wasm.call('files_with_extension', [s('md')], ctx(ws.path)),
    );
    await expect(wasm.call('files_with_extension', [s('')], ctx(ws.path))).rejects.toThrow(/must not be empty/);
  });

  it('checks line counts, name case and headers', async () => {
    const py = await wasm.call('files_with_extension', [s('py')], ctx(ws.path));
    const r = await wasm.check('max_lines', [py, i(5)], ctx(ws.path));
    expect(r).toEqual({
      status: 'fail',
      message: '1 file(s) longer than 5 lines: src/util/helpers.py (31)',
      locations: [{ file: join(ws.path, 'src/util/helpers.py'), line: 6, message: '31 lines, more than 5' }],
    });
    const snake = await wasm.check('filename_case', [py, s('snake')], ctx(ws.path));
    expect(snake.status === 'fail' && snake.message).toBe(
      '2 file name(s) not in snake case: src/BadName.py, src/kebab-name.py',
    );
    const header = await wasm.check('has_header', [py, s('# SPDX-License-Identifier: MIT')], ctx(ws.path));
    expect(header.status === 'fail' && header.message).toBe(
      '4 file(s) do not start with "# SPDX-License-Identifier: MIT": src/.hidden.py, src/BadName.py, ' +
        'src/__init__.py, src/util/helpers.py',
    );
    expect(await wasm.check('filename_case', [py, s('shouting')], ctx(ws.path))).toMatchObject({
      status: 'error',
      message: expect.stringContaining('unknown style "shouting"'),
    });
  });
});

describe('parity with the Python external library', () => {
  const available = existsSync(pythonPlugin) && existsSync(externalIndex);
  it.skipIf(!available)('gives the same result for every function on the same tree', async () => {
    const { createExternalLibrary } = await import('../../../src/libraries/external/index.js');
    const cfg: ExternalLibraryConfig = {
      type: 'external',
      name: 'conventions',
      executable: 'python3',
      args: [pythonPlugin],
      cwd: ws.path,
      env: {},
      timeoutMs: 30_000,
      maxInFlight: 1,
      location: { file: join(root, 'hielements.toml') },
    };
    const py = createExternalLibrary(cfg);
    try {
      const c = ctx(ws.path);
      const selectors: [string, Value[]][] = [
        ['files_with_extension', [s('py')]],
        ['files_with_extension', [s('.ts')]],
        ['files_with_extension', [s('md')]],
        ['files_with_extension', [s('txt')]],
        ['files_with_extension', [s('none')]],
        ['simple_selector', [s('src')]],
        ['simple_selector', [s('README.md')]],
        ['simple_selector', [s('missing')]],
      ];
      const scopes: Value[] = [];
      for (const [fn, args] of selectors) {
        const expected = await py.call(fn, args, c);
        expect(await wasm.call(fn, args, c), `${fn}(${JSON.stringify(args)})`).toEqual(expected);
        scopes.push(expected);
      }
      const checks: [string, Value[]][] = [];
      for (const scope of scopes) {
        for (const n of [0, 1, 2, 5, 100]) checks.push(['max_lines', [scope, i(n)]]);
        for (const style of ['snake', 'kebab', 'camel', 'pascal', 'bogus'])
          checks.push(['filename_case', [scope, s(style)]]);
        for (const h of ['#', '# SPDX-License-Identifier: MIT', '# © Ünïcødé', 'x = "q"\n', ''])
          checks.push(['has_header', [scope, s(h)]]);
        checks.push(['file_count_check', [scope, i(2)]], ['file_count_check', [scope]]);
      }
      checks.push(
        ['always_pass', []],
        ['always_fail', []],
        ['always_fail', [s('custom')]],
        ['file_count_check', []],
        ['file_count_check', [s('x')]],
      );
      for (const [fn, args] of checks) {
        const expected: CheckResult = await py.check(fn, args, c);
        expect(
          await wasm.check(fn, args, c),
          `${fn}(${JSON.stringify(args, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))})`,
        ).toEqual(expected);
      }
    } finally {
      await py.dispose();
    }
  });
});

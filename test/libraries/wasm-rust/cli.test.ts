/**
 * End to end: `hielements run` with both Rust libraries configured in hielements.toml, next to
 * the built-in `files` library, on a small workspace.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTree, root, unavailable, wasmPaths } from './helpers.js';

const run = promisify(execFile);
const reason = unavailable();

interface JsonResult {
  check: string;
  status: string;
  message: string | null;
  library: string;
}

describe.skipIf(reason !== undefined)('hielements run with Rust WebAssembly libraries', () => {
  let tree: { path: string; cleanup(): void };

  beforeAll(() => {
    tree = makeTree();
    writeFileSync(
      join(tree.path, 'hielements.toml'),
      `[libraries]\nrfiles = { type = "wasm", path = ${JSON.stringify(wasmPaths.files)} }\nmodules = { type = ` +
        `"wasm", path = ${JSON.stringify(wasmPaths.modules)} }\n`,
    );
    writeFileSync(
      join(tree.path, 'arch.hie'),
      [
        'import files',
        'import rfiles',
        'import modules',
        '',
        'element app:',
        "    scope src = rfiles.folder_selector('src')",
        "    scope tests = modules.module_selector('tests')",
        "    check rfiles.exists(src, 'main.py')",
        "    check files.exists(src, 'main.py')",
        "    check rfiles.not_contains_text(src, 'TODO')",
        '    check modules.has_tests(tests)',
        '    check modules.has_tests(src)',
        // a ref of a type of the spec's own: not known before the run, so the library rejects it
        "    ref limit: Limit = 'x'",
        '    check rfiles.max_size(src, limit)',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => tree?.cleanup());

  it('runs the checks and reports pass, fail and error per library', async () => {
    const bin = join(root, 'bin', 'hielements.js');
    let stdout = '';
    try {
      ({ stdout } = await run(process.execPath, [bin, 'run', 'arch.hie', '--format', 'json'], { cwd: tree.path }));
    } catch (err) {
      stdout = (err as { stdout: string }).stdout; // failing checks exit with a non-zero code
    }
    const report = JSON.parse(stdout) as { results: JsonResult[] };
    const byCheck = Object.fromEntries(report.results.map((r) => [r.check, r]));
    expect(byCheck["rfiles.exists(src, 'main.py')"]).toMatchObject({ status: 'pass', library: 'rfiles' });
    expect(byCheck["files.exists(src, 'main.py')"]).toMatchObject({ status: 'pass', library: 'files' });
    expect(byCheck["rfiles.not_contains_text(src, 'TODO')"]).toMatchObject({
      status: 'fail',
      message: '\'TODO\' found 4 times in 2 files of Folder("src")',
    });
    expect(byCheck['modules.has_tests(tests)']).toMatchObject({ status: 'pass', library: 'modules' });
    expect(byCheck['modules.has_tests(src)']).toMatchObject({
      status: 'fail',
      message: 'Folder("src") has no test files (6 files looked at)',
    });
    expect(byCheck['rfiles.max_size(src, limit)']?.status).toBe('error');
    expect(byCheck['rfiles.max_size(src, limit)']?.message).toContain(
      'files.max_size: argument 2 (max_bytes) must be an integer, got string',
    );
  });

  it('checks calls against the parameters the module documents, before running', async () => {
    const bin = join(root, 'bin', 'hielements.js');
    writeFileSync(
      join(tree.path, 'typed.hie'),
      "import rfiles\nelement app:\n    scope src = rfiles.folder_selector('src')\n    check " +
        "rfiles.max_size(src, 'x')\n",
    );
    let stdout = '';
    try {
      ({ stdout } = await run(process.execPath, [bin, 'check', 'typed.hie', '--format', 'json'], { cwd: tree.path }));
    } catch (err) {
      stdout = (err as { stdout: string }).stdout;
    }
    const doc = JSON.parse(stdout) as { errors: { code: string; message: string }[] };
    expect(doc.errors.map((e) => e.code)).toEqual(['E844']);
    expect(doc.errors[0]!.message).toBe(
      'argument 2 of `rfiles.max_size` (`max_bytes`) must be an integer, but a string is given',
    );
  });
});

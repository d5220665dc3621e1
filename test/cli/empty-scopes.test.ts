/**
 * One rule for empty scopes, whatever kind of library implements the check: the built-in `python`
 * library, its WebAssembly build and its external-process twin (examples/python-analyzers) all see
 * a check on a scope that selected no file fail — unless `--allow-empty`, where each library
 * evaluates the check itself (and these three pass `no_import` on no file).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, expectCode, hie, tempDir } from './helpers.js';

const WASM = join(ROOT, 'examples', 'wasm', 'python-analyzer', 'build', 'python_analyzer.wasm');
const PLUGIN = join(ROOT, 'examples', 'plugins', 'python-analyzer', 'python_analyzer.py');

async function workspace(): Promise<string> {
  const ws = await tempDir('hie-empty-');
  mkdirSync(join(ws, 'app'));
  writeFileSync(join(ws, 'app', '__init__.py'), 'import os\n');
  writeFileSync(
    join(ws, 'hielements.toml'),
    [
      '[libraries.pywasm]',
      'type = "wasm"',
      `path = ${JSON.stringify(WASM)}`,
      'capabilities = { file_read = true }',
      '',
      '[libraries.pyext]',
      'type = "external"',
      'executable = "python3"',
      `args = [${JSON.stringify(PLUGIN)}]`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(ws, 'spec.hie'),
    [
      'import python',
      'import pywasm',
      'import pyext',
      'element app:',
      "    scope none<python> = python.module_selector('does.not.exist')",
      "    check python.no_import(none, 'sys')",
      "    check pywasm.no_import(none, 'sys')",
      "    check pyext.no_import(none, 'sys')",
      '',
    ].join('\n'),
  );
  return ws;
}

interface JsonResult {
  check: string;
  status: string;
  message?: string;
}

describe('empty scopes: one rule for every kind of library', () => {
  it('a check on an empty scope fails the same way for built-in, WebAssembly and external libraries', async () => {
    const ws = await workspace();
    const r = await hie(['run', join(ws, 'spec.hie'), '--no-cache', '--format', 'json'], { cwd: ws });
    expectCode(r, 1);
    const results = (JSON.parse(r.stdout) as { results: JsonResult[] }).results;
    expect(results.map((x) => x.status)).toEqual(['fail', 'fail', 'fail']);
    // the selector says why it matched nothing (no close module to suggest here)
    for (const x of results)
      expect(x.message).toBe(
        "scope is empty: python.module_selector('does.not.exist') matched no files (no Python module " +
          '`does.not.exist`)',
      );
  }, 60_000);

  it('with --allow-empty every library evaluates the check itself', async () => {
    const ws = await workspace();
    const r = await hie(['run', join(ws, 'spec.hie'), '--no-cache', '--allow-empty', '--format', 'json'], { cwd: ws });
    expectCode(r, 0);
    const results = (JSON.parse(r.stdout) as { results: JsonResult[] }).results;
    expect(results.map((x) => x.status)).toEqual(['pass', 'pass', 'pass']);
  }, 60_000);
});

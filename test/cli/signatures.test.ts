/**
 * `hielements check` checks every call against the called function's documented parameters —
 * built-in libraries, a WebAssembly library (its metadata) and external plugins (`library.doc`,
 * time-boxed) — through the real CLI on a real workspace.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCode, hie, ROOT, tempDir } from './helpers.js';

const TEXTSTATS = path.join(ROOT, 'examples', 'wasm', 'c-textstats', 'build', 'textstats.wasm');
const CONVENTIONS = path.join(ROOT, 'examples', 'plugins', 'python', 'conventions_plugin.py');
const VARIANTS = path.join(ROOT, 'test', 'fixtures', 'external', 'doc-variants.mjs');

let ws: string;

async function spec(name: string, text: string): Promise<string> {
  await writeFile(path.join(ws, name), text);
  return name;
}

interface JsonDiagnostic {
  code: string;
  message: string;
  file: string;
  span?: { start: { line: number; column: number } };
  help?: string;
}

async function checkJson(file: string, ...flags: string[]): Promise<JsonDiagnostic[]> {
  const r = await hie(['check', file, '--format', 'json', ...flags], { cwd: ws });
  const doc = JSON.parse(r.stdout) as { errors: JsonDiagnostic[]; warnings: JsonDiagnostic[] };
  return [...doc.errors, ...doc.warnings];
}

const where = (d: JsonDiagnostic) => `${d.code} ${d.file}:${d.span?.start.line}:${d.span?.start.column}`;

beforeAll(async () => {
  ws = await tempDir('hie-signatures-');
  await mkdir(path.join(ws, 'pkg'), { recursive: true });
  await writeFile(path.join(ws, 'pkg', '__init__.py'), 'class A:\n    pass\n');
  await mkdir(path.join(ws, 'src'));
  await writeFile(path.join(ws, 'src', 'a.txt'), 'one\ntwo\n');
  const wasm = existsSync(TEXTSTATS) ? `textstats = { path = ${JSON.stringify(TEXTSTATS)} }\n` : '';
  await writeFile(
    path.join(ws, 'hielements.toml'),
    `[libraries]
conventions = { executable = "python3", args = [${JSON.stringify(CONVENTIONS)}] }
silent = { executable = ${JSON.stringify(process.execPath)}, args = [${JSON.stringify(VARIANTS)}, "silent"] }
garbage = { executable = ${JSON.stringify(process.execPath)}, args = [${JSON.stringify(VARIANTS)}, "garbage"] }
${wasm}`,
  );
});
afterAll(async () => {
  if (ws) await rm(ws, { recursive: true, force: true });
});

describe('check: calls against signatures', () => {
  it(
    'built-in functions: a missing argument, an extra one, a wrong type, swapped arguments — one ' + 'message each',
    async () => {
      const file = await spec(
        'builtin.hie',
        `import files
import python

element app {
    scope pkg<python> = python.package_selector('pkg')
    ref limit: integer = 10
    check python.class_exists(pkg)
    check python.class_exists(pkg, 'A', 'B')
    check files.exists(pkg, 42)
    check files.exists('x.py', pkg)
    check files.max_size(pkg, 'big')
    check files.max_size(pkg, limit)
    check python.class_exists('A')
    check files.exists(files.folder_selector('pkg'), '__init__.py')
}
`,
      );
      const r = await hie(['check', file], { cwd: ws });
      expectCode(r, 1);
      expect(r.stdout).not.toMatch(/error: error|error\[\w+\]: error/);
      const ds = await checkJson(file);
      expect(ds.map(where)).toEqual([
        'E842 builtin.hie:7:11',
        'E843 builtin.hie:8:41',
        'E844 builtin.hie:9:29',
        'E845 builtin.hie:10:24',
        'E844 builtin.hie:11:31',
      ]);
      expect(ds[0]!.message).toBe('`python.class_exists` is missing an argument: `class_name` (string)');
      expect(ds[0]!.help).toBe('expected `python.class_exists(within?: scope, class_name: string)`');
      expect(ds[2]!.message).toBe(
        'argument 2 of `files.exists` (`filename`) must be a string, but an ' + 'integer is given',
      );
      expect(ds[3]!.message).toContain('arguments 1 and 2 of `files.exists` are in the wrong order');
      // the human output shows each once, with file:line:col and a code frame
      expect(r.stdout.match(/error\[E845\]/g)).toHaveLength(1);
      expect(r.stdout).toContain('--> builtin.hie:10:24');
      // `run` refuses the same spec before running anything
      const run = await hie(['run', file], { cwd: ws });
      expectCode(run, 1);
      expect(run.stdout).toContain('error[E842]');
      expect(run.stdout).not.toContain('Running checks');
    },
  );

  it.skipIf(!existsSync(TEXTSTATS))('a WebAssembly library: parameters from its metadata', async () => {
    const file = await spec(
      'wasm.hie',
      `import files
import textstats

element app {
    scope src = files.folder_selector('src')
    check textstats.max_line_length(src, 'long')
    check textstats.max_line_length(src)
    check textstats.max_line_length(src, 80)
}
`,
    );
    const ds = await checkJson(file);
    expect(ds.map(where)).toEqual(['E844 wasm.hie:6:42', 'E842 wasm.hie:7:11']);
    expect(ds[0]!.message).toBe(
      'argument 2 of `textstats.max_line_length` (`n`) must be an integer, but a string is given',
    );
  });

  it(
    'an external plugin: parameters from library.doc, as warnings; an undocumented function too, with a ' +
      'suggestion',
    async () => {
      const file = await spec(
        'plugin.hie',
        `import files
import conventions

element app {
    scope src = files.folder_selector('src')
    check conventions.max_lines(src, 'ten')
    check conventions.max_lines(src)
    check conventions.max_line(src, 3)
    check conventions.max_lines(src, 3)
}
`,
      );
      const ds = await checkJson(file);
      // warnings: the original never enforced a plugin's documentation
      expect(ds.map(where)).toEqual(['W843 plugin.hie:6:38', 'W843 plugin.hie:7:11', 'W842 plugin.hie:8:11']);
      expect(ds[0]!.message).toBe(
        'argument 2 of `conventions.max_lines` (`n`) must be an integer, but a string is given',
      );
      expect(ds[1]!.message).toBe('`conventions.max_lines` is missing an argument: `n` (integer)');
      expect(ds[2]!.help).toContain('did you mean `max_lines`?');
      // --no-plugins: the plugin is not started, its calls are not checked
      const off = await hie(['check', file, '--no-plugins'], { cwd: ws });
      expectCode(off, 0);
      expect(off.stdout).not.toMatch(/W84[23]/);
    },
  );

  it(
    'a plugin that does not answer library.doc in time, or answers garbage, is skipped with a ' + 'note in -v',
    async () => {
      const file = await spec(
        'silent.hie',
        `import silent
import garbage

element app {
    check silent.ok(1, 2, 3)
    check garbage.ok('x')
}
`,
      );
      const r = await hie(['check', file, '-v'], { cwd: ws });
      expectCode(r, 0);
      expect(r.stderr).toMatch(
        /\[verbose\] library silent: calls not checked before the run \(.*did not answer within 2000 ms/,
      );
      expect(r.stderr).toMatch(/\[verbose\] library garbage: calls not checked before the run \(.*unusable result/);
      const quiet = await hie(['check', file], { cwd: ws });
      expectCode(quiet, 0);
      expect(quiet.stderr).not.toContain('not checked');
      // the run still works: a fresh process answers the calls
      const run = await hie(['run', file], { cwd: ws });
      expect(run.stdout).toContain('2 checks: 2 passed');
    },
  );
});

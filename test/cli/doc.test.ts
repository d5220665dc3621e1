import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, fixture, hie, tempDir } from './helpers.js';

interface CatalogJson {
  version: string;
  libraries: {
    name: string;
    version: string;
    source?: string;
    functions: { name: string; parameters: { param_type: string }[]; example: string | null }[];
    checks: { name: string }[];
  }[];
}

describe('hielements doc', () => {
  it('json: every built-in library with signatures, sorted, param_type keys', async () => {
    const r = await hie(['doc', '--format', 'json', '-w', fixture('green')]);
    expectCode(r, 0);
    const doc = JSON.parse(r.stdout) as CatalogJson;
    expect(doc.version).toBe('1.0');
    const names = doc.libraries.map((l) => l.name);
    expect(names).toContain('files');
    expect([...names].sort()).toEqual(names);
    const files = doc.libraries.find((l) => l.name === 'files')!;
    expect(files.functions.map((f) => f.name)).toEqual(
      expect.arrayContaining(['file_selector', 'folder_selector', 'glob_selector']),
    );
    expect(files.checks.map((f) => f.name)).toEqual(
      expect.arrayContaining(['exists', 'contains', 'no_files_matching']),
    );
    expect(files.functions[0]!.parameters[0]).toHaveProperty('param_type');
    expect(files.source).toBe('built-in');
  });

  it('markdown (default): catalogue layout, --library filter', async () => {
    const r = await hie(['doc', '-l', 'files', '-w', fixture('green')]);
    expectCode(r, 0);
    expect(r.stdout.startsWith('# Hielements Library Documentation\n')).toBe(true);
    expect(r.stdout).toContain('- [files](#files)');
    expect(r.stdout).toContain('#### `files.file_selector(path: string) -> Scope`');
    expect(r.stdout).not.toMatch(/^## (?!files|Table)/m);
  });

  it('includes configured external libraries and warns when one replaces a built-in', async () => {
    const r = await hie(['doc', '-f', 'json', '-w', fixture('with-plugin')]);
    expectCode(r, 0);
    const doc = JSON.parse(r.stdout) as CatalogJson;
    const conv = doc.libraries.find((l) => l.name === 'conventions')!;
    expect(conv.version).toBe('0.3.0');
    expect(conv.source).toMatch(/^external: /);
    expect(conv.checks.map((c) => c.name)).toEqual(['always_pass', 'always_fail']);
    expect(r.stderr).toContain('W520');
    expect(r.stderr).toContain('replaces the built-in library');
  });

  it('an unknown --library name is a warning', async () => {
    const r = await hie(['doc', '-l', 'files,nope', '-f', 'json', '-w', fixture('green')]);
    expectCode(r, 0);
    expect((JSON.parse(r.stdout) as CatalogJson).libraries.map((l) => l.name)).toEqual(['files']);
    expect(r.stderr).toContain('no library named `nope`');
  });

  it('--output writes a relative file; absolute and .. paths are refused (exit 2)', async () => {
    const dir = await tempDir();
    const ok = await hie(['doc', '-o', 'out/catalog.md', '-w', fixture('green')], { cwd: dir });
    expectCode(ok, 0);
    expect(ok.stdout).toContain("documentation written to 'out/catalog.md'");
    expect(await readFile(path.join(dir, 'out', 'catalog.md'), 'utf8')).toMatch(/^# Hielements Library Documentation/);
    const abs = await hie(['doc', '-o', path.join(dir, 'x.md')], { cwd: dir });
    expectCode(abs, 2);
    expect(abs.stderr).toContain('absolute paths are not allowed');
    const up = await hie(['doc', '-o', '../x.md'], { cwd: dir });
    expectCode(up, 2);
    expect(up.stderr).toContain('parent directory');
    await rm(dir, { recursive: true, force: true });
  });
});

describe('hielements doc — WebAssembly libraries', () => {
  const wasm = path.join(fixture('..', '..', '..'), 'examples', 'wasm', 'conventions', 'build', 'conventions.wasm');

  it(
    'lists a configured WebAssembly library with its capabilities; a broken one is an error ' + 'diagnostic',
    async () => {
      const dir = await tempDir();
      await writeFile(path.join(dir, 'bad.wasm'), 'not wasm');
      await writeFile(
        path.join(dir, 'hielements.toml'),
        `[libraries]\nconventions = { path = ${JSON.stringify(wasm)} }\nbroken = { path = "bad.wasm" }\n`,
      );
      const r = await hie(['doc', '-f', 'json', '-w', dir]);
      expectCode(r, 1);
      const doc = JSON.parse(r.stdout) as CatalogJson & { libraries: { capabilities?: Record<string, boolean> }[] };
      const lib = doc.libraries.find((l) => l.name === 'conventions')!;
      expect(lib.source).toMatch(/^wasm: /);
      expect(lib.capabilities).toEqual({ file_read: true, file_write: false, network: false });
      expect(doc.libraries.some((l) => l.name === 'broken')).toBe(false);
      expect(r.stderr).toContain('`broken`');
      expect(r.stderr).toContain('hielements.toml');
      const md = await hie(['doc', '-l', 'conventions', '-w', dir]);
      expect(md.stdout).toContain('**Capabilities:** file_read, no file_write, no network');
    },
  );
});

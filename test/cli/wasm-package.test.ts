/**
 * A WebAssembly library shared as an npm package: resolved by `package = "…"` from the project's
 * node_modules, its declared capabilities checked against hielements.toml, shown by `doc` —
 * all through the real CLI.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogJson } from '../../src/report/catalog.js';
import { expectCode, hie, ROOT, tempDir } from './helpers.js';

const CONVENTIONS = path.join(ROOT, 'examples', 'wasm', 'conventions', 'build', 'conventions.wasm');
const WRITER = path.join(ROOT, 'test', 'fixtures', 'wasm', 'build', 'wants-write.wasm');

/** node_modules/<name>/ as `npm install` leaves it: package.json naming the module, and the module. */
async function installPackage(project: string, name: string, wasm: string): Promise<void> {
  const dir = path.join(project, 'node_modules', ...name.split('/'));
  await mkdir(path.join(dir, 'dist'), { recursive: true });
  await copyFile(wasm, path.join(dir, 'dist', 'library.wasm'));
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name,
        version: '1.2.0',
        description: 'A Hielements WebAssembly library',
        files: ['dist/library.wasm'],
        keywords: ['hielements-library'],
        hielements: { wasm: 'dist/library.wasm' },
      },
      null,
      2,
    ),
  );
}

let project: string;

beforeAll(async () => {
  project = await tempDir('hie-wasm-pkg-');
  await mkdir(path.join(project, 'src'));
  await writeFile(path.join(project, 'src', 'app.py'), 'print("hello")\n');
  await installPackage(project, '@acme/hielements-conventions', CONVENTIONS);
  await installPackage(project, 'hielements-lib-writer', WRITER);
  await writeFile(
    path.join(project, 'arch.hie'),
    [
      'import files',
      'import conventions',
      '',
      'element app {',
      "    scope src = files.folder_selector('src')",
      '    check conventions.max_lines(src, 10)',
      '}',
      '',
    ].join('\n'),
  );
});

async function config(text: string): Promise<void> {
  await writeFile(path.join(project, 'hielements.toml'), text);
}

describe('WebAssembly libraries shared through npm', () => {
  it('runs a library referenced by package name', async () => {
    await config('[libraries]\nconventions = { type = "wasm", package = "@acme/hielements-conventions" }\n');
    const r = await hie(['run', 'arch.hie'], { cwd: project });
    expectCode(r, 0);
    expect(r.stdout).toMatch(/PASS\s+conventions\.max_lines\(src, 10\)/);
  });

  it('`doc` lists it with its functions, docs, source, and declared and granted capabilities', async () => {
    await config('[libraries]\nconventions = { type = "wasm", package = "@acme/hielements-conventions" }\n');
    const json = await hie(['doc', '--format', 'json', '--library', 'conventions'], { cwd: project });
    expectCode(json, 0);
    const lib = (JSON.parse(json.stdout) as CatalogJson).libraries[0]!;
    expect(lib.name).toBe('conventions');
    expect(lib.source).toBe('wasm: @acme/hielements-conventions');
    expect(lib.declared_capabilities).toEqual(['file_read']);
    expect(lib.capabilities).toEqual({ file_read: true, file_write: false, network: false });
    const maxLines = lib.checks.find((c) => c.name === 'max_lines');
    expect(maxLines?.description).not.toBe('');
    expect(lib.functions.map((f) => f.name)).toContain('files_with_extension');

    const md = await hie(['doc', '--library', 'conventions'], { cwd: project });
    expectCode(md, 0);
    expect(md.stdout).toContain('**Source:** wasm: @acme/hielements-conventions');
    expect(md.stdout).toContain('**Capabilities:** file_read, no file_write, no network');
    expect(md.stdout).toContain('**Declared capabilities:** file_read');
    expect(md.stdout).toContain('max_lines');
  });

  it(
    'refuses a library that declares a capability the configuration does not grant, naming the ' + 'key to set',
    async () => {
      await config(
        '[libraries]\nconventions = { type = "wasm", package = "@acme/hielements-conventions", capabilities = { ' +
          'file_read = false } }\n',
      );
      const r = await hie(['run', 'arch.hie'], { cwd: project });
      expectCode(r, 1);
      const out = r.stdout + r.stderr;
      expect(out).toContain('E617');
      expect(out).toContain("WebAssembly library 'conventions'");
      expect(out).toContain('declares the capability `file_read`, which the configuration does not grant');
      expect(out).toContain('libraries.conventions.capabilities.file_read');
      expect(out).toMatch(/hielements\.toml:2/);
    },
  );

  it('loads a library asking for file_write only once it is granted', async () => {
    await writeFile(path.join(project, 'writer.hie'), 'import writer\n\nelement app {\n    check writer.ok()\n}\n');
    await config('[libraries]\nwriter = { type = "wasm", package = "hielements-lib-writer" }\n');
    const refused = await hie(['run', 'writer.hie'], { cwd: project });
    expectCode(refused, 1);
    expect(refused.stdout + refused.stderr).toContain('libraries.writer.capabilities.file_write');
    expect(refused.stdout + refused.stderr).not.toContain('capabilities.file_read');

    const docRefused = await hie(['doc', '--format', 'json', '--library', 'writer'], { cwd: project });
    expectCode(docRefused, 1);
    expect(docRefused.stderr).toContain('E617');

    await config(
      '[libraries]\nwriter = { type = "wasm", package = "hielements-lib-writer", capabilities = { file_read = ' +
        'true, file_write = true } }\n',
    );
    const ok = await hie(['run', 'writer.hie'], { cwd: project });
    expectCode(ok, 0);
    const doc = await hie(['doc', '--format', 'json', '--library', 'writer'], { cwd: project });
    expectCode(doc, 0);
    const lib = (JSON.parse(doc.stdout) as CatalogJson).libraries[0]!;
    expect(lib.source).toBe('wasm: hielements-lib-writer');
    expect(lib.declared_capabilities).toEqual(['file_read', 'file_write']);
    expect(lib.checks[0]).toMatchObject({ name: 'ok', description: 'Always passes' });
    // `doc` names the folders the grant allows, not just "file_write"
    expect(lib.write_folders).toEqual(['.hielements-out/writer/']);
    const md = await hie(['doc', '--library', 'writer'], { cwd: project });
    expect(md.stdout).toContain('**Capabilities:** file_read, file_write (.hielements-out/writer/), no network');
    await config(
      '[libraries]\nwriter = { type = "wasm", package = "hielements-lib-writer", capabilities = { file_read = ' +
        'true, file_write = ["generated/", "reports/"] } }\n',
    );
    const listed = await hie(['doc', '--format', 'json', '--library', 'writer'], { cwd: project });
    expectCode(listed, 0);
    expect((JSON.parse(listed.stdout) as CatalogJson).libraries[0]!.write_folders).toEqual(['generated/', 'reports/']);
  });

  it('a package that cannot be resolved is a clear configuration error', async () => {
    await config('[libraries]\nconventions = { type = "wasm", package = "hielements-lib-missing" }\n');
    const r = await hie(['run', 'arch.hie'], { cwd: project });
    expectCode(r, 1);
    expect(r.stdout + r.stderr).toContain('hielements-lib-missing');
  });
});

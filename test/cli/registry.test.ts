import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createRegistry, LibraryRegistry } from '../../src/libraries/registry.js';
import type { Library } from '../../src/libraries/types.js';
import { fixture, ROOT, tempDir } from './helpers.js';

const CONVENTIONS_WASM = path.join(ROOT, 'examples', 'wasm', 'conventions', 'build', 'conventions.wasm');

function requireWasmFixture(): void {
  if (!existsSync(CONVENTIONS_WASM))
    throw new Error(`${CONVENTIONS_WASM} is missing: run \`node scripts/build-fixtures.mjs\` (npm test does it)`);
}

async function registryFor(toml: string | undefined) {
  const dir = await tempDir('hie-registry-');
  let file: string | undefined;
  if (toml !== undefined) {
    file = path.join(dir, 'hielements.toml');
    await writeFile(file, toml);
  }
  const config = await loadConfig(file, { workspace: dir });
  return { dir, file, config, ...(await createRegistry({ workspace: dir, config })) };
}

describe('LibraryRegistry', () => {
  it('registers the built-ins and exposes the language libraries as dependency providers', async () => {
    const { registry, diagnostics } = await registryFor(undefined);
    expect(diagnostics).toEqual([]);
    expect(registry.names()).toEqual(expect.arrayContaining(['files', 'python', 'rust', 'typescript']));
    expect([...registry.names()].sort()).toEqual(registry.names());
    expect(registry.list().every((l) => l.kind === 'builtin')).toBe(true);
    const providers = registry.dependencyProviders().map((p) => p.language);
    expect(providers).toEqual(expect.arrayContaining(['python', 'rust', 'typescript']));
    expect(registry.get('nope')).toBeUndefined();
    await registry.dispose();
    await registry.dispose();
  });

  it('register returns the replaced library and dispose reaches every library once', async () => {
    const disposed: string[] = [];
    const make = (name: string, id = name): Library => ({
      name,
      kind: 'builtin',
      concurrency: 1,
      documentation: async () => ({ name, description: '', version: '1', functions: [], checks: [] }),
      call: async () => ({ type: 'null' }),
      check: async () => ({ status: 'pass' }),
      dispose: async () => void disposed.push(id),
    });
    const r = new LibraryRegistry();
    expect(r.register(make('a', 'a1'))).toBeUndefined();
    const first = r.get('a');
    expect(r.register(make('a', 'a2'))).toBe(first);
    r.register(make('b'), 'alias');
    expect(r.names()).toEqual(['a', 'alias']);
    expect(disposed).toEqual([]); // a replaced library is kept alive until the registry goes
    await r.dispose();
    await r.dispose();
    expect(disposed.sort()).toEqual(['a1', 'a2', 'b']);
  });

  it('a configured library with a built-in name replaces it, with warning W520 at the entry', async () => {
    const plugin = fixture('plugin', 'conventions.mjs');
    const { registry, diagnostics, file } = await registryFor(
      `[libraries]\nfiles = { executable = "node", args = [${JSON.stringify(plugin)}] }\n`,
    );
    expect(registry.get('files')?.kind).toBe('external');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', code: 'W520', file });
    expect(diagnostics[0]!.span?.start.line).toBe(2);
    expect(diagnostics[0]!.span?.start.offset).toBe('[libraries]\n'.length);
    await registry.dispose();
  });

  it('loads WebAssembly libraries; one that fails to load is an error diagnostic and is left out', async () => {
    requireWasmFixture();
    const dir = await tempDir('hie-registry-');
    const bad = path.join(dir, 'bad.wasm');
    await writeFile(bad, 'this is not WebAssembly');
    const file = path.join(dir, 'hielements.toml');
    await writeFile(
      file,
      `[libraries]\nbroken = { path = ${JSON.stringify(bad)} }\nconventions = { path = ` +
        `${JSON.stringify(CONVENTIONS_WASM)} }\n`,
    );
    const config = await loadConfig(file, { workspace: dir });
    expect(config.diagnostics).toEqual([]);
    const { registry, diagnostics } = await createRegistry({ workspace: dir, config });
    expect(registry.has('broken')).toBe(false);
    expect(registry.get('conventions')?.kind).toBe('wasm');
    expect(registry.has('files')).toBe(true);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file });
    expect(diagnostics[0]!.code).toMatch(/^E6\d\d$/);
    expect(diagnostics[0]!.message).toContain('`broken`');
    expect(diagnostics[0]!.span?.start.line).toBe(2);
    const doc = await registry.get('conventions')!.documentation();
    expect(doc.checks.length + doc.functions.length).toBeGreaterThan(0);
    await registry.dispose();
  });
});

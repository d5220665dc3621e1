import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig } from '../../src/config/config.js';
import type { ExternalLibraryConfig, HielementsConfig, WasmLibraryConfig } from '../../src/config/types.js';

let root: string;
let n = 0;

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'hie-config-')));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes files into a fresh directory and returns it. */
function project(files: Record<string, string>): string {
  const dir = path.join(root, `p${n++}`);
  for (const [rel, content] of Object.entries(files)) {
    const f = path.join(dir, rel);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, content);
  }
  return dir;
}

async function load(
  toml: string,
  files: Record<string, string> = {},
): Promise<{ cfg: HielementsConfig; dir: string; file: string }> {
  const dir = project({ 'hielements.toml': toml, ...files });
  const file = path.join(dir, 'hielements.toml');
  return { cfg: await loadConfig(file), dir, file };
}

const ext = (cfg: HielementsConfig, name: string) =>
  cfg.libraries.find((l) => l.name === name) as ExternalLibraryConfig;
const wasm = (cfg: HielementsConfig, name: string) => cfg.libraries.find((l) => l.name === name) as WasmLibraryConfig;
const codes = (cfg: HielementsConfig) =>
  cfg.diagnostics.map((d) => `${d.code}@${d.span?.start.line ?? '-'}:${d.span?.start.column ?? '-'}`);

describe('findConfigFile', () => {
  it('finds the nearest hielements.toml in the directory or an ancestor', async () => {
    const dir = project({ 'hielements.toml': '', 'a/b/c/x.hie': '', 'a/b/hielements.toml': '' });
    expect(await findConfigFile(path.join(dir, 'a/b/c'))).toBe(path.join(dir, 'a/b/hielements.toml'));
    expect(await findConfigFile(path.join(dir, 'a'))).toBe(path.join(dir, 'hielements.toml'));
  });
  it('returns undefined when there is none', async () => {
    expect(await findConfigFile(path.parse(root).root)).toBeUndefined();
  });
});

describe('loadConfig: basics', () => {
  it('no file gives an empty config rooted at the workspace', async () => {
    const cfg = await loadConfig(undefined, { workspace: root });
    expect(cfg).toEqual({ dir: root, libraries: [], ignore: [], diagnostics: [] });
  });

  it('an unreadable file is E510', async () => {
    const cfg = await loadConfig(path.join(root, 'missing/hielements.toml'));
    expect(cfg.libraries).toEqual([]);
    expect(cfg.diagnostics).toHaveLength(1);
    expect(cfg.diagnostics[0]).toMatchObject({ severity: 'error', code: 'E510' });
    expect(cfg.diagnostics[0]!.message).toMatch(
      /missing\/hielements\.toml: cannot read the configuration file \(ENOENT\)/,
    );
  });

  it('a TOML syntax error is one E511 with the parser position and no libraries', async () => {
    const { cfg, file } = await load(
      '[libraries]\nok = { executable = "node" }\nbad = { executable = "x"\nother = 1\n',
    );
    expect(cfg.libraries).toEqual([]);
    expect(cfg.diagnostics).toHaveLength(1);
    const d = cfg.diagnostics[0]!;
    expect(d.code).toBe('E511');
    expect(d.file).toBe(file);
    expect(d.span?.start.line).toBe(4);
    expect(d.span?.start.column).toBe(1);
    expect(d.message).toContain(`${file}:4:1: invalid TOML: Invalid TOML document: expected comma or end of structure`);
    expect(d.message).not.toContain('\n');
    expect(d.help).toMatch(/unclosed bracket/);
  });

  it('reads a full external entry with our keys, resolving paths against the config directory', async () => {
    const { cfg, dir } = await load(
      [
        '[libraries.lint]',
        'executable = "python3"',
        'args = ["plugins/lint.py", "--strict", "not-a-file.txt", "/abs/path"]',
        'timeout_ms = 5000',
        'max_in_flight = 2',
        'cwd = "sub"',
        'env = { LOG = "debug" }',
      ].join('\n'),
      { 'plugins/lint.py': '', 'sub/.keep': '' },
    );
    expect(cfg.diagnostics).toEqual([]);
    expect(ext(cfg, 'lint')).toEqual({
      type: 'external',
      name: 'lint',
      executable: 'python3',
      args: [path.join(dir, 'plugins/lint.py'), '--strict', 'not-a-file.txt', '/abs/path'],
      cwd: path.join(dir, 'sub'),
      env: { LOG: 'debug' },
      timeoutMs: 5000,
      maxInFlight: 2,
      location: { file: path.join(dir, 'hielements.toml'), line: 1 },
    });
  });

  it('applies defaults: cwd = config dir, 30 s timeout, 4 in flight', async () => {
    const { cfg, dir } = await load('[libraries]\nsample = { executable = "python3", args = ["x.py"] }\n');
    expect(ext(cfg, 'sample')).toMatchObject({
      executable: 'python3',
      args: ['x.py'],
      cwd: dir,
      env: {},
      timeoutMs: 30000,
      maxInFlight: 4,
      location: { line: 2 },
    });
  });

  it('resolves a relative executable with a slash against the config directory', async () => {
    const { cfg, dir } = await load('[libraries]\ntool = { executable = "./bin/tool.sh" }\n', {
      'bin/tool.sh': '#!/bin/sh\n',
    });
    chmodSync(path.join(dir, 'bin/tool.sh'), 0o755);
    expect(ext(cfg, 'tool').executable).toBe(path.join(dir, 'bin/tool.sh'));
  });

  it('reads [workspace] ignore', async () => {
    const { cfg } = await load('[workspace]\nignore = ["build/**", "*.gen.ts"]\n');
    expect(cfg.ignore).toEqual(['build/**', '*.gen.ts']);
  });

  it('reads [cache]: enabled, and dir relative to the configuration file', async () => {
    const { cfg, dir } = await load('[cache]\nenabled = true\ndir = "build/hie-cache"\n');
    expect(cfg.cache).toEqual({ enabled: true, dir: path.join(dir, 'build/hie-cache') });
    expect(cfg.diagnostics).toEqual([]);
    expect((await load('[cache]\nenabled = false\n')).cfg.cache).toEqual({ enabled: false });
    expect((await load('[workspace]\n')).cfg.cache).toBeUndefined();
  });

  it('reports bad [cache] values by key and keeps the defaults', async () => {
    const { cfg, file } = await load('[cache]\nenabled = "no"\ndir = ""\nsize = 3\n');
    expect(cfg.cache).toEqual({ enabled: true });
    const msgs = cfg.diagnostics.map((d) => d.message);
    expect(msgs).toEqual([
      `${file}: [cache.enabled]: must be true or false, got "no"; ignored`,
      `${file}: [cache.dir]: must be a non-empty path string, got ""; ignored`,
      `${file}: [cache.size]: unknown key, ignored (known: enabled, dir)`,
    ]);
    expect(cfg.diagnostics.map((d) => d.severity)).toEqual(['error', 'error', 'warning']);
    expect(cfg.diagnostics[0]!.span?.start.line).toBe(2);
    const table = await load('cache = 3\n');
    expect(table.cfg.diagnostics[0]!.message).toMatch(/\[cache\]|cache.*must be a table/);
  });
});

describe('loadConfig: type inference', () => {
  it('follows the rules in order', async () => {
    const { cfg, dir } = await load(
      [
        '[libraries]',
        'a = { type = "external", executable = "node" }',
        'b = { path = "m.wasm", executable = "node" }', // .wasm path wins
        'c = { executable = "node" }',
        'd = { path = "run.sh" }', // path used as the program
        'e = { path = "m.WASM" }', // case-sensitive: external
        'f = { type = "wasm", path = "m.bin" }',
      ].join('\n'),
      { 'm.wasm': '', 'run.sh': '', 'm.WASM': '', 'm.bin': '' },
    );
    expect(cfg.libraries.map((l) => `${l.name}:${l.type}`)).toEqual([
      'a:external',
      'b:wasm',
      'c:external',
      'd:external',
      'e:external',
      'f:wasm',
    ]);
    expect(ext(cfg, 'd').executable).toBe('run.sh');
    expect(wasm(cfg, 'b').path).toBe(path.join(dir, 'm.wasm'));
    // `executable` on an entry inferred as wasm is reported as ignored.
    expect(cfg.diagnostics.map((d) => d.code)).toEqual(['W512']);
    expect(cfg.diagnostics[0]!.message).toMatch(/library "b", key "executable": has no effect for a wasm library/);
  });

  it('an entry with nothing to infer from is E512, and only that entry is dropped', async () => {
    const { cfg, file } = await load('[libraries]\ngood = { executable = "node" }\nbad = { args = ["x"] }\n');
    expect(cfg.libraries.map((l) => l.name)).toEqual(['good']);
    expect(codes(cfg)).toEqual(['E512@3:1']);
    expect(cfg.diagnostics[0]!.message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: library "bad": cannot tell the library type`),
    );
  });

  it('`package` alone means wasm (our extension)', async () => {
    const { cfg } = await load('[libraries]\nw = { package = "hie-wasm-demo" }\n', {
      'node_modules/hie-wasm-demo/package.json': JSON.stringify({
        name: 'hie-wasm-demo',
        hielements: { wasm: 'dist/lib.wasm' },
      }),
      'node_modules/hie-wasm-demo/dist/lib.wasm': '',
    });
    expect(cfg.diagnostics).toEqual([]);
    expect(wasm(cfg, 'w').type).toBe('wasm');
  });
});

describe('loadConfig: bad entries are isolated and named', () => {
  it('reports each problem with file, entry, key and the key position; other entries stay', async () => {
    const toml = [
      '[libraries]',
      'ok = { executable = "node" }',
      'badtype = { type = "docker", executable = "x" }',
      'badtimeout = { executable = "node", timeout_ms = "soon" }',
      'noprog = { type = "external", args = [] }',
      'notable = "python3 plugin.py"',
      '',
      '[libraries.badargs]',
      'executable = "node"',
      'args = ["a", 3]',
      '',
      '[libraries.badenv]',
      'executable = "node"',
      'env = { A = 1 }',
      '',
      '[libraries.missing]',
      'executable = "./nope/run.sh"',
      '',
      '[libraries.inflight]',
      'executable = "node"',
      'max_in_flight = 0',
    ].join('\n');
    const { cfg, file } = await load(toml);
    expect(cfg.libraries.map((l) => l.name)).toEqual(['ok']);
    expect(codes(cfg)).toEqual([
      'E515@3:13',
      'E515@4:37',
      'E513@5:1',
      'E515@6:1',
      'E515@10:1',
      'E515@14:9',
      'E517@17:1',
      'E515@21:1',
    ]);
    const msgs = cfg.diagnostics.map((d) => d.message);
    expect(msgs[0]).toBe(
      `${file}: library "badtype", key "type": must be "external" or "wasm", got "docker"; the entry is ignored`,
    );
    expect(msgs[1]).toBe(
      `${file}: library "badtimeout", key "timeout_ms": must be an integer from 1 to 86400000, got "soon"; the ` +
        'entry is ignored',
    );
    expect(msgs[5]).toBe(`${file}: library "badenv", key "env.A": must be a string, got 1; the entry is ignored`);
    expect(msgs[6]).toMatch(/library "missing", key "executable": the program .*nope\/run\.sh does not exist/);
    expect(cfg.diagnostics.every((d) => d.file === file && d.severity === 'error')).toBe(true);
  });

  it('unknown keys and tables are warnings; the entry is kept', async () => {
    const { cfg } = await load(
      'title = "x"\n[libraries]\nx = { executable = "node", permissions = ["fs"] }\n[workspace]\nignore = ' +
        '[]\nroots = []\n[plugins]\n',
    );
    expect(cfg.libraries.map((l) => l.name)).toEqual(['x']);
    expect(codes(cfg)).toEqual(['W511@1:1', 'W511@7:1', 'W510@3:28', 'W510@6:1']);
    expect(cfg.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(cfg.diagnostics[2]!.message).toMatch(/library "x", key "permissions": unknown key, ignored/);
  });

  it('warns about names that .hie files cannot use', async () => {
    const { cfg } = await load('[libraries]\n"my-lib" = { executable = "node" }\n');
    expect(cfg.libraries).toHaveLength(1);
    expect(codes(cfg)).toEqual(['W513@2:1']);
  });

  it('bad [workspace] and [libraries] shapes are E519', async () => {
    const a = await load('libraries = 3\n[workspace]\nignore = "build"\n');
    expect(codes(a.cfg)).toEqual(['E519@1:1', 'E519@3:1']);
  });
});

describe('loadConfig: wasm entries', () => {
  it('reads capabilities, limits and the sha256 pin', async () => {
    const sha = 'A'.repeat(64);
    const { cfg, dir } = await load(
      '[libraries.w]\npath = "libs/x.wasm"\ncapabilities = { file_read = false, file_write = ["gen", "out/x/"] ' +
        `}\nmax_memory_mib = 64\ntimeout_ms = 500\nsha256 = "${sha}"\n`,
      { 'libs/x.wasm': '' },
    );
    expect(cfg.diagnostics).toEqual([]);
    expect(wasm(cfg, 'w')).toEqual({
      type: 'wasm',
      name: 'w',
      path: path.join(dir, 'libs/x.wasm'),
      capabilities: { file_read: false, file_write: true, network: false },
      writeFolders: ['gen/', 'out/x/'],
      maxMemoryMiB: 64,
      timeoutMs: 500,
      sha256: 'a'.repeat(64),
      location: { file: path.join(dir, 'hielements.toml'), line: 1 },
    });
  });

  it('file_write = true grants the own output folder, with a migration warning at the key', async () => {
    const { cfg } = await load('[libraries]\nw = { path = "x.wasm", capabilities = { file_write = true } }\n', {
      'x.wasm': '',
    });
    expect(wasm(cfg, 'w')).toMatchObject({ capabilities: { file_write: true } });
    expect(wasm(cfg, 'w').writeFolders).toBeUndefined();
    expect(codes(cfg)).toEqual(['W800@2:41']);
    const d = cfg.diagnostics[0]!;
    expect(d.message).toContain(
      'now lets the library write only below its own output folder .hielements-out/w/ (it used to mean anywhere in ' +
        'the workspace)',
    );
    expect(d.help).toContain('file_write = [".hielements-out/w/"]');
  });

  it('refuses write grants that leave the workspace or name protected folders', async () => {
    for (const bad of ['"../up"', '"/etc"', '".git/hooks"', '"a/node_modules"', '"x\\\\y"']) {
      const { cfg } = await load(`[libraries]\nw = { path = "x.wasm", capabilities = { file_write = [${bad}] } }\n`, {
        'x.wasm': '',
      });
      expect(cfg.libraries, bad).toEqual([]);
      expect(codes(cfg), bad).toEqual(['E800@2:41']);
    }
    const { cfg } = await load('[libraries]\nw = { path = "x.wasm", capabilities = { file_write = 3 } }\n', {
      'x.wasm': '',
    });
    expect(codes(cfg)).toEqual(['E515@2:41']);
    const empty = await load('[libraries]\nw = { path = "x.wasm", capabilities = { file_write = [] } }\n', {
      'x.wasm': '',
    });
    expect(wasm(empty.cfg, 'w')).toMatchObject({ capabilities: { file_write: false }, writeFolders: [] });
  });

  it('defaults: file_read only, 256 MiB, 10 s', async () => {
    const { cfg } = await load('[libraries]\nw = { path = "x.wasm" }\n', { 'x.wasm': '' });
    expect(wasm(cfg, 'w')).toMatchObject({
      capabilities: { file_read: true, file_write: false, network: false },
      maxMemoryMiB: 256,
      timeoutMs: 10000,
    });
  });

  it('network = true is refused for that entry only', async () => {
    const { cfg } = await load(
      '[libraries]\nw = { path = "x.wasm", capabilities = { network = true } }\nv = { path = "x.wasm" }\n',
      { 'x.wasm': '' },
    );
    expect(cfg.libraries.map((l) => l.name)).toEqual(['v']);
    expect(codes(cfg)).toEqual(['E516@2:41']);
    expect(cfg.diagnostics[0]!.message).toMatch(
      /library "w", key "capabilities.network": cannot be granted: no network host function exists/,
    );
  });

  it('reports a missing module, bad capability values, bad sha256, path + package', async () => {
    const toml = [
      '[libraries]',
      'a = { path = "missing.wasm" }',
      'b = { path = "x.wasm", capabilities = { file_read = "yes", exec = true } }',
      'c = { path = "x.wasm", sha256 = "abc" }',
      'd = { type = "wasm", path = "x.wasm", package = "p" }',
      'e = { type = "wasm" }',
      'f = { path = "x.wasm", max_memory_mib = 9999 }',
    ].join('\n');
    const { cfg } = await load(toml, { 'x.wasm': '' });
    expect(cfg.libraries).toEqual([]);
    expect(cfg.diagnostics.map((d) => d.code)).toEqual(['E517', 'E515', 'W510', 'E515', 'E518', 'E514', 'E515']);
  });

  it('resolves `package` from node_modules: hielements.wasm field, else a .wasm main; errors otherwise', async () => {
    const { cfg, dir } = await load(
      '[libraries]\na = { package = "@acme/rules" }\nb = { package = "plain" }\nc = { package = "nowasm" }\nd = { ' +
        'package = "absent" }\ne = { package = "Bad Name" }\n',
      {
        'node_modules/@acme/rules/package.json': JSON.stringify({
          hielements: { wasm: 'rules.wasm' },
          main: 'index.js',
        }),
        'node_modules/@acme/rules/rules.wasm': '',
        'node_modules/plain/package.json': JSON.stringify({ main: 'lib/plain.wasm' }),
        'node_modules/plain/lib/plain.wasm': '',
        'node_modules/nowasm/package.json': JSON.stringify({ main: 'index.js' }),
      },
    );
    expect(wasm(cfg, 'a')).toMatchObject({
      path: path.join(dir, 'node_modules/@acme/rules/rules.wasm'),
      package: '@acme/rules',
    });
    expect(wasm(cfg, 'b').path).toBe(path.join(dir, 'node_modules/plain/lib/plain.wasm'));
    expect(cfg.libraries.map((l) => l.name)).toEqual(['a', 'b']);
    expect(cfg.diagnostics.map((d) => d.code)).toEqual(['E517', 'E517', 'E515']);
    expect(cfg.diagnostics[0]!.message).toMatch(
      /library "c", key "package": cannot find the module of npm package "nowasm": .* neither a "hielements"/,
    );
  });

  it('finds packages in the workspace node_modules too', async () => {
    const ws = project({
      'node_modules/wsp/package.json': JSON.stringify({ hielements: { wasm: 'x.wasm' } }),
      'node_modules/wsp/x.wasm': '',
    });
    const dir = project({ 'hielements.toml': '[libraries]\nw = { package = "wsp" }\n' });
    const cfg = await loadConfig(path.join(dir, 'hielements.toml'), { workspace: ws });
    expect(cfg.diagnostics).toEqual([]);
    expect(wasm(cfg, 'w').path).toBe(path.join(ws, 'node_modules/wsp/x.wasm'));
  });
});

describe('loadConfig: the repository examples', () => {
  it('loads examples/plugins/hielements.toml without diagnostics', async () => {
    const file = path.resolve('examples/plugins/hielements.toml');
    const cfg = await loadConfig(file);
    expect(cfg.diagnostics).toEqual([]);
    expect(cfg.libraries.map((l) => l.name)).toEqual(['conventions', 'packagejson']);
    expect(ext(cfg, 'conventions').args).toEqual([path.resolve('examples/plugins/python/conventions_plugin.py')]);
  });
});

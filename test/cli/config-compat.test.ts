/** A hielements.toml written for the original: plugin paths named from the workspace, not the toml. */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, expectCode, hie, tempDir } from './helpers.js';

describe('hielements.toml paths relative to the workspace (W840)', () => {
  it(
    'a plugin path that exists only relative to the workspace is used, with a warning giving the ' +
      'toml-relative spelling',
    async () => {
      const ws = await tempDir('hie-compat-');
      mkdirSync(path.join(ws, 'plugins'));
      mkdirSync(path.join(ws, 'config'));
      cpSync(
        path.join(ROOT, 'test', 'fixtures', 'cli', 'plugin', 'conventions.mjs'),
        path.join(ws, 'plugins', 'conventions.mjs'),
      );
      writeFileSync(
        path.join(ws, 'config', 'hielements.toml'),
        '[libraries]\nconventions = { executable = "node", args = ["plugins/conventions.mjs"] }\n',
      );
      writeFileSync(
        path.join(ws, 'arch.hie'),
        'import conventions\n\nelement app {\n    check conventions.always_pass()\n}\n',
      );
      const r = await hie(['run', 'arch.hie', '--workspace', '.', '--config', 'config/hielements.toml', '--no-cache'], {
        cwd: ws,
      });
      expectCode(r, 0);
      expect(r.stdout + r.stderr).toContain('warning[W840]');
      expect(r.stdout + r.stderr).toContain(
        'library "conventions", key "args": "plugins/conventions.mjs" does not exist next to hielements.toml but ' +
          'does in the workspace',
      );
      expect(r.stdout + r.stderr).toContain('write "../plugins/conventions.mjs"');
      expect(r.stdout).toContain('1 check: 1 passed');
    },
  );

  it('a path that exists nowhere is still E517', async () => {
    const ws = await tempDir('hie-compat-');
    mkdirSync(path.join(ws, 'config'));
    writeFileSync(
      path.join(ws, 'config', 'hielements.toml'),
      '[libraries]\nconventions = { executable = "./plugins/nothere" }\n',
    );
    // the spec uses the library: mistakes of an entry are reported for the specs that use it
    writeFileSync(path.join(ws, 'arch.hie'), 'import conventions\nelement app {\n}\n');
    const r = await hie(['check', 'arch.hie', '--workspace', '.', '--config', 'config/hielements.toml'], { cwd: ws });
    expect(r.stdout + r.stderr).toContain('E517');
    expect(r.stdout + r.stderr).not.toContain('W840');
  });
});

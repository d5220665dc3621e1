// A hostile or broken library entry in hielements.toml cannot affect `check`, `run` or `doc` of a
// spec that does not use it: only the libraries a spec names are loaded. `doc --library` of that
// entry reports the problem. Real modules built from test/fixtures/wasm, the real CLI.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, expectCode, hie, ROOT, tempDir } from './helpers.js';

const built = (name: string) => path.join(ROOT, 'test', 'fixtures', 'wasm', 'build', `${name}.wasm`);

/**
 * A workspace with three bad entries (a table bomb, a table without maximum, bytes that are no module) and a good
 * spec.
 */
async function workspace(spec: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = await tempDir('hie-unused-');
  await mkdir(path.join(dir, 'libs'));
  await copyFile(built('limit-tables'), path.join(dir, 'libs', 'bomb.wasm'));
  await copyFile(built('limit-table-no-max'), path.join(dir, 'libs', 'growing.wasm'));
  await writeFile(path.join(dir, 'libs', 'garbage.wasm'), 'this is not a module');
  await copyFile(built('probe'), path.join(dir, 'libs', 'probe.wasm'));
  await writeFile(
    path.join(dir, 'hielements.toml'),
    [
      '[libraries]',
      'bomb = { type = "wasm", path = "libs/bomb.wasm" }',
      'growing = { type = "wasm", path = "libs/growing.wasm" }',
      'garbage = { type = "wasm", path = "libs/garbage.wasm" }',
      'probe = { type = "wasm", path = "libs/probe.wasm" }',
      '',
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'README.md'), '# app\n');
  await writeFile(path.join(dir, 'arch.hie'), spec);
  for (const [file, text] of Object.entries(extra)) await writeFile(path.join(dir, file), text);
  return dir;
}

const GOOD =
  "import files\n\nelement app {\n    scope root = files.folder_selector('.')\n    check files.exists(root, " +
  "'README.md')\n}\n";

describe('only the libraries a spec uses are loaded', () => {
  it('configuration errors of an entry are reported only for a spec that uses that library', async () => {
    const dir = await workspace(GOOD);
    // two broken entries: a module that does not exist, an external library without a program
    await writeFile(
      path.join(dir, 'hielements.toml'),
      [
        '[libraries.missing]',
        'type = "wasm"',
        'path = "libs/nope.wasm"',
        '',
        '[libraries.noprog]',
        'type = "external"',
        '',
      ].join('\n'),
    );
    for (const cmd of ['check', 'run']) {
      const r = await hie([cmd, 'arch.hie'], { cwd: dir });
      expectCode(r, 0);
      expect(r.stdout + r.stderr).not.toMatch(/E517|E513|missing|noprog/);
    }
    await writeFile(path.join(dir, 'uses.hie'), `import missing\n${GOOD}`);
    const used = await hie(['check', 'uses.hie'], { cwd: dir });
    expectCode(used, 1);
    expect(used.stderr + used.stdout).toMatch(/error\[E517\].*library "missing", key "path"/);
    expect(used.stderr + used.stdout).not.toMatch(/noprog/);
    const doc = await hie(['doc', '--library', 'missing'], { cwd: dir });
    expect(doc.stderr + doc.stdout).toMatch(/E517/);
  });

  it('run and check of a spec that uses none of the bad entries pass without a word about them', async () => {
    const dir = await workspace(GOOD);
    const run = await hie(['run', 'arch.hie', '--verbose'], { cwd: dir });
    expectCode(run, 0);
    const check = await hie(['check', 'arch.hie'], { cwd: dir });
    expectCode(check, 0);
    for (const out of [run.stdout, run.stderr, check.stdout, check.stderr]) {
      expect(out).not.toMatch(/E820|E823|E601|bomb|growing|garbage/);
    }
  });

  it('a spec that imports the table bomb gets a clear load error (E820), and the run goes on', async () => {
    const dir = await workspace(
      "import files\nimport bomb\n\nelement app {\n    scope root = files.folder_selector('.')\n    check " +
        "files.exists(root, 'README.md')\n    check bomb.go()\n}\n",
    );
    const r = await hie(['run', 'arch.hie'], { cwd: dir });
    expectCode(r, 1);
    expect(r.stdout).toContain('error[E820]');
    expect(r.stdout).toContain('declares 100 tables; the limit is 16');
    expect(r.stdout).not.toMatch(/E823|E601|growing|garbage/);
  });

  it(
    'a call to a library the file did not import still loads it (and a spec imported by the ' + 'root counts)',
    async () => {
      const dir = await workspace("import './more.hie'\n\nelement app {\n    check garbage.go()\n}\n", {
        'more.hie': 'import growing\n',
      });
      const r = await hie(['check', 'arch.hie'], { cwd: dir });
      expectCode(r, 1);
      expect(r.stdout).toContain('error[E601]'); // garbage: called without import
      expect(r.stdout).toContain('error[E823]'); // growing: imported by more.hie
      expect(r.stdout).not.toContain('E820');
    },
  );

  it('doc documents the good libraries and reports each bad one; doc --library of a bad one reports it', async () => {
    const dir = await workspace(GOOD);
    const one = await hie(['doc', '--library', 'files'], { cwd: dir });
    expectCode(one, 0);
    expect(one.stdout).toContain('## files');
    expect(one.stderr).not.toMatch(/E820|E823|E601/);
    const bad = await hie(['doc', '--library', 'bomb'], { cwd: dir });
    expectCode(bad, 1);
    expect(bad.stderr).toContain('error[E820]');
    expect(bad.stderr).not.toMatch(/E823|E601/);
    const all = await hie(['doc'], { cwd: dir });
    expectCode(all, 1);
    expect(all.stderr).toMatch(/E820[\s\S]*E823|E823[\s\S]*E820/);
    expect(all.stderr).toContain('E601');
    expect(all.stdout).toContain('## files');
    expect(all.stdout).toContain('## probe');
  });
});

describe('run --watch', () => {
  it('loads a configured library only once the spec is edited to use it', async () => {
    const dir = await workspace(GOOD);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
    const child = spawn(process.execPath, [BIN, 'run', 'arch.hie', '--watch'], { cwd: dir, env });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const until = async (what: string, cond: () => boolean) => {
      for (let i = 0; i < 800 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
      if (!cond()) throw new Error(`gave up waiting for ${what}\n${out}`);
    };
    try {
      await until('the first report', () => out.includes('watching'));
      expect(out).toContain('1 check: 1 passed');
      expect(out).not.toMatch(/E820|E823|E601/);
      await writeFile(path.join(dir, 'arch.hie'), GOOD.replace('import files\n', 'import files\nimport growing\n'));
      await until('the re-run with the new import', () => out.includes('E823'));
      expect(out).toContain('declares no maximum');
      expect(out).not.toMatch(/E820|E601/);
    } finally {
      child.kill('SIGINT');
      await exited;
    }
  });
});

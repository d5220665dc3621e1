/**
 * `hielements run --watch` through the real CLI: first report, a change, the re-run, Ctrl-C.
 * Output is polled with a generous limit; nothing here depends on how fast a run is.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './helpers.js';

interface Watching {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

const running: Watching[] = [];

afterEach(() => {
  for (const w of running.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
});

function watch(dir: string, args: string[]): Watching {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, [BIN, 'run', ...args, '--watch'], { cwd: dir, env });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const w = { child, out: () => out, err: () => err, exited };
  running.push(w);
  return w;
}

/** Polls until `cond` holds (up to 40 s), then returns; fails with the output so far otherwise. */
async function until(w: Watching, what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 800; i++) {
    if (cond()) return;
    if (w.child.exitCode !== null && w.child.exitCode !== 130) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}\n--- stdout ---\n${w.out()}\n--- stderr ---\n${w.err()}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

async function project(): Promise<string> {
  const dir = await tempDir('hie-watch-');
  await mkdir(path.join(dir, 'src'));
  await mkdir(path.join(dir, 'docs'));
  await writeFile(path.join(dir, 'src', 'a.txt'), 'short\n');
  await writeFile(path.join(dir, 'docs', 'guide.txt'), 'guide\n');
  await writeFile(path.join(dir, 'hielements.toml'), '[libraries]\n');
  await writeFile(
    path.join(dir, 'arch.hie'),
    [
      'import files',
      '',
      'element app {',
      "    scope src = files.folder_selector('src')",
      "    scope docs = files.folder_selector('docs')",
      '    check files.max_size(src, 100)',
      '    check files.max_size(docs, 100)',
      '}',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('hielements run --watch', () => {
  it(
    're-runs only the affected check after a workspace change, re-runs everything after a spec change, exits ' +
      '130 on Ctrl-C',
    async () => {
      const dir = await project();
      const w = watch(dir, ['arch.hie']);
      await until(w, 'the first report', () => w.out().includes('watching'));
      expect(w.out()).toContain('2 checks: 2 passed');

      await writeFile(path.join(dir, 'src', 'a.txt'), 'x'.repeat(500));
      await until(w, 'the re-run after src/a.txt changed', () => w.out().includes('re-ran'));
      const second = w.out().slice(w.out().indexOf('── re-run 2'));
      expect(second).toMatch(/── re-run 2 \(.*\): changed src\/a\.txt ──/);
      expect(second).toMatch(/FAIL\s+files\.max_size\(src, 100\)/);
      expect(second).toContain('2 checks: 1 passed, 1 failed');
      expect(second).toContain('re-ran 1 check; 1 unchanged');

      await writeFile(
        path.join(dir, 'arch.hie'),
        readFileSync(path.join(dir, 'arch.hie'), 'utf8').replace('max_size(src, 100)', 'max_size(src, 1000)'),
      );
      await until(w, 'the re-run after arch.hie changed', () => w.out().includes('── re-run 3'));
      await until(w, 'the third report', () => count(w.out().slice(w.out().indexOf('── re-run 3')), 'watching') > 0);
      const third = w.out().slice(w.out().indexOf('── re-run 3'));
      expect(third).toContain('changed arch.hie');
      expect(third).toContain('2 checks: 2 passed');

      w.child.kill('SIGINT');
      expect(await w.exited).toBe(130);
      expect(w.err()).toContain('stopping watch mode');
    },
  );

  it('does not re-run when only a file no check reads changes', async () => {
    const dir = await project();
    const w = watch(dir, ['arch.hie', '--verbose']);
    await until(w, 'the first report', () => w.out().includes('watching'));
    await writeFile(path.join(dir, 'notes.txt'), 'not in any scope\n');
    // an added file can enter any scope: everything runs again
    await until(w, 'the re-run after notes.txt was added', () => w.out().includes('── re-run 2'));
    await until(w, 'its report', () => w.out().includes('re-ran 2 checks'));
    await writeFile(path.join(dir, 'notes.txt'), 'edited, still in no scope\n');
    await until(w, 'the trace saying nothing runs again', () =>
      w.err().includes('read by no check; nothing to run again'),
    );
    expect(w.out()).not.toContain('── re-run 3');
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(130);
  });

  it('is not triggered by its own output redirected into the workspace', async () => {
    const dir = await project();
    await writeFile(
      path.join(dir, 'arch.hie'),
      [
        'import files',
        '',
        'element app {',
        "    scope all = files.folder_selector('.')",
        '    check files.max_size(all, 100000)',
        '}',
        '',
      ].join('\n'),
    );
    const report = path.join(dir, 'report.txt');
    const fd = openSync(report, 'w');
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
    const child = spawn(process.execPath, [BIN, 'run', 'arch.hie', '--watch'], {
      cwd: dir,
      env,
      stdio: ['ignore', fd, 'pipe'],
    });
    closeSync(fd);
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const text = (): string => readFileSync(report, 'utf8');
    const w: Watching = { child: child as unknown as ChildProcessWithoutNullStreams, out: text, err: () => '', exited };
    running.push(w);
    await until(w, 'the first report', () => text().includes('watching'));
    await writeFile(path.join(dir, 'src', 'a.txt'), 'edited\n');
    await until(w, 'the re-run after src/a.txt changed', () => count(text(), 'watching') >= 2);
    // Without the guard, writing the report would itself be the first change seen.
    expect(text()).toMatch(/── re-run 2 \(.*\): changed src\/a\.txt ──/);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
  });

  it('Ctrl-C during a run in watch mode stops the plugin processes and exits 130', async () => {
    const dir = await project();
    await mkdir(path.join(dir, 'plugin'));
    await copyFile(
      path.join(ROOT, 'test', 'fixtures', 'cli', 'plugin', 'conventions.mjs'),
      path.join(dir, 'plugin', 'conventions.mjs'),
    );
    const pidFile = path.join(dir, 'plugin.pid');
    await writeFile(
      path.join(dir, 'hielements.toml'),
      '[libraries]\nconventions = { executable = "node", args = ["plugin/conventions.mjs"] }\n',
    );
    await writeFile(
      path.join(dir, 'arch.hie'),
      `import conventions\n\nelement app {\n    check conventions.hang(${JSON.stringify(pidFile)})\n}\n`,
    );
    const w = watch(dir, ['arch.hie']);
    await until(
      w,
      'the plugin to receive the check',
      () => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '',
    );
    const pluginPid = Number(readFileSync(pidFile, 'utf8'));
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(130);
    await until(w, 'the plugin process to stop', () => !alive(pluginPid));
  });

  it('prints one JSON document per run', async () => {
    const dir = await project();
    const w = watch(dir, ['arch.hie', '--format', 'json']);
    await until(w, 'the first document', () => w.err().includes('watching'));
    await writeFile(path.join(dir, 'docs', 'guide.txt'), 'y'.repeat(300));
    await until(w, 'the second document', () => count(w.err(), 'watching') >= 2);
    const docs = w
      .out()
      .trim()
      .split(/\n(?=\{)/)
      .map((d) => JSON.parse(d) as { summary: { passed: number; failed: number } });
    expect(docs).toHaveLength(2);
    expect(docs[0]!.summary).toMatchObject({ passed: 2, failed: 0 });
    expect(docs[1]!.summary).toMatchObject({ passed: 1, failed: 1 });
    expect(w.err()).toContain('changed docs/guide.txt');
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(130);
  });

  it('reloads a changed WebAssembly module and keeps running', async () => {
    const dir = await project();
    const wasm = path.join(dir, 'lib', 'rules.wasm');
    await mkdir(path.dirname(wasm));
    await copyFile(path.join(ROOT, 'examples', 'wasm', 'conventions', 'build', 'conventions.wasm'), wasm);
    await writeFile(
      path.join(dir, 'hielements.toml'),
      '[libraries]\nrules = { type = "wasm", path = "lib/rules.wasm" }\n',
    );
    await writeFile(
      path.join(dir, 'arch.hie'),
      [
        'import files',
        'import rules',
        '',
        'element app {',
        "    scope src = files.folder_selector('src')",
        '    check rules.max_lines(src, 10)',
        '}',
        '',
      ].join('\n'),
    );
    const w = watch(dir, ['arch.hie']);
    await until(w, 'the first report', () => w.out().includes('watching'));
    expect(w.out()).toContain('1 check: 1 passed');
    // Replace the module with another library that has no `max_lines`: the reload shows.
    await copyFile(path.join(ROOT, 'examples', 'wasm-library-template', 'build', 'template.wasm'), wasm);
    await until(w, 'the re-run after the module changed', () => count(w.out(), 'watching') >= 2);
    const second = w.out().slice(w.out().indexOf('── re-run 2'));
    expect(second).toContain('changed lib/rules.wasm');
    expect(second).toContain('reloaded 1 library: rules');
    // The spec is validated against the new module's catalogue.
    expect(second).toContain('library `rules` has no check `max_lines`');
    await copyFile(path.join(ROOT, 'examples', 'wasm', 'conventions', 'build', 'conventions.wasm'), wasm);
    await until(w, 'the re-run after the module was restored', () => count(w.out(), 'watching') >= 3);
    const third = w.out().slice(w.out().indexOf('── re-run 3'));
    expect(third).toContain('reloaded 1 library: rules');
    expect(third).toContain('1 check: 1 passed');
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(130);
  });
});

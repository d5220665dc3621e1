/** `run` with the persistent facts cache: on by default, reused across runs, `--no-cache`, `--cache-dir`, `[cache]`. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectCode, hie, tempDir } from './helpers.js';

const SPEC = `import python

element app {
    scope core = python.package_selector('app.core')
    scope web = python.package_selector('app.web')

    check python.no_import(core, 'app.web')
}
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A small Python workspace (hielements.toml marks the root) whose files are a minute old. */
async function workspace(toml = ''): Promise<string> {
  const root = await tempDir('hie-cache-');
  dirs.push(root);
  const files: Record<string, string> = {
    'hielements.toml': toml,
    'arch.hie': SPEC,
    'app/__init__.py': '',
    'app/core/__init__.py': '',
    'app/core/rules.py': 'import json\n\ndef rule():\n    return json.dumps({})\n',
    'app/web/__init__.py': '',
    'app/web/views.py': 'from app.core import rules\n',
  };
  const old = new Date(Date.now() - 60_000);
  for (const [rel, text] of Object.entries(files)) {
    const f = path.join(root, rel);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, text);
    utimesSync(f, old, old);
  }
  return root;
}

const cacheLine = (stderr: string) => stderr.split('\n').find((l) => l.includes('facts cache')) ?? '';

describe('run: persistent facts cache', () => {
  it('is on by default: the first run parses and saves, the second reuses every file', async () => {
    const root = await workspace();
    const first = await hie(['run', 'arch.hie', '-v'], { cwd: root });
    expectCode(first, 0);
    expect(cacheLine(first.stderr)).toMatch(
      /facts cache .*\.hielements-cache[/\\]facts\.json: 0 file\(s\) unchanged, 0 re-read with the same content, \d+ parsed; saved/,
    );
    expect(existsSync(path.join(root, '.hielements-cache', '.gitignore'))).toBe(true);
    const second = await hie(['run', 'arch.hie', '-v'], { cwd: root });
    expectCode(second, 0);
    expect(cacheLine(second.stderr)).toMatch(
      /: [1-9]\d* file\(s\) unchanged, 0 re-read with the same content, 0 parsed; nothing new to save/,
    );
    expect(second.stdout).toContain('1 passed');
  });

  it('an edit between runs is seen: the edited file is parsed again and the check fails', async () => {
    const root = await workspace();
    expectCode(await hie(['run', 'arch.hie'], { cwd: root }), 0);
    writeFileSync(path.join(root, 'app/core/rules.py'), 'import app.web.views\n');
    const r = await hie(['run', 'arch.hie', '-v'], { cwd: root });
    expectCode(r, 1);
    expect(r.stdout).toContain('app.web');
    expect(cacheLine(r.stderr)).toMatch(/, 1 parsed; saved/);
  });

  it('--no-cache neither reads nor writes a cache', async () => {
    const root = await workspace();
    const r = await hie(['run', 'arch.hie', '--no-cache', '-v'], { cwd: root });
    expectCode(r, 0);
    expect(cacheLine(r.stderr)).toBe('');
    expect(existsSync(path.join(root, '.hielements-cache'))).toBe(false);
  });

  it('--cache-dir puts it elsewhere (relative to the current directory)', async () => {
    const root = await workspace();
    const elsewhere = await tempDir('hie-cache-dir-');
    dirs.push(elsewhere);
    const r = await hie(['run', path.join(root, 'arch.hie'), '--cache-dir', 'c'], { cwd: elsewhere });
    expectCode(r, 0);
    expect(existsSync(path.join(root, '.hielements-cache'))).toBe(false);
    // outside the workspace: the file name carries the workspace's hash
    expect(readdirSync(path.join(elsewhere, 'c')).filter((f) => /^facts-[0-9a-f]{16}\.json$/.test(f))).toHaveLength(1);
    expect(readFileSync(path.join(elsewhere, 'c', '.gitignore'), 'utf8')).toContain('*');
  });

  it('[cache] in hielements.toml: dir relative to the file, enabled = false', async () => {
    const root = await workspace('[cache]\ndir = "build/hie"\n');
    expectCode(await hie(['run', 'arch.hie'], { cwd: root }), 0);
    expect(existsSync(path.join(root, 'build', 'hie', 'facts.json'))).toBe(true);
    const off = await workspace('[cache]\nenabled = false\n');
    expectCode(await hie(['run', 'arch.hie'], { cwd: off }), 0);
    expect(existsSync(path.join(off, '.hielements-cache'))).toBe(false);
    // the command line wins over the file
    expectCode(await hie(['run', 'arch.hie', '--cache-dir', 'mine'], { cwd: off }), 0);
    expect(existsSync(path.join(off, 'mine', 'facts.json'))).toBe(true);
  });

  it('a corrupt cache file is replaced, and the run is right', async () => {
    const root = await workspace();
    expectCode(await hie(['run', 'arch.hie'], { cwd: root }), 0);
    writeFileSync(path.join(root, '.hielements-cache', 'facts.json'), 'not json');
    const r = await hie(['run', 'arch.hie', '-v'], { cwd: root });
    expectCode(r, 0);
    expect(cacheLine(r.stderr)).toMatch(/saved .*unreadable facts cache .* discarded/);
  });

  it('concurrent runs in one workspace leave a whole cache behind (writes are atomic)', async () => {
    const root = await workspace();
    const runs = await Promise.all([1, 2, 3].map(() => hie(['run', 'arch.hie'], { cwd: root })));
    runs.forEach((r) => expectCode(r, 0));
    expect(() => JSON.parse(readFileSync(path.join(root, '.hielements-cache', 'facts.json'), 'utf8'))).not.toThrow();
    expect(readdirSync(path.join(root, '.hielements-cache')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const next = await hie(['run', 'arch.hie', '-v'], { cwd: root });
    expect(cacheLine(next.stderr)).toMatch(/, 0 parsed; nothing new to save/);
  });

  it('--no-cache with --cache-dir is a usage error', async () => {
    const root = await workspace();
    const r = await hie(['run', 'arch.hie', '--no-cache', '--cache-dir', 'x'], { cwd: root });
    expectCode(r, 2);
    expect(r.stderr).toContain('--no-cache and --cache-dir cannot be used together');
  });

  it('check never writes a cache (it evaluates nothing)', async () => {
    const root = await workspace();
    expectCode(await hie(['check', 'arch.hie'], { cwd: root }), 0);
    expect(existsSync(path.join(root, '.hielements-cache'))).toBe(false);
  });
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveExternalProcessCount } from '../../../src/libraries/external/index.js';
import { str, type Library } from '../../../src/libraries/types.js';
import { ctx, FIXTURES, nodeConfig, open, ROOT } from './helpers.js';

const libs: Library[] = [];
afterEach(async () => {
  await Promise.all(libs.splice(0).map((l) => l.dispose()));
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitDead(pid: number, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !isAlive(pid);
}

describe('external library: process lifecycle', () => {
  it('starts lazily, reuses one process, and stops it on dispose', async () => {
    const before = liveExternalProcessCount();
    const { lib } = open(nodeConfig('misbehaving.mjs'));
    libs.push(lib);
    expect(liveExternalProcessCount()).toBe(before);
    const a = await lib.call('pid', [], ctx);
    const b = await lib.call('pid', [], ctx);
    expect(a).toEqual(b);
    expect(liveExternalProcessCount()).toBe(before + 1);
    await lib.dispose();
    expect(liveExternalProcessCount()).toBe(before);
    expect(await waitDead(Number(a.type === 'int' ? a.value : 0))).toBe(true);
    await lib.dispose(); // idempotent
    await expect(lib.call('pid', [], ctx)).rejects.toMatchObject({ code: 'E504' });
  });

  it('dispose kills a plugin that ignores the end of its input', async () => {
    const { lib } = open(nodeConfig('ignores_stdin_eof.mjs'), { shutdownGraceMs: 100 });
    libs.push(lib);
    const pid = await lib.call('pid', [], ctx);
    await lib.dispose();
    expect(await waitDead(Number(pid.type === 'int' ? pid.value : 0))).toBe(true);
  });

  it(
    'documentation uses the running process and falls back to library.metadata; the name is ' + 'the TOML key',
    async () => {
      const { lib } = open(nodeConfig('misbehaving.mjs', { name: 'mylib' }));
      libs.push(lib);
      const pid = await lib.call('pid', [], ctx);
      const doc = await lib.documentation();
      expect(doc).toMatchObject({
        name: 'mylib',
        version: '0.9.0',
        functions: [{ name: 'echo' }, { name: 'pid' }],
        checks: [{ name: 'pass' }, { name: 'crash' }],
      });
      expect(doc.source).toBe(`external: ${process.execPath} ${path.join(FIXTURES, 'misbehaving.mjs')}`);
      expect(await lib.call('pid', [], ctx)).toEqual(pid);
      expect(await lib.documentation()).toBe(doc); // cached
    },
  );

  it('passes env and cwd to the process', async () => {
    const { lib } = open(nodeConfig('misbehaving.mjs', { env: { HIE_TEST_VALUE: 'forty-two' }, cwd: ROOT }));
    libs.push(lib);
    expect(await lib.call('env', [str('HIE_TEST_VALUE')], ctx)).toEqual(str('forty-two'));
    expect(await lib.call('cwd', [], ctx)).toEqual(str(ROOT));
  });

  it('Ctrl-C (SIGINT) on the host kills the plugin and exits with 130', async () => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/vite-node'), [path.join(FIXTURES, 'sigint-host.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const pid = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /^(\d+)\n/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(`host exited early: ${err}`)));
    });
    expect(isAlive(pid)).toBe(true);
    const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    child.kill('SIGINT');
    expect(await code).toBe(130);
    expect(await waitDead(pid)).toBe(true);
  });
});

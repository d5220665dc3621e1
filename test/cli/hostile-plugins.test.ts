// The real CLI with a hostile plugin (test/fixtures/external/hostile.mjs) that starts a sleeping
// grandchild and records its pid: after a normal run, a time limit, a crash and Ctrl-C, nothing
// the plugin started is left running.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, expectCode, hie, ROOT, tempDir } from './helpers.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A workspace whose spec runs one check of the hostile plugin; returns it and the pid file. */
async function workspace(check: string, entry = ''): Promise<{ dir: string; pidFile: string }> {
  const dir = await tempDir('hie-hostile-cli-');
  await mkdir(path.join(dir, 'plugin'));
  await copyFile(path.join(ROOT, 'test', 'fixtures', 'external', 'hostile.mjs'), path.join(dir, 'plugin', 'hostile.mjs'));
  const pidFile = path.join(dir, 'grandchild.pid');
  await writeFile(path.join(dir, 'hielements.toml'), `[libraries]\nhostile = { executable = "node", args = ["plugin/hostile.mjs"]${entry} }\n`);
  await writeFile(path.join(dir, 'arch.hie'), `import hostile\n\nelement app {\n    check hostile.${check}('${pidFile}')\n}\n`);
  return { dir, pidFile };
}

async function grandchildPid(pidFile: string): Promise<number> {
  await waitFor(() => existsSync(pidFile), 'the grandchild pid file');
  return Number(await readFile(pidFile, 'utf8'));
}

describe('hielements run leaves no process of a plugin behind', () => {
  it('after a normal run', async () => {
    const { dir, pidFile } = await workspace('spawn_pass');
    const r = await hie(['run', 'arch.hie'], { cwd: dir });
    expectCode(r, 0);
    const pid = await grandchildPid(pidFile);
    await waitFor(() => !alive(pid), `grandchild ${pid} to be gone`);
  });

  it('after a call ran out of time', async () => {
    const { dir, pidFile } = await workspace('spawn_hang', ', timeout_ms = 1000');
    const r = await hie(['run', 'arch.hie'], { cwd: dir });
    expectCode(r, 1);
    expect(r.stdout).toContain('did not answer within 1000 ms');
    await waitFor(async () => !alive(await grandchildPid(pidFile)), 'the grandchild to be gone');
  });

  it('after the plugin crashed', async () => {
    const { dir, pidFile } = await workspace('spawn_crash');
    const r = await hie(['run', 'arch.hie'], { cwd: dir });
    expectCode(r, 1);
    expect(r.stdout).toContain('exited with code 3');
    await waitFor(async () => !alive(await grandchildPid(pidFile)), 'the grandchild to be gone');
  });

  it('after Ctrl-C (SIGINT), with exit code 130', async () => {
    const { dir, pidFile } = await workspace('spawn_hang');
    const child = spawn(process.execPath, [BIN, 'run', 'arch.hie'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const pid = await grandchildPid(pidFile);
    expect(alive(pid)).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted');
    await waitFor(() => !alive(pid), `grandchild ${pid} to be gone`);
  });
});

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdir, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, fixture, tempDir } from './helpers.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('hielements run — Ctrl-C', () => {
  it('aborts the run, stops plugin processes and exits 130', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'plugin'));
    await copyFile(fixture('plugin', 'conventions.mjs'), path.join(dir, 'plugin', 'conventions.mjs'));
    const pidFile = path.join(dir, 'plugin.pid');
    await writeFile(
      path.join(dir, 'hielements.toml'),
      '[libraries]\nconventions = { executable = "node", args = ["plugin/conventions.mjs"] }\n',
    );
    await writeFile(
      path.join(dir, 'arch.hie'),
      `import conventions\n\nelement app {\n    check conventions.hang('${pidFile.replace(/\\/g, '\\\\')}')\n}\n`,
    );
    const child = spawn(process.execPath, [BIN, 'run', 'arch.hie'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await waitFor(() => existsSync(pidFile), 'the plugin to receive the check');
    const pluginPid = Number(await readFile(pidFile, 'utf8'));
    expect(alive(pluginPid)).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted');
    await waitFor(() => !alive(pluginPid), 'the plugin process to stop');
  });
});

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
  await copyFile(
    path.join(ROOT, 'test', 'fixtures', 'external', 'hostile.mjs'),
    path.join(dir, 'plugin', 'hostile.mjs'),
  );
  const pidFile = path.join(dir, 'grandchild.pid');
  await writeFile(
    path.join(dir, 'hielements.toml'),
    `[libraries]\nhostile = { executable = "node", args = ["plugin/hostile.mjs"]${entry} }\n`,
  );
  await writeFile(
    path.join(dir, 'arch.hie'),
    `import hostile\n\nelement app {\n    check hostile.${check}('${pidFile}')\n}\n`,
  );
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
    const child = spawn(process.execPath, [BIN, 'run', 'arch.hie'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
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

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
/** What JSON must escape (C0 controls): JSON documents may hold C1 and bidi characters as they are. */
// eslint-disable-next-line no-control-regex
const RAW_C0 = /[\u0000-\u001f]/;

describe('text from a plugin in the terminal and in machine formats', () => {
  async function escapesWorkspace(): Promise<string> {
    const dir = await tempDir('hie-escapes-');
    await mkdir(path.join(dir, 'plugin'));
    await copyFile(
      path.join(ROOT, 'test', 'fixtures', 'external', 'hostile.mjs'),
      path.join(dir, 'plugin', 'hostile.mjs'),
    );
    await writeFile(
      path.join(dir, 'hielements.toml'),
      '[libraries]\nhostile = { executable = "node", args = ["plugin/hostile.mjs"] }\n',
    );
    await writeFile(
      path.join(dir, 'arch.hie'),
      'import hostile\n\nelement app {\n    check hostile.escapes()\n    check hostile.escape_error()\n}\n',
    );
    return dir;
  }

  it('the human report and --verbose show escapes as visible text', async () => {
    const dir = await escapesWorkspace();
    const r = await hie(['run', 'arch.hie', '--verbose'], { cwd: dir });
    expectCode(r, 1);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('bad \\x1b[2J\\x1b[31mred\\x1b[0m \\x1b]0;pwned\\x07 \\r\\b done');
    expect(r.stdout).toContain('src/\\x1b[8mhidden.py:1  at \\x1b[1mhere\\x1b[0m');
    expect(r.stdout).toContain('boom \\x1b]52;c;cGF5bG9hZA==\\x07 \\x9b31m \\u{202e}evil');
    expect(r.stderr).toContain('[hostile stderr] stderr \\x1b]0;owned title\\x07 \\x1b[1A\\x1b[2K');
  });

  it('JSON and SARIF keep the exact text; JUnit stays valid XML', async () => {
    const dir = await escapesWorkspace();
    const json = await hie(['run', 'arch.hie', '--format', 'json'], { cwd: dir });
    expectCode(json, 1);
    const doc = JSON.parse(json.stdout);
    expect(doc.results[0].message).toBe('bad \u001b[2J\u001b[31mred\u001b[0m \u001b]0;pwned\u0007 \r\u0008 done');
    expect(doc.results[0].locations[0].message).toBe('at \u001b[1mhere\u001b[0m');
    expect(json.stdout.replace(/\n/g, '')).not.toMatch(RAW_C0);
    const sarif = await hie(['run', 'arch.hie', '--format', 'sarif'], { cwd: dir });
    expect(sarif.stdout.replace(/\n/g, '')).not.toMatch(RAW_C0);
    expect(JSON.stringify(JSON.parse(sarif.stdout))).toContain('bad \\u001b[2J');
    const junit = await hie(['run', 'arch.hie', '--format', 'junit'], { cwd: dir });
    // XML 1.0 forbids C0 controls other than tab, newline and carriage return, even as references.
    // eslint-disable-next-line no-control-regex
    expect(junit.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]|&#(x0*1b|0*27);/i);
    expect(junit.stdout).toContain('red');
  });

  it('hielements doc shows a library description with escapes made visible', async () => {
    const dir = await escapesWorkspace();
    const r = await hie(['doc', '--library', 'hostile'], { cwd: dir });
    expectCode(r, 0);
    expect(r.stdout).toContain('a \\x1b[5mblinking\\x1b[0m library');
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const j = await hie(['doc', '--library', 'hostile', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(j.stdout).libraries[0].description).toBe('a \u001b[5mblinking\u001b[0m library');
  });
});

/**
 * `hielements run --watch` across a directory → symbolic link swap (what a `git checkout` or a
 * hostile build step can do between two re-runs): the second run must neither read nor list the
 * outside, in the built-ins or in a WebAssembly library. Nothing verified in the first run is
 * remembered.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../cli/helpers.js';

const CANARY = 'CANARY-OUTSIDE';
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('watch re-runs across a directory → symbolic link swap', () => {
  it('the re-run reads and lists nothing outside', async () => {
    const base = await tempDir('hie-watch-swap-');
    const dir = path.join(base, 'ws');
    const outside = path.join(base, 'outside');
    mkdirSync(path.join(dir, 'd'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(dir, 'd', 'f.txt'), 'INSIDE\n');
    writeFileSync(path.join(outside, 'f.txt'), `${CANARY}\nline 2\nline 3\n`);
    writeFileSync(path.join(outside, 'only-outside.txt'), `${CANARY}\n`);
    const wasm = path.join(ROOT, 'examples', 'wasm', 'conventions', 'build', 'conventions.wasm');
    writeFileSync(
      path.join(dir, 'hielements.toml'),
      `[libraries]\nconventions = { type = "wasm", path = ${JSON.stringify(wasm)} }\n`,
    );
    writeFileSync(
      path.join(dir, 'arch.hie'),
      [
        'import files',
        'import conventions',
        '',
        'element app {',
        "    scope d = files.folder_selector('d')",
        "    scope w = conventions.simple_selector('d')",
        "    check files.not_contains_text(d, 'CANARY')",
        '    check conventions.max_lines(w, 1)',
        '    check files.file_count(w, 1, 1)',
        '}',
        '',
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [BIN, 'run', 'arch.hie', '--watch', '--allow-empty'], { cwd: dir, env });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const until = async (what: string, cond: () => boolean) => {
      for (let i = 0; i < 1200; i++) {
        if (cond()) return;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`gave up waiting for ${what}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`);
    };
    await until('the first report', () => out.includes('watching'));
    expect(out).toContain('3 checks: 3 passed');

    // d becomes a link to the outside folder (renames, as a checkout does)
    renameSync(path.join(dir, 'd'), path.join(base, 'd.old'));
    symlinkSync(outside, path.join(dir, 'd'));
    writeFileSync(path.join(dir, 'arch.hie'), `${readFileSync(path.join(dir, 'arch.hie'), 'utf8')}# re-run\n`);
    await until('the re-run', () => out.includes('── re-run 2'));
    await until('its report', () => out.slice(out.indexOf('── re-run 2')).includes('watching'));
    const second = out.slice(out.indexOf('── re-run 2'));
    // nothing outside was selected or read: the link selects nothing in both libraries
    expect(second).not.toContain(CANARY);
    expect(second).not.toContain('only-outside');
    expect(second).not.toMatch(/longer than 1 lines/);
    expect(second).toMatch(/FAIL\s+files\.file_count\(w, 1, 1\)/);
    expect(second).toContain('has 0 files, fewer than the minimum 1');
    child.kill('SIGINT');
  }, 120_000);
});

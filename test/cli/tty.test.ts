import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, fixture, ROOT } from './helpers.js';

/** util-linux `script` gives the CLI a real pseudo-terminal for stdout and stderr. */
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

function inTerminal(args: string[], env: Record<string, string | undefined>): Promise<string> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: childEnv });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

describe.skipIf(!hasScript)('on a terminal', () => {
  const env = {
    CI: undefined,
    GITHUB_ACTIONS: undefined,
    BUILD_NUMBER: undefined,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    COLUMNS: '100',
  };

  it('shows colours and an in-place progress line that is erased at the end', async () => {
    const out = await inTerminal(['run', fixture('green', 'arch.hie')], env);
    expect(out).toContain('\u001b[');
    expect(out).toMatch(/\r\u001b\[2K\[\d+\/4\] app/);
    expect(out).toMatch(/4 checks.*: .*4 passed/);
    // The last progress write is the erase, before the report.
    expect(out.lastIndexOf('\r\u001b[2K')).toBeLessThan(out.indexOf('Running'));
  });

  it('no progress line with --quiet, in CI, or with a machine format', async () => {
    for (const [args, extra] of [
      [['run', fixture('green', 'arch.hie'), '--quiet'], {}],
      [['run', fixture('green', 'arch.hie')], { CI: 'true' }],
      [['run', fixture('green', 'arch.hie'), '-f', 'json'], {}],
    ] as [string[], Record<string, string>][]) {
      const out = await inTerminal(args, { ...env, ...extra });
      expect(out, args.join(' ')).not.toMatch(/\[\d+\/4\]/);
    }
  });
});

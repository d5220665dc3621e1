/** The programmatic API: same results as the command line, no hold on the process. */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, createLibrary, run, renderReport, pass } from '../../src/index.js';
import { ROOT, hie } from '../cli/helpers.js';

const SHOP = path.join(ROOT, 'examples', 'shop', 'hielements.hie');
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'] as const;
const listeners = () => SIGNALS.map((s) => process.listenerCount(s));

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sourceFiles(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('public API', () => {
  it('package.json exports the entry point and its types', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(existsSync(path.join(ROOT, pkg.exports['.'].types))).toBe(true);
    expect(existsSync(path.join(ROOT, pkg.exports['.'].import))).toBe(true);
  });

  it('run gives the report the CLI renders, and installs no process handler (plugin process included)', async () => {
    const before = listeners();
    const result = await run(SHOP, { cwd: ROOT });
    expect(listeners()).toEqual(before);
    expect(result.ok).toBe(true);
    expect(result.report.summary.failed).toBe(0);
    expect(result.report.results.some((r) => r.library === 'conventions')).toBe(true);
    const cli = await hie(['run', SHOP, '--format', 'json']);
    const timeless = (text: string) => JSON.parse(text, (k, v) => (/duration/i.test(k) ? 0 : v));
    expect(timeless(renderReport(result.report, 'json'))).toEqual(timeless(cli.stdout));
  });

  it('check reports spec errors as diagnostics with positions, without throwing', async () => {
    const before = listeners();
    const file = path.join(ROOT, 'test', 'fixtures', 'cli', 'malformed', 'bad.hie');
    const result = await check(file);
    expect(listeners()).toEqual(before);
    expect(result.ok).toBe(false);
    const error = result.diagnostics.find((d) => d.severity === 'error');
    expect(error?.file).toBe(file);
    expect(error?.span?.start.line).toBeGreaterThan(0);
  });

  it('a JavaScript library: its checks run; one that throws is an error outcome and the run goes on', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hie-api-'));
    await writeFile(path.join(dir, 'hielements.toml'), '');
    await writeFile(
      path.join(dir, 'arch.hie'),
      'import mine\n\nelement app {\n    check mine.boom()\n    check mine.fine()\n}\n',
    );
    const mine = createLibrary({
      name: 'mine',
      checks: {
        boom: () => {
          throw new Error('boom');
        },
        fine: () => pass(),
      },
    });
    const result = await run(path.join(dir, 'arch.hie'), { libraries: [mine] });
    expect(result.report.results.map((r) => [r.status, r.message])).toEqual([
      ['error', 'mine.boom failed: boom'],
      ['pass', undefined],
    ]);
    expect(result.ok).toBe(false);
    const checked = await check(path.join(dir, 'arch.hie'), {
      libraries: [createLibrary({ name: 'mine', checks: { fine: () => pass() } })],
    });
    expect(checked.ok).toBe(false); // `boom` is not a function of this `mine`
  });

  it('only the command line ends the process or handles signals', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(path.join(ROOT, 'src'))) {
      if (file.startsWith(path.join(ROOT, 'src', 'cli') + path.sep)) continue;
      const text = await readFile(file, 'utf8');
      if (/process\.(exit|on|once|addListener|prependListener)\(/.test(text)) offenders.push(path.relative(ROOT, file));
    }
    expect(offenders).toEqual([]);
  });
});

// A real hostile plugin (test/fixtures/external/hostile.mjs): what it starts dies with it (process
// group) on exit, time limit and crash; floods of stdout and stderr leave the host's memory and
// its diagnostics bounded.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXTERNAL_LIMITS, WARNINGS_PER_LIBRARY } from '../../../src/config/limits.js';
import type { ExternalLibrary } from '../../../src/libraries/external/index.js';
import type { Library } from '../../../src/libraries/types.js';
import { ctx, nodeConfig, open, rejection } from './helpers.js';

const libs: Library[] = [];
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hie-hostile-'));
});
afterEach(async () => {
  await Promise.all(libs.splice(0).map((l) => l.dispose()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const str = (value: string | number) =>
  typeof value === 'number' ? { type: 'int' as const, value: BigInt(value) } : { type: 'string' as const, value };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !alive(pid);
}

async function pidFrom(file: string): Promise<number> {
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
  return Number(readFileSync(file, 'utf8'));
}

function hostile(over = {}, extra = {}) {
  const opened = open(nodeConfig('hostile.mjs', { name: 'hostile', ...over }), extra);
  libs.push(opened.lib);
  return opened;
}

describe('grandchildren of a plugin', () => {
  it('are killed with the plugin when the library is disposed', async () => {
    const { lib } = hostile();
    const pidFile = path.join(dir, 'dispose.pid');
    await lib.call('spawn', [str(pidFile)], ctx);
    const pid = await pidFrom(pidFile);
    expect(alive(pid)).toBe(true);
    await lib.dispose();
    expect(await gone(pid)).toBe(true);
  });

  it('are killed when a call runs out of time', async () => {
    const { lib } = hostile({ timeoutMs: 1500 });
    const pidFile = path.join(dir, 'timeout.pid');
    const err = await rejection(lib.check('spawn_hang', [str(pidFile)], ctx));
    expect(err.code).toBe('E502');
    const pid = await pidFrom(pidFile);
    expect(await gone(pid)).toBe(true);
    // The library answers again from a fresh process.
    expect(await lib.check('pass', [], ctx)).toEqual({ status: 'pass' });
  });

  it('are killed when the plugin crashes', async () => {
    const { lib } = hostile();
    const pidFile = path.join(dir, 'crash.pid');
    const err = await rejection(lib.check('spawn_crash', [str(pidFile)], ctx));
    expect(err.code).toBe('E504');
    expect(err.message).toContain('exited with code 3');
    expect(await gone(await pidFrom(pidFile))).toBe(true);
  });
});

describe('floods', () => {
  it('responses with unknown ids: at most the warning limit, then one note counting the rest', async () => {
    const { lib, warnings } = hostile();
    expect(await lib.call('unknown_ids', [str(50_000)], ctx)).toEqual(str('real answer'));
    expect(warnings).toHaveLength(WARNINGS_PER_LIBRARY + 1);
    expect(warnings.slice(0, WARNINGS_PER_LIBRARY).every((w) => w.code === 'W531')).toBe(true);
    const note = warnings[WARNINGS_PER_LIBRARY]!;
    expect(note.code).toBe('W820');
    expect(note.message).toBe(
      `library "hostile" produced more than ${WARNINGS_PER_LIBRARY} warnings; ${50_000 - WARNINGS_PER_LIBRARY} ` +
        'further warning(s) were not reported',
    );
  });

  it('stray stdout lines share the same budget, whatever their kind', async () => {
    const { lib, warnings } = hostile();
    await lib.call('unknown_ids', [str(10)], ctx);
    await lib.call('stray_lines', [str(20_000)], ctx);
    expect(warnings.filter((w) => w.code === 'W531')).toHaveLength(10);
    expect(warnings.filter((w) => w.code === 'W530')).toHaveLength(WARNINGS_PER_LIBRARY - 10);
    expect(warnings.filter((w) => w.code === 'W820')).toHaveLength(1);
  });

  it('a giant line is stopped at the line limit with a clear error and the process is killed', async () => {
    const { lib } = hostile({}, { maxResponseBytes: 1024 * 1024 });
    const err = await rejection(lib.call('giant_line', [str(64 * 1024 * 1024)], ctx));
    expect(err.code).toBe('E505');
    expect(err.message).toContain('exceeded the 1 MiB limit');
    expect(await lib.check('pass', [], ctx)).toEqual({ status: 'pass' });
  });

  it('a stderr flood keeps a bounded tail, cuts long lines and shows at most the verbose limit', async () => {
    const trace: string[] = [];
    const { lib } = hostile();
    const total = EXTERNAL_LIMITS.stderrVerboseLines + 5_000;
    expect(await lib.check('stderr_flood', [str(total)], { ...ctx, trace: (l) => trace.push(l) })).toEqual({
      status: 'pass',
    });
    const shown = trace.filter((l) => l.startsWith('[hostile stderr] '));
    expect(shown).toHaveLength(EXTERNAL_LIMITS.stderrVerboseLines);
    expect(trace).toContain(
      `[hostile] further stderr lines are not shown (limit ${EXTERNAL_LIMITS.stderrVerboseLines} per run)`,
    );
    expect(Math.max(...shown.map((l) => l.length))).toBeLessThan(EXTERNAL_LIMITS.stderrLineBytes + 100);
    const tail = (lib as ExternalLibrary).proc!.stderr.text().split('\n');
    expect(tail.length).toBeLessThanOrEqual(EXTERNAL_LIMITS.stderrTailLines + 1);
  });

  it('a stderr line that never ends is kept only up to the line limit', async () => {
    const { lib } = hostile();
    expect(await lib.check('stderr_no_newline', [str(32 * 1024 * 1024)], ctx)).toEqual({ status: 'pass' });
    const crash = await rejection(lib.check('spawn_crash', [str(path.join(dir, 'after-line.pid'))], ctx));
    // The unfinished line ends with the process: it is in the tail, cut at the limit.
    const tail = crash.details ?? '';
    expect(tail).toContain('…[truncated]');
    expect(tail.length).toBeLessThan(EXTERNAL_LIMITS.stderrLineBytes + 200);
  });

  it('endless stderr after the answer: the host goes on, and dispose ends it', async () => {
    const { lib } = hostile();
    expect(await lib.check('endless_stderr', [], ctx)).toEqual({ status: 'pass' });
    const before = process.memoryUsage().rss;
    await new Promise((r) => setTimeout(r, 1000));
    expect(await lib.check('pass', [], ctx)).toEqual({ status: 'pass' });
    // A second of a stderr firehose adds no more than a few MiB of host memory.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    await lib.dispose();
  });
});

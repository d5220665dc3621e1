import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { decideColor, isCI, type CliIO } from '../../src/cli/io.js';

describe('progress line', () => {
  it('rewrites one line in place, truncates to the terminal width and erases itself', () => {
    const out: string[] = [];
    const p = createProgress((t) => out.push(t), 30, 0);
    p.update(1, 140, 'shop.orders');
    p.update(2, 140, 'shop.orders.a_very_long_element_name_that_does_not_fit');
    p.update(140, 140);
    p.done();
    expect(out[0]).toBe('\r\u001b[2K[1/140] shop.orders …');
    expect([...out[1]!.replace('\r\u001b[2K', '')].length).toBe(29);
    expect(out[1]!.endsWith('…')).toBe(true);
    expect(out[2]).toBe('\r\u001b[2K[140/140]');
    expect(out[3]).toBe('\r\u001b[2K');
    p.clear();
    expect(out).toHaveLength(4);
  });

  it('coalesces updates that come faster than the interval, but always shows the last one', () => {
    const out: string[] = [];
    const p = createProgress((t) => out.push(t), 80, 60_000);
    p.update(1, 3, 'a');
    p.update(2, 3, 'b');
    p.update(3, 3, 'c');
    expect(out.map((l) => l.replace('\r\u001b[2K', ''))).toEqual(['[1/3] a …', '[3/3] c']);
  });
});

describe('colour and CI detection', () => {
  const io = (env: NodeJS.ProcessEnv, tty: boolean): CliIO => ({
    out() {},
    err() {},
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    env,
    cwd: '/',
  });
  it('follows the flags, then FORCE_COLOR, then NO_COLOR, then the terminal', () => {
    expect(decideColor({ color: false, noColor: false }, io({}, true))).toBe(true);
    expect(decideColor({ color: false, noColor: false }, io({}, false))).toBe(false);
    expect(decideColor({ color: false, noColor: false }, io({ NO_COLOR: '1' }, true))).toBe(false);
    expect(decideColor({ color: false, noColor: false }, io({ NO_COLOR: '' }, true))).toBe(true);
    expect(decideColor({ color: false, noColor: false }, io({ FORCE_COLOR: '1', NO_COLOR: '1' }, false))).toBe(true);
    expect(decideColor({ color: false, noColor: false }, io({ FORCE_COLOR: '0' }, false))).toBe(false);
    expect(decideColor({ color: true, noColor: false }, io({ NO_COLOR: '1' }, false))).toBe(true);
    expect(decideColor({ color: false, noColor: true }, io({ FORCE_COLOR: '1' }, true))).toBe(false);
    expect(() => decideColor({ color: true, noColor: true }, io({}, true))).toThrow(/cannot be used together/);
  });

  it('recognises CI runners', () => {
    expect(isCI({ CI: 'true' })).toBe(true);
    expect(isCI({ GITHUB_ACTIONS: 'true' })).toBe(true);
    expect(isCI({ CI: 'false' })).toBe(false);
    expect(isCI({})).toBe(false);
  });
});

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { int, str, type Library } from '../../../src/libraries/types.js';
import { ctx, nodeConfig, open, pythonConfig, rejection } from './helpers.js';

const libs: Library[] = [];
function track<T extends { lib: Library }>(x: T): T {
  libs.push(x.lib);
  return x;
}
afterEach(async () => {
  await Promise.all(libs.splice(0).map((l) => l.dispose()));
});

describe('external library: misbehaving plugins', () => {
  it(
    'crash on call: the call fails with the exit code and stderr tail, the process is restarted once, then the ' +
      'library stays failed',
    async () => {
      const { lib } = track(open(nodeConfig('misbehaving.mjs')));
      const pid1 = await lib.call('pid', [], ctx);
      const e1 = await rejection(lib.check('crash', [], ctx));
      expect(e1.code).toBe('E504');
      expect(e1.message).toMatch(/exited with code 3/);
      expect(e1.details).toContain('about to crash');
      // Restarted once: a new process answers.
      const pid2 = await lib.call('pid', [], ctx);
      expect(pid2).not.toEqual(pid1);
      const e2 = await rejection(lib.check('crash', [], ctx));
      expect(e2.code).toBe('E504');
      const e3 = await rejection(lib.call('pid', [], ctx));
      expect(e3.code).toBe('E501');
      expect(e3.message).toMatch(/disabled for this run: its process died twice \(last time: exited with code 3\)/);
      expect(e3.details).toContain('Traceback: something broke');
    },
  );

  it('python plugin crashing with a traceback: the traceback is in the error details', async () => {
    const { lib } = track(open(pythonConfig('crash_on_call.py')));
    const e = await rejection(lib.check('anything', [], ctx));
    expect(e.code).toBe('E504');
    expect(e.message).toMatch(/exited with code 1/);
    expect(e.details).toContain('RuntimeError: division by zero in anything');
  });

  it('exit at start: calls fail with the stderr of the process; documentation falls back', async () => {
    const { lib } = track(open(pythonConfig('exit_at_start.py')));
    const e = await rejection(lib.call('x', [], ctx));
    expect(e.code).toBe('E504');
    expect(e.message).toMatch(/exited with code 2/);
    expect(e.details).toContain('fatal: missing configuration file plugin.cfg');
    const doc = await lib.documentation();
    expect(doc.name).toBe('bad');
    expect(doc.functions).toEqual([]);
    expect(doc.version).toBe('0.1.0');
    expect(doc.description).toMatch(/^External library: python3 .*exit_at_start\.py/);
    // Two deaths: the library is now disabled with a clear message.
    const e2 = await rejection(lib.call('x', [], ctx));
    expect(e2.code).toBe('E501');
  });

  it('a program that does not exist gives E500 on every call', async () => {
    const { lib } = track(open(nodeConfig('x', { executable: 'hielements-no-such-program-xyz', args: [] })));
    const e = await rejection(lib.call('x', [], ctx));
    expect(e.code).toBe('E500');
    expect(e.message).toMatch(/"hielements-no-such-program-xyz" was not found/);
    expect((await rejection(lib.check('y', [], ctx))).code).toBe('E500');
  });

  it('arguments the OS cannot take (a NUL byte) give E500 instead of an exception', async () => {
    const { lib } = track(open(nodeConfig('misbehaving.mjs', { args: ['bad\0arg'] })));
    const e = await rejection(lib.call('x', [], ctx));
    expect(e.code).toBe('E500');
    expect((await rejection(lib.call('x', [], ctx))).code).toBe('E500');
  });

  it(
    'hang: the call times out with E502, other in-flight calls fail too, and the next call gets a ' + 'fresh process',
    async () => {
      const { lib } = track(open(nodeConfig('misbehaving.mjs', { timeoutMs: 1200 })));
      const pid1 = await lib.call('pid', [], ctx);
      const hung = lib.call('hang', [], ctx);
      const bystander = lib.call('slow', [int(5000)], ctx);
      const e = await rejection(hung);
      expect(e.code).toBe('E502');
      expect(e.message).toMatch(/^library "bad" did not answer within 1200 ms/);
      const b = await rejection(bystander);
      expect(b.code).toBe('E504');
      expect(b.message).toMatch(/stopped because bad\.hang timed out/);
      const pid2 = await lib.call('pid', [], ctx);
      expect(pid2).not.toEqual(pid1);
      // Timeouts do not use up the restart: the library keeps working after a second one.
      expect((await rejection(lib.call('hang', [], ctx))).code).toBe('E502');
      expect(await lib.call('echo', [str('still alive')], ctx)).toEqual(str('still alive'));
    },
  );

  it('garbage lines before the response are reported as warnings, the response still arrives', async () => {
    const { lib, warnings } = track(open(nodeConfig('misbehaving.mjs')));
    expect(await lib.call('garbage', [], ctx)).toEqual(str('after garbage'));
    const stray = warnings.filter((w) => w.code === 'W530');
    expect(stray.map((w) => w.message)).toEqual([
      'library "bad" printed a line on stdout that is not a JSON-RPC response (ignored): "DEBUG: starting work"',
      'library "bad" printed a line on stdout that is not a JSON-RPC response (ignored): "{not json at all"',
      'library "bad" printed a line on stdout that is not a JSON-RPC response (ignored): ' +
        '"{\\"level\\":\\"info\\",\\"msg\\":\\"a log record\\"}"',
    ]);
    expect(stray[0]!.severity).toBe('warning');
    expect(stray[0]!.file).toMatch(/hielements\.toml$/);
    expect(stray[0]!.span).toBeUndefined(); // the fixture config file does not exist
    // No desynchronisation: the next answer is the right one.
    expect(await lib.call('echo', [int(7)], ctx)).toEqual(int(7));
  });

  it('pretty-printed multi-line responses are accepted', async () => {
    const { lib, warnings } = track(open(nodeConfig('misbehaving.mjs')));
    expect(await lib.call('pretty', [], ctx)).toEqual({ type: 'list', items: [int(1), str('two')] });
    expect(await lib.call('echo', [str('next')], ctx)).toEqual(str('next'));
    expect(warnings).toEqual([]);
  });

  it('a large pretty-printed response (brackets and quotes inside strings) is assembled in one pass', async () => {
    const { lib, warnings } = track(open(nodeConfig('misbehaving.mjs')));
    const v = await lib.call('pretty_big', [int(50_000)], ctx);
    expect(v.type === 'list' && v.items.length).toBe(50_000);
    expect(v.type === 'list' && v.items[49_999]).toEqual(str('item "49999" {['));
    expect(warnings).toEqual([]);
  });

  it(
    'an unfinished object followed by a complete response: the response wins, the fragment ' + 'is reported',
    async () => {
      const { lib, warnings } = track(open(nodeConfig('misbehaving.mjs')));
      expect(await lib.call('false_start', [], ctx)).toEqual(str('recovered'));
      expect(warnings.map((w) => w.code)).toEqual(['W530']);
      expect(warnings[0]!.message).toContain('{ \\"partial\\": [');
    },
  );

  it('responses split into partial reads (inside UTF-8 characters) are reassembled', async () => {
    const { lib } = track(open(nodeConfig('misbehaving.mjs')));
    expect(await lib.call('chunked', [], ctx)).toEqual(str('é€😀 chunked'));
  });

  it('wrong result shapes give E508 / E509 naming library and function; the process keeps working', async () => {
    const { lib } = track(open(nodeConfig('misbehaving.mjs')));
    const e1 = await rejection(lib.call('wrong_value', [], ctx));
    expect(e1.code).toBe('E508');
    expect(e1.message).toMatch(
      /^library "bad" answered wrong_value\(\) with an unusable result: cannot convert result to a value: \{"Weird":1\}/,
    );
    const e2 = await rejection(lib.check('wrong_check', [], ctx));
    expect(e2.code).toBe('E509');
    expect(e2.message).toMatch(
      /^library "bad" answered wrong_check\(\) with an unusable result: cannot convert result to a check result: 42/,
    );
    const e3 = await rejection(lib.check('null_value', [], ctx));
    expect(e3.code).toBe('E509');
    // A null selector result is the Null value (the original rejected it).
    expect(await lib.call('null_value', [], ctx)).toEqual({ type: 'null' });
    const e4 = await rejection(lib.call('no_result', [], ctx));
    expect(e4.code).toBe('E507');
    const e5 = await rejection(lib.call('bad_error', [], ctx));
    expect(e5.code).toBe('E506');
    expect(await lib.check('pass', [], ctx)).toEqual({ status: 'pass' });
  });

  it('JSON-RPC error objects become E530 with the plugin message; code and data go to details', async () => {
    const { lib } = track(open(nodeConfig('misbehaving.mjs')));
    const e = await rejection(lib.check('error_obj', [], ctx));
    expect(e.code).toBe('E530');
    expect(e.message).toBe('Unknown check: nope');
    expect(e.details).toContain('JSON-RPC error code -32000');
    expect(e.details).toContain('data: {"hint":"x"}');
  });

  it(
    'an error response with id null fails the only waiting call; string ids are accepted; unknown ids ' +
      'are reported',
    async () => {
      const { lib, warnings } = track(open(nodeConfig('misbehaving.mjs')));
      const e = await rejection(lib.call('null_id', [], ctx));
      expect(e.code).toBe('E506');
      expect(e.message).toMatch(/id null.*Parse error: boom/);
      expect(await lib.call('string_id', [], ctx)).toEqual(str('string id ok'));
      expect(await lib.call('unknown_id', [], ctx)).toEqual(str('real answer'));
      const unmatched = warnings.filter((w) => w.code === 'W531');
      expect(unmatched).toHaveLength(1);
      expect(unmatched[0]!.message).toMatch(/id 9999 that matches no waiting request/);
    },
  );

  it('an error with id null while several calls wait is reported as a warning', async () => {
    // `slow` must still be waiting when the null-id error comes: a wide margin for loaded machines
    const { lib, warnings } = track(open(nodeConfig('misbehaving.mjs', { timeoutMs: 3000 })));
    const slow = lib.call('slow', [int(1000)], ctx);
    const e = await rejection(lib.call('null_id', [], ctx));
    expect(e.code).toBe('E502'); // nothing could tell which call failed: it times out
    expect(warnings.some((w) => w.code === 'W531' && /"id": null/.test(w.message))).toBe(true);
    expect(await slow).toEqual(str('slow 1000')); // answered before the other call timed out
  });

  it('out-of-order responses are matched by id with several requests in flight', async () => {
    const { lib } = track(open(nodeConfig('misbehaving.mjs')));
    const order: string[] = [];
    const a = lib.call('slow', [int(400)], ctx).then((v) => {
      order.push('slow');
      return v;
    });
    const b = lib.call('slow', [int(10)], ctx).then((v) => {
      order.push('fast');
      return v;
    });
    const c = lib.call('echo', [str('c')], ctx).then((v) => {
      order.push('echo');
      return v;
    });
    expect(await Promise.all([a, b, c])).toEqual([str('slow 400'), str('slow 10'), str('c')]);
    expect(order[order.length - 1]).toBe('slow');
    expect(lib.concurrency).toBe(4);
  });

  it('max_in_flight = 1 serialises calls', async () => {
    const { lib } = track(open(nodeConfig('misbehaving.mjs', { maxInFlight: 1 })));
    const order: string[] = [];
    const a = lib.call('slow', [int(200)], ctx).then(() => order.push('slow'));
    const b = lib.call('echo', [str('x')], ctx).then(() => order.push('echo'));
    await Promise.all([a, b]);
    expect(order).toEqual(['slow', 'echo']);
    expect(lib.concurrency).toBe(1);
  });

  it(
    'huge output: a 3 MB response works; one above the cap kills the process with E505, the next call ' + 'restarts it',
    async () => {
      const { lib } = track(open(nodeConfig('misbehaving.mjs'), { maxResponseBytes: 1024 * 1024 }));
      const e = await rejection(lib.call('huge', [int(3_000_000)], ctx));
      expect(e.code).toBe('E505');
      expect(e.message).toMatch(/exceeded the 1 MiB limit/);
      const v = await lib.call('huge', [int(500_000)], ctx);
      expect(v.type === 'string' && v.value.length).toBe(500_000);
      const { lib: big } = track(open(nodeConfig('misbehaving.mjs')));
      const w = await big.call('huge', [int(3_000_000)], ctx);
      expect(w.type === 'string' && w.value.length).toBe(3_000_000);
    },
  );

  it('stderr spam is kept as a bounded tail and forwarded to the verbose trace', async () => {
    const { lib } = track(open(nodeConfig('misbehaving.mjs')));
    const trace: string[] = [];
    expect(await lib.check('stderr_spam', [], { ...ctx, trace: (l) => trace.push(l) })).toEqual({ status: 'pass' });
    expect(trace.filter((l) => l.startsWith('[bad stderr] spam line'))).toHaveLength(1000);
    const e = await rejection(lib.check('crash', [], ctx));
    expect(e.details!.split('\n').length).toBeLessThanOrEqual(41);
    expect(e.details).toMatch(/earlier stderr line\(s\) omitted/);
    expect(e.details).toContain('Traceback: something broke');
  });

  it('keeps 64-bit integers exact and passes located failures through', async () => {
    const { lib } = track(open(nodeConfig('misbehaving.mjs')));
    expect(await lib.call('big_int', [], ctx)).toEqual({ type: 'int', value: 9007199254740993n });
    const { lib: py } = track(open(pythonConfig('sequential.py')));
    expect(await py.call('echo', [int(2n ** 62n + 1n)], ctx)).toEqual({
      type: 'list',
      items: [int(2n ** 62n + 1n), str(ctx.workspace)],
    });
    // location files are confined to the workspace and come back absolute and normalised
    expect(await lib.check('located_fail', [], ctx)).toEqual({
      status: 'fail',
      message: 'two problems',
      locations: [
        { file: join(ctx.workspace, 'x/a.py'), line: 3, message: 'here' },
        { file: join(ctx.workspace, 'b.py') },
      ],
    });
  });

  it('refuses paths outside the workspace in results, naming the library and the function (E801)', async () => {
    const { lib } = track(open(nodeConfig('misbehaving.mjs')));
    const scopeOf = (...paths: string[]) => lib.call('scope_of', [{ type: 'list', items: paths.map(str) }], ctx);
    expect(await scopeOf(join(ctx.workspace, 'a.py'), 'b/./c.py', 'b/../d.py')).toMatchObject({
      type: 'scope',
      scope: { paths: [join(ctx.workspace, 'a.py'), join(ctx.workspace, 'b/c.py'), join(ctx.workspace, 'd.py')] },
    });
    for (const bad of [
      '/etc/passwd',
      '../outside.py',
      'a/../../x',
      `${ctx.workspace}/../x`,
      'a\u0000b',
      'a\\..\\..\\x',
      `${ctx.workspace}2/x`,
    ]) {
      const e = await rejection(scopeOf('ok.py', bad));
      expect(e.code, bad).toBe('E801');
      expect(e.message, bad).toMatch(
        /library "bad" answered scope_of\(\) with an unusable result: returned the path .* in the result \(a scope\)\.paths\[\d\], which is not inside the workspace/,
      );
    }
    const loc = await rejection(lib.check('outside_location', [], ctx));
    expect(loc.code).toBe('E801');
    expect(loc.message).toContain('"/etc/passwd" in locations[0].file');
  });

  it('cancellation through ctx.signal rejects with E531 and the late answer is dropped quietly', async () => {
    const { lib, warnings } = track(open(nodeConfig('misbehaving.mjs')));
    const ac = new AbortController();
    const p = lib.call('slow', [int(200)], { ...ctx, signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    expect((await rejection(p)).code).toBe('E531');
    await new Promise((r) => setTimeout(r, 300));
    expect(await lib.call('echo', [str('ok')], ctx)).toEqual(str('ok'));
    expect(warnings).toEqual([]);
  });
});

// The WebAssembly host's fast request writer and response parser give exactly what the shared
// codec gives (they replace it on the hot path of every call).
import { describe, expect, it } from 'vitest';
import { encodeValue, JsonSyntaxError, parseJsonExact, stringifyJson } from '../../../src/libraries/codec.js';
import type { Scope, Value } from '../../../src/libraries/types.js';
import { quoteJson, requestJson, valueJson, writeRequest } from '../../../src/libraries/wasm/request.js';
import { parseResponseJson } from '../../../src/libraries/wasm/response.js';

const scope = (over: Partial<Scope> = {}): Value => ({
  type: 'scope',
  scope: { kind: { Folder: 'src' }, paths: ['/ws/src/a.py', '/ws/src/b.py'], resolved: true, ...over },
});

const awkwardStrings = [
  '',
  'plain',
  'quote " and backslash \\',
  'controls \n\r\t\b\f \u0000 \u001f',
  'unicode é ✓ 𝄞 (pair)',
  'lone high \ud800 and lone low \udc00',
  '\ud83d', // a lone surrogate at the end
  '</script> and \u2028\u2029',
  'x'.repeat(5000),
];

const values: Value[] = [
  { type: 'null' },
  { type: 'bool', value: true },
  { type: 'bool', value: false },
  { type: 'int', value: 0n },
  { type: 'int', value: -42n },
  { type: 'int', value: 9007199254740991n },
  { type: 'int', value: 9007199254740993n },
  { type: 'int', value: -(2n ** 63n) },
  { type: 'float', value: 1.5 },
  { type: 'float', value: -0 },
  { type: 'float', value: 1e21 },
  { type: 'float', value: 5e-324 },
  { type: 'float', value: Number.NaN },
  { type: 'float', value: Number.POSITIVE_INFINITY },
  ...awkwardStrings.map((value): Value => ({ type: 'string', value })),
  { type: 'list', items: [] },
  {
    type: 'list',
    items: [
      { type: 'int', value: 1n },
      { type: 'list', items: [{ type: 'string', value: 'deep' }, { type: 'null' }] },
    ],
  },
  scope(),
  scope({ paths: [] }),
  scope({ kind: { File: 'a "b".py' }, paths: awkwardStrings }),
  scope({ kind: { Glob: '**/*.py' }, language: 'python', description: 'python module x' }),
  scope({ language: '', description: '' }),
  scope({
    symbols: [
      { symbolKind: 'class', name: 'A', file: '/ws/src/a.py', line: 3, column: 1 },
      { symbolKind: 'function', name: 'f', file: '/ws/src/b.py' },
    ],
  }),
  scope({ symbols: [] }),
  {
    type: 'connection_point',
    name: 'api',
    kind: 'http',
    data: { port: { type: 'int', value: 8080n }, path: { type: 'string', value: '/v1' } },
  },
];

describe('request writer', () => {
  it('quotes strings exactly like JSON.stringify', () => {
    for (const s of awkwardStrings) expect(quoteJson(s)).toBe(JSON.stringify(s));
  });

  it('encodes every kind of value exactly like the codec', () => {
    for (const v of values) expect(valueJson(v)).toBe(stringifyJson(encodeValue(v)));
  });

  it('writes the whole request exactly like the codec, with and without a workspace', () => {
    const args = values.slice(0, 12).concat(values.slice(-6));
    for (const ws of ['/work/space', 'odd "ws" \\ é', undefined]) {
      for (const fn of ['max_lines', 'fn "quoted"', '']) {
        const expected = stringifyJson({ function: fn, args: args.map(encodeValue), workspace: ws });
        expect(requestJson(fn, args, ws)).toBe(expected);
      }
    }
    expect(requestJson('always_pass', [], '/w')).toBe('{"function":"always_pass","args":[],"workspace":"/w"}');
  });
});

describe('request bytes written into the channel', () => {
  const big = (label: string): Value =>
    scope({ kind: { Folder: label }, paths: Array.from({ length: 6 }, (_, k) => `/ws/${label}/ü_${k}.py`) });

  it('are the UTF-8 of the request text, with remembered scopes copied as bytes', () => {
    const a = big('a');
    const b = big('b');
    const cases: Value[][] = [
      [],
      [a],
      [a, { type: 'int', value: 3n }],
      [{ type: 'string', value: 'x' }, a, b, a],
      [{ type: 'list', items: [a] }, a],
      values.slice(-6),
    ];
    const buf = new Uint8Array(1 << 16);
    for (let round = 0; round < 3; round++)
      for (const args of cases)
        for (const ws of ['/ws', undefined]) {
          const n = writeRequest(buf, 'fn', args, ws);
          expect(Buffer.from(buf.subarray(0, n)).toString('utf8')).toBe(requestJson('fn', args, ws));
          expect(n).toBe(Buffer.byteLength(requestJson('fn', args, ws)));
        }
  });

  it('stay exact when the function name and workspace change from call to call (cached heads and tails)', () => {
    const buf = new Uint8Array(1 << 16);
    const names = ['fn', 'always_pass', 'quote " fn', 'é✓'];
    const workspaces = ['/ws', '/other ws', 'q"\\\u00e9', undefined];
    for (let round = 0; round < 3; round++)
      for (const fn of names)
        for (const ws of workspaces) {
          const args: Value[] = round === 0 ? [] : [{ type: 'int', value: BigInt(round) }];
          const n = writeRequest(buf, fn, args, ws);
          expect(Buffer.from(buf.subarray(0, n)).toString('utf8')).toBe(requestJson(fn, args, ws));
        }
    // A channel smaller than the head or the tail alone.
    const need = Buffer.byteLength(requestJson('always_pass', [], '/ws'));
    expect(writeRequest(new Uint8Array(5), 'always_pass', [], '/ws')).toBe(-need);
    expect(writeRequest(new Uint8Array(need - 2), 'always_pass', [], '/ws')).toBe(-need);
  });

  it('report the length needed when the channel is too small', () => {
    const a = big('c');
    writeRequest(new Uint8Array(4096), 'fn', [a], '/ws'); // remember the scope
    const need = Buffer.byteLength(requestJson('fn', [a], '/ws'));
    for (const size of [0, 10, 40, need - 1]) expect(writeRequest(new Uint8Array(size), 'fn', [a], '/ws')).toBe(-need);
    expect(writeRequest(new Uint8Array(need), 'fn', [a], '/ws')).toBe(need);
    const text = [{ type: 'string', value: 'é'.repeat(100) } as Value];
    const needText = Buffer.byteLength(requestJson('fn', text, '/ws'));
    expect(writeRequest(new Uint8Array(needText - 1), 'fn', text, '/ws')).toBe(-needText);
  });
});

describe('response parser', () => {
  const same = (text: string) => {
    const fast = parseResponseJson(text);
    const exact = parseJsonExact(text);
    expect(fast).toStrictEqual(exact);
    return fast;
  };

  it('gives the exact parser’s values, including 64-bit integers', () => {
    same('{"Pass":null}');
    same('{"Fail":"2 files","locations":[{"file":"/w/a.py","line":3,"message":"x"}]}');
    same('  [1, -0, 2.5, 1e3, 123456789012345, true, false, null, "é\\u00e9\\n"]  ');
    expect(same('{"Int":9007199254740993}')).toEqual({ Int: 9007199254740993n });
    expect(same('{"Int":-9223372036854775808}')).toEqual({ Int: -9223372036854775808n });
    expect(same('{"Int":1234567890123456}')).toEqual({ Int: 1234567890123456 });
    same('{"String":"digits 12345678901234567890 in a string"}');
    same('{"__proto__":{"x":1},"a":1,"a":2}');
  });

  it('keeps the nesting limit of the exact parser', () => {
    const ok = `${'['.repeat(256)}${']'.repeat(256)}`;
    expect(same(ok)).toBeDefined();
    const tooDeep = `${'['.repeat(300)}${']'.repeat(300)}`;
    expect(() => parseResponseJson(tooDeep)).toThrow(/nested too deeply/);
    // Many brackets side by side are not deep: still parsed.
    same(`[${Array.from({ length: 400 }, () => '{"a":[1]}').join(',')}]`);
  });

  it('reports invalid JSON with the exact parser’s message and position', () => {
    for (const bad of ['{not json', '{"a":1,}', '[1 2]', '"unterminated', '01', '{"a":1} x', '']) {
      let fastErr: unknown;
      let exactErr: unknown;
      try {
        parseResponseJson(bad);
      } catch (e) {
        fastErr = e;
      }
      try {
        parseJsonExact(bad);
      } catch (e) {
        exactErr = e;
      }
      expect(fastErr).toBeInstanceOf(JsonSyntaxError);
      expect((fastErr as Error).message).toBe((exactErr as Error).message);
    }
  });
});

/** The external protocol is defined once (src/libraries/external/protocol.ts) and the host uses it. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  callParams,
  decodeResult,
  DOC_METHODS,
  Method,
  requestLine,
} from '../../../src/libraries/external/protocol.js';
import { int, str } from '../../../src/libraries/types.js';

const HOST = path.resolve('src/libraries/external');

describe('external protocol', () => {
  it('writes one JSON-RPC 2.0 request per line, params keys in the original order', () => {
    const params = callParams('exists', [str('src'), int(3)], { workspace: '/w' });
    expect(requestLine(Method.CHECK, params, 7)).toBe(
      '{"jsonrpc":"2.0","method":"library.check","params":{"args":[{"String":"src"},{"Int":3}],"function":"exists","workspace":"/w"},"id":7}\n',
    );
  });

  it('reads results with the decoder of their method', () => {
    expect(decodeResult[Method.CALL]({ Int: 5 })).toEqual(int(5));
    expect(decodeResult[Method.CHECK]({ Fail: 'no' })).toEqual({ status: 'fail', message: 'no' });
    expect(DOC_METHODS).toEqual(['library.doc', 'library.metadata']);
  });

  it('is the only module of the host that spells a method name', async () => {
    for (const f of await readdir(HOST)) {
      if (f === 'protocol.ts') continue;
      const text = (await readFile(path.join(HOST, f), 'utf8'))
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/[^\n]*/g, '');
      expect(text, f).not.toMatch(/['"`]library\.(call|check|doc|metadata)['"`]|jsonrpc:\s*'2\.0'/);
    }
  });
});

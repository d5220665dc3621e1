// Integers in library answers: the 64-bit range is checked on decimal digits (no BigInt
// comparisons on the decoding path), with the same verdicts at and around every boundary.
import { describe, expect, it } from 'vitest';
import { decodeValue, parseJsonExact } from '../../src/libraries/codec.js';
import { LibraryError } from '../../src/libraries/types.js';

const decode = (json: string) => decodeValue(parseJsonExact(json));
const E508 = (json: string) => {
  try {
    decode(json);
  } catch (e) {
    return e instanceof LibraryError ? e.code : `other: ${String(e)}`;
  }
  return 'decoded';
};

describe('integers in decoded values', () => {
  it('takes tagged integers up to both ends of the 64-bit range, as numbers, big numbers or digit strings', () => {
    for (const text of [
      '0',
      '-0',
      '42',
      '-42',
      '9007199254740991',
      '9007199254740993',
      '9223372036854775807',
      '-9223372036854775808',
    ]) {
      expect(decode(`{"Int":${text}}`)).toEqual({ type: 'int', value: BigInt(text) });
      expect(decode(`{"Int":"${text}"}`)).toEqual({ type: 'int', value: BigInt(text) });
    }
    expect(decode('{"Int":"0009223372036854775807"}')).toEqual({ type: 'int', value: 9223372036854775807n });
    expect(decode('{"Int":"-0009223372036854775808"}')).toEqual({ type: 'int', value: -9223372036854775808n });
    expect(decode('{"Int":1e3}')).toEqual({ type: 'int', value: 1000n });
  });

  it('refuses tagged integers one past either end, fractions and other text', () => {
    for (const text of [
      '9223372036854775808',
      '-9223372036854775809',
      '"9223372036854775808"',
      '"-9223372036854775809"',
      '"99999999999999999999999"',
      '1e19',
      '-1e19',
      '1.5',
      '"1.5"',
      '"12a"',
      '"-"',
      'true',
    ]) {
      expect(E508(`{"Int":${text}}`), text).toBe('E508');
    }
  });

  it('keeps bare integers in range as ints and turns bigger ones into floats', () => {
    expect(decode('9223372036854775807')).toEqual({ type: 'int', value: 9223372036854775807n });
    expect(decode('-9223372036854775808')).toEqual({ type: 'int', value: -9223372036854775808n });
    expect(decode('9223372036854775808')).toEqual({ type: 'float', value: 2 ** 63 });
    expect(decode('-9223372036854775809')).toEqual({ type: 'float', value: -(2 ** 63) });
    expect(decode('12')).toEqual({ type: 'int', value: 12n });
    expect(decode('[1, 2.5, {"Int": 3}]')).toEqual({
      type: 'list',
      items: [
        { type: 'int', value: 1n },
        { type: 'float', value: 2.5 },
        { type: 'int', value: 3n },
      ],
    });
  });
});

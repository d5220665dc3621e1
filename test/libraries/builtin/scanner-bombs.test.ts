/**
 * Hostile files against the outline scanners, which run in the calling thread: deep nesting and
 * long runs of openers never throw out of the facts pipeline and never give facts the scanner is
 * not sure of (a scanner that fails for any reason — a stack overflow on nested f-strings among
 * them — hands the file to tree-sitter).
 */
import { describe, expect, it } from 'vitest';
import { scannedFacts } from '../../../src/libraries/builtin/facts/scan/index.js';
import type { Grammar } from '../../../src/libraries/builtin/facts/types.js';

const N = 1 << 19;
const bombs: [Grammar, string, string][] = [
  ['python', 'nested f-strings', `x = ${'f"{'.repeat(N / 3)}`],
  ['python', 'open parentheses', `y = ${'('.repeat(N)}`],
  ['python', 'continuation lines', `z = 1${' \\\n'.repeat(N / 3)}`],
  [
    'python',
    'deeper and deeper blocks',
    `${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}if x:`).join('\n')}\n`,
  ],
  ['typescript', 'nested template literals', `const x = ${'`${'.repeat(N / 3)}`],
  ['typescript', 'open braces', '{'.repeat(N)],
  ['javascript', 'comment openers', '/*'.repeat(N / 2)],
  ['rust', 'raw string hashes', `r${'#'.repeat(N)}"`],
  ['rust', 'nested block comments', '/*'.repeat(N / 2)],
  ['rust', 'inline modules', 'mod a {'.repeat(N / 7)],
  ['rust', 'use trees', `use a::${'{b::'.repeat(N / 4)};`],
];

describe('outline scanners against hostile files', () => {
  for (const [grammar, what, text] of bombs) {
    it(`${grammar}: ${what} — unsure, no exception`, () => {
      expect(scannedFacts(grammar, text, false)).toBeUndefined();
    });
  }
});

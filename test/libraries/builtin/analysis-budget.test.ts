/**
 * A hostile source file cannot hold a run: tree-sitter's queries are superlinear on deeply nested
 * template literals (a 512 KiB file of `${ took minutes), so parsing and queries of one file are
 * cancelled after MAX_ANALYSIS_MS; the file's facts carry the reason and the next file is analysed
 * normally by the same parser.
 */
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../../src/libraries/builtin/facts/extract.js';
import { AnalysisBudget, MAX_ANALYSIS_MS } from '../../../src/libraries/builtin/facts/limits.js';

describe('the analysis time budget', () => {
  it('cancels once its deadline has passed, and stays cancelled', () => {
    const spent = new AnalysisBudget(0);
    const until = performance.now() + 2;
    while (performance.now() < until) {
      // let the deadline pass
    }
    expect(spent.over()).toBe(true);
    expect(spent.expired).toBe(true);
    const fresh = new AnalysisBudget();
    expect(fresh.over()).toBe(false);
    expect(fresh.expired).toBe(false);
  });

  it('stops a file nested past any reason, and the same parser goes on with the next file', async () => {
    // the scanner is unsure of it (unterminated), so tree-sitter gets it
    const bomb = `import a from './a';\nconst x = ${'`${'.repeat(170_000)}\n`;
    const stopped = await extractFacts('typescript', bomb, false);
    expect(stopped.error).toBe(`not analysed: parsing and queries took longer than ${MAX_ANALYSIS_MS / 1000} s`);
    expect(stopped.imports).toEqual([]);
    // a cancelled parse must not leak into the next one
    const next = await extractFacts('typescript', "import b from './b';\nconst y = `one`;\n", true);
    expect(next.error).toBeUndefined();
    expect(next.imports.map((i) => i.specifier)).toEqual(['./b']);
  }, 60_000);
});

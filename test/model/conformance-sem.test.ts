/**
 * Checks the semantic conformance cases (test/conformance/cases/sem-*.hie) against the validator:
 * every `# expect: <severity> <code> at L:C` line must match one diagnostic, and there must be no
 * other error.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec, validateProgram } from '../../src/model/index.js';
import { registry } from './helpers.js';

const DIR = join(import.meta.dirname, '..', 'conformance', 'cases');
const cases = readdirSync(DIR)
  .filter((f) => f.startsWith('sem-') && f.endsWith('.hie'))
  .sort();

describe('semantic conformance cases', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });
  for (const name of cases) {
    it(name, async () => {
      const file = join(DIR, name);
      const text = readFileSync(file, 'utf8');
      const expected = [...text.matchAll(/^# expect: (error|warning) (\w+) at (\d+):(\d+)$/gm)].map(
        (m) => `${m[1]} ${m[2]} at ${m[3]}:${m[4]}`,
      );
      const reg = registry(DIR);
      const loaded = await loadSpec(file);
      const { diagnostics } = await validateProgram(loaded, reg);
      const all = [...loaded.diagnostics, ...diagnostics];
      const got = all
        .filter((d) => d.severity === 'error' || expected.some((e) => e.includes(` ${d.code} `)))
        .map((d) => `${d.severity} ${d.code} at ${d.span?.start.line}:${d.span?.start.column}`);
      expect(got.sort()).toEqual(expected.sort());
      if (/^# expect: valid$/m.test(text)) expect(all).toEqual([]);
      await reg.dispose();
    });
  }
});

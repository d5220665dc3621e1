/**
 * Conformance suite: every `cases/*.hie` file is parsed and its diagnostics are compared with the
 * expectation comments at its top (format: test/conformance/README.md). Syntax diagnostics are always
 * compared. When the validator (src/model/index.ts exporting validateProgram) is present, cases that
 * say `# expect: valid` or expect a non-syntax code are also validated with the built-in libraries.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { parse } from '../../src/syntax/index.js';
import { compare, isSyntaxCode, readExpectations } from './expectations.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const casesDir = join(here, 'cases');
const root = join(here, '..', '..');
const cases = readdirSync(casesDir)
  .filter((f) => f.endsWith('.hie'))
  .sort();

type Validate = (file: string) => Promise<Diagnostic[]>;

/** The validator, when the model area provides it; undefined otherwise (syntax-only mode). */
async function loadValidator(): Promise<Validate | undefined> {
  if (!existsSync(join(root, 'src', 'model', 'index.ts'))) return undefined;
  const model = (await import('../../src/model/index.js')) as Record<string, unknown>;
  if (typeof model.validateProgram !== 'function' || typeof model.loadSpec !== 'function') return undefined;
  const builtin = (await import('../../src/libraries/builtin/index.js')) as Record<string, unknown>;
  if (typeof builtin.createBuiltinLibraries !== 'function') return undefined;
  type Lib = { name: string };
  const libs = (builtin.createBuiltinLibraries as (o: { workspace: string }) => Lib[])({ workspace: casesDir });
  const byName = new Map(libs.map((l) => [l.name, l] as const));
  const lookup = { get: (n: string) => byName.get(n), names: () => [...byName.keys()].sort() };
  const loadSpec = model.loadSpec as (f: string) => Promise<{ diagnostics: Diagnostic[] }>;
  const validateProgram = model.validateProgram as (s: unknown, l: unknown) => Promise<{ diagnostics: Diagnostic[] }>;
  return async (file) => {
    const spec = await loadSpec(file);
    const validated = await validateProgram(spec, lookup);
    return [...spec.diagnostics, ...validated.diagnostics];
  };
}

const validator = await loadValidator();

describe(`conformance (${cases.length} cases, ${validator ? 'with' : 'without'} the validator)`, () => {
  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  for (const name of cases) {
    it(name, async () => {
      const file = join(casesDir, name);
      const text = readFileSync(file, 'utf8');
      const exp = readExpectations(text);
      expect(exp.problems, 'malformed expectation lines').toEqual([]);
      expect(
        exp.ok || exp.diagnostics.length > 0,
        'a case needs `# expect: ok`, `# expect: valid` or an expected diagnostic',
      ).toBe(true);
      if (exp.ok)
        expect(
          exp.diagnostics.filter((d) => isSyntaxCode(d.code)),
          '`ok` excludes syntax diagnostics',
        ).toEqual([]);

      const parsed = parse(text, name);
      const syntaxProblems = compare(
        exp.diagnostics.filter((d) => isSyntaxCode(d.code)),
        parsed.diagnostics,
      );
      expect(syntaxProblems, `syntax diagnostics of ${name}`).toEqual([]);

      const semantic = exp.diagnostics.filter((d) => !isSyntaxCode(d.code));
      if (validator && (exp.valid || semantic.length > 0)) {
        const all = await validator(file);
        const seen = new Set<string>();
        const own = all.filter((d) => {
          const key = `${d.code}@${d.span?.start.offset}:${d.message}`;
          if (isSyntaxCode(d.code) || seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        expect(compare(semantic, own), `validator diagnostics of ${name}`).toEqual([]);
      }
    });
  }
});

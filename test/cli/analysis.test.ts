/**
 * Analyses on real-shaped projects, through the CLI: Cargo targets as separate crates, Rust module
 * resolution corner cases, type-only imports (TypeScript and Python), whole cycle groups.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, expectCode, hie } from './helpers.js';

const FIX = path.join(ROOT, 'test', 'fixtures', 'analysis');

interface JsonResult {
  element: string;
  check: string;
  status: string;
  message?: string;
  locations?: { file: string; line?: number }[];
}

async function run(
  fixture: string,
  spec: string,
  ...flags: string[]
): Promise<{ code: number | null; results: JsonResult[] }> {
  const dir = path.join(FIX, fixture);
  const r = await hie(['run', path.join(dir, spec), '--workspace', dir, '--no-cache', '--format', 'json', ...flags]);
  if (r.stdout.trim() === '') throw new Error(`no JSON report\n${r.stderr}`);
  return { code: r.code, results: (JSON.parse(r.stdout) as { results: JsonResult[] }).results };
}

const byCheck = (results: JsonResult[], check: string): JsonResult => {
  const found = results.find((r) => r.check === check);
  if (!found) throw new Error(`no result for ${check}: ${results.map((r) => r.check).join(', ')}`);
  return found;
};

describe('rust: every Cargo target is a crate of its own', () => {
  it(
    'library, binaries, tests, examples and benches keep separate module trees; resolution follows ' + 'the edition',
    async () => {
      const { code, results } = await run('rust-targets', 'arch.hie');
      const bad = results.filter((r) => r.status !== 'pass');
      expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
      expect(code).toBe(0);
      // the ones the issue was about
      expect(byCheck(results, 'files.file_count(read, 3, 3)').status).toBe('pass'); // src/read, not tests/read
      expect(byCheck(results, 'files.file_count(macros, 1, 1)').status).toBe('pass'); // src/macros.rs, not tests/macros/mod.rs
      expect(results.find((r) => r.check === 'forbids connection to tests')?.status).toBe('pass');
      expect(byCheck(results, 'rust.no_dependency(iter, own_rayon)').status).toBe('pass'); // `use rayon::…` is the external crate
      expect(byCheck(results, 'rust.depends_on(fs, any)').status).toBe('pass'); // `mod fs;` inside `cfg_fs! { … }`
      expect(byCheck(results, 'rust.depends_on(parser, lexer)').status).toBe('pass'); // edition 2015 paths
      expect(byCheck(results, "rust.implements('Coff', 'std::fmt::Display')").status).toBe('pass');
    },
  );

  it(
    'cycles through the module tree are whole groups; ignore_mod_tree drops the parent edges; wrong trait paths ' +
      'and options are reported',
    async () => {
      const { results } = await run('rust-targets', 'cycles.hie');
      const cyc = byCheck(results, 'rust.no_circular_dependencies(lib)');
      expect(cyc.status).toBe('fail');
      expect(cyc.message).toContain(
        '1 group of files in a dependency cycle: 3 files (objread/src/read/any.rs, objread/src/read/coff.rs, ' +
          'objread/src/read/mod.rs)',
      );
      expect(cyc.message).toContain(
        'shortest cycle: objread/src/read/coff.rs:3 → objread/src/read/mod.rs:2 → objread/src/read/coff.rs',
      );
      expect(cyc.locations?.map((l) => `${l.file.split(path.sep).slice(-4).join('/')}:${l.line}`)).toEqual([
        'objread/src/read/coff.rs:3',
        'objread/src/read/mod.rs:2',
      ]);
      expect(byCheck(results, "rust.implements('Coff', 'io::Display')").status).toBe('fail');
      const opt = byCheck(results, "rust.no_circular_dependencies(lib, 'ignore_mod_tre')");
      expect(opt.status).toBe('error');
      expect(opt.message).toBe(
        "rust.no_circular_dependencies: unknown option 'ignore_mod_tre'; known options: include_type_only, " +
          'ignore_mod_tree',
      );
    },
  );
});

describe('python.calls', () => {
  it(
    'matches the object or module of a call (`logger.info(…)`), also through an import alias; names and dotted ' +
      'names keep working',
    async () => {
      const { results } = await run('py-typing', 'arch.hie');
      for (const t of ['logger', 'logger.info', 'info', 'logging'])
        expect(byCheck(results, `python.calls(logs, '${t}')`).status).toBe('pass');
    },
  );
});

describe('type-only imports', () => {
  it(
    'python: imports under `if TYPE_CHECKING:` make no runtime cycle, but connection rules count them ' + 'by default',
    async () => {
      const { results } = await run('py-typing', 'arch.hie');
      expect(byCheck(results, 'python.no_circular_dependencies(all)').status).toBe('pass');
      expect(byCheck(results, 'python.depends_on(helpers, root)').status).toBe('pass'); // `from pkg.missing import …` → pkg
      expect(byCheck(results, 'python.depends_on(app, util)').status).toBe('pass'); // `from pkg.util.nothere import …` → pkg.util
      expect(byCheck(results, 'python.depends_on(venv_pkg, ring)').status).toBe('pass'); // a `venv` package without pyvenv.cfg is code
      const rule = byCheck(results, 'forbids connection to service');
      expect(rule.status).toBe('fail');
      expect(rule.message).toContain('pkg/models.py:6 imports pkg.service');
    },
  );

  it('python: --ignore-type-only makes connection rules skip them', async () => {
    const { code, results } = await run('py-typing', 'arch.hie', '--ignore-type-only');
    expect(byCheck(results, 'forbids connection to service').status).toBe('pass');
    expect(code).toBe(0);
  });

  it(
    'python: include_type_only counts them; a group of five files is reported whole with its ' + 'shortest cycle',
    async () => {
      const { results } = await run('py-typing', 'cycles.hie');
      const typed = byCheck(results, "python.no_circular_dependencies(all, 'include_type_only')");
      expect(typed.status).toBe('fail');
      expect(typed.message).toContain('pkg/models.py:6 → pkg/service.py:1 → pkg/models.py');
      const ring = byCheck(results, 'python.no_circular_dependencies(ring)');
      expect(ring.message).toBe(
        '2 groups of files in a dependency cycle: 5 files (ring/a.py, ring/b.py, ring/c.py, ring/d.py, ring/e.py); ' +
          'shortest cycle: ring/a.py:1 → ring/b.py:1 → ring/c.py:2 → ring/a.py; 2 files (ring/x.py, ring/y.py); ' +
          'shortest cycle: ring/x.py:1 → ring/y.py:1 → ring/x.py',
      );
      expect(ring.locations).toHaveLength(5);
      expect(byCheck(results, "python.calls(logs, 'logg')").status).toBe('fail');
    },
  );

  it('typescript: `import type`, `export type` and all-`type` specifiers make no runtime cycle', async () => {
    const r = await hie([
      'run',
      path.join(FIX, 'ts-types', 'arch.hie'),
      '--workspace',
      path.join(FIX, 'ts-types'),
      '--no-cache',
    ]);
    expectCode(r, 1);
    expect(r.stdout).toMatch(/PASS {2}typescript\.no_circular_dependencies\(src\)/);
    expect(r.stdout).toContain(
      '2 groups of files in a dependency cycle: 2 files (src/a.ts, src/b.ts); shortest cycle: src/a.ts:1 → ' +
        'src/b.ts:1 → src/a.ts; 2 files (src/c.ts, src/d.ts)',
    );
  });
});

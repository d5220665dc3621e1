// Runs the example plugins and the misbehaving fixture through the real CLI (dist/cli/main.js,
// built by `npm run build`) and checks the `--format json` report.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const CLI = path.join(ROOT, 'bin/hielements.js');
const BUILT = existsSync(path.join(ROOT, 'dist/cli/main.js'));

interface JsonResult {
  element: string;
  check: string;
  status: string;
  message: string | null;
  library?: string | null;
  function?: string | null;
  details?: string | null;
  locations?: { file: string; line: number | null; message: string | null }[];
}
interface JsonReport {
  workspace: string;
  results: JsonResult[];
  diagnostics?: { code: string; severity: string; message: string; file: string }[];
  summary: { total: number; passed: number; failed: number; errors: number };
}

function run(...args: string[]): { code: number | null; report: JsonReport; stderr: string } {
  // From another directory than the repository root: relative paths in hielements.toml must not depend on it.
  const r = spawnSync(process.execPath, [CLI, 'run', ...args, '--format', 'json'], {
    cwd: path.join(ROOT, 'test'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  let report: JsonReport;
  try {
    report = JSON.parse(r.stdout) as JsonReport;
  } catch {
    throw new Error(`the CLI did not print JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.status, report, stderr: r.stderr };
}

const byCheck = (rep: JsonReport) => new Map(rep.results.map((r) => [r.check, r]));

if (!BUILT) {
  it.skip('CLI tests skipped: dist/cli/main.js does not exist (run `npm run build` first)', () => {});
} else
  describe('CLI with external libraries', () => {
    it('runs examples/plugins/plugins_example.hie: both plugins, every check passes', () => {
      const { code, report } = run(path.join(ROOT, 'examples/plugins/plugins_example.hie'));
      expect(report.workspace).toBe(path.join(ROOT, 'examples/plugins'));
      expect(report.results.map((r) => [r.check, r.status, r.library])).toEqual([
        ['conventions.max_lines(python_files, 400)', 'pass', 'conventions'],
        ["conventions.filename_case(python_files, 'snake')", 'pass', 'conventions'],
        ["conventions.has_header(python_files, '#')", 'pass', 'conventions'],
        ["packagejson.has_script(manifests, 'test')", 'pass', 'packagejson'],
        ["packagejson.license_is('MIT')", 'pass', 'packagejson'],
        ['packagejson.engines_node_at_least(18)', 'pass', 'packagejson'],
        ["packagejson.no_dependency('left-pad')", 'pass', 'packagejson'],
      ]);
      expect(report.summary).toMatchObject({ total: 7, passed: 7, failed: 0, errors: 0 });
      expect(code).toBe(0);
    });

    it('reports failures, crashes, timeouts and stray output of plugins, and keeps going', () => {
      const { code, report } = run(path.join(ROOT, 'test/fixtures/external/cli/failing.hie'));
      const r = byCheck(report);
      expect(r.get('conventions.max_lines(py, 2)')).toMatchObject({
        status: 'fail',
        message: '1 file(s) longer than 2 lines: src/long_module.py (5)',
        locations: [{ line: 3, message: '5 lines, more than 2' }],
      });
      expect(r.get("conventions.always_fail('boom')")).toMatchObject({ status: 'fail', message: 'boom' });
      const crash = r.get('bad.crash()')!;
      expect(crash.status).toBe('error');
      expect(crash.message).toMatch(/the process of library "bad" exited with code 3/);
      expect(crash.details).toContain('Traceback: something broke');
      expect(r.get('bad.hang()')!.message).toMatch(/library "bad" did not answer within 1500 ms/);
      expect(r.get('bad.garbage()')!.message).toMatch(/unusable result: cannot convert result to a check result/);
      // After a crash (restart) and a timeout (fresh process) the plugin still answers.
      expect(r.get('bad.pass()')!.status).toBe('pass');
      const stray = (report.diagnostics ?? []).filter((d) => d.code === 'W530');
      expect(stray).toHaveLength(3);
      // relative to the workspace, as every location is shown
      expect(stray[0]!.file).toBe('hielements.toml');
      expect(report.summary).toMatchObject({ total: 6, passed: 1, failed: 2, errors: 3 });
      expect(code).toBe(1);
    });
  });

/**
 * A file the built-in libraries cannot analyse (here: larger than the parse limit) reads as empty to
 * the checks; the run says so with W095 naming the file and the reason, on every run (facts that
 * could not be extracted are never cached), and the warning alone does not fail the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, hie, tempDir } from './helpers.js';

async function workspace(): Promise<string> {
  const ws = await tempDir('hie-not-analysed-');
  mkdirSync(join(ws, 'pkg'));
  // over 4 MiB: its `import os` is never seen
  writeFileSync(join(ws, 'pkg', 'tables.py'), `import os\n${'x = 1\n'.repeat(720_000)}`);
  writeFileSync(join(ws, 'pkg', 'ok.py'), 'import json\n');
  writeFileSync(
    join(ws, 'spec.hie'),
    [
      'import python',
      'element app:',
      "    scope src = python.package_selector('pkg')",
      "    check python.no_import(src, 'os')",
      '',
    ].join('\n'),
  );
  return ws;
}

describe('W095: files the checks could not look into', () => {
  it('names the file and the reason in the human and JSON reports, run after run', async () => {
    const ws = await workspace();
    const human = await hie(['run', 'spec.hie'], { cwd: ws });
    expectCode(human, 0);
    expect(human.stdout).toContain('PASS  python.no_import');
    expect(human.stdout + human.stderr).toContain(
      'warning[W095]: this file was not analysed: file is larger than 4194304 bytes; not parsed\n --> pkg/tables.py',
    );
    // the second run reads the facts cache the first one saved: the file is still reported
    const json = await hie(['run', 'spec.hie', '--format', 'json'], { cwd: ws });
    expectCode(json, 0);
    const report = JSON.parse(json.stdout) as { diagnostics: { code: string; file: string; severity: string }[] };
    expect(report.diagnostics.filter((d) => d.code === 'W095')).toEqual([
      expect.objectContaining({ code: 'W095', file: 'pkg/tables.py', severity: 'warning' }),
    ]);
  });
});

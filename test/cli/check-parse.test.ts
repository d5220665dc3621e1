import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSarif } from '../report/sarif-schema.js';
import { expectCode, fixture, hie, tempDir } from './helpers.js';

const green = fixture('green', 'arch.hie');
const bad = fixture('malformed', 'bad.hie');

describe('hielements check', () => {
  it('validates a good spec without running checks', async () => {
    const r = await hie(['check', fixture('red', 'arch.hie')]);
    expectCode(r, 0);
    expect(r.stdout).toMatch(/Finished `.*red\/arch\.hie` validated successfully/);
  });

  it('reports every syntax error with code frames and exits 1', async () => {
    const r = await hie(['check', bad]);
    expectCode(r, 1);
    expect((r.stdout.match(/error\[E\d+\]/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(r.stdout).toMatch(/bad\.hie:[45]:\d+/);
    expect(r.stdout).toContain('bad.hie:9:14');
    expect(r.stdout).toContain('bad.hie:13:30');
    expect(r.stderr).toMatch(/could not validate `.*bad\.hie` due to \d+ previous errors/);
  });

  it('one tab-indented line is one error, with no cascade of bogus blocks or duplicates', async () => {
    const dir = await tempDir();
    const spec = path.join(dir, 'arch.hie');
    await writeFile(
      spec,
      [
        'import files',
        '',
        'element app:',
        "    scope src = files.folder_selector('.')",
        '    element core:',
        "\tscope src = files.folder_selector('core')",
        "        check files.exists(src, 'x.py')",
        '',
      ].join('\n'),
    );
    const r = await hie(['check', spec, '--format', 'json']);
    expectCode(r, 1);
    const doc = JSON.parse(r.stdout);
    expect(doc.errors.map((e: { code: string }) => e.code)).toEqual(['E019']);
    expect(doc.errors[0].message).toBe(
      'line 6 is indented with a tab, but this file indents with spaces (read as 8 columns)',
    );
  });

  it('words that are keywords only in one position are ordinary names elsewhere (as in the original)', async () => {
    const dir = await tempDir();
    const spec = path.join(dir, 'arch.hie');
    await writeFile(path.join(dir, 'x.txt'), 'x\n');
    await writeFile(
      spec,
      [
        'import files',
        '',
        'element to:',
        "    scope src = files.folder_selector('.')",
        '',
        'element app:',
        "    ref connection: string = 'x.txt'",
        "    scope descendant = files.folder_selector('.')",
        "    scope uses = files.folder_selector('.')",
        "    scope binds = files.folder_selector('.')",
        '    uses uses to.src',
        '    descendant uses to.src',
        '    check files.exists(descendant, connection)',
        "    check files.exists(binds, 'x.txt')",
        '',
        'pattern layered:',
        '    element implements:',
        '        scope s',
        '    forbids connection to to',
        '',
      ].join('\n'),
    );
    const checked = await hie(['check', spec]);
    expectCode(checked, 0);
    const run = await hie(['run', spec, '--workspace', dir]);
    expectCode(run, 0);
    expect(run.stdout).toMatch(/2 checks: 2 passed/);
    // statement keywords stay reserved
    await writeFile(spec, "import files\nelement app:\n    ref scope: string = 'x'\n");
    const reserved = await hie(['check', spec]);
    expectCode(reserved, 1);
    expect(reserved.stdout).toContain('`scope` is a reserved word and cannot be used as a ref name');
  });

  it('a valid spec with a broken hielements.toml entry says why the exit code is 1', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'arch.hie'),
      "import files\nimport bad\nelement a:\n    scope s = files.folder_selector('.')\n",
    );
    await writeFile(
      path.join(dir, 'hielements.toml'),
      '[libraries]\nbad = { type = "external", executable = "/nonexistent/x" }\n',
    );
    const r = await hie(['check', 'arch.hie'], { cwd: dir });
    expectCode(r, 1);
    expect(r.stdout).toContain('error[E517]');
    expect(r.stderr).toContain('error: `hielements.toml` has 1 error (above): the entries in error are not loaded');
  });

  it('--format json keeps the original diagnostics document', async () => {
    const r = await hie(['check', bad, '--format', 'json']);
    expectCode(r, 1);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['version', 'status', 'errors', 'warnings', 'summary']);
    expect(doc.version).toBe('1.0');
    expect(doc.status).toBe('error');
    expect(doc.summary.total_errors).toBe(doc.errors.length);
    expect(doc.errors.length).toBeGreaterThanOrEqual(3);
    const first = doc.errors[0];
    expect(Object.keys(first).slice(0, 5)).toEqual(['severity', 'code', 'message', 'file', 'span']);
    expect([4, 5]).toContain(first.span.start.line);
    expect(doc.errors.map((e: { span: { start: { line: number } } }) => e.span.start.line)).toEqual(
      expect.arrayContaining([9, 13]),
    );
    const ok = JSON.parse((await hie(['check', green, '-f', 'json'])).stdout);
    expect(ok).toMatchObject({ status: 'ok', errors: [], summary: { total_errors: 0 } });
  });

  it('--format sarif gives a valid log of the diagnostics', async () => {
    const r = await hie(['check', bad, '-f', 'sarif']);
    expectCode(r, 1);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0].results.length).toBeGreaterThanOrEqual(3);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/bad\.hie$/);
  });

  it('finds hielements.toml through the workspace: a configured library is known to validation', async () => {
    const spec = fixture('plugin-run', 'arch.hie');
    expectCode(await hie(['check', spec]), 0);
    const elsewhere = await hie(['check', spec, '-w', fixture('green'), '-f', 'json']);
    expectCode(elsewhere, 1);
    expect(JSON.stringify(JSON.parse(elsewhere.stdout).errors)).toContain('conventions');
    expectCode(
      await hie(['check', spec, '-w', fixture('green'), '--config', fixture('plugin-run', 'hielements.toml')]),
      0,
    );
  });

  it('checks several files; an unreadable one is exit 2 while the others are still checked', async () => {
    const two = await hie(['check', green, fixture('red', 'arch.hie')]);
    expectCode(two, 0);
    expect((two.stdout.match(/Finished/g) ?? []).length).toBe(2);
    const missing = await hie(['check', green, fixture('missing.hie')]);
    expectCode(missing, 2);
    expect(missing.stdout).toContain('Finished');
    expect(missing.stderr).toContain('no such file');
  });
});

describe('hielements parse', () => {
  it('prints the AST as JSON', async () => {
    const r = await hie(['parse', green]);
    expectCode(r, 0);
    const ast = JSON.parse(r.stdout);
    expect(ast.kind).toBe('Program');
    expect(JSON.stringify(ast)).toContain('"core"');
  });

  it('prints syntax errors with code frames on stderr and exits 1', async () => {
    const r = await hie(['parse', bad]);
    expectCode(r, 1);
    expect(r.stdout).toBe('');
    expect((r.stderr.match(/error\[E\d+\]/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('an unreadable file is exit 2', async () => {
    const r = await hie(['parse', fixture('missing.hie')]);
    expectCode(r, 2);
    expect(r.stderr).toContain('cannot read');
  });
});

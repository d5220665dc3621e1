import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSarif } from '../report/sarif-schema.js';
import { expectCode, fixture, hie, tempDir } from './helpers.js';

const green = fixture('green', 'arch.hie');
const red = fixture('red', 'arch.hie');

describe('hielements run — outcomes and exit codes', () => {
  it('exits 0 when every check passes, with results grouped by element and a summary', async () => {
    const r = await hie(['run', green]);
    expectCode(r, 0);
    expect(r.stdout).toMatch(/^app$/m);
    expect(r.stdout).toMatch(/^app\.core$/m);
    // locations are relative to the workspace (the fixture's folder), not to the directory the CLI runs in
    expect(r.stdout).toMatch(/PASS\s+files\.exists\(root, 'README\.md'\)\s+arch\.hie:6:/);
    expect(r.stdout).toMatch(/4 checks: 4 passed, 0 failed, 0 errors, 0 skipped in \d+\.\d\d s\n$/);
  });

  it('exits 1 when a check fails, showing messages and offending code locations', async () => {
    const r = await hie(['run', red]);
    expectCode(r, 1);
    expect(r.stdout).toMatch(/FAIL\s+files\.exists\(root, 'LICENSE'\)/);
    expect(r.stdout).toContain('LICENSE');
    expect(r.stdout).toMatch(/FAIL\s+files\.not_contains_text\(src, 'TODO'\)/);
    expect(r.stdout).toMatch(/ src\/main\.ts:1:4\s+contains 'TODO'/);
    expect(r.stdout).toMatch(/4 checks: 2 passed, 2 failed, 0 errors, 0 skipped in/);
  });

  it('--quiet shows only failures and the summary', async () => {
    const r = await hie(['run', red, '--quiet']);
    expectCode(r, 1);
    expect(r.stdout).not.toContain('PASS');
    expect(r.stdout).toContain('FAIL');
    expect(r.stdout).toMatch(/2 failed/);
  });

  it('--verbose writes trace lines on stderr and keeps stdout clean', async () => {
    const r = await hie(['run', green, '--verbose', '--format', 'json']);
    expectCode(r, 0);
    expect(r.stderr).toMatch(/\[verbose\] workspace .*green \(nearest hielements\.toml\)/);
    expect(JSON.parse(r.stdout).status).toBe('ok');
  });

  it('an external library configured in hielements.toml runs its checks', async () => {
    const r = await hie(['run', fixture('plugin-run', 'arch.hie')]);
    expectCode(r, 1);
    expect(r.stdout).toMatch(/PASS\s+conventions\.always_pass\(\)/);
    expect(r.stdout).toMatch(/FAIL\s+conventions\.always_fail\('naming rule broken'\)/);
    expect(r.stdout).toContain('naming rule broken');
  });

  it('--config replaces the discovered hielements.toml', async () => {
    const r = await hie(['run', fixture('plugin-run', 'arch.hie'), '--config', fixture('green', 'hielements.toml')]);
    expectCode(r, 1);
    expect(r.stdout + r.stderr).toContain('conventions');
    const missing = await hie(['run', green, '--config', fixture('nope.toml')]);
    expectCode(missing, 2);
    expect(missing.stderr).toContain('cannot read the configuration file');
  });

  it('accepts --allow-empty, --strict-uses and --jobs', async () => {
    const r = await hie(['run', green, '--allow-empty', '--strict-uses', '--jobs', '1']);
    expectCode(r, 0);
  });
});

describe('hielements run — formats', () => {
  it('json: the documented schema', async () => {
    const r = await hie(['run', red, '--format', 'json']);
    expectCode(r, 1);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe('2.1');
    expect(doc.status).toBe('error');
    expect(doc.summary).toMatchObject({ total: 4, passed: 2, failed: 2, errors: 0, skipped: 0 });
    const todo = doc.results.find((x: { check: string }) => x.check === "files.not_contains_text(src, 'TODO')");
    expect(todo).toMatchObject({
      element: 'app.code',
      status: 'fail',
      origin: 'element',
      library: 'files',
      function: 'not_contains_text',
      line: 11,
    });
    expect(todo.locations[0]).toMatchObject({ file: 'src/main.ts', line: 1, column: 4 });
    expect(doc.workspace).toBe(fixture('red'));
  });

  it('sarif: valid 2.1.0, failures at the .hie line, offending code as related locations', async () => {
    const r = await hie(['run', red, '-f', 'sarif']);
    expectCode(r, 1);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log)).toEqual([]);
    const results = log.runs[0].results;
    expect(results).toHaveLength(2);
    const todo = results.find((x: { ruleId: string }) => x.ruleId === 'files.not_contains_text');
    expect(todo.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'arch.hie', uriBaseId: '%SRCROOT%' },
      region: expect.objectContaining({ startLine: 11 }),
    });
    expect(todo.relatedLocations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'src/main.ts',
      uriBaseId: '%SRCROOT%',
    });
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${fixture('red')}/`);
    const rule = log.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'files.not_contains_text');
    expect(rule.fullDescription.text).toMatch(/contains the literal text/);
  });

  it('junit: one suite per top-level element, failure elements', async () => {
    const r = await hie(['run', red, '-f', 'junit']);
    expectCode(r, 1);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(r.stdout).toMatch(/<testsuite name="app" tests="4" failures="2" errors="0" skipped="0"/);
    expect((r.stdout.match(/<failure /g) ?? []).length).toBe(2);
  });

  it('--output writes the report to a file and keeps a human summary on stdout', async () => {
    const dir = await tempDir();
    const out = path.join(dir, 'reports', 'run.sarif');
    const r = await hie(['run', red, '-f', 'sarif', '-o', out]);
    expectCode(r, 1);
    expect(validateSarif(JSON.parse(await readFile(out, 'utf8')))).toEqual([]);
    expect(r.stdout).toMatch(/2 failed/);
    expect(r.stdout).toContain('SARIF report written to');
    expect(r.stdout).not.toContain('PASS');
  });

  it('--output with the human format writes the full report (uncoloured) to the file', async () => {
    const dir = await tempDir();
    const out = path.join(dir, 'report.txt');
    const r = await hie(['run', red, '-o', out, '--color']);
    expectCode(r, 1);
    const text = await readFile(out, 'utf8');
    expect(text).toContain('PASS');
    expect(text).not.toContain('\u001b[');
    expect(r.stdout).not.toContain('PASS');
    expect(r.stdout).toContain('Report written to');
  });

  it('colour: off when piped, forced with --color or FORCE_COLOR, and --no-color wins', async () => {
    const plain = await hie(['run', green]);
    expect(plain.stdout).not.toContain('\u001b[');
    const forced = await hie(['run', green, '--color']);
    expect(forced.stdout).toContain('\u001b[');
    const env = await hie(['run', green], { env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    expect(env.stdout).toContain('\u001b[');
    const off = await hie(['run', green, '--no-color'], { env: { FORCE_COLOR: '1' } });
    expect(off.stdout).not.toContain('\u001b[');
  });
});

describe('hielements run — filter and dry run', () => {
  it('--filter runs matching elements only and counts the rest as skipped', async () => {
    const r = await hie(['run', red, '--filter', 'app.docs', '--format', 'json']);
    expectCode(r, 0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ total: 1, passed: 1, failed: 0, skipped: 3 });
    const human = await hie(['run', red, '--filter', 'app.*']);
    expectCode(human, 1);
    expect(human.stdout).toMatch(/2 checks: 1 passed, 1 failed, 0 errors, 2 skipped/);
  });

  it('--dry-run lists what would run without evaluating anything', async () => {
    const r = await hie(['run', red, '--dry-run']);
    expectCode(r, 0);
    expect(r.stdout).toContain('Dry run');
    expect(r.stdout).toMatch(/element app\.code/);
    expect(r.stdout).toContain("scope src = files.folder_selector('src')");
    expect(r.stdout).toContain("check files.not_contains_text(src, 'TODO')");
    expect(r.stdout).toContain('4 checks would run');
    const filtered = await hie(['run', red, '--dry-run', '--filter', 'app.docs']);
    expect(filtered.stdout).toContain('1 check would run, 3 skipped by --filter');
  });

  it('a --filter that matches no element is an error naming the elements, not a green run', async () => {
    const r = await hie(['run', red, '--filter', 'app.dosc']);
    expectCode(r, 1);
    const out = r.stdout + r.stderr;
    expect(out).toContain('error[E875]: --filter `app.dosc` matches no element of the spec');
    expect(out).toContain('did you mean `app.docs`?');
    expect(out).toMatch(/the elements are: app, app\.\w+/);
    expect(out).not.toMatch(/\d+ checks?: /);
    const json = await hie(['run', red, '--filter', 'nothing.*', '--format', 'json']);
    expectCode(json, 1);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('E875');
    const dry = await hie(['run', red, '--dry-run', '--filter', 'app.dosc']);
    expectCode(dry, 1);
    expect(dry.stdout + dry.stderr).toContain('E875');
  });
});

describe('hielements run — bad input', () => {
  it('an unreadable spec is exit 2 with a one-line message', async () => {
    const r = await hie(['run', fixture('does-not-exist.hie')]);
    expectCode(r, 2);
    expect(r.stderr).toMatch(/hielements: error: cannot read `.*does-not-exist\.hie`: no such file/);
    const dir = await hie(['run', fixture('green')]);
    expectCode(dir, 2);
    expect(dir.stderr).toContain('it is a directory');
  });

  it('a malformed spec reports every error with a code frame and exits 1', async () => {
    const r = await hie(['run', fixture('malformed', 'bad.hie')]);
    expectCode(r, 1);
    const errors = r.stdout.match(/error\[E\d+\]/g) ?? [];
    expect(errors.length).toBeGreaterThanOrEqual(3);
    // One error per broken element, each with its location and a code frame of the line.
    expect(r.stdout).toMatch(/bad\.hie:[45]:\d+/);
    expect(r.stdout).toContain('bad.hie:9:14');
    expect(r.stdout).toContain('bad.hie:13:30');
    expect(r.stdout).toContain("9 |     scope x == files.folder_selector('src')");
    expect(r.stdout).toMatch(/13 \| {5}check files\.exists\(root, @\)\n\s+\|\s+\^/);
    expect(r.stderr).toMatch(/could not run `.*bad\.hie` due to \d+ previous errors/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const json = await hie(['run', fixture('malformed', 'bad.hie'), '-f', 'json']);
    expectCode(json, 1);
    const doc = JSON.parse(json.stdout);
    expect(doc.results).toEqual([]);
    expect(doc.diagnostics.filter((d: { severity: string }) => d.severity === 'error').length).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('an invalid --workspace is exit 2', async () => {
    const r = await hie(['run', green, '--workspace', fixture('nowhere')]);
    expectCode(r, 2);
    expect(r.stderr).toContain('is not a directory');
  });
});

describe('hielements run — workspace discovery', () => {
  it('uses the nearest ancestor of the spec holding hielements.toml', async () => {
    const r = await hie(['run', fixture('nested', 'project', 'specs', 'arch.hie'), '-f', 'json']);
    expectCode(r, 0);
    expect(JSON.parse(r.stdout).workspace).toBe(fixture('nested', 'project'));
  });

  it('--workspace wins', async () => {
    const r = await hie([
      'run',
      fixture('nested', 'project', 'specs', 'arch.hie'),
      '-w',
      fixture('green'),
      '-f',
      'json',
    ]);
    expectCode(r, 1);
    expect(JSON.parse(r.stdout).workspace).toBe(fixture('green'));
  });

  it('falls back to the git root, then to the current directory', async () => {
    const dir = await tempDir();
    const spec =
      "import files\n\nelement w {\n    scope top = files.folder_selector('.')\n    check " +
      "files.exists(top, 'marker.txt')\n}\n";
    await mkdir(path.join(dir, 'repo', '.git'), { recursive: true });
    await mkdir(path.join(dir, 'repo', 'specs'), { recursive: true });
    await writeFile(path.join(dir, 'repo', 'marker.txt'), 'x');
    await writeFile(path.join(dir, 'repo', 'specs', 'w.hie'), spec);
    const git = await hie(['run', path.join(dir, 'repo', 'specs', 'w.hie'), '-f', 'json'], { cwd: dir });
    expectCode(git, 0);
    expect(JSON.parse(git.stdout).workspace).toBe(path.join(dir, 'repo'));

    await mkdir(path.join(dir, 'plain', 'specs'), { recursive: true });
    await writeFile(path.join(dir, 'plain', 'marker.txt'), 'x');
    await writeFile(path.join(dir, 'plain', 'specs', 'w.hie'), spec);
    const cwd = await hie(['run', path.join('specs', 'w.hie'), '-f', 'json'], { cwd: path.join(dir, 'plain') });
    expectCode(cwd, 0);
    expect(JSON.parse(cwd.stdout).workspace).toBe(path.join(dir, 'plain'));
  });
});

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, hie, tempDir } from './helpers.js';

describe('hielements init', () => {
  it('creates a starter spec, hielements.toml and a guide; the spec validates and runs green', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'README.md'), '# demo\n');
    const r = await hie(['init', 'demo'], { cwd: dir });
    expectCode(r, 0);
    expect(r.stdout).toContain("initialized Hielements project 'demo'");
    for (const f of ['demo.hie', 'hielements.toml', 'HIELEMENTS_GUIDE.md']) expect(r.stdout).toContain(f);
    const spec = await readFile(path.join(dir, 'demo.hie'), 'utf8');
    expect(spec).toContain('element demo {');
    expect(await readFile(path.join(dir, 'hielements.toml'), 'utf8')).toContain('[libraries]');
    expect(await readFile(path.join(dir, 'HIELEMENTS_GUIDE.md'), 'utf8')).toContain('hielements run demo.hie');

    expectCode(await hie(['check', 'demo.hie'], { cwd: dir }), 0);
    const run = await hie(['run', 'demo.hie', '-f', 'json'], { cwd: dir });
    expectCode(run, 0);
    const doc = JSON.parse(run.stdout);
    expect(doc.summary.passed).toBeGreaterThanOrEqual(1);
    expect(doc.diagnostics.filter((d: { severity: string }) => d.severity !== 'info')).toEqual([]);
  });

  it("the guide's example spec is valid and runs", async () => {
    const dir = await tempDir();
    expectCode(await hie(['init', 'demo'], { cwd: dir }), 0);
    const guide = await readFile(path.join(dir, 'HIELEMENTS_GUIDE.md'), 'utf8');
    const example = /```hielements\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(example).toBeDefined();
    await writeFile(path.join(dir, 'example.hie'), example!);
    await writeFile(path.join(dir, 'README.md'), '# demo\n');
    await mkdir(path.join(dir, 'src', 'orders'), { recursive: true });
    await writeFile(path.join(dir, 'src', 'orders', 'index.ts'), 'export {};\n');
    expectCode(await hie(['check', 'example.hie'], { cwd: dir }), 0);
    const run = await hie(['run', 'example.hie'], { cwd: dir });
    expectCode(run, 0);
    expect(run.stdout).toContain('[from pattern service]');
  });

  it('never overwrites an existing spec (exit 2) and keeps existing config and guide', async () => {
    const dir = await tempDir();
    expectCode(await hie(['init', 'demo'], { cwd: dir }), 0);
    const again = await hie(['init', 'demo'], { cwd: dir });
    expectCode(again, 2);
    expect(again.stderr).toContain('already exists');
    const other = await hie(['init', 'other'], { cwd: dir });
    expectCode(other, 0);
    expect(other.stdout).toMatch(/hielements\.toml\s+- already exists, kept/);
  });

  it('creates the target directory with -d', async () => {
    const dir = await tempDir();
    const r = await hie(['init', 'svc', '-d', 'arch/specs'], { cwd: dir });
    expectCode(r, 0);
    expect(await readFile(path.join(dir, 'arch', 'specs', 'svc.hie'), 'utf8')).toContain('element svc');
  });

  it('refuses names that are not identifiers or are keywords (exit 2)', async () => {
    const dir = await tempDir();
    for (const [name, why] of [
      ['1abc', 'must not start with a digit'],
      ['my-project', 'only ASCII letters, digits and underscores'],
      ['element', 'is a keyword'],
      ['', 'the name is empty'],
    ]) {
      const r = await hie(['init', name as string], { cwd: dir });
      expectCode(r, 2);
      expect(r.stderr).toContain(why);
    }
  });
});

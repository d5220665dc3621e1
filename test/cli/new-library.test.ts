import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, hie, tempDir } from './helpers.js';

describe('hielements new-library', () => {
  it('scaffolds a WebAssembly library project in ./NAME or -d DIR', async () => {
    const dir = await tempDir();
    const r = await hie(['new-library', 'naming'], { cwd: dir });
    expectCode(r, 0);
    expect(r.stdout).toContain("created WebAssembly library 'naming'");
    expect(existsSync(path.join(dir, 'naming'))).toBe(true);
    const listed = r.stdout.split('\n').filter((l) => l.startsWith('  naming/'));
    expect(listed.length).toBeGreaterThan(0);
    for (const l of listed) expect(existsSync(path.join(dir, l.trim()))).toBe(true);
    const other = await hie(['new-library', 'rules', '-d', 'libs/rules'], { cwd: dir });
    expectCode(other, 0);
    expect(existsSync(path.join(dir, 'libs', 'rules'))).toBe(true);
  });

  it('refuses a bad name or a non-empty directory (exit 2)', async () => {
    const dir = await tempDir();
    const bad = await hie(['new-library', 'bad-name'], { cwd: dir });
    expectCode(bad, 2);
    expect(bad.stderr).toContain('invalid library name');
    expectCode(await hie(['new-library', 'lib1'], { cwd: dir }), 0);
    const again = await hie(['new-library', 'lib1'], { cwd: dir });
    expectCode(again, 2);
    expect(again.stderr).toContain('not empty');
  });
});

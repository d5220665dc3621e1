import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, hie, tempDir } from './helpers.js';

const SPEC = `import files

element app {
    scope root = files.folder_selector('.')
    check files.exists(root, 'README.md')
}
`;

/** A project with hielements.hie at its root and a nested folder to start from. */
async function project(): Promise<{ root: string; nested: string }> {
  const root = await tempDir('hie-discover-');
  // A hielements.toml pins the workspace to this folder (no enclosing git repository needed).
  await writeFile(path.join(root, 'hielements.toml'), '');
  await writeFile(path.join(root, 'hielements.hie'), SPEC);
  await writeFile(path.join(root, 'README.md'), '# app\n');
  const nested = path.join(root, 'src', 'deep');
  await mkdir(nested, { recursive: true });
  return { root, nested };
}

describe('spec discovery for run and check without FILE', () => {
  it('run finds hielements.hie in a parent folder and names it on stderr', async () => {
    const { nested } = await project();
    const r = await hie(['run'], { cwd: nested });
    expectCode(r, 0);
    expect(r.stderr).toContain(`hielements: using ${path.join('..', '..', 'hielements.hie')}`);
    expect(r.stdout).toMatch(/1 check: 1 passed/);
  });

  it('check finds hielements.hie in the current folder; JSON stdout stays clean', async () => {
    const { root } = await project();
    const r = await hie(['check', '--format', 'json'], { cwd: root });
    expectCode(r, 0);
    expect(r.stderr).toContain('hielements: using hielements.hie');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    const human = await hie(['check'], { cwd: root });
    expectCode(human, 0);
    expect(human.stdout).toContain('Finished `hielements.hie` validated successfully');
  });

  it('--quiet does not announce the chosen file', async () => {
    const { nested } = await project();
    const r = await hie(['run', '--quiet'], { cwd: nested });
    expectCode(r, 0);
    expect(r.stderr).toBe('');
  });

  it('no spec anywhere is exit 2 with a clear message', async () => {
    const empty = await tempDir('hie-nospec-');
    for (const cmd of ['run', 'check']) {
      const r = await hie([cmd], { cwd: empty });
      expectCode(r, 2);
      expect(r.stderr).toContain('no spec file given and no `hielements.hie` found');
      expect(r.stderr).toContain(`hielements ${cmd} FILE`);
    }
  });
});

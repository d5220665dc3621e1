/**
 * Locations are shown relative to the workspace in every output, whatever directory the CLI runs
 * in: the CLI runs from the workspace's parent folder with a relative and an absolute spec path,
 * and every format names `hielements.hie` and `pkg/x.py` the same way.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCode, hie, tempDir } from './helpers.js';

let parent: string;
let ws: string;

beforeAll(async () => {
  parent = await tempDir('hie-paths-');
  ws = path.join(parent, 'ws');
  await mkdir(path.join(ws, 'pkg'), { recursive: true });
  await writeFile(path.join(ws, 'hielements.toml'), '');
  await writeFile(path.join(ws, 'pkg', '__init__.py'), '');
  await writeFile(path.join(ws, 'pkg', 'x.py'), 'import os\n');
  await writeFile(
    path.join(ws, 'hielements.hie'),
    `import python
element app:
    scope pkg<python> = python.package_selector('pkg')
    check python.no_import(pkg, 'os')
`,
  );
  await writeFile(path.join(ws, 'broken.hie'), 'import python\nelement app:\n    check python.nope(1)\n');
  await writeFile(
    path.join(ws, 'imports.hie'),
    "import files\nimport './hielements.hie' as shared\nimport './nope.hie'\nelement app:\n    check " +
      "files.exists(shared, 'x')\n",
  );
});
afterAll(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
});

const specs = () => [path.join('ws', 'hielements.hie'), path.join(ws, 'hielements.hie')];

describe('locations relative to the workspace, from another directory', () => {
  it('human and --verbose', async () => {
    for (const spec of specs()) {
      const r = await hie(['run', spec, '-v', '--no-cache'], { cwd: parent });
      expectCode(r, 1);
      expect(r.stdout).toContain(`Running checks in hielements.hie (workspace ${ws})`);
      expect(r.stdout).toMatch(/FAIL {2}python\.no_import\(pkg, 'os'\) {2}hielements\.hie:4:5\n/);
      expect(r.stdout).toContain('  pkg/x.py:1:8  import os');
      expect(r.stdout).not.toContain('ws/pkg');
      expect(r.stderr).toContain('[verbose] configuration hielements.toml\n');
    }
    const cached = await hie(['run', 'ws/hielements.hie', '-v'], { cwd: parent });
    expect(cached.stderr).toContain('[verbose] facts cache .hielements-cache/facts.json:');
  });

  it('JSON, JUnit and SARIF', async () => {
    for (const spec of specs()) {
      const json = JSON.parse((await hie(['run', spec, '-f', 'json'], { cwd: parent })).stdout);
      expect(json.file).toBe('hielements.hie');
      expect(json.results[0].file).toBe('hielements.hie');
      expect(json.results[0].locations[0].file).toBe('pkg/x.py');
      const junit = (await hie(['run', spec, '-f', 'junit'], { cwd: parent })).stdout;
      expect(junit).toContain('file="hielements.hie"');
      expect(junit).toContain('at pkg/x.py:1:8');
      expect(junit).not.toContain(ws);
      const sarif = JSON.parse((await hie(['run', spec, '-f', 'sarif'], { cwd: parent })).stdout);
      const uris = JSON.stringify(sarif.runs[0].results.map((x: { locations: unknown }) => x.locations));
      expect(uris).toContain('"uri":"pkg/x.py"');
    }
  });

  it('check and run of an invalid spec: diagnostics in every format', async () => {
    for (const spec of [path.join('ws', 'broken.hie'), path.join(ws, 'broken.hie')]) {
      const human = await hie(['check', spec], { cwd: parent });
      expectCode(human, 1);
      expect(human.stdout).toContain(' --> broken.hie:3:11\n');
      const json = JSON.parse((await hie(['check', spec, '-f', 'json'], { cwd: parent })).stdout);
      expect(json.errors.map((e: { file: string }) => e.file)).toEqual(['broken.hie']);
      const run = await hie(['run', spec], { cwd: parent });
      expect(run.stdout).toContain(' --> broken.hie:3:11\n');
      const sarif = JSON.parse((await hie(['check', spec, '-f', 'sarif'], { cwd: parent })).stdout);
      expect(JSON.stringify(sarif.runs[0].results)).toContain('"uri":"broken.hie"');
    }
  });

  it('paths inside messages: imported specs', async () => {
    for (const spec of [path.join('ws', 'imports.hie'), path.join(ws, 'imports.hie')]) {
      const json = JSON.parse((await hie(['check', spec, '-f', 'json'], { cwd: parent })).stdout);
      const messages = json.errors.map((e: { message: string }) => e.message);
      expect(messages).toContain('imported spec file `./nope.hie` not found (nope.hie)');
      expect(messages).toContain('`shared` is imported spec `hielements.hie`, not a value');
      expect(json.errors.find((e: { code: string }) => e.code === 'E080').help).toContain(
        'import chain: imports.hie → nope.hie',
      );
    }
  });
});

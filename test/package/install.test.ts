/**
 * Installable anywhere: the package packed with `npm pack` installs into an empty project without
 * network (`npm install --offline` from the npm cache, filled by scripts/prime-npm-cache.mjs), and
 * its CLI works there — `init`, `check`, `run` — as does the library workflow of `new-library`
 * (the AssemblyScript SDK ships in the package): npm install, build, check, all offline.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../cli/helpers.js';

const exec = promisify(execFile);

/** The environment of a user's shell: no npm_* variables inherited from `npm test`, no colours. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  env.NO_COLOR = '1';
  env.CI = '1';
  return env;
}

async function sh(cmd: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(cmd, args, { cwd, env: userEnv(), maxBuffer: 32 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd}\n${e.message}\n--- stdout ---\n${e.stdout ?? ''}\n--- stderr ` +
        `---\n${e.stderr ?? ''}`,
    );
  }
}

let tarball: string;
let project: string;

beforeAll(async () => {
  // Fill the npm cache while the network may be there; everything after this runs offline.
  await sh(process.execPath, [path.join(ROOT, 'scripts', 'prime-npm-cache.mjs')], ROOT);
  const packs = await tempDir('hie-pack-');
  // dist/ is built by `npm test` (or the vitest global setup); pack it as it is.
  await sh('npm', ['pack', '--ignore-scripts', '--pack-destination', packs], ROOT);
  const [name] = (await readdir(packs)).filter((f) => f.endsWith('.tgz'));
  tarball = path.join(packs, name as string);

  project = await tempDir('hie-installed-');
  await writeFile(
    path.join(project, 'package.json'),
    `${JSON.stringify({ name: 'installed-project', version: '1.0.0', private: true }, null, 2)}\n`,
  );
  await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], project);
}, 300_000);

describe('the packed package installed offline into an empty project', () => {
  it('runs init, check and run on a small TypeScript project', async () => {
    const bin = path.join(project, 'node_modules', '.bin', 'hielements');
    const { stdout: version } = await sh(bin, ['--version'], project);
    expect(version).toMatch(/^hielements \d+\.\d+\.\d+/);

    await writeFile(path.join(project, 'README.md'), '# installed project\n');
    await mkdir(path.join(project, 'src', 'core'), { recursive: true });
    await writeFile(path.join(project, 'src', 'core', 'index.ts'), 'export const answer = 42;\n');
    await writeFile(
      path.join(project, 'src', 'main.ts'),
      "import { answer } from './core/index';\nconsole.log(answer);\n",
    );

    // init looks at the project: the folder under src/ becomes an element bound to it.
    const init = await sh(bin, ['init'], project);
    expect(init.stdout).toContain("initialized Hielements project 'installed_project'");
    expect(init.stdout).toContain('TypeScript/JavaScript: src/core');
    const check = await sh(bin, ['check'], project);
    expect(check.stdout).toContain('Finished `hielements.hie` validated successfully');
    const run = await sh(bin, ['run', '--strict-uses'], project);
    expect(run.stdout).toMatch(/PASS\s+files\.exists\(root, 'README\.md'\)/);

    // The pre-commit hooks' commands, as .pre-commit-hooks.yaml declares them, run in the project.
    const hooks = await readFile(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    const entries = [...hooks.matchAll(/^\s+entry: (.+)$/gm)].map((m) => (m[1] as string).split(' '));
    expect(entries.length).toBe(2);
    for (const [cmd, ...rest] of entries) {
      const files = rest.includes('check') ? ['hielements.hie'] : [];
      await sh(cmd as string, [...rest, ...files], project);
    }

    // The built-in TypeScript analysis (tree-sitter grammars from the installed dependencies).
    await writeFile(
      path.join(project, 'deps.hie'),
      "import typescript\n\nelement app {\n    scope core = typescript.module_selector('src/core/index')\n    " +
        "scope main = typescript.module_selector('src/main')\n    check typescript.depends_on(main, core)\n}\n",
    );
    const deps = await sh(bin, ['run', 'deps.hie', '--format', 'json'], project);
    expect(JSON.parse(deps.stdout)).toMatchObject({ status: 'ok', summary: { passed: 1 } });
  }, 120_000);

  it("the GitHub Action's check step writes SARIF and reports the exit code as an output", async () => {
    const outputs = path.join(project, 'github-output.txt');
    await writeFile(outputs, '');
    const script = path.join(ROOT, 'scripts', 'ci', 'action-run.sh');
    const env = {
      ...userEnv(),
      HIE_SPEC: '',
      HIE_SARIF: 'reports/hielements.sarif',
      HIE_ARGS: '',
      GITHUB_OUTPUT: outputs,
    };
    const green = await exec('bash', [script], { cwd: project, env });
    expect(green.stdout).toMatch(/SARIF report written to reports\/hielements\.sarif/);
    expect(await readFile(outputs, 'utf8')).toBe('exit-code=0\nsarif=reports/hielements.sarif\n');
    const log = JSON.parse(await readFile(path.join(project, 'reports', 'hielements.sarif'), 'utf8'));
    expect(log.version).toBe('2.1.0');

    // A violation: the step itself succeeds (so the upload runs), the output says 1.
    await writeFile(outputs, '');
    await rm(path.join(project, 'README.md'));
    try {
      const red = await exec('bash', [script], { cwd: project, env });
      expect(red.stdout).toMatch(/FAIL\s+files\.exists\(root, 'README\.md'\)/);
      expect(await readFile(outputs, 'utf8')).toBe('exit-code=1\nsarif=reports/hielements.sarif\n');
      const failing = JSON.parse(await readFile(path.join(project, 'reports', 'hielements.sarif'), 'utf8'));
      expect(failing.runs[0].results.length).toBeGreaterThan(0);
    } finally {
      await writeFile(path.join(project, 'README.md'), '# installed project\n');
    }
  }, 60_000);

  it('new-library NAME && npm install && npm run build && npm run check works offline next to it', async () => {
    const bin = path.join(project, 'node_modules', '.bin', 'hielements');
    await sh(bin, ['new-library', 'naming'], project);
    const lib = path.join(project, 'naming');
    await sh('npm', ['install', '--offline', '--no-audit', '--no-fund'], lib);
    await sh('npm', ['run', 'build'], lib);
    const check = await sh('npm', ['run', 'check'], lib);
    // The generated library passes its own architecture check, run with the library itself.
    expect(check.stdout).toContain('Finished `architecture.hie` validated successfully');
    expect(check.stdout).toMatch(/PASS\s+naming\.no_text\(sources, 'debugger'\)/);
    expect(check.stdout).toMatch(/2 checks: 2 passed, 0 failed/);
  }, 240_000);
});

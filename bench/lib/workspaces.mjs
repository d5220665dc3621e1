// Generated workspaces for the whole-process benchmarks (bench/workloads.bench.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * N packages `pkgs/pkgNNNNN/{__init__,core,util}.py`, one element per package with a folder scope
 * and three checks (a file exists, sizes, a Python import): 3·N files, 3·N checks.
 */
export function makeScalingWorkspace(dir, n) {
  mkdirSync(dir, { recursive: true });
  const spec = ['import files', 'import python', ''];
  for (let i = 0; i < n; i++) {
    const name = `pkg${String(i).padStart(5, '0')}`;
    const d = join(dir, 'pkgs', name);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, '__init__.py'), 'from .core import run\n');
    writeFileSync(
      join(d, 'core.py'),
      `import json\nimport os\n\n\ndef run(x):\n    return json.dumps({"${name}": x, "cwd": os.getcwd()})\n`,
    );
    writeFileSync(join(d, 'util.py'), 'def helper(a, b):\n    return a + b\n');
    spec.push(
      `element ${name} {`,
      `    scope src = files.folder_selector('pkgs/${name}')`,
      `    check files.exists(src, 'core.py')`,
      '    check files.max_size(src, 100000)',
      `    check python.imports(src, 'json')`,
      '}',
    );
  }
  writeFileSync(join(dir, 'spec.hie'), `${spec.join('\n')}\n`);
  writeFileSync(join(dir, 'hielements.toml'), '');
  return { spec: 'spec.hie', checks: 3 * n, elements: n, files: 3 * n };
}

/** Packages of the standard library the stdlib workload describes (those present are used). */
const STDLIB_PACKAGES = [
  'asyncio',
  'collections',
  'concurrent',
  'ctypes',
  'curses',
  'dbm',
  'distutils',
  'email',
  'encodings',
  'ensurepip',
  'html',
  'http',
  'importlib',
  'json',
  'lib2to3',
  'logging',
  'multiprocessing',
  're',
  'sqlite3',
  'tkinter',
  'tomllib',
  'unittest',
  'urllib',
  'wsgiref',
  'xml',
  'xmlrpc',
  'zoneinfo',
];

/** The machine's Python standard library folder, or undefined without python3. */
export function pythonStdlib() {
  try {
    return execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * A spec over 25 packages of the standard library (written to `dir`, the workspace is the
 * stdlib): per package a size limit, a forbidden import, docstrings, no import cycles inside the
 * package and a layering rule against the next package — parsing, the import graph and the facts
 * of every file of the packages.
 */
export function makeStdlibSpec(dir, stdlib) {
  mkdirSync(dir, { recursive: true });
  const pkgs = STDLIB_PACKAGES.filter((p) => existsSync(join(stdlib, p, '__init__.py'))).slice(0, 25);
  const spec = ['import files', 'import python', ''];
  let checks = 0;
  pkgs.forEach((p, k) => {
    const next = pkgs[(k + 1) % pkgs.length];
    spec.push(
      `element ${p}_pkg {`,
      `    scope src = python.package_selector('${p}')`,
      `    scope neighbour = python.package_selector('${next}')`,
      '    check files.max_size(src, 1000000)',
      `    check python.no_import(src, 'antigravity')`,
      '    check python.has_docs(src)',
      '    check python.no_circular_dependencies(src)',
      '    check python.no_dependency(src, neighbour)',
      '}',
    );
    checks += 5;
  });
  const toml = `[workspace]\nignore = ["**/site-packages/**", "**/__pycache__/**", "test/**", "idlelib/**"]\n`;
  writeFileSync(join(dir, 'stdlib.hie'), `${spec.join('\n')}\n`);
  writeFileSync(join(dir, 'hielements.toml'), toml);
  return { spec: join(dir, 'stdlib.hie'), config: join(dir, 'hielements.toml'), checks, elements: pkgs.length };
}

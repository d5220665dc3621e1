// The same Python analysis three ways, on the Python standard library (/usr/lib/python3.X): the
// built-in `python` library (tree-sitter, parse workers), its WebAssembly build (Rust,
// examples/wasm/python-analyzer) and its external process (Python `ast`,
// examples/plugins/python-analyzer). They give the same answers (scripts/compare-python-analyzers.mjs),
// so the times compare the kinds of library on equal work.
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const LOADS = 5;
const N_CALLS = 300;
const KINDS = [
  ['builtin', 'built-in `python` (tree-sitter)'],
  ['wasm', 'WebAssembly `pywasm` (Rust scanner)'],
  ['external', 'external `pyext` (Python `ast`)'],
];

const str = (value) => ({ type: 'string', value });
const scope = (kind, paths, description) => ({
  type: 'scope',
  scope: { kind, paths: [...paths].sort(), resolved: true, description },
});

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Top-level packages (folders with an `__init__.py`) of a Python tree. */
function packages(ws) {
  return readdirSync(ws, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(ws, e.name, '__init__.py')))
    .map((e) => e.name)
    .sort();
}

export default async function run({ root, log }) {
  const stdlib = readdirSync('/usr/lib')
    .filter((d) => /^python3\.\d+$/.test(d))
    .map((d) => join('/usr/lib', d))[0];
  const wasmFile = join(root, 'examples', 'wasm', 'python-analyzer', 'build', 'python_analyzer.wasm');
  const title = 'Python analyzers: built-in vs WebAssembly vs external process';
  if (!stdlib || !existsSync(wasmFile)) {
    const why = !stdlib
      ? 'no /usr/lib/python3.X on this machine'
      : `${wasmFile} is missing (Debian rustc with the wasm32 target is needed)`;
    return { title, notes: [`Skipped: ${why}.`], columns: ['analyzer'], rows: [] };
  }
  const { loadAnalyzer } = await import(pathToFileURL(join(root, 'scripts', 'lib', 'python-analyzers.mjs')).href);
  const ctx = { workspace: stdlib };
  const pkgs = packages(stdlib);
  const empty = scope({ Folder: 'none' }, [], 'nothing');
  const oneFile = join(stdlib, 'json', 'decoder.py');
  const one = scope({ File: 'json/decoder.py' }, [oneFile]);
  const rows = [];
  const whole = {};
  for (const [kind, label] of KINDS) {
    log(`python-analyzers: ${kind}`);
    // load: a fresh library until its first answer (a check on an empty scope reads no file)
    const loads = [];
    for (let k = 0; k < LOADS; k++) {
      const t = performance.now();
      const lib = await loadAnalyzer(root, stdlib, kind);
      await lib.check('class_exists', [empty, str('X')], ctx);
      loads.push(performance.now() - t);
      await lib.dispose();
    }
    // whole run: a fresh library answers, for every top-level package, its selector, which of
    // its imports reach other packages (every import of every file resolved) and whether it
    // imports tkinter; then one workspace-wide class search (every definition of every file)
    const lib = await loadAnalyzer(root, stdlib, kind);
    const t0 = performance.now();
    const all = [];
    const scopes = [];
    for (const p of pkgs) {
      const s = await lib.call('package_selector', [str(p)], ctx);
      scopes.push(s);
      all.push(...s.scope.paths);
    }
    const everything = scope({ Folder: '.' }, new Set(all), 'every package');
    let answers = 0;
    for (const s of scopes) {
      await lib.check('no_dependency', [s, everything], ctx);
      await lib.check('no_import', [s, str('tkinter')], ctx);
      answers += 2;
    }
    await lib.check('class_exists', [str('NoSuchClass')], ctx);
    const wholeMs = performance.now() - t0;
    whole[kind] = wholeMs;
    // per call: one warm check on one file, repeated
    for (let k = 0; k < 50; k++) await lib.check('imports', [one, str('re')], ctx);
    const calls = [];
    for (let k = 0; k < N_CALLS; k++) {
      const t = performance.now();
      await lib.check('imports', [one, str('re')], ctx);
      calls.push((performance.now() - t) * 1000);
    }
    await lib.dispose();
    rows.push([
      label,
      loads[0].toFixed(1),
      median(loads).toFixed(1),
      median(calls).toFixed(0),
      (wholeMs / 1000).toFixed(2),
      answers + pkgs.length + 1,
    ]);
  }
  for (const r of rows) r.push(`${(Number(r[4]) / (whole.builtin / 1000)).toFixed(2)}×`);
  const files = all_py(stdlib);
  return {
    title,
    notes: [
      `Workspace ${stdlib} (${files} Python files, ${pkgs.length} top-level packages), ${cpus().length} CPUs, load ` +
        `average ${loadavg()[0].toFixed(2)} at the end. Load: a fresh library until its first answer (check on an ` +
        `empty scope), first of ${LOADS} and median. Per call: \`imports\` on one file, warm, median of ` +
        `${N_CALLS}. ` +
        'Whole run: a fresh library selects every top-level package, then `no_dependency` (every import resolved) ' +
        'and `no_import` per package and one workspace-wide `class_exists` — every file read and analysed once.',
    ],
    columns: [
      'analyzer',
      'first load (ms)',
      'load, median (ms)',
      'per call (µs)',
      'whole run (s)',
      'questions',
      'whole run vs built-in',
    ],
    rows,
  };
}

function all_py(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += all_py(join(dir, e.name));
    else if (e.isFile() && /\.pyi?$/.test(e.name)) n++;
  }
  return n;
}

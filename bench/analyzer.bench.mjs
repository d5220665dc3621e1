// The same `files` analyses through the built-in library and through its Rust WebAssembly build
// (examples/wasm/rust-files, built by scripts/fixtures/rust-wasm.mjs), in the same run, on the
// same generated tree. Every WebAssembly result is compared with the built-in one.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';

const str = (value) => ({ type: 'string', value });
const int = (value) => ({ type: 'int', value: BigInt(value) });

/** 40 packages × 30 files (py, md, txt; sizes 200 B – 40 KB), a .gitignore, ignored logs. */
function makeTree() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'hie-bench-analyzer-')));
  const write = (rel, text) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  write('.gitignore', '*.log\n/out/\n');
  let seed = 7;
  const rnd = (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let p = 0; p < 40; p++) {
    for (let f = 0; f < 30; f++) {
      const ext = f % 3 === 0 ? 'md' : f % 3 === 1 ? 'py' : 'txt';
      const lines = [];
      const n = 5 + rnd(800);
      for (let l = 0; l < n; l++)
        lines.push(l % 97 === 13 ? `# TODO item ${l}` : `value_${l} = ${rnd(100000)}  # some text here`);
      write(`pkg${p}/sub${f % 4}/file_${f}.${ext}`, `${lines.join('\n')}\n`);
    }
    write(`pkg${p}/debug.log`, 'ignored\n');
  }
  write('out/generated.py', 'ignored = True\n');
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p99: at(0.99) };
}

const us = (ms) => (ms * 1000 >= 100 ? Math.round(ms * 1000).toString() : (ms * 1000).toFixed(1));

/** Comparable form of a result (scope descriptions do not cross the wire). */
function comparable(r) {
  if (r && r.type === 'scope') return { kind: r.scope.kind, paths: r.scope.paths };
  if (r && r.status === 'fail')
    return { fail: r.message, locations: (r.locations ?? []).map((l) => [l.file, l.line, l.column, l.message]) };
  return r;
}

export default async function run({ root, log }) {
  const title = 'files analyses: built-in (TypeScript) vs Rust WebAssembly library';
  const build = await import(pathToFileURL(join(root, 'scripts', 'fixtures', 'rust-wasm.mjs')).href);
  const wasmPath = build.outputs(root).files;
  const problem =
    build.toolchainProblem() ??
    (existsSync(wasmPath) ? undefined : `${wasmPath} is missing (run node scripts/build-fixtures.mjs)`);
  if (problem) return { title, notes: [`Skipped: ${problem}.`], columns: ['analysis'], rows: [] };

  const { createBuiltinLibraries } = await import(
    pathToFileURL(join(root, 'dist', 'libraries', 'builtin', 'index.js')).href
  );
  const { createWasmLibrary } = await import(pathToFileURL(join(root, 'dist', 'libraries', 'wasm', 'index.js')).href);
  const tree = makeTree();
  const ctx = { workspace: tree.root };
  const cfg = {
    type: 'wasm',
    name: 'rfiles',
    path: wasmPath,
    capabilities: { file_read: true, file_write: false, network: false },
    maxMemoryMiB: 256,
    timeoutMs: 30_000,
    location: { file: join(root, 'hielements.toml') },
  };

  const loaders = {
    'built-in': async () => createBuiltinLibraries({ workspace: tree.root }),
    'Rust WASM': async () => [await createWasmLibrary(cfg, { workspace: tree.root })],
  };
  const pick = (libs) => libs.find((l) => l.name === 'files' || l.name === 'rfiles');

  // Scope arguments, chosen once with the built-in library, passed as the same values to both.
  const seedLibs = createBuiltinLibraries({ workspace: tree.root });
  const seed = pick(seedLibs);
  const strip = (v) => ({ type: 'scope', scope: { kind: v.scope.kind, paths: v.scope.paths, resolved: true } });
  const all = strip(await seed.call('folder_selector', [str('.')], ctx));
  const pkg = strip(await seed.call('folder_selector', [str('pkg3')], ctx));
  await Promise.all(seedLibs.map((l) => l.dispose()));

  const analyses = [
    { label: "folder_selector('.')", op: 'call', fn: 'folder_selector', args: [str('.')], n: 200 },
    { label: "glob_selector('**/*.py')", op: 'call', fn: 'glob_selector', args: [str('**/*.py')], n: 200 },
    {
      label: "no_files_matching(all, '**/*.bak')",
      op: 'check',
      fn: 'no_files_matching',
      args: [all, str('**/*.bak')],
      n: 200,
    },
    { label: 'file_count(all, 1)', op: 'check', fn: 'file_count', args: [all, int(1)], n: 500 },
    { label: 'max_size(pkg3, 20000)', op: 'check', fn: 'max_size', args: [pkg, int(20000)], n: 50 },
    { label: "not_contains_text(pkg3, 'TODO')", op: 'check', fn: 'not_contains_text', args: [pkg, str('TODO')], n: 50 },
  ];

  const rows = [];
  try {
    for (const a of analyses) {
      const results = {};
      for (const [name, load] of Object.entries(loaders)) {
        // Fresh instance per analysis: load, first call (walks the tree), then repeated calls.
        const t0 = performance.now();
        const libs = await load();
        const lib = pick(libs);
        const tLoad = performance.now() - t0;
        const invoke = () => (a.op === 'call' ? lib.call(a.fn, a.args, ctx) : lib.check(a.fn, a.args, ctx));
        const t1 = performance.now();
        const first = await invoke();
        const tFirst = performance.now() - t1;
        for (let i = 0; i < 5; i++) await invoke();
        const samples = [];
        for (let i = 0; i < a.n; i++) {
          const t = performance.now();
          await invoke();
          samples.push(performance.now() - t);
        }
        await Promise.all(libs.map((l) => l.dispose()));
        results[name] = comparable(first);
        const { median, p99 } = stats(samples);
        const same =
          name === 'built-in' ? '—' : isDeepStrictEqual(results[name], results['built-in']) ? 'yes' : '**NO**';
        rows.push([a.label, name, tLoad.toFixed(1), tFirst.toFixed(1), us(median), us(p99), a.n, same]);
        log(
          `${a.label} ${name}: load ${tLoad.toFixed(1)} ms, first ${tFirst.toFixed(1)} ms, median ` +
            `${us(median)} µs`,
        );
      }
    }
  } finally {
    tree.cleanup();
  }
  return {
    title,
    notes: [
      `Tree: generated, 40 packages × 30 files (${all.scope.paths.length} files after .gitignore; .py/.md/.txt, ` +
        '200 B – 40 KB). Each analysis gets a fresh library instance: *load* = create the library (for ' +
        'WebAssembly: ' +
        'read, validate, compile, start the worker, metadata), *first call* includes the gitignore-aware walk; the ' +
        'per-call figures are the repeated calls after 5 warm-ups, in microseconds.',
      'Both libraries keep the workspace walk for their lifetime. The built-in one also caches file texts per run; ' +
        'the WebAssembly one reads files through the host on every call (the host has no stat, so `max_size` reads ' +
        'each file to learn its size). Every WebAssembly call crosses a worker thread and JSON-encodes its scope ' +
        'arguments and results, which dominates when scopes are large.',
      'No AssemblyScript build of these analyses exists in the repository, so there is no AssemblyScript row (the ' +
        'AssemblyScript `conventions` example implements different checks).',
    ],
    columns: ['analysis', 'library', 'load (ms)', 'first call (ms)', 'median (µs)', 'p99 (µs)', 'n', 'same result'],
    rows,
  };
}

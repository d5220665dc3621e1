// Load time and per-call time of the library kinds, in one run: built-in (`files`), WebAssembly
// (AssemblyScript `conventions`, C `textstats`), external processes (Python `conventions`, Node
// `packagejson`). The WASM and Python `conventions` are the same library (a test checks they
// answer identically), so their ratio compares the transports on equal work.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const N_TRIVIAL = 3000;
const N_WORK = 300;
const LOADS = 5;

const s = (value) => ({ type: 'string', value });
const int = (value) => ({ type: 'int', value: BigInt(value) });

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p99: at(0.99) };
}

/** Per-call microseconds over n sequential calls, after a warm-up. */
async function timeCalls(fn, n) {
  // The same generous warm-up for every kind, so JIT tiering and the channel's adaptive spin settle first.
  for (let k = 0; k < Math.min(1000, n); k++) await fn();
  const out = [];
  for (let k = 0; k < n; k++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return stats(out);
}

/** Milliseconds from creating the library to the first answer, `LOADS` times (fresh each time). */
async function timeLoads(create, first) {
  const out = [];
  const created = [];
  const firstCalls = [];
  for (let k = 0; k < LOADS; k++) {
    const t = performance.now();
    const lib = await create();
    const t1 = performance.now();
    await first(lib);
    const t2 = performance.now();
    out.push(t2 - t);
    created.push(t1 - t);
    firstCalls.push(t2 - t1);
    await lib.dispose();
  }
  return {
    first: out[0],
    median: stats(out).median,
    createMedian: stats(created).median,
    firstCallMedian: stats(firstCalls).median,
  };
}

function makeWorkspace() {
  const ws = realpathSync(mkdtempSync(join(tmpdir(), 'hie-bench-lib-')));
  mkdirSync(join(ws, 'src'));
  const paths = [];
  for (let k = 0; k < 20; k++) {
    const p = join(ws, 'src', `module_${k}.py`);
    writeFileSync(
      p,
      `# SPDX-License-Identifier: MIT\n${'x = 1  # a line of typical length for source code\n'.repeat(200)}`,
    );
    paths.push(p);
  }
  writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'bench', license: 'MIT', scripts: { test: 'x' } }));
  return { ws, paths };
}

const us = (x) => x.toFixed(1);
const ms = (x) => x.toFixed(1);

export default async function run({ root, log }) {
  const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
  const { createWasmLibrary } = await import(dist('libraries/wasm/index.js'));
  const { createExternalLibrary } = await import(dist('libraries/external/index.js'));
  const builtinPath = join(root, 'dist', 'libraries', 'builtin', 'index.js');
  const { ws, paths } = makeWorkspace();
  const ctx = { workspace: ws };
  const scope20 = { type: 'scope', scope: { kind: { Folder: 'src' }, paths, resolved: true } };
  const pkgScope = {
    type: 'scope',
    scope: { kind: { File: 'package.json' }, paths: [join(ws, 'package.json')], resolved: true },
  };
  const rows = [];
  const notes = [];
  /** Load figures of the bare WASM library (for the summary). */
  let wasmLoad;
  const wasmCfg = (name, path) => ({
    type: 'wasm',
    name,
    path,
    capabilities: { file_read: true, file_write: false, network: false },
    maxMemoryMiB: 256,
    timeoutMs: 10_000,
    location: { file: join(root, 'hielements.toml') },
  });
  const extCfg = (name, executable, args) => ({
    type: 'external',
    name,
    executable,
    args,
    cwd: ws,
    env: {},
    timeoutMs: 30_000,
    maxInFlight: 1,
    location: { file: join(root, 'hielements.toml') },
  });

  const measure = async (label, kind, create, call, n) => {
    log(`libraries: ${label}`);
    const load = await timeLoads(create, (lib) => call(lib));
    const lib = await create();
    try {
      const t = await timeCalls(() => call(lib), n);
      return { label, kind, load, ...t };
    } finally {
      await lib.dispose();
    }
  };

  try {
    const results = {};
    if (existsSync(builtinPath)) {
      const { createBuiltinLibraries } = await import(pathToFileURL(builtinPath).href);
      results.builtin = await measure(
        'files.max_files(scope of 20, 100)',
        'built-in',
        async () => {
          const libs = createBuiltinLibraries({ workspace: ws });
          const files = libs.find((l) => l.name === 'files');
          return { call: files.check.bind(files), dispose: () => Promise.all(libs.map((l) => l.dispose())) };
        },
        (lib) => lib.call('max_files', [scope20, int(100)], ctx),
        N_TRIVIAL,
      );
    } else notes.push('dist/libraries/builtin/index.js is missing: the built-in row is left out.');

    const convWasm = join(root, 'examples', 'wasm', 'conventions', 'build', 'conventions.wasm');
    const textstats = join(root, 'examples', 'wasm', 'c-textstats', 'build', 'textstats.wasm');
    const python = join(root, 'examples', 'plugins', 'python', 'conventions_plugin.py');
    const nodePlugin = join(root, 'examples', 'plugins', 'node', 'packagejson_plugin.mjs');
    const mkWasm = (name, path) => () => createWasmLibrary(wasmCfg(name, path), { workspace: ws });
    const mkPy = () => Promise.resolve(createExternalLibrary(extCfg('conventions', 'python3', [python])));
    const mkNode = () => Promise.resolve(createExternalLibrary(extCfg('packagejson', process.execPath, [nodePlugin])));
    const trivial = (lib) => lib.check('file_count_check', [scope20, int(100)], ctx);
    const work = (lib) => lib.check('max_lines', [scope20, int(1000)], ctx);

    // The same call with a new scope object (same paths) each time: the host cannot reuse the
    // scope's JSON text, so this row shows the cost without that memo.
    const freshScope = (lib) =>
      lib.check(
        'file_count_check',
        [{ type: 'scope', scope: { kind: { Folder: 'src' }, paths: [...paths], resolved: true } }, int(100)],
        ctx,
      );
    // 20 paths never sent before on every call (prepared before timing): nothing can be reused on
    // either side, the cold cost of encoding and parsing a scope.
    const coldPool = Array.from({ length: N_TRIVIAL + 2 * 200 + LOADS + 2 }, (_, n) => ({
      type: 'scope',
      scope: {
        kind: { Folder: 'src' },
        paths: Array.from({ length: 20 }, (_, k) => join(ws, 'src', `cold_${n}_${k}.py`)),
        resolved: true,
      },
    }));
    let coldNext = 0;
    const coldScope = (lib) => lib.check('file_count_check', [coldPool[coldNext++ % coldPool.length], int(100)], ctx);
    // The bare cost of a call (no arguments): what "a WASM call vs an external call" means.
    const bare = (lib) => lib.check('always_pass', [], ctx);
    results.wasmBare = await measure(
      'conventions.always_pass()',
      'WASM (AssemblyScript)',
      mkWasm('conventions', convWasm),
      bare,
      N_TRIVIAL,
    );
    wasmLoad = results.wasmBare.load;
    results.pyBare = await measure('conventions.always_pass()', 'external (Python)', mkPy, bare, N_TRIVIAL);
    results.wasmTrivial = await measure(
      'conventions.file_count_check(scope of 20, 100)',
      'WASM (AssemblyScript)',
      mkWasm('conventions', convWasm),
      trivial,
      N_TRIVIAL,
    );
    results.wasmFresh = await measure(
      'conventions.file_count_check(new scope object of 20 each call, 100)',
      'WASM (AssemblyScript)',
      mkWasm('conventions', convWasm),
      freshScope,
      N_TRIVIAL,
    );
    results.wasmCold = await measure(
      'conventions.file_count_check(20 paths never sent before, 100)',
      'WASM (AssemblyScript)',
      mkWasm('conventions', convWasm),
      coldScope,
      N_TRIVIAL,
    );
    results.pyTrivial = await measure(
      'conventions.file_count_check(scope of 20, 100)',
      'external (Python)',
      mkPy,
      trivial,
      N_TRIVIAL,
    );
    results.node = await measure(
      "packagejson.license_is(1 package.json, 'MIT')",
      'external (Node)',
      mkNode,
      (lib) => lib.check('license_is', [pkgScope, s('MIT')], ctx),
      N_TRIVIAL,
    );
    results.wasmWork = await measure(
      'conventions.max_lines(scope of 20 files × 201 lines, 1000)',
      'WASM (AssemblyScript)',
      mkWasm('conventions', convWasm),
      work,
      N_WORK,
    );
    results.pyWork = await measure(
      'conventions.max_lines(scope of 20 files × 201 lines, 1000)',
      'external (Python)',
      mkPy,
      work,
      N_WORK,
    );
    if (existsSync(textstats))
      results.c = await measure(
        'textstats.max_line_length(scope of 20 files, 200)',
        'WASM (C)',
        mkWasm('textstats', textstats),
        (lib) => lib.check('max_line_length', [scope20, int(200)], ctx),
        N_WORK,
      );
    else notes.push('The C example was not built (clang/lld missing): its row is left out.');

    const ratio = (r, base) => (r && base ? `${(r.median / base.median).toFixed(1)}×` : '');
    const row = (r, vs) => [r.kind, r.label, ms(r.load.first), ms(r.load.median), us(r.median), us(r.p99), vs];
    if (results.builtin) rows.push(row(results.builtin, ''));
    rows.push(row(results.wasmBare, '1×'));
    rows.push(row(results.pyBare, ratio(results.pyBare, results.wasmBare)));
    rows.push(row(results.wasmTrivial, '1×'));
    rows.push(row(results.wasmFresh, ratio(results.wasmFresh, results.wasmTrivial)));
    rows.push(row(results.wasmCold, ratio(results.wasmCold, results.wasmTrivial)));
    rows.push(row(results.pyTrivial, ratio(results.pyTrivial, results.wasmTrivial)));
    rows.push(row(results.node, `${ratio(results.node, results.wasmTrivial)} (different function)`));
    rows.push(row(results.wasmWork, '1×'));
    rows.push(row(results.pyWork, ratio(results.pyWork, results.wasmWork)));
    if (results.c) rows.push(row(results.c, ''));
    notes.unshift(
      'Load = create the library and get its first answer (WASM: read + validate + compile + worker start + ' +
        'metadata; external: spawn + first JSON-RPC round trip; built-in: create + first call). "first" is ' +
        'the first ' +
        'load in this process (WASM compiles the module; later loads hit the compiled-module cache); "median" is ' +
        `over ${LOADS} loads.`,
      `Per call = one \`check\` through the Library interface, sequential, median and p99 over ${N_TRIVIAL} calls ` +
        `(${N_WORK} for the rows reading 20 files), after a warm-up. The ratio column divides by the WASM ` +
        'row doing ' +
        'the same work.',
      'WASM calls cross to a worker thread over a SharedArrayBuffer channel: the worker spins for requests, the ' +
        'caller spins up to 0.1 ms for the answer (Atomics.waitAsync for libraries whose calls are ' +
        'slower); external ' +
        'calls are newline-delimited JSON-RPC over pipes. The host remembers the JSON of a scope object while its ' +
        'members are unchanged, and the AssemblyScript SDK remembers recent scopes by their bytes (and interns ' +
        'recent strings): the "new scope object" row shows a call without the host-side memo, the "never sent ' +
        'before" row a call where neither side can reuse anything.',
      `Machine load during this run: load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(
          ' / ',
        )} on ${cpus().length} cores. Thread hand-offs (WASM worker, external process) are very sensitive to load: on a busy machine both become scheduler-bound and the WASM advantage shrinks; compare runs made on an idle machine.`,
    );
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
  const summary = [];
  const wasm = wasmLoad;
  if (wasm) {
    summary.push([
      'WASM library load (read, validate, compile, worker, metadata), median',
      `${wasm.createMedian.toFixed(1)} ms`,
      '< 30 ms',
      wasm.createMedian < 30 ? 'yes' : 'no',
    ]);
    summary.push([
      'WASM first call right after the load, median',
      `${wasm.firstCallMedian.toFixed(2)} ms`,
      '< 1 ms',
      wasm.firstCallMedian < 1 ? 'yes' : 'no',
    ]);
  }
  return {
    title: 'Library kinds: load time and per-call time (built-in vs WASM vs external)',
    summary,
    notes,
    columns: [
      'kind',
      'call',
      'load first (ms)',
      'load median (ms)',
      'call median (µs)',
      'call p99 (µs)',
      'median ÷ WASM',
    ],
    rows,
  };
}

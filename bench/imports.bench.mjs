// Import graph of the machine's Python standard library through the python library's
// DependencyProvider (walk + read + parse + resolve), next to a plain recursive walk of the same
// tree measured in the same run, and the complete facts (calls included) on a fresh cache.
import { readdir } from 'node:fs/promises';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pythonStdlib } from './lib/workspaces.mjs';
import { Worker } from 'node:worker_threads';

const SKIP = new Set(['site-packages', '__pycache__']);

async function plainWalk(dir) {
  let n = 0;
  const visit = async (d) => {
    const entries = await readdir(d, { withFileTypes: true });
    const subs = [];
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) subs.push(visit(join(d, e.name)));
      } else if (e.isFile() && e.name.endsWith('.py')) n++;
    }
    await Promise.all(subs);
  };
  await visit(dir);
  return n;
}

const s = (v) => ({ type: 'string', value: v });
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
/** CPU time (ms) of each thread of this process, from /proc (Linux); empty elsewhere. */
function threadCpu() {
  const out = new Map();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const st = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out.set(tid, ((Number(f[11]) + Number(f[12])) * 1000) / 100);
    }
  } catch {
    /* not Linux */
  }
  return out;
}
/** CPU time of the whole process (all threads, workers included), in ms. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Wall time of parsing `files` with tree-sitter alone in `threads` worker threads (texts read
 * beforehand, largest first from a shared counter, trees freed, nothing extracted): the floor of
 * any analysis on these parsers here.
 */
async function parseOnly(root, files, threads) {
  const grammar = join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm');
  const texts = files.map((f) => readFileSync(f, 'utf8')).sort((a, b) => b.length - a.length);
  const next = new SharedArrayBuffer(4);
  const workers = Array.from(
    { length: threads },
    () => new Worker(join(root, 'bench/lib/parse-only-worker.mjs'), { workerData: { texts, grammar, next } }),
  );
  try {
    await Promise.all(
      workers.map((w) => new Promise((resolve, reject) => w.once('message', resolve).once('error', reject))),
    );
    const t0 = performance.now();
    const c0 = cpu();
    const each = await Promise.all(
      workers.map(
        (w) => new Promise((resolve, reject) => w.once('message', resolve).once('error', reject).postMessage('go')),
      ),
    );
    return { wall: performance.now() - t0, cpu: cpu() - c0, each };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * The import-graph analysis on fresh built-in libraries with a persistent facts cache in
 * `cacheDir`: analysis time (walk + facts + resolution) and the time to save the cache afterwards.
 */
async function analysisWithCache(createBuiltinLibraries, options, cacheDir) {
  let line = '';
  const libs = createBuiltinLibraries({ ...options, factsCache: cacheDir, trace: (l) => (line = l) });
  const files = libs.find((l) => l.name === 'files');
  const py = libs.find((l) => l.name === 'python');
  const ctx = { workspace: options.workspace };
  const c0 = cpu();
  const t0 = performance.now();
  const all = (await files.call('glob_selector', [s('**/*.py')], ctx)).scope.paths;
  const edges = await py.dependencies(all, ctx);
  const t1 = performance.now();
  const c1 = cpu();
  await Promise.all(libs.map((l) => l.dispose()));
  return { files: all.length, edges: edges.length, wall: t1 - t0, cpu: c1 - c0, save: performance.now() - t1, line };
}

export default async function run({ root, log }) {
  const stdlib = pythonStdlib();
  if (stdlib === undefined) {
    return {
      title: 'Python import graph',
      notes: ['python3 not found: benchmark skipped.'],
      columns: ['step'],
      rows: [],
    };
  }
  const { createBuiltinLibraries } = await import(pathToFileURL(join(root, 'dist/libraries/builtin/index.js')).href);

  const c0 = cpu();
  const t0 = performance.now();
  const walked = await plainWalk(stdlib);
  const walkMs = performance.now() - t0;
  const walkCpu = cpu() - c0;
  log(`plain walk: ${walked} .py files in ${walkMs.toFixed(0)} ms`);

  // site-packages holds installed third-party code, not the standard library
  const options = { workspace: stdlib, ignore: ['**/site-packages/**', '**/__pycache__/**'] };
  const libs = createBuiltinLibraries(options);
  const files = libs.find((l) => l.name === 'files');
  const py = libs.find((l) => l.name === 'python');
  const ctx = { workspace: stdlib };
  try {
    const th1 = threadCpu();
    const c1 = cpu();
    const t1 = performance.now();
    const all = (await files.call('glob_selector', [s('**/*.py')], ctx)).scope.paths;
    const tWalk = performance.now();
    const cWalk = cpu();
    const edges = await py.dependencies(all, ctx);
    const t2 = performance.now();
    const c2 = cpu();
    const th2 = threadCpu();
    const resolved = edges.filter((e) => e.to).length;
    log(`analysis: ${all.length} files, ${edges.length} edges in ${(t2 - t1).toFixed(0)} ms`);
    // per-thread CPU: the parsing workers are the threads that did more than a second of work
    const perThread = [...th2].map(([tid, ms]) => [tid, ms - (th1.get(tid) ?? 0)]);
    const mainMs = perThread.find(([tid]) => tid === String(process.pid))?.[1] ?? 0;
    const workerMs = perThread.filter(([tid, ms]) => tid !== String(process.pid) && ms > 1000).map(([, ms]) => ms);
    const otherMs = perThread
      .filter(([tid, ms]) => tid !== String(process.pid) && ms <= 1000)
      .reduce((a, [, ms]) => a + ms, 0);
    // a second question on the same run is answered from the cache (nothing is parsed again)
    const t3 = performance.now();
    const email = await py.call('package_selector', [s('email')], ctx);
    const cyc = await py.check('no_circular_dependencies', [email], ctx);
    const t4 = performance.now();
    // a calls check needs the calls, which the graph did not extract: the package is parsed again
    const calls = await py.check('calls', [email, s('isinstance')], ctx);
    const t5 = performance.now();
    const total = t2 - t1;

    // complete facts (calls included) of every file on a fresh cache: what a run whose first
    // question is a calls check over the whole tree pays
    let fullRow;
    const { WorkspaceCache } = await import(pathToFileURL(join(root, 'dist/libraries/builtin/cache.js')).href);
    const cache = new WorkspaceCache(stdlib, options.ignore);
    try {
      const c5 = cpu();
      const t6 = performance.now();
      const pyFiles = (await cache.files()).filter((f) => f.endsWith('.py'));
      await cache.factsMany(pyFiles, 'python', { calls: true });
      const t7 = performance.now();
      fullRow = [
        'complete facts of every file, calls included (walk + read + parse + full walk), fresh cache',
        pyFiles.length,
        fmt(t7 - t6),
        fmt(cpu() - c5),
        Math.round(pyFiles.length / ((t7 - t6) / 1000)),
        `${((t7 - t6) / walkMs).toFixed(1)}×`,
      ];
    } finally {
      await cache.dispose();
    }
    // the floor: tree-sitter alone, as many threads as the analysis uses
    const threads = Math.max(1, Math.min(4, availableParallelism()));
    const floor = await parseOnly(root, all, threads);
    log(
      `parse only: ${(floor.wall / 1000).toFixed(2)} s wall ` +
        `(${floor.each.map((ms) => (ms / 1000).toFixed(2)).join(' / ')} s per thread)`,
    );

    // the persistent facts cache (what `hielements run` uses by default): cold, warm, fresh checkout
    const cacheDir = mkdtempSync(join(tmpdir(), 'hie-bench-cache-'));
    let cacheRows;
    let cacheNote;
    try {
      const cold = await analysisWithCache(createBuiltinLibraries, options, cacheDir);
      const storeFile = readdirSync(cacheDir).find((f) => f.startsWith('facts'));
      const storeBytes = statSync(join(cacheDir, storeFile)).size;
      const warm = await analysisWithCache(createBuiltinLibraries, options, cacheDir);
      // a fresh checkout: same contents, new modification times (stored times are rewritten)
      const doc = JSON.parse(readFileSync(join(cacheDir, storeFile), 'utf8'));
      for (const entry of Object.values(doc.files)) entry[1] = 1;
      writeFileSync(join(cacheDir, storeFile), JSON.stringify(doc));
      const checkout = await analysisWithCache(createBuiltinLibraries, options, cacheDir);
      log(
        `facts cache: cold ${cold.wall.toFixed(0)} ms, warm ${warm.wall.toFixed(0)} ms, after checkout ` +
          `${checkout.wall.toFixed(0)} ms`,
      );
      const row = (label, r) => [
        label,
        r.files,
        fmt(r.wall),
        fmt(r.cpu),
        Math.round(r.files / (r.wall / 1000)),
        `${(r.wall / walkMs).toFixed(1)}×`,
      ];
      cacheRows = [
        row('same analysis, facts cache empty (parse + hash every file)', cold),
        row('same analysis, facts cache warm (files unchanged: stat only)', warm),
        row('same analysis after a fresh checkout (every file read and hashed, none parsed)', checkout),
      ];
      cacheNote =
        'Facts cache (`hielements run` default, `.hielements-cache/`): ' +
        `${(storeBytes / 2 ** 20).toFixed(1)} MiB for ${cold.files} files; saving it after the cold run took ` +
        `${(cold.save / 1000).toFixed(2)} s (after the report). Verbose lines: cold ` +
        `"${cold.line.replace(/^.*?: /, '')}", warm "${warm.line.replace(/^.*?: /, '')}", checkout ` +
        `"${checkout.line.replace(/^.*?: /, '')}". Same edges every time: ` +
        `${cold.edges === edges.length && warm.edges === edges.length && checkout.edges === edges.length ? 'yes' : 'NO'}.`;
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }

    return {
      title: 'Python import graph (python library DependencyProvider) vs plain walk',
      summary: [
        [
          'Python stdlib import graph, cold (no facts cache; outlines scanned, see the scanner table)',
          `${fmt(total)} (parse floor ${fmt(floor.wall)})`,
          '< 1.5 s',
          total < 1500 ? 'yes' : 'no',
        ],
      ],
      notes: [
        `Tree: the Python standard library of this machine (\`${stdlib}\`, site-packages excluded). ` +
          `${availableParallelism()} cores. The import graph needs outlines only: the Python scanner reads them in ` +
          'the calling thread and tree-sitter parses the few files it is unsure of (bench/scanners.bench.mjs ' +
          'compares both). The complete facts (calls) and the parse floor below are tree-sitter in ' +
          `${Math.max(1, Math.min(4, availableParallelism()))} worker threads pulling files from a shared queue.`,
        'Analysis = gitignore-aware walk + read + tree-sitter parse + import/definition facts + module resolution ' +
          `of every file. Target: under 3 s. ${edges.length} import edges, ${resolved} resolved to a file ` +
          'of the tree.',
        workerMs.length > 0
          ? `CPU time per thread during the analysis: parsing workers ${workerMs.map(fmt).join(' and ')}, main ` +
            `thread ${fmt(mainMs)}, V8 helper threads (wasm compilation, GC) ${fmt(otherMs)}. On an otherwise ` +
            "idle machine the wall time is about the busiest worker's CPU time: imports are resolved on the " +
            "main thread as each file's facts arrive."
          : `CPU time counts every thread of the process (parsing workers included).`,
        `Load average when the analysis finished: ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' / ')} (1/5/15 min) — other processes on the machine slow every row alike.`,
        "Parse floor: tree-sitter alone (web-tree-sitter + the grammar's own .wasm) parsing the same files in " +
          `${threads} threads, texts read beforehand, nothing extracted, takes ${fmt(floor.wall)} wall ` +
          `(${floor.each.map(fmt).join(' / ')} per thread, largest files first from a shared counter like the ` +
          `analysis; ${fmt(floor.cpu)} CPU). No analysis that parses every file with these parsers can be ` +
          'faster on ' +
          `this machine; the full analysis spends ${fmt(total - floor.wall)} more.`,
        cacheNote,
        "Follow-ups on the same cache: `no_circular_dependencies(package_selector('email'))` " +
          `${(t4 - t3).toFixed(0)} ms (${cyc.status}, no parsing); \`calls(email, 'isinstance')\` ` +
          `${(t5 - t4).toFixed(0)} ms (${calls.status}; the package's ${email.scope.paths.length} files are parsed ` +
          'again, since the graph did not extract calls).',
      ],
      columns: ['step', 'files', 'wall time', 'CPU time', 'files/s (wall)', 'wall ratio to plain walk'],
      rows: [
        [
          'plain recursive walk (count .py)',
          walked,
          fmt(walkMs),
          fmt(walkCpu),
          Math.round(walked / (walkMs / 1000)),
          '1×',
        ],
        [
          'walk through the cache (glob_selector)',
          all.length,
          fmt(tWalk - t1),
          fmt(cWalk - c1),
          Math.round(all.length / ((tWalk - t1) / 1000)),
          `${((tWalk - t1) / walkMs).toFixed(1)}×`,
        ],
        [
          'full import graph analysis (walk + read + parse + resolve)',
          all.length,
          fmt(total),
          fmt(c2 - c1),
          Math.round(all.length / (total / 1000)),
          `${(total / walkMs).toFixed(1)}×`,
        ],
        fullRow,
        [
          'tree-sitter parse only, texts preloaded (the floor)',
          all.length,
          fmt(floor.wall),
          fmt(floor.cpu),
          Math.round(all.length / (floor.wall / 1000)),
          `${(floor.wall / walkMs).toFixed(1)}×`,
        ],
        ...cacheRows,
      ],
    };
  } finally {
    await Promise.all(libs.map((l) => l.dispose()));
  }
}

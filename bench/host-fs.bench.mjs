// Per-call time of the WebAssembly file host functions, through a real module (the probe fixture,
// test/fixtures/wasm/probe): `read_file` of a 10 KB file two and five folders deep, and
// `list_directory` of a folder of 20 files.
//
// "Before" is measured from an earlier build of hielements in the same process, alternating with
// "after": set HIE_BENCH_BASELINE_DIST to the `dist/` of that build (e.g. a `git worktree` of the
// commit before src/confine, built with `npx tsc -p tsconfig.json`). Without it the "before"
// column is left empty.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const N = 3000;
const ROUNDS = 3;

const s = (value) => ({ type: 'string', value });

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median per-call microseconds over n calls, after a warm-up of the same size. */
async function perCall(fn, n) {
  for (let k = 0; k < n; k++) await fn();
  const out = [];
  for (let k = 0; k < n; k++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return median(out);
}

export default async function run({ root, log }) {
  const probe = join(root, 'test', 'fixtures', 'wasm', 'build', 'probe.wasm');
  const title = 'WASM host file calls: before and after descriptor-relative confinement';
  if (!existsSync(probe))
    return {
      title,
      notes: [`${probe} is missing (run node scripts/build-fixtures.mjs)`],
      columns: ['call'],
      rows: [],
    };
  const ws = realpathSync(mkdtempSync(join(tmpdir(), 'hie-bench-hostfs-')));
  mkdirSync(join(ws, 'src'));
  mkdirSync(join(ws, 'a', 'b', 'c', 'd'), { recursive: true });
  const body = 'x = 1  # a line of typical length for source code\n'.repeat(200);
  for (let k = 0; k < 20; k++) writeFileSync(join(ws, 'src', `module_${k}.py`), body);
  writeFileSync(join(ws, 'a', 'b', 'c', 'd', 'deep.py'), body);
  const cfg = {
    type: 'wasm',
    name: 'probe',
    path: probe,
    capabilities: { file_read: true, file_write: false, network: false },
    maxMemoryMiB: 256,
    timeoutMs: 10_000,
    location: { file: join(root, 'hielements.toml') },
  };
  const builds = [['after', join(root, 'dist')]];
  const baseline = process.env.HIE_BENCH_BASELINE_DIST;
  if (baseline && existsSync(join(baseline, 'libraries', 'wasm', 'index.js'))) builds.unshift(['before', baseline]);
  const libs = {};
  for (const [name, dist] of builds) {
    const { createWasmLibrary } = await import(pathToFileURL(join(dist, 'libraries', 'wasm', 'index.js')).href);
    libs[name] = await createWasmLibrary(cfg, { workspace: ws });
  }
  const ctx = { workspace: ws };
  const calls = [
    ["read_file('src/module_0.py') (10 KB, 1 folder)", (lib) => lib.call('read', [s('src/module_0.py')], ctx)],
    ["read_file('a/b/c/d/deep.py') (10 KB, 4 folders)", (lib) => lib.call('read', [s('a/b/c/d/deep.py')], ctx)],
    ["list_directory('src') (20 entries)", (lib) => lib.call('list', [s('src')], ctx)],
    ["file_exists('src/module_0.py')", (lib) => lib.call('exists', [s('src/module_0.py')], ctx)],
  ];
  const rows = [];
  try {
    for (const [label, fn] of calls) {
      log(`host-fs: ${label}`);
      const t = { before: [], after: [] };
      // alternate the builds, so load on the shared machine hits both alike
      for (let r = 0; r < ROUNDS; r++)
        for (const [name] of builds) t[name].push(await perCall(() => fn(libs[name]), N));
      const after = median(t.after);
      const before = t.before.length > 0 ? median(t.before) : undefined;
      rows.push([
        label,
        before === undefined ? '—' : before.toFixed(1),
        after.toFixed(1),
        before === undefined ? '—' : `${(after / before).toFixed(2)}×`,
      ]);
    }
  } finally {
    for (const lib of Object.values(libs)) await lib.dispose();
    rmSync(ws, { recursive: true, force: true });
  }
  const [l1, l5, l15] = loadavg().map((x) => x.toFixed(1));
  return {
    title,
    notes: [
      `Median µs per call through the probe module (${N} calls after as many for warm-up, median of ${ROUNDS} ` +
        `alternating rounds per build; load average ${l1}/${l5}/${l15}). "Before": realpath with a ` +
        'per-run cache of ' +
        'verified directories; "after": each component opened from the workspace root\'s descriptor ' +
        '(`/proc/self/fd/<fd>/<name>`, `O_NOFOLLOW`), nothing cached. The budget for "after" is 2× "before".',
      ...(builds.length === 1
        ? ['Set HIE_BENCH_BASELINE_DIST to the dist/ of the earlier build to fill the "before" column.']
        : []),
    ],
    columns: ['call', 'before (µs)', 'after (µs)', 'after / before'],
    rows,
  };
}

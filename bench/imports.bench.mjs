// Import graph of the machine's Python standard library through the python library's
// DependencyProvider (walk + read + parse + resolve), next to a plain recursive walk of the same
// tree measured in the same run.
import { execFileSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

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
/** CPU time of the whole process (all threads, workers included), in ms. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export default async function run({ root, log }) {
  let stdlib;
  try {
    stdlib = execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  } catch {
    return { title: 'Python import graph', notes: ['python3 not found: benchmark skipped.'], columns: ['step'], rows: [] };
  }
  const { createBuiltinLibraries } = await import(pathToFileURL(join(root, 'dist/libraries/builtin/index.js')).href);

  const c0 = cpu();
  const t0 = performance.now();
  const walked = await plainWalk(stdlib);
  const walkMs = performance.now() - t0;
  const walkCpu = cpu() - c0;
  log(`plain walk: ${walked} .py files in ${walkMs.toFixed(0)} ms`);

  // site-packages holds installed third-party code, not the standard library
  const libs = createBuiltinLibraries({ workspace: stdlib, ignore: ['**/site-packages/**', '**/__pycache__/**'] });
  const files = libs.find((l) => l.name === 'files');
  const py = libs.find((l) => l.name === 'python');
  const ctx = { workspace: stdlib };
  try {
    const c1 = cpu();
    const t1 = performance.now();
    const all = (await files.call('glob_selector', [s('**/*.py')], ctx)).scope.paths;
    const tWalk = performance.now();
    const cWalk = cpu();
    const edges = await py.dependencies(all, ctx);
    const t2 = performance.now();
    const c2 = cpu();
    const resolved = edges.filter((e) => e.to).length;
    log(`analysis: ${all.length} files, ${edges.length} edges in ${(t2 - t1).toFixed(0)} ms`);
    // a second question on the same run is answered from the cache (no file is parsed twice)
    const t3 = performance.now();
    const cyc = await py.check('no_circular_dependencies', [await py.call('package_selector', [s('email')], ctx)], ctx);
    const t4 = performance.now();
    const total = t2 - t1;
    const cores = availableParallelism();
    const workers = Math.max(1, Math.min(4, cores));
    return {
      title: 'Python import graph (python library DependencyProvider) vs plain walk',
      notes: [
        `Tree: the Python standard library of this machine (\`${stdlib}\`, site-packages excluded). ${availableParallelism()} cores; parsing runs in worker threads.`,
        `Analysis = gitignore-aware walk + read + tree-sitter parse + fact extraction + module resolution of every file. Target: under 3 s. ${edges.length} import edges, ${resolved} resolved to a file of the tree.`,
        `CPU time counts every thread of the process (parsing workers included). On an otherwise idle machine the analysis takes about CPU time ÷ ${Math.min(cores, workers)} (${fmt((c2 - c1) / Math.min(cores, workers))} here); the wall time below also contains waiting for other processes.`,
        `Load average when the analysis finished: ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) — other processes on the machine slow every row alike.`,
        `A follow-up \`no_circular_dependencies(package_selector('email'))\` on the same cache took ${(t4 - t3).toFixed(0)} ms (${cyc.status}).`,
      ],
      columns: ['step', 'files', 'wall time', 'CPU time', 'files/s (wall)', 'wall ratio to plain walk'],
      rows: [
        ['plain recursive walk (count .py)', walked, fmt(walkMs), fmt(walkCpu), Math.round(walked / (walkMs / 1000)), '1×'],
        ['walk through the cache (glob_selector)', all.length, fmt(tWalk - t1), fmt(cWalk - c1), Math.round(all.length / ((tWalk - t1) / 1000)), `${((tWalk - t1) / walkMs).toFixed(1)}×`],
        ['full import graph analysis (walk + read + parse + resolve)', all.length, fmt(total), fmt(c2 - c1), Math.round(all.length / (total / 1000)), `${(total / walkMs).toFixed(1)}×`],
      ],
    };
  } finally {
    await Promise.all(libs.map((l) => l.dispose()));
  }
}

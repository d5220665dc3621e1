// Cold import graph of the machine's Python standard library with the outline scanner (the
// default) and without it (HIELEMENTS_SCANNER=off: every file parsed by tree-sitter), in
// alternating rounds of the same process; the edges must be the same.
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pythonStdlib } from './lib/workspaces.mjs';

const ROUNDS = 3;
const s = (v) => ({ type: 'string', value: v });
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export default async function run({ root, log }) {
  const stdlib = pythonStdlib();
  if (stdlib === undefined) {
    return {
      title: 'Python outline scanner',
      notes: ['python3 not found: benchmark skipped.'],
      columns: ['step'],
      rows: [],
    };
  }
  const { createBuiltinLibraries } = await import(pathToFileURL(join(root, 'dist/libraries/builtin/index.js')).href);
  const options = { workspace: stdlib, ignore: ['**/site-packages/**', '**/__pycache__/**'] };
  const saved = process.env.HIELEMENTS_SCANNER;

  /** One cold import graph (fresh libraries, no facts cache): walk + read + facts + resolution. */
  async function graph(scanner) {
    if (scanner) delete process.env.HIELEMENTS_SCANNER;
    else process.env.HIELEMENTS_SCANNER = 'off';
    const libs = createBuiltinLibraries(options);
    try {
      const files = libs.find((l) => l.name === 'files');
      const py = libs.find((l) => l.name === 'python');
      const ctx = { workspace: stdlib };
      const c0 = cpu();
      const t0 = performance.now();
      const all = (await files.call('glob_selector', [s('**/*.py')], ctx)).scope.paths;
      const edges = await py.dependencies(all, ctx);
      const wall = performance.now() - t0;
      return { files: all.length, edges, wall, cpu: cpu() - c0 };
    } finally {
      await Promise.all(libs.map((l) => l.dispose()));
      if (saved === undefined) delete process.env.HIELEMENTS_SCANNER;
      else process.env.HIELEMENTS_SCANNER = saved;
    }
  }

  // the whole edge: file, target, specifier, position, type-only
  const key = (e) => JSON.stringify(e);
  const runs = { scanner: [], tree: [] };
  let same = true;
  let reference;
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of r % 2 === 0 ? ['tree', 'scanner'] : ['scanner', 'tree']) {
      const g = await graph(mode === 'scanner');
      log(`${mode}: ${g.files} files, ${g.edges.length} edges in ${g.wall.toFixed(0)} ms`);
      const keys = g.edges.map(key).sort().join('\n');
      reference ??= keys;
      if (keys !== reference) same = false;
      runs[mode].push(g);
    }
  }
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  const wall = (mode) => median(runs[mode].map((g) => g.wall));
  const cpuOf = (mode) => median(runs[mode].map((g) => g.cpu));
  const scan = wall('scanner');
  const tree = wall('tree');
  const files = runs.scanner[0].files;
  const edges = runs.scanner[0].edges.length;
  return {
    title: 'Python outline scanner vs tree-sitter: cold standard-library import graph',
    summary: [
      [
        'Python stdlib import graph, cold, outline scanner (same edges as tree-sitter)',
        `${fmt(scan)} (tree-sitter ${fmt(tree)}, ${(tree / scan).toFixed(1)}× faster; same edges: ${same ? 'yes' : 'NO'})`,
        '< 1.5 s',
        scan < 1500 && same ? 'yes' : 'no',
      ],
    ],
    notes: [
      `Tree: \`${stdlib}\` (site-packages excluded), ${files} files, ${edges} import edges. Each round builds fresh built-in libraries without a facts cache and times \`glob_selector('**/*.py')\` + \`python.dependencies\` (walk, read, facts, module resolution); ${ROUNDS} rounds per path, alternating, medians. ${availableParallelism()} cores; parse workers as the run uses them.`,
      'The tree-sitter path is the same code with `HIELEMENTS_SCANNER=off`: every outline parsed by tree-sitter. ' +
        'The scanner path parses only the files the scanner is unsure of.',
      `Same edges (every field: file, target, specifier, line, column, type-only) in every round: ${same ? 'yes' : 'NO'}. Load average at the end: ${load} (1/5/15 min).`,
    ],
    columns: ['path', 'files', 'edges', 'wall time (median)', 'CPU time (median)', 'ratio to tree-sitter'],
    rows: [
      ['tree-sitter outline (HIELEMENTS_SCANNER=off)', files, edges, fmt(tree), fmt(cpuOf('tree')), '1×'],
      ['outline scanner (default)', files, edges, fmt(scan), fmt(cpuOf('scanner')), `${(scan / tree).toFixed(2)}×`],
    ],
  };
}

// hielements vs dependency-cruiser on the same real npm package (lodash-es: 600+ ES modules, the
// devDependency is installed for this benchmark only): the full module graph, a cycle check and
// one layering rule ("`_*.js` helpers never import the public modules"), cold and with each
// tool's cache. Same verdicts are required; the module graphs are compared edge by edge.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROUNDS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const SPEC = `import files
import javascript

element lodash {
    scope all = javascript.package_selector('.')
    scope helpers = files.glob_selector('_*.js')
    scope public = files.glob_selector('[^_]*.js')
    check javascript.no_circular_dependencies(all)
    check javascript.no_dependency(helpers, public)
}
`;

const CRUISER_CONFIG = `module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'helpers-not-public', severity: 'error', from: { path: '^_[^/]*[.]js$' }, to: { path: '^[^_/][^/]*[.]js$' } },
  ],
  options: { doNotFollow: { path: 'node_modules' }, exclude: { path: '^[.]' } },
};
`;

/** Runs `node ...args`; dependency-cruiser exits with its number of violations, hence `anyStatus`. */
function node(args, cwd, anyStatus = false) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
    maxBuffer: 1 << 28,
  });
  const wall = performance.now() - t0;
  if (r.status === null || (!anyStatus && r.status > 1))
    throw new Error(`${args.join(' ')} exited with ${r.status}:\n${(r.stderr ?? '').slice(-2000)}`);
  return { wall, stdout: r.stdout };
}

export default async function run({ root, log }) {
  const pkgDir = join(root, 'node_modules', 'lodash-es');
  const cruiserDir = join(root, 'node_modules', 'dependency-cruiser');
  const cruiser = join(cruiserDir, 'bin', 'dependency-cruise.mjs');
  if (!existsSync(join(pkgDir, 'package.json')) || !existsSync(cruiser))
    return {
      title: 'hielements vs dependency-cruiser',
      notes: ['lodash-es or dependency-cruiser is not installed (`npm ci` installs both): benchmark skipped.'],
      columns: ['step'],
      rows: [],
    };
  const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  const ws = realpathSync(mkdtempSync(join(tmpdir(), 'hie-bench-cruise-')));
  try {
    const files = readdirSync(pkgDir).filter((f) => f.endsWith('.js'));
    for (const f of [...files, 'package.json']) copyFileSync(join(pkgDir, f), join(ws, f));
    writeFileSync(join(ws, 'spec.hie'), SPEC);
    writeFileSync(join(ws, 'hielements.toml'), '');
    writeFileSync(join(ws, '.dependency-cruiser.cjs'), CRUISER_CONFIG);
    const cruiseCache = join(ws, '.cruise-cache');
    mkdirSync(cruiseCache);
    const cli = join(root, 'bin', 'hielements.js');
    const ours = { cold: [cli, 'run', 'spec.hie', '--no-cache'], cached: [cli, 'run', 'spec.hie'] };
    const theirs = {
      cold: [cruiser, '--config', '.dependency-cruiser.cjs', '--output-type', 'err', '.'],
      cached: [
        cruiser,
        '--config',
        '.dependency-cruiser.cjs',
        '--output-type',
        'err',
        '--cache',
        cruiseCache,
        '--cache-strategy',
        'content',
        '.',
      ],
    };
    // verdicts and graphs (these runs also fill both caches)
    log('depcruise: verdicts');
    const ourReport = JSON.parse(node([...ours.cached, '--format', 'json'], ws).stdout);
    const theirReport = JSON.parse(
      node(
        [
          cruiser,
          '--config',
          '.dependency-cruiser.cjs',
          '--output-type',
          'json',
          '--cache',
          cruiseCache,
          '--cache-strategy',
          'content',
          '.',
        ],
        ws,
        true,
      ).stdout,
    );
    node(theirs.cached, ws, true);

    const ourCheck = (fn) => ourReport.results.find((r) => r.function === fn);
    const ourCycles = ourCheck('no_circular_dependencies');
    const ourLayer = ourCheck('no_dependency');
    const ourPairs = new Set(ourLayer.locations.map((l) => `${l.file} → ${String(l.message).split(' → ').at(-1)}`));
    const theirViolations = theirReport.summary.violations;
    const theirCycles = theirViolations.filter((v) => v.rule.name === 'no-circular');
    const theirPairs = new Set(
      theirViolations.filter((v) => v.rule.name === 'helpers-not-public').map((v) => `${v.from} → ${v.to}`),
    );
    const sameCycles = (ourCycles.status === 'pass') === (theirCycles.length === 0);
    const sameLayer = ourPairs.size === theirPairs.size && [...ourPairs].every((p) => theirPairs.has(p));

    // the module graphs, edge by edge: ours from the javascript library, theirs from --output-type json
    const { createBuiltinLibraries } = await import(
      pathToFileURL(join(root, 'dist', 'libraries', 'builtin', 'index.js')).href
    );
    const libs = createBuiltinLibraries({ workspace: ws });
    const js = libs.find((l) => l.name === 'javascript');
    const ourEdges = new Set();
    for (const e of await js.dependencies(
      files.map((f) => join(ws, f)),
      { workspace: ws },
    ))
      if (e.to) ourEdges.add(`${relative(ws, e.from)} → ${relative(ws, e.to)}`);
    await Promise.all(libs.map((l) => l.dispose()));
    const theirEdges = new Set();
    for (const m of theirReport.modules)
      for (const d of m.dependencies)
        if (!d.coreModule && !d.couldNotResolve && existsSync(join(ws, d.resolved)))
          theirEdges.add(`${m.source} → ${d.resolved}`);
    const onlyOurs = [...ourEdges].filter((e) => !theirEdges.has(e));
    const onlyTheirs = [...theirEdges].filter((e) => !ourEdges.has(e));

    log(`depcruise: timing, ${ROUNDS} rounds`);
    const t = { oursCold: [], oursCached: [], theirsCold: [], theirsCached: [] };
    for (let k = 0; k < ROUNDS; k++) {
      t.oursCold.push(node(ours.cold, ws).wall);
      t.theirsCold.push(node(theirs.cold, ws, true).wall);
      t.oursCached.push(node(ours.cached, ws).wall);
      t.theirsCached.push(node(theirs.cached, ws, true).wall);
    }
    const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
    const verdict =
      `cycles: ${ourCycles.status} / ${theirCycles.length} cycle violations; layering: ` +
      `${ourPairs.size} / ${theirPairs.size} forbidden imports ` +
      `(${sameLayer ? 'the same pairs' : 'DIFFERENT pairs'})`;
    const rows = [
      ['cold (no cache)', m.oursCold.toFixed(0), m.theirsCold.toFixed(0), `${(m.theirsCold / m.oursCold).toFixed(1)}×`],
      [
        'with cache (second run, nothing changed)',
        m.oursCached.toFixed(0),
        m.theirsCached.toFixed(0),
        `${(m.theirsCached / m.oursCached).toFixed(1)}×`,
      ],
    ];
    const same = sameCycles && sameLayer && onlyOurs.length === 0 && onlyTheirs.length === 0;
    const summary = [
      [
        'vs dependency-cruiser (lodash-es), cold',
        `${(m.theirsCold / m.oursCold).toFixed(1)}× faster`,
        'faster, same verdicts and edges',
        same && m.oursCold < m.theirsCold ? 'yes' : 'no',
      ],
      [
        'vs dependency-cruiser (lodash-es), with caches',
        `${(m.theirsCached / m.oursCached).toFixed(1)}× faster`,
        'faster, same verdicts and edges',
        same && m.oursCached < m.theirsCached ? 'yes' : 'no',
      ],
    ];
    const show = (xs) =>
      xs.length === 0 ? 'none' : `${xs.length}: ${xs.slice(0, 5).join(', ')}${xs.length > 5 ? ', …' : ''}`;
    return {
      title: 'hielements vs dependency-cruiser (lodash-es)',
      notes: [
        `Corpus: the ${files.length} ES modules of lodash-es ${version(pkgDir)}, copied to a temporary folder. ` +
          `dependency-cruiser ${version(cruiserDir)}. Both build the whole module graph, check it for cycles and ` +
          'apply one layering rule (`_*.js` helpers never import a public module); whole processes, medians of ' +
          `${ROUNDS} alternating rounds. "With cache" = hielements' facts cache / dependency-cruiser's ` +
          '`--cache`, ' +
          'after a run that filled it.',
        `Verdicts (hielements / dependency-cruiser): ${verdict}. Same verdicts: ` +
          `${sameCycles && sameLayer ? 'yes' : 'NO'}.`,
        `Module graph: ${ourEdges.size} edges between files of the corpus (hielements) vs ${theirEdges.size} ` +
          `(dependency-cruiser). Only in hielements: ${show(onlyOurs)}. Only in dependency-cruiser: ` +
          `${show(onlyTheirs)}.`,
        `Machine load at the end: ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' / ')} on ${cpus().length} cores.`,
      ],
      columns: ['run', 'hielements (ms)', 'dependency-cruiser (ms)', 'dependency-cruiser ÷ hielements'],
      rows,
      summary,
    };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

// Cold import graph of real TypeScript / JavaScript packages with the outline scanner (the
// default) and with tree-sitter alone (`HIELEMENTS_SCANNER=off`): whole processes, no facts cache,
// alternating rounds; the edges of both must be the same.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const ROUNDS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The child: builds the package's import graph in-process, prints its time and edges. */
const CHILD = `
const [dist, dir] = process.argv.slice(1);
const { createBuiltinLibraries } = await import(dist);
const { readdirSync } = await import('node:fs');
const { join } = await import('node:path');
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules') walk(p); }
    else if (/\\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(e.name)) files.push(p);
  }
};
const t0 = performance.now();
walk(dir);
const libs = createBuiltinLibraries({ workspace: dir, cache: false });
const lib = libs.find((l) => l.name === 'typescript');
const edges = await lib.dependencies(files, { workspace: dir });
const ms = performance.now() - t0;
await Promise.all(libs.map((l) => l.dispose()));
const keys = edges.map((e) => [e.from, e.line, e.column, e.specifier, e.to ?? '', e.typeOnly ? 't' : ''].join('\\t')).sort();
process.stdout.write(JSON.stringify({ ms, files: files.length, edges: keys }));
`;

function child(root, dir, scanner) {
  const dist = join(root, 'dist', 'libraries', 'builtin', 'index.js');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, dist, dir], {
    encoding: 'utf8',
    env: { ...process.env, HIELEMENTS_SCANNER: scanner ? 'on' : 'off' },
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`import graph of ${dir} failed:\n${(r.stderr ?? '').slice(-2000)}`);
  return JSON.parse(r.stdout);
}

export default async function run({ root, log }) {
  const corpora = [
    ['lodash-es (JavaScript)', join(root, 'node_modules', 'lodash-es')],
    ['zod sources (TypeScript)', join(root, 'node_modules', 'zod', 'src')],
  ].filter(([, d]) => existsSync(d) && readdirSync(d).length > 0);
  const rows = [];
  const summary = [];
  for (const [name, dir] of corpora) {
    log(`ts-scanner: ${name}, ${ROUNDS} rounds`);
    const on = [];
    const off = [];
    let same = true;
    let files = 0;
    let edges = 0;
    for (let k = 0; k < ROUNDS; k++) {
      const a = child(root, dir, true);
      const b = child(root, dir, false);
      on.push(a.ms);
      off.push(b.ms);
      files = a.files;
      edges = a.edges.length;
      same &&= a.edges.length === b.edges.length && a.edges.every((e, i) => e === b.edges[i]);
    }
    const ratio = median(off) / median(on);
    const version = (() => {
      try {
        const pkg = dir.endsWith('src') ? join(dir, '..') : dir;
        return JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
      } catch {
        return '?';
      }
    })();
    rows.push([
      `${name} ${version}`,
      files,
      edges,
      median(on).toFixed(0),
      median(off).toFixed(0),
      `${ratio.toFixed(1)}×`,
      same ? 'yes' : 'NO',
    ]);
    summary.push([
      `TS/JS import graph cold, scanner vs tree-sitter (${name})`,
      `${ratio.toFixed(1)}× faster`,
      'faster, same edges',
      same && ratio > 1 ? 'yes' : 'no',
    ]);
  }
  return {
    title: 'TypeScript / JavaScript outline scanner: cold import graph',
    notes: [
      'Whole import graph (walk, read, outline facts, module resolution) of each package folder, in a ' +
        'child process without a facts cache: with the outline scanner (tree-sitter only where it is unsure) and ' +
        `with \`HIELEMENTS_SCANNER=off\` (tree-sitter for every file). Medians of ${ROUNDS} alternating rounds, ` +
        `in-process time (Node's start-up excluded). Load average at the end: ${loadavg()
          .map((x) => x.toFixed(2))
          .join(', ')}.`,
    ],
    columns: ['corpus', 'files', 'edges', 'scanner (ms)', 'tree-sitter (ms)', 'ratio', 'same edges'],
    rows,
    summary,
  };
}

// Module graph of a large crate from the Debian Rust registry, cold (fresh libraries, no facts
// cache): outline facts from the Rust scanner versus from tree-sitter (HIELEMENTS_SCANNER=off),
// same edges required. Each way runs once, tree-sitter first.
import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const REGISTRY = '/usr/share/cargo/registry';
/** The crate measured: the largest of these that is installed. */
const CRATES = ['tokio-', 'syn-', 'regex-syntax-'];

const s = (v) => ({ type: 'string', value: v });
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function graph(createBuiltinLibraries, workspace, scanner) {
  const before = process.env.HIELEMENTS_SCANNER;
  if (scanner) delete process.env.HIELEMENTS_SCANNER;
  else process.env.HIELEMENTS_SCANNER = 'off';
  const libs = createBuiltinLibraries({ workspace });
  const files = libs.find((l) => l.name === 'files');
  const rust = libs.find((l) => l.name === 'rust');
  const ctx = { workspace };
  try {
    const c0 = cpu();
    const t0 = performance.now();
    const all = (await files.call('glob_selector', [s('**/*.rs')], ctx)).scope.paths;
    const edges = await rust.dependencies(all, ctx);
    const wall = performance.now() - t0;
    const key = edges.map((e) => `${e.from}:${e.line}:${e.column} ${e.specifier} -> ${e.to ?? ''}`).sort();
    return {
      files: all.length,
      edges: edges.length,
      resolved: edges.filter((e) => e.to).length,
      wall,
      cpu: cpu() - c0,
      key,
    };
  } finally {
    await Promise.all(libs.map((l) => l.dispose()));
    if (before === undefined) delete process.env.HIELEMENTS_SCANNER;
    else process.env.HIELEMENTS_SCANNER = before;
  }
}

export default async function run({ root, log }) {
  const title = 'Rust module graph: scanner versus tree-sitter';
  const installed = existsSync(REGISTRY) ? readdirSync(REGISTRY) : [];
  const name = CRATES.map((p) => installed.find((d) => d.startsWith(p))).find(Boolean);
  if (!name)
    return {
      title,
      notes: [`no crate of ${CRATES.join(', ')} in ${REGISTRY}: benchmark skipped.`],
      columns: ['step'],
      rows: [],
    };
  const workspace = join(REGISTRY, name);
  const { createBuiltinLibraries } = await import(pathToFileURL(join(root, 'dist/libraries/builtin/index.js')).href);
  const load = loadavg()[0].toFixed(1);
  const tree = await graph(createBuiltinLibraries, workspace, false);
  log(`tree-sitter: ${tree.files} files, ${tree.edges} edges in ${tree.wall.toFixed(0)} ms`);
  const scan = await graph(createBuiltinLibraries, workspace, true);
  log(`scanner: ${scan.files} files, ${scan.edges} edges in ${scan.wall.toFixed(0)} ms`);
  const same = tree.key.length === scan.key.length && tree.key.every((k, i) => k === scan.key[i]);
  const ratio = tree.wall / scan.wall;
  return {
    title,
    notes: [
      `\`${name}\` (${tree.files} .rs files), the rust library's module graph (walk + read + facts + module tree + resolution) on fresh libraries without a facts cache; load average ${load} at the start.`,
      `Same edges (${tree.edges}, ${tree.resolved} resolved to a file): ${same ? 'yes' : 'NO'}.`,
    ],
    columns: ['outline facts from', 'files', 'edges', 'wall', 'CPU (all threads)', 'vs tree-sitter'],
    rows: [
      ['tree-sitter (`HIELEMENTS_SCANNER=off`)', tree.files, tree.edges, fmt(tree.wall), fmt(tree.cpu), '1.0×'],
      [
        'Rust scanner (tree-sitter for the files it is unsure of)',
        scan.files,
        scan.edges,
        fmt(scan.wall),
        fmt(scan.cpu),
        `${ratio.toFixed(1)}× faster`,
      ],
    ],
    summary: [
      [
        `Rust module graph of ${name}, cold: scanner vs tree-sitter`,
        `${ratio.toFixed(1)}× faster`,
        'same edges, faster',
        same && ratio > 1 ? 'yes' : 'no',
      ],
    ],
  };
}

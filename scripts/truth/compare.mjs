// Compares hielements' import edges with an independent ground truth on a real corpus.
//   node scripts/truth/compare.mjs python DIR   (truth: scripts/truth/python-edges.py, Python's ast)
//   node scripts/truth/compare.mjs typescript DIR (truth: scripts/truth/ts-imports.mjs, the TypeScript compiler API)
// Prints edge counts, matches, misses and extras (first few of each), and type-only agreement.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [lang, dirArg] = process.argv.slice(2);
const dir = realpathSync(dirArg);
const { createBuiltinLibraries } = await import(join(here, '..', '..', 'dist', 'libraries', 'builtin', 'index.js'));

const truthLines =
  lang === 'python'
    ? execFileSync('python3', [join(here, 'python-edges.py'), dir], { maxBuffer: 1 << 30, encoding: 'utf8' })
    : execFileSync(process.execPath, [join(here, 'ts-imports.mjs'), dir], { maxBuffer: 1 << 30, encoding: 'utf8' });
const truth = truthLines
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const files = [...new Set(truth.map((t) => t.from))];
const libs = createBuiltinLibraries({ workspace: dir, cache: false });
const lib = libs.find((l) => l.name === lang);
const started = performance.now();
const ours = await lib.dependencies(files, { workspace: dir });
const ms = performance.now() - started;
await Promise.all(libs.map((l) => l.dispose()));

const key = (e) => `${e.from}\t${e.line}\t${e.to ?? '-'}`;
const count = (list) => {
  const m = new Map();
  for (const e of list) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
  return m;
};
// one edge per (file, line, target): both sides may list a statement's names separately
const T = new Map(truth.map((e) => [key(e), e]));
const O = new Map(ours.map((e) => [key(e), e]));
const resolvedT = [...T.values()].filter((e) => e.to);
const resolvedO = [...O.values()].filter((e) => e.to);
// TypeScript resolves `./x.js` to the declaration `./x.d.ts` beside it (types); a runtime graph
// wants `./x.js` itself: such pairs are counted apart, not as misses
const stem = (f) => f?.replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
const declPair = (t) =>
  t.to &&
  /\.d\.[cm]?ts$/.test(t.to) &&
  [...O.values()].some(
    (o) => o.from === t.from && o.line === t.line && o.to && o.to !== t.to && stem(o.to) === stem(t.to),
  );
const declPairs = resolvedT.filter((e) => !O.has(key(e)) && declPair(e));
const missing = resolvedT.filter((e) => !O.has(key(e)) && !declPairs.includes(e));
const extraAll = resolvedO.filter(
  (e) => !T.has(key(e)) && !declPairs.some((d) => d.from === e.from && d.line === e.line && stem(d.to) === stem(e.to)),
);
// TypeScript without a node_modules folder cannot find `@scope/pkg` or `pkg/sub`; we resolve a
// bare specifier naming a package of the workspace (by its package.json name) or a tsconfig
// `baseUrl` path by design: counted apart
const bare = (e) => lang === 'typescript' && !e.specifier.startsWith('.') && !T.get(key({ ...e, to: undefined }))?.to;
const byDesign = extraAll.filter(bare);
const extra = extraAll.filter((e) => !bare(e));
let typeAgree = 0;
let typeT = 0;
let typeO = 0;
const typeDiff = [];
for (const [k, t] of T) {
  const o = O.get(k);
  if (!o) continue;
  if (t.typeOnly) typeT++;
  if (o.typeOnly) typeO++;
  if (!!t.typeOnly === !!o.typeOnly) typeAgree++;
  else typeDiff.push(k);
}
const rel = (s) => s.split(`${dir}/`).join('');
console.log(`${lang} corpus ${dir}: ${files.length} files, ours in ${(ms / 1000).toFixed(2)} s`);
console.log(
  `resolved edges: truth ${resolvedT.length}, ours ${resolvedO.length}, matching ` +
    `${resolvedT.length - missing.length - declPairs.length} ` +
    `(${((100 * (resolvedT.length - missing.length - declPairs.length)) / Math.max(1, resolvedT.length)).toFixed(2)} ` +
    `%), missing ${missing.length}, extra ${extra.length}`,
);
if (byDesign.length)
  console.log(
    'bare specifiers we resolve to a workspace package or a baseUrl path where TypeScript (no node_modules) found ' +
      `nothing: ${byDesign.length}`,
  );
if (declPairs.length)
  console.log(
    `declaration vs implementation (TypeScript picks x.d.ts, we pick the x.js beside it): ${declPairs.length}`,
  );
console.log(
  `type-only: truth ${typeT}, ours ${typeO}, agreement on common statements ` +
    `${typeAgree}/${typeAgree + typeDiff.length}`,
);
for (const [name, list] of [
  ['missing', missing.map(key)],
  ['extra', extra.map(key)],
  ['type-only differs', typeDiff],
]) {
  if (list.length) console.log(`${name} (first 8):\n  ${list.slice(0, 8).map(rel).join('\n  ')}`);
}
void count;

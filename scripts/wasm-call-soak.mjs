#!/usr/bin/env node
// Soak test of the WebAssembly host: one library instance (the Python analyzer's WebAssembly build),
// one worker, a long run of calls alternating selectors and checks (the questions
// scripts/compare-python-analyzers.mjs asks about a Python tree, repeated). Long runs are where the
// optimizing compiler recompiles the request path with everything it has learnt; a crash there
// takes the whole process down, so this script only reports that it got to the end.
//
//   npm run build && node scripts/build-fixtures.mjs     # once: dist/ and the .wasm module
//   node scripts/wasm-call-soak.mjs [CALLS] [PYTHON_TREE]  # default 150000 calls over /usr/lib/python3.X
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAnalyzer, questions } from './lib/python-analyzers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const calls = Number(process.argv[2] ?? 150_000);
const tree =
  process.argv[3] ??
  readdirSync('/usr/lib')
    .filter((d) => /^python3\.\d+$/.test(d))
    .map((d) => join('/usr/lib', d))[0];
if (!tree || !Number.isInteger(calls) || calls <= 0) {
  process.stderr.write('usage: node scripts/wasm-call-soak.mjs [CALLS] [PYTHON_TREE]\n');
  process.exit(2);
}
const { questions: qs } = questions(tree);
const lib = await loadAnalyzer(root, tree, 'wasm');
const ctx = { workspace: tree };
const started = Date.now();
let done = 0;
let failed = 0;
try {
  while (done < calls) {
    for (const q of qs) {
      try {
        if (q.kind === 'call') await lib.call(q.fn, q.args, ctx);
        else await lib.check(q.fn, q.args, ctx);
      } catch {
        failed++; // argument errors are among the questions
      }
      if (++done >= calls) break;
      if (done % 25_000 === 0) process.stderr.write(`${done} calls, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
  }
} finally {
  await lib.dispose();
}
process.stdout.write(
  `${done} WebAssembly calls in one worker over ${tree} (${failed} answered with an error), ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s\n`,
);

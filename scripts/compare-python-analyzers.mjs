#!/usr/bin/env node
// Asks the built-in `python` library, its WebAssembly build and its external process the same
// questions about whole Python trees and reports every answer that differs from the built-in's.
//
//   npm run build && node scripts/build-fixtures.mjs     # once: dist/ and the .wasm module
//   node scripts/compare-python-analyzers.mjs            # every /usr/lib/python3.X
//   node scripts/compare-python-analyzers.mjs DIR…       # any Python trees
//   options: --max-selector-names N (spread the workspace-wide selectors over N names),
//            --show N (differences printed per tree, default 20), --json (machine-readable)
//
// The questions (scripts/lib/python-analyzers.mjs): every folder and module name →
// module_selector/package_selector; per file, every module named after `import`/`from` anywhere
// in its text (strings and comments included) → imports/no_import, every name after
// `class`/`def` → class_exists/function_exists, the file against every Python file →
// depends_on/no_dependency (all resolved imports with their locations); workspace-wide
// class_selector/function_selector/class_exists; argument errors. Exit code 1 on any difference.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareAnswers, loadAnalyzers, questions } from './lib/python-analyzers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const json = argv.includes('--json');
if (json) argv.splice(argv.indexOf('--json'), 1);
const maxSelectorNames = opt('--max-selector-names');
const showN = Number(opt('--show') ?? 20);
const trees =
  argv.length > 0
    ? argv
    : readdirSync('/usr/lib')
        .filter((d) => /^python3\.\d+$/.test(d))
        .map((d) => join('/usr/lib', d));
if (trees.length === 0) {
  process.stderr.write('no /usr/lib/python3.X found; name the Python trees to compare\n');
  process.exit(2);
}

let total = 0;
const report = [];
for (const workspace of trees) {
  const started = Date.now();
  const { files, questions: qs } = questions(
    workspace,
    maxSelectorNames ? { maxSelectorNames: Number(maxSelectorNames) } : {},
  );
  const { libs, dispose } = await loadAnalyzers(root, workspace);
  let r;
  try {
    r = await compareAnswers(libs, qs, workspace, {
      onProgress: json ? undefined : (done, all) => process.stderr.write(`\r${workspace}: ${done}/${all} questions`),
    });
  } finally {
    await dispose();
  }
  if (!json) process.stderr.write('\n');
  total += r.differences.length;
  report.push({ workspace, files: files.length, ...r, elapsedSeconds: (Date.now() - started) / 1000 });
  if (!json) {
    const per = Object.entries(r.seconds)
      .map(([k, s]) => `${k} ${s.toFixed(1)} s`)
      .join(', ');
    process.stdout.write(
      `${workspace}: ${files.length} Python files, ${r.questions} questions (${r.counts.pass} pass, ` +
        `${r.counts.fail} fail, ${r.counts.scope} scopes, ${r.counts.error} errors by the built-in ` +
        'library); answer ' +
        `time ${per}\n`,
    );
    const by = (k) => r.differences.filter((d) => d.library === k).length;
    process.stdout.write(
      `  differences from the built-in library: WebAssembly ${by('wasm')}, external ${by('external')}\n`,
    );
    for (const d of r.differences.slice(0, showN))
      process.stdout.write(
        `  ${d.library}: ${d.question}\n    built-in: ${JSON.stringify(d.builtin)}\n    ${d.library}: ` +
          `${JSON.stringify(d[d.library])}\n`,
      );
    if (r.differences.length > showN) process.stdout.write(`  … ${r.differences.length - showN} more\n`);
  }
}
if (json) process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
process.exit(total > 0 ? 1 : 0);

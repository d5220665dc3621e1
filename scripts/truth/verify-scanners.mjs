#!/usr/bin/env node
// Proves a language scanner exact: runs the scanner and the tree-sitter outline extraction on
// every file of big corpora and compares the facts deep-equal.
//
//   node scripts/truth/verify-scanners.mjs --lang python|rust|typescript [DIR…] [--show N] [--list-unsure]
//
// Without DIRs, a language's default corpora are used (python: the system Python's standard
// library and its installed packages, as `python3` reports them; rust: every crate of the Debian
// Rust registry /usr/share/cargo/registry and the Rust toolchain's own library and compiler
// sources: rustup's `rust-src` under `rustc --print sysroot`, Debian's `rust-src` package under
// /usr/src/rustc-*; typescript: every .ts/.tsx/.js/… file of this repository's node_modules and
// of the global npm installation's). Needs `npm run build` first. Files larger than the parse
// limit (4 MiB) are skipped, as a run skips them.
// Prints the number of files compared, the files where the scanner was unsure (the tree-sitter
// fallback answers those), the files where tree-sitter finds syntax errors, and every difference
// (file, and the first differing field). A file where tree-sitter counts syntax errors in code the
// scanner read, and whose facts are otherwise identical, is listed apart (tree-sitter's grammar
// failed there; no check reads that count). Exits 1 when any file differs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => pathToFileURL(join(root, 'dist', 'libraries', 'builtin', 'facts', p)).href;
const { scanOutline } = await import(dist('scan/index.js'));
const { extractFactsWith } = await import(dist('extract.js'));
const { parserFor } = await import(dist('parsers.js'));
const { grammarFor } = await import(dist('types.js'));
const { MAX_PARSE_BYTES } = await import(dist('limits.js'));

const args = process.argv.slice(2);
let lang;
let show = 20;
let listUnsure = false;
const dirs = [];
for (let k = 0; k < args.length; k++) {
  const a = args[k];
  if (a === '--lang') lang = args[++k];
  else if (a === '--show') show = Number(args[++k]);
  else if (a === '--list-unsure') listUnsure = true;
  else dirs.push(a);
}

/** Per language: the grammars its files use and its default corpora. */
const LANGS = {
  python: {
    grammars: ['python'],
    corpora() {
      const out = execFileSync(
        'python3',
        [
          '-c',
          "import sysconfig, site, json; print(json.dumps([sysconfig.get_paths()['stdlib'], " +
            "*site.getsitepackages(), *[p for p in [sysconfig.get_paths()['purelib']]]]))",
        ],
        { encoding: 'utf8' },
      );
      return [...new Set(JSON.parse(out))];
    },
  },
  rust: {
    grammars: ['rust'],
    corpora() {
      const out = [];
      if (existsSync('/usr/share/cargo/registry')) out.push('/usr/share/cargo/registry');
      try {
        const sysroot = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
        const lib = join(sysroot, 'lib/rustlib/src/rust/library');
        if (existsSync(lib)) out.push(lib);
      } catch {
        // no toolchain on the PATH
      }
      // Debian's rust-src package: the toolchain's library and compiler sources
      for (const d of existsSync('/usr/src') ? readdirSync('/usr/src').filter((n) => n.startsWith('rustc-')) : []) {
        for (const sub of ['library', 'compiler'])
          if (existsSync(join('/usr/src', d, sub))) out.push(join('/usr/src', d, sub));
      }
      return out;
    },
  },
  typescript: {
    grammars: ['typescript', 'tsx', 'javascript'],
    // the corpora are packages: their own node_modules folders are read too
    readNodeModules: true,
    corpora() {
      let global = [];
      try {
        global = [join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim())];
      } catch {
        // no npm on the PATH: the repository's packages only
      }
      return [join(root, 'node_modules'), ...global].filter((d) => {
        try {
          return readdirSync(d).length > 0;
        } catch {
          return false;
        }
      });
    },
  },
};
const spec = LANGS[lang];
if (!spec) {
  process.stderr.write(`usage: verify-scanners.mjs --lang ${Object.keys(LANGS).join('|')} [DIR…]\n`);
  process.exit(2);
}
const corpora = dirs.length > 0 ? dirs : spec.corpora();

// every file once, even when corpora overlap (site-packages inside the stdlib folder)
const seen = new Set();
const files = [];
const visit = (d) => {
  let entries;
  try {
    entries = readdirSync(d, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(d, e.name);
    if (e.isDirectory()) {
      if (e.name !== '__pycache__' && (spec.readNodeModules || e.name !== 'node_modules') && e.name !== '.git')
        visit(p);
    } else if (e.isFile()) {
      const g = grammarFor(e.name);
      if (!g || !spec.grammars.includes(g)) continue;
      let real;
      try {
        real = realpathSync(p);
      } catch {
        continue;
      }
      if (seen.has(real)) continue;
      seen.add(real);
      files.push([real, g]);
    }
  }
};
for (const d of corpora) visit(d);

/** First path where two values differ, for the report. */
function firstDiff(a, b, path = '') {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return `${path || '.'}: scanner ${JSON.stringify(a)} / tree-sitter ${JSON.stringify(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDiff(a[k], b[k], `${path}.${k}`);
    if (d) return d;
  }
  return `${path}: differ`;
}

const parsers = new Map();
let compared = 0;
let unsure = 0;
let unsureWithErrors = 0;
let treeErrors = 0;
let scanMs = 0;
let treeMs = 0;
let bytes = 0;
let tooLarge = 0;
const diffs = [];
const unsureFiles = [];
/** Facts identical but for tree-sitter's syntax-error count (its grammar failed on code the scanner read). */
const treeOnlyErrors = [];
for (const [file, g] of files) {
  let buf;
  try {
    buf = readFileSync(file);
  } catch {
    continue;
  }
  if (buf.length > MAX_PARSE_BYTES) {
    tooLarge++;
    continue;
  }
  const text = buf.toString('utf8');
  if (!parsers.has(g)) parsers.set(g, await parserFor(g));
  compared++;
  bytes += text.length;
  const t0 = performance.now();
  const scanned = scanOutline(g, text);
  const t1 = performance.now();
  const tree = extractFactsWith(parsers.get(g), g, text, false);
  const t2 = performance.now();
  scanMs += t1 - t0;
  treeMs += t2 - t1;
  if (tree.syntaxErrors > 0) treeErrors++;
  if (scanned === undefined) {
    unsure++;
    if (tree.syntaxErrors > 0) unsureWithErrors++;
    unsureFiles.push(file);
    continue;
  }
  if (isDeepStrictEqual(scanned, tree)) continue;
  if (tree.syntaxErrors > 0 && scanned.syntaxErrors === 0 && isDeepStrictEqual(scanned, { ...tree, syntaxErrors: 0 }))
    treeOnlyErrors.push(file);
  else
    diffs.push([
      tree.syntaxErrors > 0 ? `${file} (tree-sitter finds ${tree.syntaxErrors} syntax errors)` : file,
      firstDiff(scanned, tree),
    ]);
}

const out = (s) => process.stdout.write(`${s}\n`);
out(`language: ${lang}; corpora: ${corpora.join(', ')}`);
out(
  `files compared: ${compared} (${(bytes / 2 ** 20).toFixed(1)} Mi characters)${tooLarge > 0 ? `; ${tooLarge} larger than the parse limit skipped` : ''}`,
);
out(
  `scanner unsure (tree-sitter fallback): ${unsure} (${unsureWithErrors} of them with tree-sitter syntax errors; ${treeErrors} files with tree-sitter syntax errors in all)`,
);
out(`differences: ${diffs.length}`);
out(`same facts, but tree-sitter counts syntax errors the scanner does not: ${treeOnlyErrors.length}`);
for (const f of treeOnlyErrors.slice(0, show)) out(`  tree-sitter errors only: ${f}`);
out(
  `time in this thread: scanner ${(scanMs / 1000).toFixed(2)} s, tree-sitter outline ${(treeMs / 1000).toFixed(2)} s (${(treeMs / scanMs).toFixed(1)}×)`,
);
for (const [f, d] of diffs.slice(0, show)) out(`  DIFF ${f}\n    ${d}`);
if (diffs.length > show) out(`  … and ${diffs.length - show} more`);
if (listUnsure) for (const f of unsureFiles) out(`  unsure ${f}`);
process.exit(diffs.length > 0 ? 1 : 0);

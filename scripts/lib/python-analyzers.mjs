// The three Python analyzers side by side: the built-in `python` library, its WebAssembly build
// (examples/wasm/python-analyzer, library `pywasm`) and its external process (examples/plugins/
// python-analyzer, library `pyext`), loaded from examples/python-analyzers/hielements.toml the
// way the CLI loads them. Generates the questions to ask about a workspace and compares the
// answers. Used by scripts/compare-python-analyzers.mjs, the tests and the benchmark.
// Needs `npm run build` (dist/) and the built module (scripts/build-fixtures.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const LIBRARIES = { builtin: 'python', wasm: 'pywasm', external: 'pyext' };

/** Loads the three libraries for a workspace; `dispose()` stops the plugin process. */
export async function loadAnalyzers(root, workspace) {
  const dist = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
  const { loadConfig } = await dist('config/config.js');
  const { createRegistry } = await dist('libraries/registry.js');
  const config = await loadConfig(join(root, 'examples', 'python-analyzers', 'hielements.toml'), { workspace });
  const problems = [...config.diagnostics];
  const { registry, diagnostics } = await createRegistry({ workspace, config });
  problems.push(...diagnostics);
  if (problems.length > 0) throw new Error(problems.map((d) => `${d.code}: ${d.message}`).join('\n'));
  const libs = {};
  for (const [k, name] of Object.entries(LIBRARIES)) libs[k] = registry.get(name);
  return { libs, dispose: () => registry.dispose() };
}

/**
 * One of the three libraries on its own (for load times): `which` is `builtin`, `wasm` or
 * `external`. Returns the library; its `dispose()` stops what it started.
 */
export async function loadAnalyzer(root, workspace, which) {
  const dist = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
  const { loadConfig } = await dist('config/config.js');
  const { createBuiltins, loadConfiguredLibrary } = await dist('libraries/registry.js');
  const config = await loadConfig(join(root, 'examples', 'python-analyzers', 'hielements.toml'), { workspace });
  if (which === 'builtin') {
    // the built-ins share one runtime: disposing `python` ends it
    return createBuiltins({ workspace, config: { ...config, libraries: [] } }).find((l) => l.name === 'python');
  }
  const cfg = config.libraries.find((c) => c.name === LIBRARIES[which]);
  const r = await loadConfiguredLibrary(cfg, { workspace, config });
  if ('diagnostic' in r) throw new Error(`${r.diagnostic.code}: ${r.diagnostic.message}`);
  return r.library;
}

// ---------------------------------------------------------------- values

const str = (value) => ({ type: 'string', value });
const scopeOf = (kind, paths, description) => {
  const scope = { kind, paths: [...paths].sort(), resolved: true };
  if (description) scope.description = description;
  return { type: 'scope', scope };
};

const SKIP = new Set(['.git', '.hg', '.svn', 'node_modules', '.hielements-cache']);

/** Python files below the workspace (no links), sorted; and folders that hold some. */
function pythonFiles(workspace) {
  const files = [];
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory() && !SKIP.has(e.name)) visit(p);
      else if (e.isFile() && /\.pyi?$/.test(e.name)) files.push(p);
    }
  };
  visit(workspace);
  return files.sort();
}

const uniq = (xs) => [...new Set(xs)].sort();

/** Every dotted name and each of its dotted prefixes: `a.b.c` → `a`, `a.b`, `a.b.c`. */
function withPrefixes(names) {
  const out = [];
  for (const n of names) {
    const parts = n.split('.');
    for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join('.'));
  }
  return out;
}

/**
 * The questions to ask about a workspace. Candidate names come from plain regular expressions
 * over each file's text, so they include words in strings and comments (which must NOT count)
 * as well as real imports and definitions:
 * - every folder and module as a dotted name (and every dotted suffix, to exercise the source
 *   roots) → module_selector, package_selector;
 * - per file: each candidate module → imports, no_import (with locations); each candidate
 *   class/function name → class_exists, function_exists (scope first); the file against all
 *   Python files → depends_on, no_dependency (every resolved import with its location);
 * - each candidate name over the workspace → class_selector, function_selector (capped by
 *   `maxSelectorNames`, evenly spread, when given);
 * - argument errors and empty scopes.
 */
export function questions(workspace, { maxSelectorNames } = {}) {
  const files = pythonFiles(workspace);
  const rel = (f) => relative(workspace, f).split(sep).join('/');
  const all = scopeOf({ Folder: '.' }, files, 'all Python files');
  const qs = [];
  const modules = [];
  const symbolNames = new Set();
  for (const f of files) {
    const r = rel(f)
      .replace(/\.pyi?$/, '')
      .replace(/(^|\/)__init__$/, '');
    const parts = r === '' ? [] : r.split('/');
    for (let i = 0; i < parts.length; i++) modules.push(parts.slice(i).join('.'));
    let text = '';
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      /* unreadable: only the selectors see it */
    }
    const imported = [...parts.map((_, i) => parts.slice(0, i + 1).join('.'))];
    for (const m of text.matchAll(/\b(?:from|import)\s+([A-Za-z_][\w.]*)/g)) imported.push(m[1].replace(/\.+$/, ''));
    for (const m of text.matchAll(/\bfrom\s+([A-Za-z_][\w.]*)\s+import\s+\(?\s*([\w\s,]+)/g))
      for (const n of m[2]
        .split(',')
        .map((s) => s.trim().split(/\s+/)[0])
        .filter(Boolean))
        imported.push(`${m[1]}.${n}`);
    const defined = uniq([...text.matchAll(/\b(?:class|def)\s+([A-Za-z_]\w*)/g)].map((m) => m[1]));
    const one = scopeOf({ File: rel(f) }, [f]);
    for (const n of uniq(withPrefixes(imported.filter(Boolean)))) {
      qs.push({ kind: 'check', fn: 'imports', args: [one, str(n)] });
      qs.push({ kind: 'check', fn: 'no_import', args: [one, str(n)] });
    }
    for (const n of defined) {
      symbolNames.add(n);
      qs.push({ kind: 'check', fn: 'class_exists', args: [one, str(n)] });
      qs.push({ kind: 'check', fn: 'function_exists', args: [one, str(n)] });
    }
    qs.push({ kind: 'check', fn: 'depends_on', args: [one, all] });
    qs.push({ kind: 'check', fn: 'no_dependency', args: [one, all] });
  }
  for (const n of uniq(modules)) {
    qs.push({ kind: 'call', fn: 'module_selector', args: [str(n)] });
    qs.push({ kind: 'call', fn: 'package_selector', args: [str(n)] });
  }
  let names = [...symbolNames].sort();
  if (maxSelectorNames !== undefined && names.length > maxSelectorNames) {
    const step = names.length / maxSelectorNames;
    names = Array.from({ length: maxSelectorNames }, (_, i) => names[Math.floor(i * step)]);
  }
  for (const n of [...names, 'NoSuchName']) {
    qs.push({ kind: 'call', fn: 'class_selector', args: [str(n)] });
    qs.push({ kind: 'call', fn: 'function_selector', args: [str(n)] });
    qs.push({ kind: 'check', fn: 'class_exists', args: [str(n)] });
  }
  // argument errors, empty scopes, a selector used as a check and the reverse
  const empty = scopeOf({ Folder: 'nothing' }, [], 'an empty scope');
  qs.push(
    { kind: 'check', fn: 'imports', args: [all] },
    { kind: 'check', fn: 'imports', args: [str('os'), str('os')] },
    { kind: 'check', fn: 'no_import', args: [all, str('os'), str('x')] },
    { kind: 'check', fn: 'class_exists', args: [] },
    { kind: 'check', fn: 'class_exists', args: [all, all] },
    { kind: 'check', fn: 'function_exists', args: [all, str('main'), str('x')] },
    { kind: 'check', fn: 'no_import', args: [empty, str('os')] },
    { kind: 'check', fn: 'depends_on', args: [all, empty] },
    { kind: 'check', fn: 'function_exists', args: [empty, str('main')] },
    { kind: 'call', fn: 'module_selector', args: [{ type: 'int', value: 3n }] },
    { kind: 'call', fn: 'class_selector', args: [all, str('X'), str('Y')] },
  );
  return { files, questions: qs };
}

// ---------------------------------------------------------------- answers

/** The part of a message that is the library's own: hosts prefix errors differently. */
function stripPrefix(message) {
  return message
    .replace(/^WebAssembly library '[^']*', function '[^']*': /, '')
    .replace(/^(?:pyext|pywasm|python)\.[a-z_]+: (?=python\.)/, '');
}

/** A comparable form of one answer (scope descriptions and symbols are left as they are sent). */
async function answer(lib, q, ctx) {
  try {
    const r = q.kind === 'call' ? await lib.call(q.fn, q.args, ctx) : await lib.check(q.fn, q.args, ctx);
    if (q.kind === 'call') {
      if (r.type !== 'scope') return { value: r };
      const { kind, paths, resolved, description } = r.scope;
      return { scope: { kind, paths, resolved, description } };
    }
    if (r.status === 'error') return { error: stripPrefix(r.message) };
    if (r.status === 'pass') return { pass: true };
    return {
      fail: r.message,
      locations: (r.locations ?? []).map((l) => ({ file: l.file, line: l.line, column: l.column, message: l.message })),
    };
  } catch (err) {
    return { error: stripPrefix(err instanceof Error ? err.message : String(err)) };
  }
}

const show = (q) =>
  `${q.kind === 'call' ? 'scope' : 'check'} ` +
  `${q.fn}(${q.args
    .map((a) =>
      a.type === 'scope'
        ? `<${JSON.stringify(a.scope.kind)} ` + `${a.scope.paths.length} files>`
        : JSON.stringify(a.value === undefined ? a : String(a.value)),
    )
    .join(', ')})`;

/**
 * Asks every question of each library (up to `parallel` questions at once) and compares the
 * answers with the built-in library's. Returns the number of questions, the differences and
 * each library's answer time.
 */
export async function compareAnswers(libs, qs, workspace, { parallel = 8, onProgress } = {}) {
  const ctx = { workspace };
  const differences = [];
  const seconds = Object.fromEntries(Object.keys(libs).map((k) => [k, 0]));
  const counts = { pass: 0, fail: 0, scope: 0, error: 0 };
  for (let i = 0; i < qs.length; i += parallel) {
    const batch = qs.slice(i, i + parallel);
    const results = {};
    for (const [k, lib] of Object.entries(libs)) {
      const t0 = performance.now();
      results[k] = await Promise.all(batch.map((q) => answer(lib, q, ctx)));
      seconds[k] += (performance.now() - t0) / 1000;
    }
    batch.forEach((q, j) => {
      const want = results.builtin[j];
      counts[Object.keys(want)[0] === 'value' ? 'scope' : Object.keys(want)[0]]++;
      for (const k of Object.keys(libs)) {
        if (k === 'builtin') continue;
        const got = results[k][j];
        if (JSON.stringify(got) !== JSON.stringify(want))
          differences.push({ library: k, question: show(q), builtin: want, [k]: got });
      }
    });
    onProgress?.(Math.min(i + parallel, qs.length), qs.length);
  }
  return { questions: qs.length, counts, differences, seconds };
}

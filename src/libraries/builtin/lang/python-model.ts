/**
 * Python project model: source roots (workspace, `src/`, parents of top-level packages) and module
 * resolution following the import system (packages, `__init__.py`, namespace packages, relative
 * imports).
 */
import { basename, dirname, join, sep } from 'node:path';
import type { DependencyEdge } from '../../types.js';
import type { WorkspaceCache } from '../cache.js';
import type { FileFacts, ImportFact } from '../facts/types.js';

const SKIPPED_DIRS = new Set([
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
]);

export interface PythonModel {
  files: string[];
  fileSet: Set<string>;
  /** Directories that hold python files somewhere below (for namespace packages). */
  dirSet: Set<string>;
  /** Source roots, longest first. */
  roots: string[];
  /**
   * `resolveAbsolute` results by dotted name. The model never changes once built and the same
   * modules are imported by many files (`os`, `sys`, `typing`…), so each name is resolved once;
   * unresolvable names (builtins, third-party) would otherwise try every root again each time.
   */
  absolute: Map<string, ResolvedModule | undefined>;
}

/** Text every path below a skipped folder holds (most paths do not: they need no closer look). */
const MAYBE_SKIPPED = /__pycache__|\.tox|\.nox|_cache|site-packages|\.egg-info/;

function skipped(workspace: string, file: string, venvs: readonly string[]): boolean {
  if (venvs.some((v) => file.startsWith(v))) return true;
  if (!MAYBE_SKIPPED.test(file)) return false;
  const parts = file.slice(workspace.length + 1).split(sep);
  parts.pop();
  return parts.some((p) => SKIPPED_DIRS.has(p) || p.endsWith('.egg-info'));
}

/** `path.join(dir, name)` for a normalised folder and a plain file name, without join's normalising pass. */
function child(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

export function isPythonFile(f: string): boolean {
  return f.endsWith('.py') || f.endsWith('.pyi');
}

/** The model once built, else undefined (see `WorkspaceCache.modelNow`). */
export function pythonModelNow(cache: WorkspaceCache): PythonModel | undefined {
  return cache.modelNow<PythonModel>('python');
}

export function pythonModel(cache: WorkspaceCache): Promise<PythonModel> {
  return cache.model('python', async () => {
    const ws = cache.root;
    const all = await cache.files();
    // a virtual environment is a folder with `pyvenv.cfg`, whatever its name (the standard
    // library's own `venv` package has none and is analysed like any package)
    // (walked paths are absolute: a base name is what follows the last separator)
    const venvs = all.filter((f) => f.endsWith(`${sep}pyvenv.cfg`)).map((f) => dirname(f) + sep);
    const files = all.filter((f) => isPythonFile(f) && !skipped(ws, f, venvs));
    const fileSet = new Set(files);
    const dirSet = new Set<string>();
    // the sorted list holds a folder's files together: the folder is looked up once, not per file
    let last = '';
    for (const f of files) {
      if (last !== '' && f.length > last.length && f.startsWith(last) && f.lastIndexOf(sep) === last.length) continue;
      last = dirname(f);
      for (let d = last; d.length >= ws.length && !dirSet.has(d); d = dirname(d)) dirSet.add(d);
    }
    const roots = new Set<string>([ws]);
    if (dirSet.has(join(ws, 'src'))) roots.add(join(ws, 'src'));
    const init = `${sep}__init__.py`;
    for (const f of files) {
      if (!f.endsWith(init)) continue;
      let parent = dirname(dirname(f));
      while (fileSet.has(child(parent, '__init__.py'))) parent = dirname(parent);
      if (parent.length >= ws.length) roots.add(parent);
    }
    return { files, fileSet, dirSet, roots: [...roots].sort((a, b) => b.length - a.length), absolute: new Map() };
  });
}

export interface ResolvedModule {
  /** The module file (`x.py`, or the package's `__init__.py`). */
  file?: string;
  /** Package directory when the name is a package (regular or namespace). */
  packageDir?: string;
  /** Not the module named but its nearest existing parent (`a` for a missing `a.b`). */
  fallback?: boolean;
}

/**
 * The nearest existing module of a missing dotted name, like `import a.b.c` (which binds and
 * loads `a` first): the longest prefix that is a module file; none when a namespace package
 * (no file) comes first.
 */
function nearestModule(
  segs: readonly string[],
  resolve: (segs: string[]) => ResolvedModule | undefined,
): ResolvedModule | undefined {
  for (let n = segs.length - 1; n > 0; n--) {
    const r = resolve(segs.slice(0, n));
    if (r?.file) return { file: r.file, fallback: true };
    if (r?.packageDir) return undefined;
  }
  return undefined;
}

/** Resolves a path below a base directory: `base/a/b.py`, `base/a/b/__init__.py`, namespace `base/a/b/`. */
function resolveUnder(m: PythonModel, base: string, segments: readonly string[]): ResolvedModule | undefined {
  // plain concatenation: `base` is already normalised and dotted-name segments are identifiers
  // (path.join here was most of the resolution time on large graphs)
  const dir = base.endsWith(sep) ? base : base + sep;
  const p = segments.length > 0 ? dir + segments.join(sep) : base;
  if (segments.length > 0) {
    if (m.fileSet.has(`${p}.py`)) return { file: `${p}.py` };
    if (m.fileSet.has(`${p}.pyi`)) return { file: `${p}.pyi` };
  }
  const pkg = segments.length > 0 ? p + sep : dir;
  const init = `${pkg}__init__.py`;
  if (m.fileSet.has(init)) return { file: init, packageDir: p };
  const stub = `${pkg}__init__.pyi`;
  if (m.fileSet.has(stub)) return { file: stub, packageDir: p };
  if (m.dirSet.has(p)) return { packageDir: p };
  return undefined;
}

/** Absolute dotted module name → file/package, trying every source root. */
export function resolveAbsolute(m: PythonModel, dotted: string): ResolvedModule | undefined {
  if (dotted === '' || dotted.startsWith('.')) return undefined;
  if (m.absolute.has(dotted)) return m.absolute.get(dotted);
  const segs = dotted.split('.');
  let found: ResolvedModule | undefined;
  for (const root of m.roots) {
    found = resolveUnder(m, root, segs);
    if (found) break;
  }
  m.absolute.set(dotted, found);
  return found;
}

/** Dotted module name of a file (relative to its closest source root). */
export function moduleNameOf(m: PythonModel, file: string): string | undefined {
  for (const root of m.roots) {
    if (!file.startsWith(root + sep)) continue;
    const parts = file
      .slice(root.length + 1)
      .replace(/\.pyi?$/, '')
      .split(sep);
    if (parts[parts.length - 1] === '__init__') parts.pop();
    return parts.join('.');
  }
  return undefined;
}

/** Dotted names of every module of the model (files, and the packages above them). */
export function moduleNames(m: PythonModel): string[] {
  return namePrefixes(m, () => true);
}

/** Dotted names of every package of the model (the folders that hold modules). */
export function packageNames(m: PythonModel): string[] {
  // a package's own `__init__` names the package; a module file names its parent packages only
  return namePrefixes(m, (f) => basename(f).startsWith('__init__.'));
}

/**
 * Every leading part of the files' module names (`a`, `a.b`, `a.b.c` for `a.b.c`), the whole name
 * only for the files `whole` accepts.
 */
function namePrefixes(m: PythonModel, whole: (file: string) => boolean): string[] {
  const out = new Set<string>();
  for (const f of m.files) {
    const name = moduleNameOf(m, f);
    if (!name) continue;
    const parts = name.split('.');
    const count = whole(f) ? parts.length : parts.length - 1;
    for (let n = 1; n <= count; n++) out.add(parts.slice(0, n).join('.'));
  }
  return [...out];
}

/** The package a file belongs to, as a directory (for relative imports). */
function packageDirOf(file: string): string {
  return dirname(file);
}

export interface PythonImport {
  fact: ImportFact;
  /** Absolute dotted names this statement imports (`from a import b` → `a`, `a.b`). */
  names: string[];
  /** Resolved files inside the workspace, with the specifier that reached each. */
  targets: { file: string; specifier: string }[];
}

/** An alias duplicate of a `from` statement (the statement itself is listed too). */
export function isAliasDuplicate(fact: ImportFact): boolean {
  return fact.alias !== undefined && fact.alias !== '' && fact.form === 'from';
}

/** Number of leading dots of a `from` specifier (0: absolute). */
function levelOf(specifier: string): number {
  let level = 0;
  while (specifier.charCodeAt(level) === 46 /* . */) level++;
  return level;
}

/**
 * The absolute dotted name a `from` statement's module stands for (`from ..a import b` in package
 * `p.q` → `p.a`), or undefined when a relative import's file is outside every source root.
 * `own`: the file's own module name (`moduleNameOf`).
 */
function fromBase(file: string, specifier: string, own: string | undefined): string | undefined {
  const level = levelOf(specifier);
  const rest = specifier.slice(level);
  if (level === 0) return rest;
  if (own === undefined) return undefined;
  const isInit = file.startsWith('__init__.', file.lastIndexOf(sep) + 1);
  // the usual module name (no empty part): parts are cut off the string, no lists made
  if (own !== '' && !own.startsWith('.') && !own.endsWith('.') && !own.includes('..')) {
    let pkg = isInit ? own : own.slice(0, Math.max(0, own.lastIndexOf('.')));
    for (let i = 1; i < level && pkg !== ''; i++) pkg = pkg.slice(0, Math.max(0, pkg.lastIndexOf('.')));
    return pkg === '' ? rest : rest === '' ? pkg : `${pkg}.${rest}`;
  }
  const pkgParts = isInit ? own.split('.') : own.split('.').slice(0, -1);
  const up = pkgParts.slice(0, Math.max(0, pkgParts.length - (level - 1)));
  return [...up, ...(rest === '' ? [] : [rest])].filter(Boolean).join('.');
}

/**
 * The absolute dotted names one import statement imports (`from a import b` → `a`, `a.b`), as
 * `resolveImports` lists them, without resolving any file. `own` is the file's module name when
 * the caller has it (null: computed here, for a relative import only).
 */
export function importNames(
  m: PythonModel,
  file: string,
  fact: ImportFact,
  own: string | undefined | null = null,
): string[] {
  if (fact.form === 'import') return [fact.specifier];
  const relative = fact.specifier.charCodeAt(0) === 46; /* . */
  const baseAbs = fromBase(file, fact.specifier, !relative ? undefined : own === null ? moduleNameOf(m, file) : own);
  const names: string[] = [];
  if (!baseAbs) return names;
  names.push(baseAbs);
  for (const n of fact.names ?? []) if (n !== '*') names.push(`${baseAbs}.${n}`);
  return names;
}

/** Resolves one file's imports. */
export function resolveImports(m: PythonModel, file: string, facts: FileFacts): PythonImport[] {
  const out: PythonImport[] = [];
  const own = moduleNameOf(m, file);
  for (const fact of facts.imports) {
    if (isAliasDuplicate(fact)) continue; // alias duplicate of a `from` statement
    if (fact.form === 'import') {
      const segs = fact.specifier.split('.');
      const targets: { file: string; specifier: string }[] = [];
      for (let n = segs.length; n > 0; n--) {
        const r = resolveAbsolute(m, segs.slice(0, n).join('.'));
        if (r?.file) {
          targets.push({ file: r.file, specifier: fact.specifier });
          break;
        }
        if (r?.packageDir) break;
      }
      out.push({ fact, names: [fact.specifier], targets });
      continue;
    }
    // from-import
    const level = levelOf(fact.specifier);
    const rest = fact.specifier.slice(level);
    let base: ResolvedModule | undefined;
    if (level === 0) {
      base = resolveAbsolute(m, rest);
      // `from a.b import n` where `a.b` is no module: the nearest existing one, as `import a.b` does
      if (!base) base = nearestModule(rest.split('.'), (segs) => resolveAbsolute(m, segs.join('.')));
    } else {
      let dir = packageDirOf(file);
      for (let i = 1; i < level; i++) dir = dirname(dir);
      base = resolveUnder(m, dir, rest === '' ? [] : rest.split('.'));
      if (!base && rest !== '') base = nearestModule(rest.split('.'), (segs) => resolveUnder(m, dir, segs));
    }
    const fallback = base?.fallback === true;
    const names = importNames(m, file, fact, own);
    const targets: { file: string; specifier: string }[] = [];
    let baseUsed = false;
    for (const n of fact.names ?? []) {
      if (n === '*') {
        baseUsed = true;
        continue;
      }
      const sub = base?.packageDir && !fallback ? resolveUnder(m, base.packageDir, n.split('.')) : undefined;
      if (sub?.file)
        targets.push({ file: sub.file, specifier: `${fact.specifier}${fact.specifier.endsWith('.') ? '' : '.'}${n}` });
      else baseUsed = true;
    }
    if ((baseUsed || (fact.names ?? []).length === 0 || fallback) && base?.file)
      targets.push({ file: base.file, specifier: fact.specifier });
    out.push({ fact, names, targets });
  }
  return out;
}

export function pythonEdges(m: PythonModel, file: string, facts: FileFacts): DependencyEdge[] {
  const edges: DependencyEdge[] = [];
  for (const imp of resolveImports(m, file, facts)) {
    if (imp.targets.length === 0) {
      const e: DependencyEdge = {
        from: file,
        specifier: imp.fact.specifier,
        line: imp.fact.line,
        column: imp.fact.column,
      };
      if (imp.fact.typeOnly) e.typeOnly = true;
      edges.push(e);
      continue;
    }
    const seen = new Set<string>();
    for (const t of imp.targets) {
      if (seen.has(t.file)) continue;
      seen.add(t.file);
      const e: DependencyEdge = {
        from: file,
        to: t.file,
        specifier: t.specifier,
        line: imp.fact.line,
        column: imp.fact.column,
      };
      if (imp.fact.typeOnly) e.typeOnly = true;
      edges.push(e);
    }
  }
  return edges;
}

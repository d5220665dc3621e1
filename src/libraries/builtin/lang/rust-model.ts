/**
 * Rust project model: the crates of the workspace (every Cargo.toml with a [package]), their
 * targets (lib, main, bin, tests, examples, benches), the module tree built from `mod` declarations
 * (files, `mod.rs`, `#[path]`, inline `mod x { }`), and `use`/path resolution on that tree.
 */
import { basename, dirname, join, sep } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { DependencyEdge } from '../../types.js';
import type { WorkspaceCache } from '../cache.js';
import type { FileFacts, ImportFact } from '../facts/types.js';

export interface ModuleInfo {
  /** File holding the module (for an inline module: the file that contains it). */
  file: string;
  /** Line of an inline `mod x { }`. */
  inlineLine?: number;
}

export interface Crate {
  /** Package name as written in Cargo.toml (`my-crate`). */
  name: string;
  /** Name used in paths (`my_crate`). */
  ident: string;
  dir: string;
  manifest: string;
  /** Crate root files (lib.rs, main.rs, bins, tests, ...). */
  roots: string[];
  /** Dependency names as used in code (renames applied, `-` → `_`) → package names. */
  dependencies: Map<string, string>;
  /** Module path (`crate::a::b`) → where it lives. */
  modules: Map<string, ModuleInfo>;
  /** All .rs files of the crate directory (nested crates and target/ excluded). */
  files: string[];
}

export interface RustModel {
  crates: Crate[];
  byIdent: Map<string, Crate>;
  /** File → (crate, module path) for every file reached from a crate root. */
  fileModule: Map<string, { crate: Crate; path: string }>;
  files: string[];
  /** Manifests that could not be read, with the reason. */
  problems: string[];
}

const ident = (n: string) => n.replace(/-/g, '_');

type Toml = Record<string, unknown>;
const table = (x: unknown): Toml | undefined => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Toml) : undefined);

export function isRustFile(f: string): boolean {
  return f.endsWith('.rs');
}

export function rustModel(cache: WorkspaceCache): Promise<RustModel> {
  return cache.model('rust', async () => {
    const all = await cache.files();
    const manifests = all.filter((f) => basename(f) === 'Cargo.toml');
    const crateDirs = manifests.map((m) => dirname(m));
    const targetDirs = crateDirs.map((d) => join(d, 'target') + sep);
    const files = all.filter((f) => isRustFile(f) && !targetDirs.some((t) => f.startsWith(t)));
    const fileSet = new Set(files);
    const crates: Crate[] = [];
    const problems: string[] = [];
    for (const manifest of manifests) {
      const text = await cache.text(manifest);
      if (text === undefined) continue;
      let doc: Toml;
      try {
        doc = parseToml(text) as Toml;
      } catch (e) {
        problems.push(`${manifest}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        continue;
      }
      const pkg = table(doc.package);
      if (!pkg || typeof pkg.name !== 'string') continue; // a virtual workspace manifest
      const dir = dirname(manifest);
      const nested = crateDirs.filter((d) => d !== dir && d.startsWith(dir + sep)).map((d) => d + sep);
      const crateFiles = files.filter((f) => f.startsWith(dir + sep) && !nested.some((n) => f.startsWith(n)));
      const roots: string[] = [];
      const addRoot = (p: string) => {
        if (fileSet.has(p) && !roots.includes(p)) roots.push(p);
      };
      const lib = table(doc.lib);
      addRoot(join(dir, typeof lib?.path === 'string' ? lib.path : 'src/lib.rs'));
      addRoot(join(dir, 'src/main.rs'));
      for (const key of ['bin', 'test', 'example', 'bench']) {
        const arr = doc[key];
        if (Array.isArray(arr)) for (const t of arr) if (typeof table(t)?.path === 'string') addRoot(join(dir, table(t)!.path as string));
      }
      for (const sub of ['src/bin', 'tests', 'examples', 'benches'])
        for (const f of crateFiles) if (dirname(f) === join(dir, sub) || (dirname(dirname(f)) === join(dir, sub) && basename(f) === 'main.rs')) addRoot(f);
      const dependencies = new Map<string, string>();
      for (const key of ['dependencies', 'dev-dependencies', 'build-dependencies']) {
        const deps = table(doc[key]);
        if (!deps) continue;
        for (const [k, v] of Object.entries(deps)) {
          const renamed = table(v)?.package;
          dependencies.set(ident(k), typeof renamed === 'string' ? renamed : k);
        }
      }
      crates.push({ name: pkg.name, ident: ident(pkg.name), dir, manifest, roots, dependencies, modules: new Map(), files: crateFiles });
    }
    const byIdent = new Map(crates.map((c) => [c.ident, c]));
    await cache.factsMany(files, 'rust'); // parse every Rust file once, in parallel when worthwhile
    const fileModule = new Map<string, { crate: Crate; path: string }>();
    for (const crate of crates) {
      // walk the module tree from every root
      const queue: { file: string; path: string; childDir: string }[] = crate.roots.map((r) => ({ file: r, path: 'crate', childDir: dirname(r) }));
      const seen = new Set<string>();
      while (queue.length > 0) {
        const { file, path, childDir } = queue.shift()!;
        if (seen.has(file)) continue;
        seen.add(file);
        if (!fileModule.has(file)) fileModule.set(file, { crate, path });
        if (!crate.modules.has(path)) crate.modules.set(path, { file });
        const facts = await cache.factsOf(file, 'rust');
        for (const s of facts.symbols) {
          if (s.kind !== 'module' || !s.hasBody) continue;
          const p = [path, s.inlineModule, s.name].filter(Boolean).join('::');
          crate.modules.set(p, { file, inlineLine: s.line });
        }
        for (const imp of facts.imports) {
          if (imp.form !== 'mod') continue;
          const chain = imp.inlineModule ? imp.inlineModule.split('::') : [];
          const dir = join(childDir, ...chain);
          let target: string | undefined;
          if (imp.pathAttr) target = join(dirname(file), ...chain, imp.pathAttr);
          else target = [join(dir, `${imp.specifier}.rs`), join(dir, imp.specifier, 'mod.rs')].find((c) => fileSet.has(c));
          if (!target || !fileSet.has(target)) continue;
          const p = [path, ...chain, imp.specifier].join('::');
          crate.modules.set(p, { file: target });
          const isModRs = basename(target) === 'mod.rs';
          queue.push({ file: target, path: p, childDir: isModRs || imp.pathAttr ? dirname(target) : join(dir, imp.specifier) });
        }
      }
    }
    // files no `mod` reaches (not compiled, or behind a macro): guess their module from their location
    for (const crate of crates)
      for (const f of crate.files) {
        if (fileModule.has(f)) continue;
        const src = join(crate.dir, 'src') + sep;
        if (!f.startsWith(src)) continue;
        const parts = f.slice(src.length, -3).split(sep);
        if (parts[parts.length - 1] === 'mod') parts.pop();
        fileModule.set(f, { crate, path: ['crate', ...parts].join('::') });
      }
    return { crates, byIdent, fileModule, files, problems };
  });
}

const parentPath = (p: string) => (p.includes('::') ? p.slice(0, p.lastIndexOf('::')) : p);

/** Resolves a `use` path / qualified path / `mod` / `extern crate` to a workspace file. */
export function resolveRustImport(m: RustModel, file: string, imp: ImportFact, locals?: Map<string, string>): string | undefined {
  const here = m.fileModule.get(file);
  // a path that starts with a name brought in by `use` (`use crate::lexer;` … `lexer::Token`)
  if (locals && imp.form === 'path') {
    const head = imp.specifier.split('::')[0]!;
    const full = locals.get(head);
    if (full !== undefined && full !== head) {
      return resolveRustImport(m, file, { ...imp, form: 'use', specifier: full + imp.specifier.slice(head.length) });
    }
  }
  if (imp.form === 'mod') {
    if (!here) return undefined;
    const p = [here.path, imp.inlineModule, imp.specifier].filter(Boolean).join('::');
    const info = here.crate.modules.get(p);
    return info && info.file !== file ? info.file : undefined;
  }
  const segs = imp.specifier.split('::').filter((s) => s !== '' && s !== '*');
  if (imp.form === 'extern-crate') {
    const c = m.byIdent.get(segs[0] ?? '');
    return c ? c.modules.get('crate')?.file : undefined;
  }
  if (segs.length === 0) return undefined;
  let crate = here?.crate;
  let cur: string;
  let i = 0;
  const current = here ? [here.path, imp.inlineModule].filter(Boolean).join('::') : undefined;
  const first = segs[0]!;
  if (first === 'crate') {
    if (!crate) return undefined;
    cur = 'crate';
    i = 1;
  } else if (first === 'self' || first === 'super') {
    if (!crate || current === undefined) return undefined;
    cur = current;
    while (segs[i] === 'self' || segs[i] === 'super') {
      if (segs[i] === 'super') cur = parentPath(cur);
      i++;
    }
  } else if (crate && current !== undefined && crate.modules.has(`${current}::${first}`)) {
    cur = current; // a child module named relatively (2018 edition)
  } else if (m.byIdent.has(first) && (!crate || crate.ident !== first || !crate.modules.has(`crate::${first}`))) {
    crate = m.byIdent.get(first)!;
    cur = 'crate';
    i = 1;
  } else if (crate && crate.modules.has(`crate::${first}`) && imp.form === 'use') {
    cur = 'crate'; // 2015-edition crate-relative use path
  } else {
    return undefined; // std, external crate, local variable/type path
  }
  for (; i < segs.length; i++) {
    const next = `${cur}::${segs[i]}`;
    if (!crate.modules.has(next)) break;
    cur = next;
  }
  return crate.modules.get(cur)?.file;
}

/** Names bound by `use` declarations of a file: `Token` / alias → full path. */
function useBindings(facts: FileFacts): Map<string, string> {
  const map = new Map<string, string>();
  for (const imp of facts.imports) {
    if (imp.form !== 'use' || imp.specifier.endsWith('*')) continue;
    const name = imp.alias ?? imp.specifier.split('::').pop()!;
    if (name !== 'self' && name !== 'super' && name !== 'crate') map.set(name, imp.specifier);
  }
  return map;
}

export function rustEdges(m: RustModel, file: string, facts: FileFacts): DependencyEdge[] {
  const out: DependencyEdge[] = [];
  const locals = useBindings(facts);
  for (const imp of facts.imports) {
    const to = resolveRustImport(m, file, imp, locals);
    if (imp.form === 'path' && (to === undefined || to === file)) continue; // qualified paths only count when they reach another file
    const e: DependencyEdge = { from: file, specifier: imp.specifier, line: imp.line, column: imp.column };
    if (to !== undefined) e.to = to;
    out.push(e);
  }
  return out;
}

/**
 * Rust project model: the crates of the workspace (every Cargo.toml with a [package]), their
 * targets found the way Cargo finds them (library, binaries, tests, examples, benches, build
 * script), one module tree per target built from `mod` declarations (files, `mod.rs`, `#[path]`,
 * `#[cfg_attr(…, path)]`, inline `mod x { }`, `mod x;` inside item macros), and `use`/path
 * resolution on those trees following the crate's edition.
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

export type TargetKind = 'lib' | 'bin' | 'test' | 'example' | 'bench' | 'build';

/** One compilation target of a package: its own crate with its own module tree. */
export interface Target {
  kind: TargetKind;
  /** Target name (`[[bin]] name`, file stem of `tests/x.rs`, …; the library's name for `lib`). */
  name: string;
  /** Crate root file. */
  root: string;
  /**
   * Module path (`crate::a::b`) → where it lives. Several entries when `#[cfg]` alternatives or
   * `#[cfg_attr(…, path)]` declare the same module from different files (all are kept).
   */
  modules: Map<string, ModuleInfo[]>;
}

export interface Crate {
  /** Package name as written in Cargo.toml (`my-crate`). */
  name: string;
  /** Name of the library in paths (`[lib] name`, else the package name with `-` → `_`). */
  ident: string;
  dir: string;
  manifest: string;
  /** Rust edition (2015 when the manifest names none). */
  edition: number;
  /** Targets in Cargo's order: library, binaries, tests, examples, benches, build script. */
  targets: Target[];
  /** Dependency names as used in code (renames applied, `-` → `_`) → package names. */
  dependencies: Map<string, string>;
  /** All .rs files of the crate directory (nested crates and target/ excluded). */
  files: string[];
}

/** Where a file sits in one target's module tree. */
export interface Membership {
  crate: Crate;
  target: Target;
  /** Module path (`crate::a::b`). */
  path: string;
  /** Not reached by any `mod`: the module path is guessed from the file's place under `src/`. */
  guessed?: boolean;
}

export interface RustModel {
  crates: Crate[];
  /** Library name (as used in paths) → crate. */
  byIdent: Map<string, Crate>;
  /** File → its places in the module trees (a file can be compiled into several targets). */
  fileModule: Map<string, Membership[]>;
  files: string[];
  /** Manifests that could not be read, with the reason. */
  problems: string[];
}

const ident = (n: string) => n.replace(/-/g, '_');

type Toml = Record<string, unknown>;
const table = (x: unknown): Toml | undefined =>
  typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Toml) : undefined;
const tables = (x: unknown): Toml[] => (Array.isArray(x) ? x.map(table).filter((t): t is Toml => t !== undefined) : []);

export function isRustFile(f: string): boolean {
  return f.endsWith('.rs');
}

export const libraryTarget = (c: Crate): Target | undefined => c.targets.find((t) => t.kind === 'lib');

/** The edition of a package: `edition = "2021"`, or `edition.workspace = true` read from the workspace root. */
function editionOf(pkg: Toml, workspaceEdition: string | undefined): number {
  const e = pkg.edition;
  const text = typeof e === 'string' ? e : table(e)?.workspace === true ? workspaceEdition : undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 2015 ? n : 2015;
}

/**
 * Cargo's target discovery for one package: `[lib]`, `[[bin]]`, `[[test]]`, `[[example]]`,
 * `[[bench]]` entries (with or without `path`), and the automatic ones (`src/lib.rs`,
 * `src/main.rs`, `src/bin/*.rs`, `src/bin/* /main.rs`, `tests/`, `examples/`, `benches/` alike)
 * unless `autobins`/`autotests`/`autoexamples`/`autobenches = false`; `build.rs` or `package.build`.
 */
function discoverTargets(
  doc: Toml,
  pkg: Toml,
  dir: string,
  crateFiles: readonly string[],
  fileSet: ReadonlySet<string>,
): Omit<Target, 'modules'>[] {
  const out: Omit<Target, 'modules'>[] = [];
  const taken = new Set<string>();
  const add = (kind: TargetKind, name: string, root: string) => {
    if (!fileSet.has(root) || taken.has(`${kind} ${root}`)) return;
    taken.add(`${kind} ${root}`);
    out.push({ kind, name, root });
  };
  const pkgName = String(pkg.name);
  const lib = table(doc.lib);
  add(
    'lib',
    typeof lib?.name === 'string' ? lib.name : ident(pkgName),
    join(dir, typeof lib?.path === 'string' ? lib.path : 'src/lib.rs'),
  );
  const stem = (f: string) => basename(f).replace(/\.rs$/, '');
  const groups: [kind: TargetKind, key: string, auto: string, folder: string][] = [
    ['bin', 'bin', 'autobins', 'src/bin'],
    ['test', 'test', 'autotests', 'tests'],
    ['example', 'example', 'autoexamples', 'examples'],
    ['bench', 'bench', 'autobenches', 'benches'],
  ];
  for (const [kind, key, auto, folder] of groups) {
    const base = join(dir, folder);
    for (const t of tables(doc[key])) {
      const name = typeof t.name === 'string' ? t.name : undefined;
      if (typeof t.path === 'string') add(kind, name ?? stem(t.path), join(dir, t.path));
      else if (name !== undefined) {
        const guess = [join(base, `${name}.rs`), join(base, name, 'main.rs')];
        if (kind === 'bin' && name === pkgName) guess.unshift(join(dir, 'src/main.rs'));
        const root = guess.find((g) => fileSet.has(g));
        if (root) add(kind, name, root);
      }
    }
    if (pkg[auto] === false) continue;
    if (kind === 'bin') add('bin', pkgName, join(dir, 'src/main.rs'));
    for (const f of crateFiles) {
      if (dirname(f) === base) add(kind, stem(f), f);
      else if (dirname(dirname(f)) === base && basename(f) === 'main.rs') add(kind, basename(dirname(f)), f);
    }
  }
  if (pkg.build !== false)
    add('build', 'build-script-build', join(dir, typeof pkg.build === 'string' ? pkg.build : 'build.rs'));
  return out;
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
    const docs: { manifest: string; doc: Toml }[] = [];
    for (const manifest of manifests) {
      const text = await cache.text(manifest);
      if (text === undefined) continue;
      try {
        docs.push({ manifest, doc: parseToml(text) as Toml });
      } catch (e) {
        problems.push(`${manifest}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      }
    }
    // `[workspace.package] edition`, for members that inherit it (nearest workspace above them)
    const workspaceEditions = docs
      .map(({ manifest, doc }) => ({
        dir: dirname(manifest),
        edition: table(table(table(doc.workspace)?.package))?.edition,
      }))
      .filter((w): w is { dir: string; edition: string } => typeof w.edition === 'string')
      .sort((a, b) => b.dir.length - a.dir.length);
    for (const { manifest, doc } of docs) {
      const pkg = table(doc.package);
      if (!pkg || typeof pkg.name !== 'string') continue; // a virtual workspace manifest
      const dir = dirname(manifest);
      const nested = crateDirs.filter((d) => d !== dir && d.startsWith(dir + sep)).map((d) => d + sep);
      const crateFiles = files.filter((f) => f.startsWith(dir + sep) && !nested.some((n) => f.startsWith(n)));
      const wsEdition = workspaceEditions.find((w) => dir === w.dir || dir.startsWith(w.dir + sep))?.edition;
      const targets = discoverTargets(doc, pkg, dir, crateFiles, fileSet).map((t) => ({
        ...t,
        modules: new Map<string, ModuleInfo[]>(),
      }));
      const dependencies = new Map<string, string>();
      for (const key of ['dependencies', 'dev-dependencies', 'build-dependencies']) {
        const deps = table(doc[key]);
        if (!deps) continue;
        for (const [k, v] of Object.entries(deps)) {
          const renamed = table(v)?.package;
          dependencies.set(ident(k), typeof renamed === 'string' ? renamed : k);
        }
      }
      const lib = targets.find((t) => t.kind === 'lib');
      crates.push({
        name: pkg.name,
        ident: lib ? ident(lib.name) : ident(pkg.name),
        dir,
        manifest,
        edition: editionOf(pkg, wsEdition),
        targets,
        dependencies,
        files: crateFiles,
      });
    }
    const byIdent = new Map(crates.map((c) => [c.ident, c]));
    // parse every Rust file once, in parallel when worthwhile; the module walk reads them from here
    const allFacts = await cache.factsMany(files, 'rust');
    const fileModule = new Map<string, Membership[]>();
    const member = (file: string, m: Membership) => {
      const list = fileModule.get(file);
      if (!list) fileModule.set(file, [m]);
      else if (!list.some((x) => x.target === m.target)) list.push(m);
    };
    const addModule = (t: Target, path: string, info: ModuleInfo) => {
      const list = t.modules.get(path);
      if (!list) t.modules.set(path, [info]);
      else if (!list.some((x) => x.file === info.file && x.inlineLine === info.inlineLine)) list.push(info);
    };
    for (const crate of crates)
      for (const target of crate.targets) {
        // walk the module tree from the target's root
        const queue: { file: string; path: string; childDir: string }[] = [
          { file: target.root, path: 'crate', childDir: dirname(target.root) },
        ];
        const seen = new Set<string>();
        while (queue.length > 0) {
          const { file, path, childDir } = queue.shift()!;
          if (seen.has(`${path} ${file}`)) continue;
          seen.add(`${path} ${file}`);
          member(file, { crate, target, path });
          addModule(target, path, { file });
          const facts = allFacts.get(file) ?? (await cache.factsOf(file, 'rust'));
          for (const s of facts.symbols) {
            if (s.kind !== 'module' || !s.hasBody) continue;
            addModule(target, [path, s.inlineModule, s.name].filter(Boolean).join('::'), { file, inlineLine: s.line });
          }
          for (const imp of facts.imports) {
            if (imp.form !== 'mod') continue;
            const chain = imp.inlineModule ? imp.inlineModule.split('::') : [];
            const dir = join(childDir, ...chain);
            const p = [path, ...chain, imp.specifier].join('::');
            const found: { file: string; childDir: string }[] = [];
            if (imp.pathAttr) found.push({ file: join(dirname(file), ...chain, imp.pathAttr), childDir: '' });
            else {
              const t = [join(dir, `${imp.specifier}.rs`), join(dir, imp.specifier, 'mod.rs')].find((c) =>
                fileSet.has(c),
              );
              if (t)
                found.push({ file: t, childDir: basename(t) === 'mod.rs' ? dirname(t) : join(dir, imp.specifier) });
            }
            for (const alt of imp.cfgPaths ?? [])
              found.push({ file: join(dirname(file), ...chain, alt), childDir: '' });
            for (const f of found) {
              if (!fileSet.has(f.file)) continue;
              addModule(target, p, { file: f.file });
              // a file loaded through a path attribute holds its sub-modules beside it, like mod.rs
              queue.push({ file: f.file, path: p, childDir: f.childDir || dirname(f.file) });
            }
          }
        }
      }
    // files no `mod` reaches (not compiled, or behind a macro we cannot read): a module path
    // guessed from their place under src/, in the library (else the first binary)
    for (const crate of crates) {
      const home = libraryTarget(crate) ?? crate.targets.find((t) => t.kind === 'bin');
      if (!home) continue;
      const src = join(crate.dir, 'src') + sep;
      for (const f of crate.files) {
        if (fileModule.has(f) || !f.startsWith(src)) continue;
        const parts = f.slice(src.length, -3).split(sep);
        if (parts[parts.length - 1] === 'mod') parts.pop();
        fileModule.set(f, [{ crate, target: home, path: ['crate', ...parts].join('::'), guessed: true }]);
      }
    }
    return { crates, byIdent, fileModule, files, problems };
  });
}

const parentPath = (p: string) => (p.includes('::') ? p.slice(0, p.lastIndexOf('::')) : p);

/** A resolved import: a file and the module it holds in some target. */
export interface RustTarget {
  file: string;
  target: Target;
  module: string;
}

function filesOf(target: Target, module: string): RustTarget[] {
  return (target.modules.get(module) ?? []).map((i) => ({ file: i.file, target, module }));
}

/**
 * Resolves a `use` path / qualified path / `mod` / `extern crate` to workspace files, from every
 * target the file is compiled into (a `#[cfg]` alternative gives several files).
 */
export function resolveRustImport(
  m: RustModel,
  file: string,
  imp: ImportFact,
  locals?: Map<string, string>,
): RustTarget[] {
  const found = new Map<string, RustTarget>();
  const places = m.fileModule.get(file) ?? [undefined];
  for (const here of places)
    for (const r of resolveFrom(m, here, file, imp, locals, 0)) if (!found.has(r.file)) found.set(r.file, r);
  return [...found.values()];
}

function resolveFrom(
  m: RustModel,
  here: Membership | undefined,
  file: string,
  imp: ImportFact,
  locals: Map<string, string> | undefined,
  depth: number,
): RustTarget[] {
  const segs = imp.specifier.split('::').filter((s) => s !== '' && s !== '*');
  const global = imp.global === true || imp.specifier.startsWith('::');
  // a path that starts with a name another `use` brought into scope (`use crate::lexer;` … `lexer::Token`)
  if (locals && !global && depth < 4 && (imp.form === 'path' || imp.form === 'use')) {
    const head = segs[0] ?? '';
    const full = locals.get(head);
    if (full !== undefined && full !== head && full !== imp.specifier && !['crate', 'self', 'super'].includes(head)) {
      return resolveFrom(
        m,
        here,
        file,
        { ...imp, form: 'use', specifier: full + imp.specifier.slice(imp.specifier.indexOf(head) + head.length) },
        locals,
        depth + 1,
      );
    }
  }
  if (imp.form === 'mod') {
    if (!here) return [];
    const p = [here.path, imp.inlineModule, imp.specifier].filter(Boolean).join('::');
    return filesOf(here.target, p).filter((r) => r.file !== file);
  }
  if (imp.form === 'extern-crate') {
    const c = m.byIdent.get(segs[0] ?? '');
    const lib = c ? libraryTarget(c) : undefined;
    return lib ? filesOf(lib, 'crate') : [];
  }
  if (segs.length === 0) return [];
  const edition = here?.crate.edition ?? 2018;
  const current = here ? [here.path, imp.inlineModule].filter(Boolean).join('::') : undefined;
  const first = segs[0]!;
  let target: Target | undefined;
  let cur = 'crate';
  let i = 0;
  const external = (name: string): Target | undefined => {
    const c = m.byIdent.get(name);
    return c ? libraryTarget(c) : undefined;
  };
  if (first === 'crate') {
    target = here?.target;
    i = 1;
  } else if (first === 'self' || first === 'super') {
    if (!here || current === undefined) return [];
    target = here.target;
    cur = current;
    while (segs[i] === 'self' || segs[i] === 'super') {
      if (segs[i] === 'super') cur = parentPath(cur);
      i++;
    }
  } else if (global) {
    // `::x`: the crate root in edition 2015, an external crate from 2018 on
    if (edition < 2018 && here) target = here.target;
    else {
      target = external(first);
      i = 1;
    }
  } else if (edition < 2018 && imp.form === 'use' && here?.target.modules.has(`crate::${first}`)) {
    target = here.target; // 2015: `use` paths start at the crate root
  } else if (here && current !== undefined && here.target.modules.has(`${current}::${first}`)) {
    target = here.target; // a module in scope here (a child of the current module)
    cur = current;
  } else {
    // 2018+: a bare first segment not in scope names an external crate (`use rayon::…`)
    target = external(first);
    i = 1;
  }
  if (!target) return [];
  for (; i < segs.length; i++) {
    const next = `${cur}::${segs[i]}`;
    if (!target.modules.has(next)) break;
    cur = next;
  }
  return filesOf(target, cur);
}

/** Names bound by `use` declarations of a file: `Token` / alias → full path. */
function useBindings(facts: FileFacts): Map<string, string> {
  const map = new Map<string, string>();
  for (const imp of facts.imports) {
    if (imp.form !== 'use' || imp.specifier.endsWith('*')) continue;
    const name = imp.alias ?? imp.specifier.split('::').pop()!;
    if (name !== 'self' && name !== 'super' && name !== 'crate' && name !== '_') map.set(name, imp.specifier);
  }
  return map;
}

/** Is `module` the module `parent` or below it? */
const within = (module: string, parent: string) => module === parent || module.startsWith(`${parent}::`);

export function rustEdges(m: RustModel, file: string, facts: FileFacts): DependencyEdge[] {
  const out: DependencyEdge[] = [];
  const locals = useBindings(facts);
  const places = m.fileModule.get(file) ?? [];
  for (const imp of facts.imports) {
    const found = resolveRustImport(m, file, imp, locals).filter((r) => imp.form !== 'path' || r.file !== file);
    if (imp.form === 'path' && found.length === 0) continue; // qualified paths only count when they reach another file
    const base: DependencyEdge = { from: file, specifier: imp.specifier, line: imp.line, column: imp.column };
    if (found.length === 0) out.push(base);
    for (const r of found) {
      const e: DependencyEdge = { ...base, to: r.file };
      // a parent's own `mod child;` and `pub use child::…` re-exports (structure, not use)
      const own = places.find((p) => p.target === r.target);
      const here = own ? [own.path, imp.inlineModule].filter(Boolean).join('::') : undefined;
      if (
        here !== undefined &&
        r.module !== here &&
        within(r.module, here) &&
        (imp.form === 'mod' || (imp.form === 'use' && imp.reexport))
      )
        e.parentToChild = true;
      out.push(e);
    }
  }
  return out;
}

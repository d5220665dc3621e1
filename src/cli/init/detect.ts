/**
 * What `hielements init` finds in a project: the languages its files are written in and its
 * top-level units — Python packages (with their sub-packages), Rust crates (Cargo.toml packages),
 * TypeScript/JavaScript folders (npm workspace packages, else the folders under `src/`, else the
 * top-level folders holding code) — each as a candidate element bound to a real folder.
 */
import { isKeyword } from '../../syntax/tokens.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { walkWorkspace } from '../../libraries/builtin/walk.js';
import { toPosix } from '../../diagnostics/paths.js';

export type Language = 'python' | 'typescript' | 'rust';

export interface Unit {
  /** Identifier for the element. */
  name: string;
  language: Language;
  /** The selector call that binds it, e.g. `python.package_selector('orders.api')`. */
  selector: string;
  /** Workspace-relative folder (posix), for messages. */
  folder: string;
  children: Unit[];
}

export interface ProjectFacts {
  /** Files per language. */
  languages: Partial<Record<Language, number>>;
  units: Unit[];
  hasReadme: boolean;
  /** Files looked at. */
  files: number;
}

const EXTENSIONS: Record<string, Language> = {
  '.py': 'python',
  '.pyi': 'python',
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'typescript',
  '.jsx': 'typescript',
  '.mjs': 'typescript',
  '.cjs': 'typescript',
  '.rs': 'rust',
};

/** Folders that hold tests, builds or tooling rather than the system's parts. */
const NOT_A_PART =
  /^(\.|_)|^(tests?|__tests__|spec|specs|docs?|examples?|scripts?|tools?|bench(marks?)?|fixtures?|dist|build|out|target|coverage|vendor|venv|env|site-packages|__pycache__)$/i;

/** A name usable as an element name: letters, digits, `_`; not a keyword; not starting with a digit. */
export function identifierFor(raw: string): string {
  let id = raw.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'part';
  if (/^[0-9]/.test(id)) id = `_${id}`;
  if (isKeyword(id)) id = `${id}_`;
  return id;
}

/** Distinct names among siblings: `core`, `core_2`, … */
function uniqueNames(units: Unit[]): Unit[] {
  const seen = new Map<string, number>();
  for (const u of units) {
    const n = (seen.get(u.name) ?? 0) + 1;
    seen.set(u.name, n);
    if (n > 1) u.name = `${u.name}_${n}`;
    u.children = uniqueNames(u.children);
  }
  return units;
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export async function detectProject(root: string): Promise<ProjectFacts> {
  const { files, dirs } = await walkWorkspace(root);
  const rel = (f: string) => toPosix(path.relative(root, f));
  const fileSet = new Set(files.map(rel));
  const dirSet = new Set(dirs.map(rel).filter((d) => d !== ''));
  const languages: ProjectFacts['languages'] = {};
  for (const f of fileSet) {
    const lang = EXTENSIONS[path.posix.extname(f).toLowerCase()];
    if (lang) languages[lang] = (languages[lang] ?? 0) + 1;
  }
  const units: Unit[] = [];
  if (languages.python) units.push(...pythonUnits(fileSet, dirSet));
  if (languages.rust) units.push(...(await rustUnits(root, fileSet)));
  if (languages.typescript) units.push(...(await typescriptUnits(root, fileSet, dirSet)));
  return { languages, units: uniqueNames(units), hasReadme: fileSet.has('README.md'), files: fileSet.size };
}

const parentOf = (p: string): string => path.posix.dirname(p);
const baseOf = (p: string): string => path.posix.basename(p);
const isTestPath = (p: string): boolean => p.split('/').some((seg) => /^(tests?|__tests__)$/i.test(seg));

/** Top-level packages (a folder with `__init__.py` whose parent has none) and their direct sub-packages. */
function pythonUnits(files: Set<string>, dirs: Set<string>): Unit[] {
  const isPackage = (d: string) => files.has(`${d}/__init__.py`);
  const out: Unit[] = [];
  for (const d of [...dirs].sort()) {
    if (!isPackage(d) || (parentOf(d) !== '.' && isPackage(parentOf(d)))) continue;
    if (isTestPath(d) || NOT_A_PART.test(baseOf(d)) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(baseOf(d))) continue;
    const name = baseOf(d);
    const children: Unit[] = [];
    for (const c of [...dirs].sort()) {
      if (
        parentOf(c) !== d ||
        !isPackage(c) ||
        NOT_A_PART.test(baseOf(c)) ||
        !/^[A-Za-z_][A-Za-z0-9_]*$/.test(baseOf(c))
      )
        continue;
      children.push({
        name: identifierFor(baseOf(c)),
        language: 'python',
        selector: `python.package_selector(${quote(`${name}.${baseOf(c)}`)})`,
        folder: c,
        children: [],
      });
    }
    out.push({
      name: identifierFor(name),
      language: 'python',
      selector: `python.package_selector(${quote(name)})`,
      folder: d,
      children,
    });
  }
  return out;
}

/** Every Cargo.toml with a `[package] name` (not under target/). */
async function rustUnits(root: string, files: Set<string>): Promise<Unit[]> {
  const out: Unit[] = [];
  for (const f of [...files].sort()) {
    if (baseOf(f) !== 'Cargo.toml' || f.split('/').includes('target')) continue;
    const text = await readFile(path.join(root, f), 'utf8').catch(() => '');
    const pkg = /^\s*\[package\]\s*$([\s\S]*?)(?=^\s*\[|$(?![\s\S]))/m.exec(text)?.[1] ?? '';
    const name = /^\s*name\s*=\s*["']([^"']+)["']/m.exec(pkg)?.[1];
    if (!name || isTestPath(f)) continue;
    out.push({
      name: identifierFor(name),
      language: 'rust',
      selector: `rust.crate_selector(${quote(name)})`,
      folder: parentOf(f),
      children: [],
    });
  }
  return out;
}

/** npm workspace packages; else the folders under a `src/` that hold code; else top-level code folders. */
async function typescriptUnits(_root: string, files: Set<string>, dirs: Set<string>): Promise<Unit[]> {
  const hasCode = (d: string) =>
    [...files].some(
      (f) =>
        f.startsWith(`${d}/`) &&
        EXTENSIONS[path.posix.extname(f).toLowerCase()] === 'typescript' &&
        !isTestPath(f.slice(d.length + 1)),
    );
  const unit = (folder: string): Unit => ({
    name: identifierFor(baseOf(folder)),
    language: 'typescript',
    selector: `typescript.package_selector(${quote(folder)})`,
    folder,
    children: [],
  });
  // Folders with their own package.json (other than the root's): packages of a monorepo or separate apps.
  const packages = [...files]
    .filter((f) => baseOf(f) === 'package.json' && f !== 'package.json' && !isTestPath(f))
    .map(parentOf)
    .filter((d) => hasCode(d))
    .sort();
  if (packages.length > 0) {
    return packages.map((p) => {
      const code = dirs.has(`${p}/src`) && hasCode(`${p}/src`) ? `${p}/src` : p;
      const u = unit(code);
      u.name = identifierFor(baseOf(p));
      return u;
    });
  }
  const under = (base: string) =>
    [...dirs].filter((d) => parentOf(d) === base && !NOT_A_PART.test(baseOf(d)) && hasCode(d)).sort();
  const src = dirs.has('src') ? under('src') : [];
  if (src.length > 0) return src.map(unit);
  const python = new Set([...files].filter((f) => baseOf(f) === '__init__.py').map((f) => f.split('/')[0]));
  return under('.')
    .filter((d) => !python.has(d))
    .map(unit);
}

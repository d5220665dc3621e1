/**
 * TypeScript / JavaScript module resolution: relative specifiers with extension probing (`.ts` for
 * `.js` in ESM sources), `index` files, tsconfig `baseUrl`/`paths` (nearest tsconfig.json, with
 * `extends`), and packages of the workspace (by package.json `name`).
 */
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { DependencyEdge } from '../../types.js';
import type { WorkspaceCache } from '../cache.js';
import type { FileFacts } from '../facts/types.js';
import { parseJsonc } from './jsonc.js';

const EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const PROBE = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

export function isTsJsFile(f: string): boolean {
  return EXT.test(f);
}

interface TsConfig {
  dir: string;
  baseUrl?: string;
  paths: [pattern: string, targets: string[]][];
  /** Directory `paths` targets are relative to. */
  pathsBase: string;
}

export interface TsModel {
  files: string[];
  fileSet: Set<string>;
  configs: Map<string, TsConfig>;
  /** Workspace packages: name → directory and entry. */
  packages: Map<string, { dir: string; entry?: string }>;
}

async function loadConfig(cache: WorkspaceCache, file: string, depth = 0): Promise<TsConfig | undefined> {
  const text = await cache.text(file);
  if (text === undefined || depth > 5) return undefined;
  const json = parseJsonc(text) as
    | { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } }
    | undefined;
  if (!json || typeof json !== 'object') return undefined;
  const dir = dirname(file);
  let base: TsConfig | undefined;
  if (typeof json.extends === 'string' && json.extends.startsWith('.')) {
    const ext = resolve(dir, json.extends);
    base = await loadConfig(cache, ext.endsWith('.json') ? ext : `${ext}.json`, depth + 1);
  }
  const co = json.compilerOptions ?? {};
  const cfg: TsConfig = { dir, paths: base?.paths ?? [], pathsBase: base?.pathsBase ?? dir };
  if (base?.baseUrl) cfg.baseUrl = base.baseUrl;
  if (typeof co.baseUrl === 'string') {
    cfg.baseUrl = resolve(dir, co.baseUrl);
    cfg.pathsBase = cfg.baseUrl;
  }
  if (co.paths && typeof co.paths === 'object') {
    cfg.paths = Object.entries(co.paths as Record<string, unknown>).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [],
    ]);
    if (typeof co.baseUrl !== 'string') cfg.pathsBase = cfg.baseUrl ?? dir;
  }
  return cfg;
}

export function tsModel(cache: WorkspaceCache): Promise<TsModel> {
  return cache.model('typescript', async () => {
    const all = await cache.files();
    const files = all.filter(isTsJsFile);
    const configs = new Map<string, TsConfig>();
    for (const f of all) {
      if (basename(f) !== 'tsconfig.json') continue;
      const c = await loadConfig(cache, f);
      if (c) configs.set(dirname(f), c);
    }
    const packages = new Map<string, { dir: string; entry?: string }>();
    for (const f of all) {
      if (basename(f) !== 'package.json') continue;
      const j = parseJsonc((await cache.text(f)) ?? '') as
        | { name?: unknown; main?: unknown; module?: unknown; types?: unknown; source?: unknown }
        | undefined;
      if (!j || typeof j.name !== 'string') continue;
      const entry = [j.source, j.types, j.module, j.main].find((x): x is string => typeof x === 'string');
      packages.set(j.name, entry ? { dir: dirname(f), entry } : { dir: dirname(f) });
    }
    return { files, fileSet: new Set(files), configs, packages };
  });
}

/** Probes `base` as a file, with extensions, `.js`→`.ts`, and as a directory with an index file. */
function probe(m: TsModel, base: string): string | undefined {
  if (m.fileSet.has(base)) return base;
  const ext = /\.[cm]?jsx?$/.exec(base)?.[0];
  if (ext)
    for (const t of JS_TO_TS[ext] ?? [])
      if (m.fileSet.has(base.slice(0, -ext.length) + t)) return base.slice(0, -ext.length) + t;
  for (const e of PROBE) if (m.fileSet.has(base + e)) return base + e;
  for (const e of PROBE) if (m.fileSet.has(join(base, `index${e}`))) return join(base, `index${e}`);
  return undefined;
}

function nearestConfig(m: TsModel, file: string, workspace: string): TsConfig | undefined {
  for (let d = dirname(file); d.length >= workspace.length; d = dirname(d)) {
    const c = m.configs.get(d);
    if (c) return c;
    if (d === dirname(d)) break;
  }
  return undefined;
}

export function resolveTsSpecifier(m: TsModel, from: string, spec: string, workspace: string): string | undefined {
  if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..')
    return probe(m, resolve(dirname(from), spec));
  if (spec.startsWith('/') || /^[a-z]+:/i.test(spec)) return undefined; // absolute, node:, https:
  const cfg = nearestConfig(m, from, workspace);
  if (cfg) {
    for (const [pattern, targets] of cfg.paths) {
      const star = pattern.indexOf('*');
      let captured: string | undefined;
      if (star < 0) captured = pattern === spec ? '' : undefined;
      else if (
        spec.startsWith(pattern.slice(0, star)) &&
        spec.endsWith(pattern.slice(star + 1)) &&
        spec.length >= pattern.length - 1
      )
        captured = spec.slice(star, spec.length - (pattern.length - star - 1));
      if (captured === undefined) continue;
      for (const t of targets) {
        const r = probe(m, resolve(cfg.pathsBase, t.replace('*', captured)));
        if (r) return r;
      }
    }
    if (cfg.baseUrl) {
      const r = probe(m, resolve(cfg.baseUrl, spec));
      if (r) return r;
    }
  }
  for (const [name, pkg] of m.packages) {
    if (spec === name)
      return (
        (pkg.entry && probe(m, resolve(pkg.dir, pkg.entry))) ||
        probe(m, join(pkg.dir, 'src', 'index')) ||
        probe(m, join(pkg.dir, 'index'))
      );
    if (spec.startsWith(`${name}/`)) {
      const sub = spec.slice(name.length + 1);
      return probe(m, join(pkg.dir, sub)) ?? probe(m, join(pkg.dir, 'src', sub));
    }
  }
  return undefined;
}

export function tsEdges(m: TsModel, file: string, facts: FileFacts, workspace: string): DependencyEdge[] {
  return facts.imports.map((imp) => {
    const e: DependencyEdge = { from: file, specifier: imp.specifier, line: imp.line, column: imp.column };
    if (imp.typeOnly) e.typeOnly = true;
    const to = resolveTsSpecifier(m, file, imp.specifier, workspace);
    if (to) e.to = to;
    return e;
  });
}

/** `src/x` → the module file, resolved from the workspace root like a relative import. */
export function resolveModulePath(m: TsModel, workspace: string, p: string): string | undefined {
  return probe(m, join(workspace, p.split('/').join(sep)));
}

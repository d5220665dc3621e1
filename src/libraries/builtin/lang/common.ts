/** Pieces shared by the language libraries: symbol search, dependency checks, cycle detection. */
import { basename } from 'node:path';
import { fail, pass, type CheckResult, type CodeLocation, type DependencyEdge, type Scope, type SymbolRef } from '../../types.js';
import type { WorkspaceCache } from '../cache.js';
import type { FileFacts, Grammar, SymbolFact } from '../facts/types.js';
import type { Env, FnSpec, ParamSpec } from '../framework.js';
import { scopeLabel } from '../framework.js';
import { makeScope, rel } from '../paths.js';

/** What a language library provides to the shared checks. */
export interface LanguageSupport {
  /** Library name (`python`, `rust`, `typescript`, `javascript`). */
  name: string;
  /** Files of this language in the workspace (sorted, absolute). */
  sourceFiles(env: Env): Promise<string[]>;
  handles(file: string): boolean;
  /** Dependency edges of the given files (resolved against the workspace). */
  edges(files: readonly string[], env: Env): Promise<DependencyEdge[]>;
  /** Language label of a file for scopes. */
  languageOf(file: string): string;
}

/**
 * A LanguageSupport from a project model (which lists the language's files) and a per-file edge
 * function: the shape every language library shares.
 */
export function modelSupport<M extends { files: string[] }>(spec: {
  name: string;
  handles(file: string): boolean;
  languageOf(file: string): string;
  /** Grammar to parse with; undefined picks it by file extension. */
  grammar?: Grammar;
  model(cache: WorkspaceCache): Promise<M>;
  edgesOf(model: M, file: string, facts: FileFacts, env: Env): DependencyEdge[];
}): LanguageSupport {
  return {
    name: spec.name,
    handles: spec.handles,
    languageOf: spec.languageOf,
    async sourceFiles(env) {
      return (await spec.model(env.cache)).files;
    },
    async edges(files, env) {
      const list = files.filter(spec.handles);
      // Parsing starts first; each file's imports are resolved as soon as its facts arrive, so
      // resolution overlaps the parse instead of following it.
      const pending = env.cache.factsEach(list, spec.grammar);
      const m = await spec.model(env.cache);
      const each = await pending;
      const parts = await Promise.all(each.map(async (p, i) => (p ? spec.edgesOf(m, list[i]!, await p, env) : [])));
      return parts.flat();
    },
  };
}

export const strParam = (name: string, code: string, description: string, optional = false): ParamSpec => ({ name, type: 'string', code, description, ...(optional ? { optional } : {}) });
export const scopeParam = (name: string, code: string, description = 'Scope to check'): ParamSpec => ({ name, type: 'scope', code, description });

export function toSymbolRef(file: string, s: SymbolFact): SymbolRef {
  return { file, line: s.line, column: s.column, symbolKind: s.kind, name: s.name, message: `${s.kind} ${s.container ? `${s.container}.` : ''}${s.name}` };
}

/** Files of the scope this language handles (all language files of the workspace when no scope). */
export async function filesIn(lang: LanguageSupport, env: Env, scope: Scope | undefined): Promise<string[]> {
  if (!scope) return lang.sourceFiles(env);
  return scope.paths.filter((p) => lang.handles(p));
}

export async function findSymbols(
  lang: LanguageSupport,
  env: Env,
  scope: Scope | undefined,
  pred: (s: SymbolFact, facts: FileFacts, file: string) => boolean,
): Promise<SymbolRef[]> {
  const files = await filesIn(lang, env, scope);
  const facts = await env.cache.factsMany(files);
  const out: SymbolRef[] = [];
  for (const f of files) {
    const ff = facts.get(f);
    if (!ff) continue;
    for (const s of ff.symbols) if (pred(s, ff, f)) out.push(toSymbolRef(f, s));
  }
  return out;
}

/** A symbol selector (`class_selector('X')`, optionally restricted by a leading scope). */
export function symbolSelector(
  lang: LanguageSupport,
  o: { name: string; tag: string; what: string; code: string; kinds: SymbolFact['kind'][]; example: string; label?: string },
): FnSpec<Scope> {
  return {
    name: o.name,
    description: `Selects the files that define a ${o.what} with exactly this name (found in the syntax tree, so comments and strings never match); the scope lists each definition with its line and column. An optional leading scope restricts the search.`,
    leadingScope: { name: 'within', description: 'Only search these files (default: the whole workspace)' },
    params: [strParam(`${o.tag}_name`, o.code, `Name of the ${o.what}`)],
    example: o.example,
    async run(a, env) {
      const name = a.str(`${o.tag}_name`);
      const within = a.optScope('within');
      const syms = await findSymbols(lang, env, within, (s) => s.name === name && o.kinds.includes(s.kind));
      const label = o.label ?? (o.tag === 'function' || o.tag === 'func' ? 'fn' : o.tag);
      return makeScope({ File: `${label}:${name}` }, syms.map((s) => s.file), `${lang.name}.${o.name}('${name}')`, scopeLanguage(lang, syms.map((s) => s.file)), syms);
    },
  };
}

export function scopeLanguage(lang: LanguageSupport, files: readonly string[]): string {
  const first = files[0];
  return first ? lang.languageOf(first) : lang.name;
}

/** `*_exists` check (name, or scope + name). */
export function existsCheck(
  lang: LanguageSupport,
  o: { name: string; tag: string; what: string; code: string; kinds: SymbolFact['kind'][]; example: string; notFound: string },
): FnSpec<CheckResult> {
  return {
    name: o.name,
    description: `Passes if a ${o.what} with exactly this name is defined in the workspace, or in the given scope.`,
    leadingScope: { name: 'within', description: 'Only search these files (default: the whole workspace)' },
    params: [strParam(`${o.tag}_name`, o.code, `Name of the ${o.what}`)],
    example: o.example,
    async run(a, env) {
      const name = a.str(`${o.tag}_name`);
      const within = a.optScope('within');
      const syms = await findSymbols(lang, env, within, (s) => s.name === name && o.kinds.includes(s.kind));
      if (syms.length > 0) return pass();
      return fail(`${o.notFound.replace('<n>', name)}${within ? ` in ${scopeLabel(within)}` : ''}`);
    },
  };
}

function edgeLocation(e: DependencyEdge, env: Env): CodeLocation {
  return { file: e.from, line: e.line, column: e.column, message: `${e.specifier}${e.to ? ` → ${rel(env.workspace, e.to)}` : ''}` };
}

export function dependencyChecks(
  lang: LanguageSupport,
  codes: { dependsOn: [string, string]; noDependency: [string, string]; cycles: string },
  /** Parameter names (the original's rust library called them `scope_a`, `scope_b`). */
  names: [source: string, target: string] = ['source', 'target'],
): FnSpec<CheckResult>[] {
  const [src, dst] = names;
  const between = async (a: Scope, b: Scope, env: Env) => {
    const targets = new Set(b.paths);
    const edges = await lang.edges(a.paths.filter((p) => lang.handles(p)), env);
    return edges.filter((e) => e.to !== undefined && targets.has(e.to) && e.from !== e.to);
  };
  return [
    {
      name: 'depends_on',
      description: `Passes if some file of the first scope imports (resolved with ${lang.name}'s module rules) a file of the second scope.`,
      params: [scopeParam(src, codes.dependsOn[0], 'Importing scope'), scopeParam(dst, codes.dependsOn[1], 'Imported scope')],
      example: `check ${lang.name}.depends_on(api, domain)`,
      async run(a, env) {
        const found = await between(a.scope(src), a.scope(dst), env);
        if (found.length > 0) return pass();
        return fail(`No dependency found: ${scopeLabel(a.scope(src))} does not import anything from ${scopeLabel(a.scope(dst))}`);
      },
    },
    {
      name: 'no_dependency',
      description: 'Fails if some file of the first scope imports a file of the second scope; each offending import is reported with its location.',
      params: [scopeParam(src, codes.noDependency[0], 'Importing scope'), scopeParam(dst, codes.noDependency[1], 'Scope that must not be imported')],
      example: `check ${lang.name}.no_dependency(domain, api)`,
      async run(a, env) {
        const found = await between(a.scope(src), a.scope(dst), env);
        if (found.length === 0) return pass();
        const first = found[0]!;
        return fail(
          `Forbidden dependency detected: ${found.length} import${found.length === 1 ? '' : 's'} from ${scopeLabel(a.scope(src))} into ${scopeLabel(a.scope(dst))}, first ${rel(env.workspace, first.from)}:${first.line}:${first.column} '${first.specifier}'`,
          found.map((e) => edgeLocation(e, env)),
        );
      },
    },
    {
      name: 'no_circular_dependencies',
      description: 'Fails if the files of the scope import each other in a cycle; each cycle is listed, with the import statements that close it.',
      params: [scopeParam('scope', codes.cycles)],
      example: `check ${lang.name}.no_circular_dependencies(src)`,
      async run(a, env) {
        const files = a.scope('scope').paths.filter((p) => lang.handles(p));
        const inScope = new Set(files);
        const edges = (await lang.edges(files, env)).filter((e) => e.to !== undefined && inScope.has(e.to) && e.to !== e.from);
        const cycles = findCycles(files, edges);
        if (cycles.length === 0) return pass();
        const text = cycles
          .slice(0, 5)
          .map((c) => [...c.files, c.files[0]!].map((f) => rel(env.workspace, f)).join(' → '))
          .join('; ');
        return fail(
          `${cycles.length} circular dependenc${cycles.length === 1 ? 'y' : 'ies'}: ${text}${cycles.length > 5 ? '; …' : ''}`,
          cycles.flatMap((c) => c.edges.map((e) => edgeLocation(e, env))),
        );
      },
    },
  ];
}

export interface Cycle {
  files: string[];
  edges: DependencyEdge[];
}

/** Strongly connected components with more than one file (Tarjan), each as one representative cycle. */
export function findCycles(files: readonly string[], edges: readonly DependencyEdge[]): Cycle[] {
  const adj = new Map<string, DependencyEdge[]>();
  for (const e of edges) {
    const l = adj.get(e.from) ?? [];
    l.push(e);
    adj.set(e.from, l);
  }
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const comps: string[][] = [];
  // iterative Tarjan to survive deep graphs
  for (const start of files) {
    if (idx.has(start)) continue;
    const work: { v: string; i: number }[] = [{ v: start, i: 0 }];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const out = adj.get(top.v) ?? [];
      if (top.i < out.length) {
        const w = out[top.i++]!.to!;
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, idx.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === idx.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        if (comp.length > 1) comps.push(comp);
      }
    }
  }
  return comps.map((comp) => cycleIn(new Set(comp), adj)).sort((a, b) => (a.files[0]! < b.files[0]! ? -1 : 1));
}

/** One concrete cycle inside a strongly connected component (BFS back to the smallest file). */
function cycleIn(comp: Set<string>, adj: Map<string, DependencyEdge[]>): Cycle {
  const start = [...comp].sort()[0]!;
  const prev = new Map<string, DependencyEdge>();
  const queue = [start];
  const seen = new Set([start]);
  let closing: DependencyEdge | undefined;
  while (queue.length > 0 && !closing) {
    const v = queue.shift()!;
    for (const e of adj.get(v) ?? []) {
      if (!comp.has(e.to!)) continue;
      if (e.to === start) {
        closing = e;
        break;
      }
      if (!seen.has(e.to!)) {
        seen.add(e.to!);
        prev.set(e.to!, e);
        queue.push(e.to!);
      }
    }
  }
  const edges: DependencyEdge[] = [];
  if (closing) {
    edges.unshift(closing);
    for (let v = closing.from; v !== start; ) {
      const e = prev.get(v)!;
      edges.unshift(e);
      v = e.from;
    }
  }
  return { files: edges.map((e) => e.from), edges };
}

/** Test-file naming conventions. */
export function isTestFileName(file: string): boolean {
  const b = basename(file);
  return /^test_.*\.py$|_test\.py$|\.(test|spec)\.[cm]?[jt]sx?$|^tests?\.rs$/.test(b) || /[\\/](tests|__tests__)[\\/]/.test(file);
}

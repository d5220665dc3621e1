/** Pieces shared by the language libraries: symbol search, dependency checks, cycle detection. */
import { basename } from 'node:path';
import {
  LibraryError,
  fail,
  pass,
  type CheckResult,
  type CodeLocation,
  type DependencyEdge,
  type Scope,
  type SymbolRef,
} from '../../types.js';
import type { WorkspaceCache } from '../cache.js';
import type { FileFacts, Grammar, SymbolFact } from '../facts/types.js';
import type { Env, FnSpec, ParamSpec } from '../framework.js';
import { scopeLabel } from '../framework.js';
import { makeScope, rel } from '../paths.js';
import { C } from '../../../diagnostics/registry.js';

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

export const strParam = (name: string, code: string, description: string, optional = false): ParamSpec => ({
  name,
  type: 'string',
  code,
  description,
  ...(optional ? { optional } : {}),
});
export const scopeParam = (name: string, code: string, description = 'Scope to check'): ParamSpec => ({
  name,
  type: 'scope',
  code,
  description,
});

export function toSymbolRef(file: string, s: SymbolFact): SymbolRef {
  return {
    file,
    line: s.line,
    column: s.column,
    symbolKind: s.kind,
    name: s.name,
    message: `${s.kind} ${s.container ? `${s.container}.` : ''}${s.name}`,
  };
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
  o: {
    name: string;
    tag: string;
    what: string;
    code: string;
    kinds: SymbolFact['kind'][];
    example: string;
    label?: string;
  },
): FnSpec<Scope> {
  return {
    name: o.name,
    description:
      `Selects the files that define a ${o.what} with exactly this name (found in the syntax tree, so ` +
      'comments and strings never match); the scope lists each definition with its line and column. An optional ' +
      'leading scope restricts the search.',
    leadingScope: { name: 'within', description: 'Only search these files (default: the whole workspace)' },
    params: [strParam(`${o.tag}_name`, o.code, `Name of the ${o.what}`)],
    example: o.example,
    async run(a, env) {
      const name = a.str(`${o.tag}_name`);
      const within = a.optScope('within');
      const syms = await findSymbols(lang, env, within, (s) => s.name === name && o.kinds.includes(s.kind));
      const label = o.label ?? (o.tag === 'function' || o.tag === 'func' ? 'fn' : o.tag);
      return makeScope(
        { File: `${label}:${name}` },
        syms.map((s) => s.file),
        `${lang.name}.${o.name}('${name}')`,
        scopeLanguage(
          lang,
          syms.map((s) => s.file),
        ),
        syms,
      );
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
  o: {
    name: string;
    tag: string;
    what: string;
    code: string;
    kinds: SymbolFact['kind'][];
    example: string;
    notFound: string;
  },
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
  return {
    file: e.from,
    line: e.line,
    column: e.column,
    message: `${e.specifier}${e.to ? ` → ${rel(env.workspace, e.to)}` : ''}`,
  };
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
    const edges = await lang.edges(
      a.paths.filter((p) => lang.handles(p)),
      env,
    );
    return edges.filter((e) => e.to !== undefined && targets.has(e.to) && e.from !== e.to);
  };
  return [
    {
      name: 'depends_on',
      description:
        `Passes if some file of the first scope imports (resolved with ${lang.name}'s module rules) a ` +
        'file of the second scope.',
      params: [
        scopeParam(src, codes.dependsOn[0], 'Importing scope'),
        scopeParam(dst, codes.dependsOn[1], 'Imported scope'),
      ],
      example: `check ${lang.name}.depends_on(api, domain)`,
      async run(a, env) {
        const found = await between(a.scope(src), a.scope(dst), env);
        if (found.length > 0) return pass();
        return fail(
          `No dependency found: ${scopeLabel(a.scope(src))} does not import anything from ` +
            `${scopeLabel(a.scope(dst))}`,
        );
      },
    },
    {
      name: 'no_dependency',
      description:
        'Fails if some file of the first scope imports a file of the second scope; each offending import is ' +
        'reported with its location.',
      params: [
        scopeParam(src, codes.noDependency[0], 'Importing scope'),
        scopeParam(dst, codes.noDependency[1], 'Scope that must not be imported'),
      ],
      example: `check ${lang.name}.no_dependency(domain, api)`,
      async run(a, env) {
        const found = await between(a.scope(src), a.scope(dst), env);
        if (found.length === 0) return pass();
        const first = found[0]!;
        return fail(
          `Forbidden dependency detected: ${found.length} import${found.length === 1 ? '' : 's'} from ` +
            `${scopeLabel(a.scope(src))} into ${scopeLabel(a.scope(dst))}, first ` +
            `${rel(env.workspace, first.from)}:${first.line}:${first.column} '${first.specifier}'`,
          found.map((e) => edgeLocation(e, env)),
        );
      },
    },
    {
      name: 'no_circular_dependencies',
      description:
        'Fails if the files of the scope import each other in a cycle. Every group of files that reach each other ' +
        '(a strongly connected group) is reported with all its members, and with one shortest concrete cycle whose ' +
        'imports are listed with `file:line`. Imports needed only for type checking are left out unless `options` ' +
        'has `include_type_only`' +
        (lang.name === 'rust'
          ? "; `ignore_mod_tree` leaves out a parent module's own `mod child;` declarations and `pub use child::…` " +
            're-exports of its sub-modules.'
          : '.'),
      params: [
        scopeParam('scope', codes.cycles),
        strParam('options', C.E841, `Comma-separated: ${cycleOptions(lang).join(', ')}`, true),
      ],
      example: `check ${lang.name}.no_circular_dependencies(src)`,
      async run(a, env) {
        const opts = parseCycleOptions(lang, a.optStr('options'));
        const files = a.scope('scope').paths.filter((p) => lang.handles(p));
        const inScope = new Set(files);
        const edges = (await lang.edges(files, env)).filter(
          (e) =>
            e.to !== undefined &&
            inScope.has(e.to) &&
            e.to !== e.from &&
            (opts.includeTypeOnly || !e.typeOnly) &&
            !(opts.ignoreModTree && e.parentToChild),
        );
        const groups = findCycles(files, edges);
        if (groups.length === 0) return pass();
        const r = (f: string) => rel(env.workspace, f);
        const text = groups
          .slice(0, 5)
          .map((c) => {
            const members = c.members.map(r);
            const shown =
              members.length > 12
                ? `${members.slice(0, 12).join(', ')}, … (${members.length - 12} more)`
                : members.join(', ');
            const cycle = c.edges.map((e) => `${r(e.from)}:${e.line}`).join(' → ');
            return `${c.members.length} files (${shown}); shortest cycle: ${cycle} → ${r(c.files[0]!)}`;
          })
          .join('; ');
        return fail(
          `${groups.length} group${groups.length === 1 ? '' : 's'} of files in a dependency cycle: ` +
            `${text}${groups.length > 5 ? `; … (${groups.length - 5} more groups)` : ''}`,
          groups.flatMap((c) => c.edges.map((e) => edgeLocation(e, env))),
        );
      },
    },
  ];
}

/** Words accepted in the `options` argument of `no_circular_dependencies`. */
function cycleOptions(lang: LanguageSupport): string[] {
  return lang.name === 'rust' ? ['include_type_only', 'ignore_mod_tree'] : ['include_type_only'];
}

function parseCycleOptions(
  lang: LanguageSupport,
  text: string | undefined,
): { includeTypeOnly: boolean; ignoreModTree: boolean } {
  const words = (text ?? '').split(/[\s,]+/).filter(Boolean);
  const known = cycleOptions(lang);
  for (const w of words) {
    if (!known.includes(w)) {
      throw new LibraryError(
        C.E841,
        `${lang.name}.no_circular_dependencies: unknown option '${w}'; known options: ${known.join(', ')}`,
      );
    }
  }
  return { includeTypeOnly: words.includes('include_type_only'), ignoreModTree: words.includes('ignore_mod_tree') };
}

export interface Cycle {
  /** Every file of the strongly connected group, sorted. */
  members: string[];
  /** One shortest cycle inside the group: its files in order, starting with the closing edge's target. */
  files: string[];
  /** The imports of that cycle, in order (`edges[i]` goes from `files[i]` to the next file). */
  edges: DependencyEdge[];
}

/**
 * Strongly connected groups with more than one file (Tarjan, iterative so deep graphs are fine),
 * each with all its members and one shortest cycle inside it.
 */
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
        if (comp.length > 1) comps.push(comp.sort());
      }
    }
  }
  return comps
    .map((comp) => ({ members: comp, ...shortestCycle(comp, adj) }))
    .sort((a, b) => (a.members[0]! < b.members[0]! ? -1 : 1));
}

/** Starting points tried per group: a shortest cycle through each (bounded for huge groups). */
const MAX_STARTS = 200;

/** The shortest cycle inside a strongly connected group (a BFS back to each starting file). */
function shortestCycle(
  comp: readonly string[],
  adj: Map<string, DependencyEdge[]>,
): { files: string[]; edges: DependencyEdge[] } {
  const inComp = new Set(comp);
  let best: DependencyEdge[] | undefined;
  for (const start of comp.slice(0, MAX_STARTS)) {
    const prev = new Map<string, DependencyEdge>();
    const queue = [start];
    const seen = new Set([start]);
    let closing: DependencyEdge | undefined;
    const depth = new Map([[start, 0]]);
    for (let q = 0; q < queue.length && !closing; q++) {
      const v = queue[q]!;
      if (best && depth.get(v)! + 1 >= best.length) break; // cannot beat the best one
      for (const e of adj.get(v) ?? []) {
        if (!inComp.has(e.to!)) continue;
        if (e.to === start) {
          closing = e;
          break;
        }
        if (!seen.has(e.to!)) {
          seen.add(e.to!);
          prev.set(e.to!, e);
          depth.set(e.to!, depth.get(v)! + 1);
          queue.push(e.to!);
        }
      }
    }
    if (!closing) continue;
    const path: DependencyEdge[] = [closing];
    for (let v = closing.from; v !== start; ) {
      const e = prev.get(v)!;
      path.unshift(e);
      v = e.from;
    }
    if (!best || path.length < best.length) best = path;
    if (best.length === 2) break;
  }
  const edges = best ?? [];
  return { files: edges.map((e) => e.from), edges };
}

/** Test-file naming conventions. */
export function isTestFileName(file: string): boolean {
  const b = basename(file);
  return (
    /^test_.*\.py$|_test\.py$|\.(test|spec)\.[cm]?[jt]sx?$|^tests?\.rs$/.test(b) ||
    /[\\/](tests|__tests__)[\\/]/.test(file)
  );
}

/**
 * Dependency rules: `forbids / requires / allows connection to T[.*]` for an element implementing a
 * pattern, and `--strict-uses` (dependencies between elements must be declared with `uses`).
 */
import type { CodeLocation, DependencyEdge } from '../libraries/types.js';
import { descendants } from '../model/build.js';
import type { Bindings } from '../model/bindings.js';
import type { Node } from '../model/types.js';
import type { Requirement } from '../syntax/ast.js';
import type { DependencyFacts, FileSet } from './facts.js';
import type { ExceptionMatcher } from './exceptions.js';
import type { ExceptedViolation } from '../results/types.js';
import { displayPath } from '../diagnostics/paths.js';

export interface RuleResult {
  status: 'pass' | 'fail' | 'error';
  message?: string;
  locations?: CodeLocation[];
  /** Violations accepted by an `except … because '…'` of the element or an enclosing one. */
  excepted?: ExceptedViolation[];
}

export interface ConnectionEnv {
  facts: DependencyFacts;
  workspace: string;
  allowEmpty: boolean;
  /** What the spec's names resolved to (connection targets, `uses` targets). */
  bindings: Bindings;
  /** Leave out imports needed only for type checking (`--ignore-type-only`); by default they count. */
  ignoreTypeOnly?: boolean;
  /** The spec's exceptions (none when absent). */
  exceptions?: ExceptionMatcher;
}

/** Drops the edges an exception accepts, recording them as excepted violations. */
async function applyExceptions(
  env: ConnectionEnv,
  x: Node,
  edges: DependencyEdge[],
): Promise<{ edges: DependencyEdge[]; excepted: ExceptedViolation[] }> {
  if (!env.exceptions || env.exceptions.size === 0) return { edges, excepted: [] };
  const { kept, excepted } = await env.exceptions.split(x, edges);
  return {
    edges: kept,
    excepted: excepted.map((e) => ({ location: location(env, e.edge), reason: e.reason, file: e.file, line: e.line })),
  };
}

/** A result that also lists what the exceptions accepted. */
function withExcepted(r: RuleResult, excepted: ExceptedViolation[]): RuleResult {
  return excepted.length > 0 ? { ...r, excepted } : r;
}

/** Import edges of `files` that the rules look at (type-only ones left out when asked). */
async function edgesOf(env: ConnectionEnv, files: Iterable<string>): Promise<DependencyEdge[]> {
  const all = await env.facts.edges(files);
  return env.ignoreTypeOnly ? all.filter((e) => !e.typeOnly) : all;
}

const SHOWN = 3;

/** A file as people read it in messages: relative to the workspace when inside it. */
function rel(env: ConnectionEnv, file: string): string {
  return displayPath(file, env.workspace);
}

function location(env: ConnectionEnv, e: DependencyEdge): CodeLocation {
  return {
    file: e.from,
    line: e.line,
    column: e.column,
    message: `${rel(env, e.from)} imports ${e.specifier}`,
    specifier: e.specifier,
  };
}

function describeEdges(env: ConnectionEnv, edges: DependencyEdge[]): string {
  const shown = edges.slice(0, SHOWN).map((e) => `${rel(env, e.from)}:${e.line} imports ${e.specifier}`);
  return shown.join(', ') + (edges.length > SHOWN ? ` (and ${edges.length - SHOWN} more)` : '');
}

function connectionPath(r: Requirement): string {
  const c = r.component;
  if (c.kind !== 'connection') return '';
  return c.path.map((i) => i.name).join('.') + (c.wildcard ? '.*' : '');
}

interface Target {
  node: Node;
  files: FileSet;
}

async function targetFiles(env: ConnectionEnv, r: Requirement, x: Node): Promise<Target | { error: string }> {
  const c = r.component;
  if (c.kind !== 'connection') return { error: 'not a connection requirement' };
  const t = env.bindings.connectionTarget(r, x);
  if (!t) return { error: `\`${connectionPath(r)}\` was not bound for \`${x.path}\`` };
  if (!t.ok) return { error: `\`${connectionPath(r)}\` names no element: ${t.message}` };
  return { node: t.node, files: await env.facts.filesOf(t.node, c.wildcard, x) };
}

/** Files of x and its descendants; a problem as a RuleResult. */
async function sourceFiles(env: ConnectionEnv, x: Node): Promise<FileSet | RuleResult> {
  const src = await env.facts.filesOf(x, true);
  if (src.errors.length > 0)
    return { status: 'error', message: `the scopes of \`${x.path}\` could not be evaluated: ${src.errors[0]}` };
  if (src.files.size === 0 && !env.allowEmpty)
    return {
      status: 'fail',
      message: `element \`${x.path}\` selects no file, so its dependencies cannot be checked`,
    };
  return src;
}

export async function forbidsOrRequiresConnection(
  env: ConnectionEnv,
  r: Requirement,
  x: Node,
  p: Node,
): Promise<RuleResult> {
  const src = await sourceFiles(env, x);
  if ('status' in src) return src;
  const t = await targetFiles(env, r, x);
  if ('error' in t) return { status: 'error', message: t.error };
  if (t.files.errors.length > 0)
    return {
      status: 'error',
      message: `the scopes of \`${t.node.path}\` could not be evaluated: ${t.files.errors[0]}`,
    };
  const from = [...src.files].filter((f) => !t.files.files.has(f));
  const found = (await edgesOf(env, from)).filter((e) => e.to !== undefined && t.files.files.has(e.to));
  const target = connectionPath(r);
  if (r.action === 'forbids') {
    const { edges, excepted } = await applyExceptions(env, x, found);
    if (edges.length === 0)
      return withExcepted(
        {
          status: 'pass',
          message:
            `no file of \`${x.path}\` imports ` + `\`${target}\`${excepted.length > 0 ? ' but the excepted ones' : ''}`,
        },
        excepted,
      );
    return withExcepted(
      {
        status: 'fail',
        message:
          `\`${x.path}\` depends on \`${target}\` (forbidden by pattern \`${p.name}\`): ` +
          `${describeEdges(env, edges)}`,
        locations: edges.map((e) => location(env, e)),
      },
      excepted,
    );
  }
  const edges = found;
  if (edges.length > 0)
    return {
      status: 'pass',
      message: `\`${x.path}\` imports \`${target}\` (${describeEdges(env, edges.slice(0, 1))})`,
    };
  if (t.files.files.size === 0 && !env.allowEmpty)
    return { status: 'fail', message: `\`${target}\` selects no file, so nothing can depend on it` };
  return {
    status: 'fail',
    message: `no file of \`${x.path}\` imports anything in \`${target}\` (required by pattern \`${p.name}\`)`,
  };
}

export async function allowsConnections(env: ConnectionEnv, rs: Requirement[], x: Node, _p: Node): Promise<RuleResult> {
  const src = await sourceFiles(env, x);
  if ('status' in src) return src;
  const allowed = new Set<string>();
  for (const r of rs) {
    const t = await targetFiles(env, r, x);
    if ('error' in t) return { status: 'error', message: t.error };
    if (t.files.errors.length > 0)
      return {
        status: 'error',
        message: `the scopes of \`${t.node.path}\` could not be evaluated: ${t.files.errors[0]}`,
      };
    t.files.files.forEach((f) => allowed.add(f));
  }
  const owners = await env.facts.owners();
  const edges = await edgesOf(env, src.files);
  // Owners that are X's ancestors do not count: a file only they select is shared code, free to use.
  const ancestors = new Set<Node>();
  for (let a = x.parent; a; a = a.parent) ancestors.add(a);
  const others = (f: string): Node[] =>
    (owners.get(f) ?? []).filter((o) => !ancestors.has(o) && o !== x && !isAncestor(x, o));
  const { edges: bad, excepted } = await applyExceptions(
    env,
    x,
    edges.filter((e) => {
      if (e.to === undefined || src.files.has(e.to) || allowed.has(e.to)) return false;
      return others(e.to).length > 0;
    }),
  );
  const targets = rs.map(connectionPath).join(', ');
  if (bad.length === 0)
    return withExcepted(
      { status: 'pass', message: `every dependency of \`${x.path}\` on other elements goes to ${targets}` },
      excepted,
    );
  const owner = (f: string): string =>
    others(f)
      .map((n) => n.path)
      .join(', ');
  return {
    ...(excepted.length > 0 ? { excepted } : {}),
    status: 'fail',
    message:
      `\`${x.path}\` may only depend on ${targets}, but ${describeEdges(env, bad)} (owned by ` +
      `${[...new Set(bad.map((e) => owner(e.to as string)))].join('; ')})`,
    locations: bad.map((e) => ({
      ...location(env, e),
      message: `${rel(env, e.from)} imports ${e.specifier} (${owner(e.to as string)})`,
    })),
  };
}

/** `--strict-uses`: every dependency of x's own files on files owned by another element must be declared. */
export async function strictUses(env: ConnectionEnv, x: Node): Promise<RuleResult> {
  const own = await env.facts.filesOf(x, false);
  if (own.errors.length > 0)
    return { status: 'error', message: `the scopes of \`${x.path}\` could not be evaluated: ${own.errors[0]}` };
  const owners = await env.facts.owners();
  const related = new Set<Node>([x, ...descendants(x)]);
  for (let a = x.parent; a; a = a.parent) related.add(a);
  // Files x owns most specifically (no descendant of x also selects them).
  const mine = [...own.files].filter((f) => !(owners.get(f) ?? []).some((o) => o !== x && isAncestor(x, o)));
  const declared = await declaredTargets(env, x);
  const edges = await edgesOf(env, mine);
  const undeclared: DependencyEdge[] = [];
  for (const e of edges) {
    if (e.to === undefined) continue;
    const all = owners.get(e.to) ?? [];
    // A file that x (or one of its descendants) selects too is x's own code.
    if (all.some((o) => o === x || isAncestor(x, o))) continue;
    const os = all.filter((o) => !related.has(o));
    if (os.length === 0) continue;
    if (declared.files.has(e.to)) continue;
    if (os.some((o) => declared.nodes.some((d) => d === o || isAncestor(d, o)))) continue;
    undeclared.push(e);
  }
  const { edges: bad, excepted } = await applyExceptions(env, x, undeclared);
  if (bad.length === 0)
    return withExcepted(
      { status: 'pass', message: `every dependency of \`${x.path}\` on another element is declared with \`uses\`` },
      excepted,
    );
  const who = [
    ...new Set(
      bad.flatMap((e) => (owners.get(e.to as string) ?? []).filter((o) => !related.has(o)).map((o) => o.path)),
    ),
  ];
  return {
    status: 'fail',
    ...(excepted.length > 0 ? { excepted } : {}),
    message:
      `\`${x.path}\` depends on ${who.map((w) => `\`${w}\``).join(', ')} without a \`uses\` declaration: ` +
      `${describeEdges(env, bad)}`,
    locations: bad.map((e) => location(env, e)),
  };
}

function isAncestor(a: Node, b: Node): boolean {
  for (let n = b.parent; n; n = n.parent) if (n === a) return true;
  return false;
}

/** Targets of the `uses` declarations of x and its ancestors: elements, and files of named scopes. */
async function declaredTargets(env: ConnectionEnv, x: Node): Promise<{ nodes: Node[]; files: Set<string> }> {
  const nodes: Node[] = [];
  const files = new Set<string>();
  for (let a: Node | undefined = x; a; a = a.parent) {
    for (const u of a.uses) {
      const r = env.bindings.uses(u);
      if (!r?.ok) continue;
      if (r.target.kind === 'node') nodes.push(r.target.node);
      else if (
        r.target.kind === 'member' &&
        r.target.member.owner.kind === 'element' &&
        r.target.member.kind === 'scope'
      ) {
        (await env.facts.filesOfMember(r.target.member)).forEach((f) => files.add(f));
      }
    }
  }
  return { nodes, files };
}

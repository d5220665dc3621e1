/**
 * The actual dependency graph between elements, for the architecture report: each file belongs to
 * the most specific element whose own scopes select it (the deepest; the first declared on a tie),
 * and every import from a file of one element into a file of another is an edge between them,
 * with the imports behind it. Uses the run's dependency facts, so nothing is analysed twice.
 */
import type { Node } from '../model/types.js';
import type { DependencyGraph, ElementDependency } from '../results/types.js';
import type { DependencyFacts } from './facts.js';

export async function collectGraph(facts: DependencyFacts): Promise<DependencyGraph> {
  const owners = await facts.owners();
  const owner = new Map<string, Node>();
  for (const [file, nodes] of owners) {
    let best: Node | undefined;
    for (const n of nodes) if (!best || n.depth > best.depth) best = n;
    if (best) owner.set(file, best);
  }
  const files: Record<string, number> = {};
  for (const n of owner.values()) files[n.path] = (files[n.path] ?? 0) + 1;
  const byPair = new Map<string, ElementDependency>();
  for (const e of await facts.edges(owner.keys())) {
    if (e.to === undefined) continue;
    const from = owner.get(e.from);
    const to = owner.get(e.to);
    if (!from || !to || from === to) continue;
    const key = `${from.path}\u0000${to.path}`;
    let dep = byPair.get(key);
    if (!dep) {
      dep = { from: from.path, to: to.path, imports: [] };
      byPair.set(key, dep);
    }
    dep.imports.push({ file: e.from, line: e.line, column: e.column, specifier: e.specifier, target: e.to });
  }
  const dependencies = [...byPair.values()].sort((a, b) => (a.from === b.from ? cmp(a.to, b.to) : cmp(a.from, b.from)));
  for (const d of dependencies) d.imports.sort((a, b) => (a.file === b.file ? a.line - b.line : cmp(a.file, b.file)));
  return { files, dependencies };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

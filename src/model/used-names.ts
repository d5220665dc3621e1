/**
 * The library names a spec may use, read from its syntax trees before anything is loaded: the
 * names of `import x`, `import x.y`, `from x import …` (the whole dotted name and its first
 * segment), and every other name written in the files (a call `x.fn(…)` to a library the file did
 * not import still works, with a warning). The set is deliberately generous — an element that
 * happens to share a library's name only loads that library — because a library left out would
 * turn a working spec into errors. The commands load only the configured libraries named here, so
 * a broken or hostile entry in hielements.toml that a spec does not use cannot affect it.
 */
import type { Program } from '../syntax/ast.js';

/** Keys whose values hold no names (positions, text). */
const SKIP: ReadonlySet<string> = new Set(['span', 'nameSpan', 'doc', 'value', 'file']);

export function namesUsedBy(programs: readonly Program[]): Set<string> {
  const names = new Set<string>();
  for (const p of programs) visit(p, names);
  return names;
}

/**
 * Visits every node of a syntax tree generically (so that names in any new kind of node count
 * too). The parser builds a tree — a node is reached once, except an Identifier a required element
 * shares with its body, which only adds its name again — so no visited-set is kept, and `for…in`
 * walks the keys without the per-node arrays `Object.entries` would allocate: on a spec of
 * thousands of elements this walk was the check phase's largest allocator.
 */
function visit(node: object, names: Set<string>): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i];
      if (typeof item === 'object' && item !== null) visit(item, names);
    }
    return;
  }
  const o = node as Record<string, unknown>;
  if (typeof o.name === 'string') names.add(o.name);
  if (o.kind === 'Import') addImportPath(o.path, names);
  for (const key in o) {
    const value = o[key];
    if (typeof value === 'object' && value !== null && !SKIP.has(key)) visit(value, names);
  }
}

/** `import x.y`: the whole dotted name (its first segment is an Identifier the walk adds). */
function addImportPath(path: unknown, names: Set<string>): void {
  const p = path as { kind?: string; segments?: readonly { name: string }[] };
  if (p.kind !== 'Name' || !p.segments || p.segments.length === 0) return;
  let dotted = p.segments[0]!.name;
  for (let i = 1; i < p.segments.length; i++) dotted += `.${p.segments[i]!.name}`;
  names.add(dotted);
}

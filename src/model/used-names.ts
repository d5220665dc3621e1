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
const SKIP = new Set(['span', 'nameSpan', 'doc', 'value', 'file']);

export function namesUsedBy(programs: readonly Program[]): Set<string> {
  const names = new Set<string>();
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const o = node as Record<string, unknown>;
    if (typeof o.name === 'string') names.add(o.name);
    if (o.kind === 'Import') {
      const path = o.path as { kind: string; segments?: { name: string }[] };
      if (path.kind === 'Name' && path.segments && path.segments.length > 0)
        names.add(path.segments.map((s) => s.name).join('.'));
    }
    for (const [key, value] of Object.entries(o)) if (!SKIP.has(key)) visit(value);
  };
  for (const p of programs) visit(p);
  return names;
}

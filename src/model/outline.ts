/**
 * The element tree of a validated spec as plain data, for reports that draw the architecture:
 * each element's path, name, `##` documentation, where it is declared, and the elements its
 * `uses` declarations name (a `uses` of a scope counts as a use of the scope's element).
 */
import type { ElementOutline } from '../results/types.js';
import { identifiersToSegments, resolvePath } from './resolve.js';
import type { Node, SpecModel } from './types.js';

export function elementOutline(model: SpecModel): ElementOutline[] {
  return model.elements.map((n) => {
    const e: ElementOutline = {
      path: n.path,
      name: n.name,
      file: n.file,
      line: n.nameSpan.start.line,
      uses: usesOf(n),
      implements: n.implements.map((p) => p.name),
    };
    if (n.parent && n.parent.kind === 'element') e.parent = n.parent.path;
    if (n.decl.doc) e.doc = n.decl.doc;
    return e;
  });
}

function usesOf(n: Node): string[] {
  const out = new Set<string>();
  for (const u of n.uses) {
    const r = resolvePath(identifiersToSegments(u.target), n, n.unit);
    if (!r.ok) continue;
    if (r.target.kind === 'node' && r.target.node.kind === 'element') out.add(r.target.node.path);
    else if (r.target.kind === 'member' && r.target.member.owner.kind === 'element')
      out.add(r.target.member.owner.path);
  }
  return [...out];
}

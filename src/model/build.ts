/**
 * Builds the namespace tree (`Node`s) from the loaded programs: one node per element, pattern and
 * pattern element; members (scopes, refs, children) per node; import aliases per file. Reports
 * duplicate names (docs/design-rulings.md#duplicate-names-and-shadowing) and shadowed outer names (warning).
 */
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { resolve } from 'node:path';
import type { ElementDecl, ImportDecl, PatternDecl, Program, RefDecl, ScopeDecl } from '../syntax/ast.js';
import { Codes } from './codes.js';
import { importedPath, type LoadedSpec } from './load.js';
import type { DeclaredModel } from './bind.js';
import type { Binding, FileUnit, Member, Node, NodeKind } from './types.js';

export interface Built {
  model: DeclaredModel;
  diagnostics: Diagnostic[];
}

export function buildModel(spec: LoadedSpec, libraryNames: Iterable<string>): Built {
  const diagnostics: Diagnostic[] = [];
  let counter = 0;
  const units = new Map<string, FileUnit>();
  const elements: Node[] = [];
  const topElements: Node[] = [];
  const patterns: Node[] = [];

  const newNode = (
    kind: NodeKind,
    name: string,
    path: string,
    decl: ElementDecl | PatternDecl,
    unit: FileUnit,
    parent?: Node,
  ): Node => ({
    kind,
    id: `${kind === 'element' ? 'e' : 'p'}${++counter}`,
    name,
    path,
    file: unit.file,
    nameSpan: decl.name.span,
    ...(parent ? { parent } : {}),
    unit,
    children: NONE as never[],
    scopes: NONE as never[],
    refs: NONE as never[],
    members: new Map(),
    checks: NONE as never[],
    uses: NONE as never[],
    bindings: NONE as never[],
    implements: NONE as never[],
    requirements: NONE as never[],
    bound: NO_BINDINGS,
    depth: parent ? parent.depth + 1 : 0,
    decl,
  });

  const addMember = (node: Node, name: string, value: Member | Node, span: Node['nameSpan']): boolean => {
    const prev = node.members.get(name);
    if (prev) {
      const prevSpan = 'nameSpan' in prev ? prev.nameSpan : prev.decl.name.span;
      diagnostics.push(
        makeDiagnostic(
          'error',
          Codes.DUPLICATE_NAME,
          `\`${name}\` is declared twice in ${describeNode(node)}`,
          node.file,
          span,
          {
            help: 'children, scopes and refs of one element share one namespace; rename one of them',
            related: [{ file: node.file, span: prevSpan, message: `first declaration of \`${name}\`` }],
          },
        ),
      );
      return false;
    }
    node.members.set(name, value);
    return true;
  };

  const fillBody = (node: Node, decl: ElementDecl | PatternDecl, childKind: NodeKind): void => {
    // Lists of the exact length (`map`, `listOf`): one grown by `push` keeps room for 17 entries.
    const members = (kind: Member['kind'], decls: readonly (ScopeDecl | RefDecl)[]): Member[] => {
      const list = mapList(
        decls,
        (d): Member => ({ kind, name: d.name.name, decl: d, owner: node, key: `${node.id}:${d.name.name}` }),
      );
      for (const m of list) addMember(node, m.name, m, m.decl.name.span);
      return list;
    };
    node.scopes = members('scope', decl.scopes);
    node.refs = members('ref', decl.refs);
    node.checks = listOf(decl.checks);
    const childDecls = decl.kind === 'Element' ? decl.children : decl.elements;
    const children: Node[] = [];
    for (const c of childDecls) {
      const child = makeElement(c, node.unit, childKind, node);
      children.push(child);
      addMember(node, child.name, child, c.name.span);
    }
    node.children = listOf(children);
  };

  const makeElement = (decl: ElementDecl, unit: FileUnit, kind: NodeKind, parent?: Node): Node => {
    const name = decl.name.name;
    const path = parent ? `${parent.path}.${name}` : name;
    const node = newNode(kind, name, path, decl, unit, parent);
    if (parent?.pattern) node.pattern = parent.pattern;
    else if (parent?.kind === 'pattern') node.pattern = parent;
    if (kind === 'element') elements.push(node);
    node.uses = listOf(decl.uses);
    node.bindings = listOf(decl.bindings);
    fillBody(node, decl, kind);
    return node;
  };

  // Units first (so that imports can point at any of them), then their declarations.
  for (const program of spec.programs) {
    units.set(program.file, {
      file: program.file,
      program,
      topLevel: new Map(),
      fileAliases: new Map(),
      openImports: [],
      libraries: new Map(),
    });
  }
  const registered = new Set(libraryNames);
  for (const program of spec.programs) {
    const unit = units.get(program.file) as FileUnit;
    declareTopLevel(program, unit);
  }
  for (const program of spec.programs) {
    const unit = units.get(program.file) as FileUnit;
    wireImports(program, unit);
  }

  function declareTopLevel(program: Program, unit: FileUnit): void {
    const addTop = (node: Node): void => {
      const prev = unit.topLevel.get(node.name);
      if (prev) {
        diagnostics.push(
          makeDiagnostic(
            'error',
            Codes.DUPLICATE_TOP_LEVEL,
            `\`${node.name}\` is declared twice at the top level of ${unit.file}`,
            unit.file,
            node.nameSpan,
            {
              help: 'top-level elements and patterns of one file share one namespace; rename one of them',
              related: [{ file: unit.file, span: prev.nameSpan, message: `first declaration of \`${node.name}\`` }],
            },
          ),
        );
        return;
      }
      unit.topLevel.set(node.name, node);
    };
    for (const p of program.patterns) {
      const node = newNode('pattern', p.name.name, p.name.name, p, unit);
      node.pattern = node;
      node.requirements = listOf(p.requirements);
      fillBody(node, p, 'pattern-element');
      patterns.push(node);
      addTop(node);
    }
    for (const e of program.elements) {
      const node = makeElement(e, unit, 'element');
      topElements.push(node);
      addTop(node);
    }
  }

  function wireImports(program: Program, unit: FileUnit): void {
    const fileImports = spec.imports?.get(program.file) ?? importsByPath(program, spec.programs);
    const aliasSpans = new Map<string, Node['nameSpan']>();
    const claim = (name: string, span: Node['nameSpan']): boolean => {
      const prev = aliasSpans.get(name);
      if (prev) {
        diagnostics.push(
          makeDiagnostic(
            'error',
            Codes.DUPLICATE_IMPORT_NAME,
            `the import name \`${name}\` is used twice`,
            unit.file,
            span,
            {
              related: [{ file: unit.file, span: prev, message: `first import of \`${name}\`` }],
            },
          ),
        );
        return false;
      }
      aliasSpans.set(name, span);
      return true;
    };
    for (const imp of program.imports) {
      if (imp.path.kind === 'File') {
        const target = fileImports.get(imp);
        const tu = target !== undefined ? units.get(target) : undefined;
        if (!tu) continue; // reported by loadSpec
        if (imp.alias) {
          if (claim(imp.alias.name, imp.alias.span)) unit.fileAliases.set(imp.alias.name, tu);
        } else if (!unit.openImports.includes(tu)) unit.openImports.push(tu);
        continue;
      }
      const first = imp.path.segments[0];
      if (!first) continue;
      const libName = imp.path.segments.map((s) => s.name).join('.');
      const known = registered.has(libName) ? libName : registered.has(first.name) ? first.name : undefined;
      if (known === undefined) {
        diagnostics.push(
          makeDiagnostic(
            'warning',
            Codes.IMPORT_UNKNOWN_LIBRARY,
            `unknown library \`${libName}\` in import`,
            unit.file,
            imp.span,
            {
              help:
                `registered libraries: ${[...registered].sort().join(', ') || 'none'}; external and ` +
                'WebAssembly libraries are declared in hielements.toml',
            },
          ),
        );
      }
      const local = imp.alias ?? first;
      if (claim(local.name, local.span)) unit.libraries.set(local.name, known ?? libName);
    }
  }

  // Shadowing: a member that hides a name of an enclosing element
  // (docs/design-rulings.md#duplicate-names-and-shadowing: warning).
  for (const node of [...elements, ...patterns.flatMap(allPatternNodes)]) {
    if (!node.parent) continue;
    for (const [name, member] of node.members) {
      for (let outer: Node | undefined = node.parent; outer; outer = outer.parent) {
        const hidden = outer.members.get(name);
        if (!hidden) continue;
        // `element patterns { scope patterns = … }`: a member named like its own element hides only
        // that element, which code inside it has no reason to name; the common idiom is not warned
        if (hidden === node) break;
        const span = 'nameSpan' in member ? member.nameSpan : member.decl.name.span;
        const hiddenSpan = 'nameSpan' in hidden ? hidden.nameSpan : hidden.decl.name.span;
        diagnostics.push(
          makeDiagnostic(
            'warning',
            Codes.SHADOWED_NAME,
            `\`${name}\` in ${describeNode(node)} hides \`${name}\` of ${describeNode(outer)}`,
            node.file,
            span,
            {
              help:
                `inside ${describeNode(node)}, \`${name}\` now means this declaration; use ` +
                `\`${outer.path}.${name}\` for the outer one`,
              related: [{ file: outer.file, span: hiddenSpan, message: 'the hidden declaration' }],
            },
          ),
        );
        break;
      }
    }
  }

  const root = units.get(spec.root.file) as FileUnit;
  const model: DeclaredModel = {
    file: spec.root.file,
    units: [...units.values()],
    root,
    elements,
    topElements,
    patterns,
    sources: spec.sources,
    libraryNames: registered,
  };
  return { model, diagnostics };
}

/**
 * The one empty list the nodes share for each list they have nothing in (most have no children,
 * refs, uses…): frozen, as nothing adds to a built node's lists.
 */
const NONE: readonly never[] = Object.freeze([]);

/** `items` copied at their exact length (a list grown by `push` keeps room for 17), or the shared empty list. */
function listOf<T>(items: readonly T[]): T[] {
  return items.length > 0 ? items.slice() : (NONE as never[]);
}

/** `items.map(fn)`, or the shared empty list. */
function mapList<T, U>(items: readonly T[], fn: (item: T) => U): U[] {
  return items.length > 0 ? items.map(fn) : (NONE as never[]);
}

/**
 * The bindings of a node that implements no pattern: most nodes, so they share this one empty map
 * (never written: the binder gives a node its own map for its first binding).
 */
export const NO_BINDINGS: ReadonlyMap<string, Binding> = new Map();

/** A pattern and all its (nested) pattern elements. */
export function allPatternNodes(p: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    out.push(n);
    n.children.forEach(walk);
  };
  walk(p);
  return out;
}

/** Every slot (scope/ref placeholder) of a pattern, with its key `p.e.s`. */
export function patternSlots(p: Node): { key: string; member: Member }[] {
  return allPatternNodes(p).flatMap((n) =>
    [...n.scopes, ...n.refs].map((m) => ({ key: `${n.path}.${m.name}`, member: m })),
  );
}

export function slotKey(m: Member): string {
  return `${m.owner.path}.${m.name}`;
}

export function describeNode(n: Node): string {
  switch (n.kind) {
    case 'element':
      return `element \`${n.path}\``;
    case 'pattern':
      return `pattern \`${n.name}\``;
    default:
      return `pattern element \`${n.path}\``;
  }
}

/** Descendant elements of `n` (not `n` itself), depth-first in document order. */
export function descendants(n: Node): Node[] {
  const out: Node[] = [];
  const walk = (x: Node): void => {
    for (const c of x.children) {
      out.push(c);
      walk(c);
    }
  };
  walk(n);
  return out;
}

/** File imports of `program` matched to loaded programs by resolved path. */
function importsByPath(program: Program, programs: readonly Program[]): Map<ImportDecl, string> {
  const byPath = new Map(programs.map((p) => [resolve(p.file), p.file]));
  const out = new Map<ImportDecl, string>();
  for (const imp of program.imports) {
    if (imp.path.kind !== 'File') continue;
    const hit = byPath.get(resolve(importedPath(program.file, imp.path.value)));
    if (hit !== undefined) out.set(imp, hit);
  }
  return out;
}

/**
 * The resolved model of a spec: every element, pattern and pattern element of the root file and of
 * the `.hie` files it imports, as a tree of namespaces (`Node`s) whose members are scopes, refs and
 * child nodes. Declared by `buildModel` (build.ts), bound by `bindModel` (bind.ts), checked by
 * `checkModel` (check.ts), run by `runSpec` (src/eval). Read-only after binding.
 */
import type { Span } from '../diagnostics/diagnostic.js';
import type { Value } from '../libraries/types.js';
import type { Bindings } from './bindings.js';
import type {
  BindingDecl,
  CheckDecl,
  ElementDecl,
  Expression,
  PatternDecl,
  Program,
  RefDecl,
  Requirement,
  ScopeDecl,
  UsesDecl,
} from '../syntax/ast.js';

export type NodeKind = 'element' | 'pattern' | 'pattern-element';

/** A scope or ref declared in a node. In a pattern or pattern element it is a placeholder ("slot"). */
export interface Member {
  kind: 'scope' | 'ref';
  name: string;
  decl: ScopeDecl | RefDecl;
  owner: Node;
  /** Unique key, e.g. `e3:src` (node id + name). */
  key: string;
}

export interface Node {
  kind: NodeKind;
  /** Unique within the model (`e1`, `p2`, ...). */
  id: string;
  name: string;
  /**
   * Element: dotted path from its top-level element (`shop.orders.api`).
   * Pattern: its name. Pattern element: `pattern.element[.child]` (the slot prefix).
   */
  path: string;
  file: string;
  /** Span of the declaration's name. */
  nameSpan: Span;
  /** Lexical parent (undefined at file top level). */
  parent?: Node;
  unit: FileUnit;
  /** Children nodes, in document order. */
  children: Node[];
  scopes: Member[];
  refs: Member[];
  /**
   * One namespace per node: scopes, refs and children (docs/design-rulings.md#duplicate-names-and-shadowing). First
   * declaration wins.
   */
  members: Map<string, Member | Node>;
  checks: CheckDecl[];
  /** Element: `uses` declarations. */
  uses: UsesDecl[];
  /** Element: V1 bindings `p.e.s = expr`. */
  bindings: BindingDecl[];
  /** Element: resolved `implements`, filled by the bind phase (unknown patterns are left out). */
  readonly implements: readonly Node[];
  /** Pattern: requirements. */
  requirements: Requirement[];
  /** Pattern and pattern element: the pattern they belong to. */
  pattern?: Node;
  /** Element: bindings of the patterns it implements, by slot key (`p.e.s`), filled by the bind phase. */
  readonly bound: ReadonlyMap<string, Binding>;
  /** Depth from the top-level (0 for top-level nodes). */
  depth: number;
  decl: ElementDecl | PatternDecl;
}

/** How an implementing element gives a value to a pattern slot. */
export type Binding =
  /** `scope local binds p.e.s = expr` / `ref local: T binds p.e.s = expr` in element `site`. */
  | { kind: 'member'; slot: Member; member: Member; span: Span; file: string }
  /** V1 `p.e.s = expr` written in element `site`. */
  | { kind: 'v1'; slot: Member; decl: BindingDecl; site: Node; span: Span; file: string };

/** One loaded `.hie` file. */
export interface FileUnit {
  file: string;
  program: Program;
  /** Top-level elements and patterns, by name (first declaration wins). */
  topLevel: Map<string, Node>;
  /** `import './x.hie' as y`: y → unit. */
  fileAliases: Map<string, FileUnit>;
  /** `import './x.hie'` without alias: their top-level names are visible here (after local ones). */
  openImports: FileUnit[];
  /** Library names usable in calls: alias (or name) → registered library name. */
  libraries: Map<string, string>;
}

export interface SpecModel {
  /** The spec file as given. */
  file: string;
  units: FileUnit[];
  root: FileUnit;
  /** Every element, depth-first in document order (root file first, then imports in load order). */
  elements: Node[];
  /** Top-level elements (root file then imports). */
  topElements: Node[];
  patterns: Node[];
  sources: Map<string, string>;
  /** Library names as registered at validation time. */
  libraryNames: Set<string>;
  /** Registered library name → the functions the spec calls on it (from the bindings). */
  libraryCalls: ReadonlyMap<string, ReadonlySet<string>>;
  /** What every name of the spec resolved to, keyed by AST node (the bind phase's side table). */
  bindings: Bindings;
}

/** What a dotted name denotes. */
export type Target =
  | { kind: 'node'; node: Node }
  | { kind: 'member'; member: Member }
  | { kind: 'unit'; unit: FileUnit };

/** An expression to evaluate and the place where its names resolve. */
export interface EvalSite {
  expression: Expression;
  /** Node whose lexical environment resolves names. */
  node: Node;
  /** Element whose bindings fill pattern slots (when `node` is in a pattern, or for `p.e.s` names). */
  implementer?: Node;
  /** Values of plain names that shadow everything else (the parameters of a `connection_check`). */
  locals?: ReadonlyMap<string, Value>;
  /** File whose imports resolve library names (default: the node's file). */
  unit?: FileUnit;
}

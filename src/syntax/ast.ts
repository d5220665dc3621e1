/**
 * Abstract syntax tree of a `.hie` file. Produced by the parser (src/syntax/parser.ts), consumed by
 * the validator/resolver (src/model) and printed by `hielements parse` (our own documented JSON
 * schema, docs/ast.md). Every node has a `span`. Optional members are absent (not null) in memory;
 * the JSON printer writes them as `null` for a stable shape.
 */
import type { Span } from '../diagnostics/diagnostic.js';

export interface Identifier {
  name: string;
  span: Span;
}

// ---------------------------------------------------------------- expressions

export type Expression =
  | IdentifierExpr
  | MemberExpr
  | CallExpr
  | StringLiteral
  | NumberLiteral
  | BooleanLiteral
  | ListLiteral;

export interface IdentifierExpr {
  kind: 'Identifier';
  name: string;
  span: Span;
}

/** `object.member` — the member may be a keyword (`x.scope`). */
export interface MemberExpr {
  kind: 'Member';
  object: Expression;
  member: Identifier;
  span: Span;
}

export interface CallExpr {
  kind: 'Call';
  callee: Expression;
  args: Expression[];
  span: Span;
}

export interface StringLiteral {
  kind: 'String';
  /** Value after escape processing. */
  value: string;
  quote: "'" | '"';
  span: Span;
}

export interface NumberLiteral {
  kind: 'Number';
  /** Source text, e.g. `-5`, `8080`, `2.5`, `1.0`. */
  raw: string;
  /** True when written without a fractional part (`10`, `-5`). `1.0` is a float (docs/design-rulings.md#numbers). */
  isInteger: boolean;
  span: Span;
}

export interface BooleanLiteral {
  kind: 'Boolean';
  value: boolean;
  span: Span;
}

export interface ListLiteral {
  kind: 'List';
  items: Expression[];
  span: Span;
}

// ---------------------------------------------------------------- declarations

export interface Program {
  kind: 'Program';
  /** Path of the source file as given. */
  file: string;
  /** `##` block at the very top of the file, before any import (docs/design-rulings.md#doc-comments). */
  doc?: string;
  imports: ImportDecl[];
  languages: LanguageDecl[];
  patterns: PatternDecl[];
  elements: ElementDecl[];
  span: Span;
}

export type ImportPath =
  | { kind: 'Name'; segments: Identifier[] }
  /** `import './common.hie'` — another spec file, relative to the importing file. */
  | { kind: 'File'; value: string; span: Span };

export interface ImportDecl {
  kind: 'Import';
  /** `import x [as y]` or `from x import a, b`. */
  form: 'import' | 'from';
  path: ImportPath;
  alias?: Identifier;
  /** Names after `from x import`. */
  names: Identifier[];
  doc?: string;
  span: Span;
}

export interface LanguageDecl {
  kind: 'Language';
  name: Identifier;
  connectionChecks: ConnectionCheckDecl[];
  doc?: string;
  span: Span;
}

export interface ConnectionCheckDecl {
  kind: 'ConnectionCheck';
  name: Identifier;
  /** Parameters, each declared `name: scope[]`. */
  params: Identifier[];
  body: Expression;
  doc?: string;
  span: Span;
}

export type BlockStyle = 'indent' | 'brace';

export interface PatternDecl {
  kind: 'Pattern';
  /** `pattern` or the legacy `template`. */
  keyword: 'pattern' | 'template';
  name: Identifier;
  doc?: string;
  scopes: ScopeDecl[];
  refs: RefDecl[];
  checks: CheckDecl[];
  requirements: Requirement[];
  elements: ElementDecl[];
  blockStyle: BlockStyle;
  span: Span;
}

export interface ElementDecl {
  kind: 'Element';
  name: Identifier;
  doc?: string;
  implements: Identifier[];
  scopes: ScopeDecl[];
  refs: RefDecl[];
  uses: UsesDecl[];
  checks: CheckDecl[];
  /** V1 bindings `pattern.element.member = expr`. */
  bindings: BindingDecl[];
  /**
   * `requires/allows/forbids` written directly in an element body. The parser keeps them so that the
   * validator can report E012 (they are only meaningful in patterns) without aborting the element.
   */
  requirements: Requirement[];
  /** `except … because '…'` (see ExceptionDecl); absent when there is none. */
  exceptions?: ExceptionDecl[];
  children: ElementDecl[];
  /** True for elements declared inside a pattern (unbounded scopes/refs allowed there). */
  inPattern: boolean;
  blockStyle: BlockStyle;
  span: Span;
}

export interface ScopeDecl {
  kind: 'Scope';
  name: Identifier;
  /** `<lang>` or legacy `: lang`. */
  language?: Identifier;
  /** `binds pattern.element.scope` (one or more segments). */
  binds?: Identifier[];
  /** Absent for an unbounded scope (patterns only). */
  expression?: Expression;
  doc?: string;
  span: Span;
}

export interface RefDecl {
  kind: 'Ref';
  keyword: 'ref' | 'connection_point';
  name: Identifier;
  type: Identifier;
  binds?: Identifier[];
  expression?: Expression;
  doc?: string;
  span: Span;
}

export interface UsesDecl {
  kind: 'Uses';
  source: Identifier;
  target: Identifier[];
  doc?: string;
  span: Span;
}

export interface CheckDecl {
  kind: 'Check';
  expression: Expression;
  /** The expression exactly as written in the source (used as the check label, docs/design-rulings.md#check-labels). */
  text: string;
  /** `warning check …`: reported, never fails the run. Absent for ordinary checks. */
  severity?: 'warning';
  doc?: string;
  span: Span;
}

/**
 * `except SOURCE to TARGET because 'reason'` in an element body: one dependency the element's
 * dependency rules (and those of its descendants) accept. Each side is an element path or a string
 * (source: a glob over the importing file's workspace-relative path; target: the import as written,
 * or a glob over the imported file's path).
 */
export interface ExceptionDecl {
  kind: 'Exception';
  source: ExceptionSide;
  target: ExceptionSide;
  /** The required `because '…'` text. */
  reason: string;
  doc?: string;
  span: Span;
}

export type ExceptionSide =
  | { kind: 'element'; path: Identifier[]; span: Span }
  | { kind: 'pattern'; text: string; span: Span };

export interface BindingDecl {
  kind: 'Binding';
  path: Identifier[];
  expression: Expression;
  doc?: string;
  span: Span;
}

export type RequirementAction = 'requires' | 'allows' | 'forbids';

export type RequirementComponent =
  | { kind: 'scope'; scope: ScopeDecl }
  | { kind: 'check'; check: CheckDecl }
  | {
      kind: 'element';
      /** Absent for the shorthand `requires [descendant] implements P`. */
      name?: Identifier;
      type?: Identifier;
      implements?: Identifier;
      body?: ElementDecl;
    }
  | { kind: 'connection'; path: Identifier[]; wildcard: boolean; span: Span }
  | { kind: 'ref'; name: Identifier; type: Identifier; expression?: Expression }
  | { kind: 'language'; name: Identifier };

export interface Requirement {
  kind: 'Requirement';
  action: RequirementAction;
  descendant: boolean;
  component: RequirementComponent;
  /** `warning forbids …`: reported, never fails the run. Absent for ordinary rules. */
  severity?: 'warning';
  doc?: string;
  span: Span;
}

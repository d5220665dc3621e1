/**
 * The AST as plain JSON for `hielements parse` (schema: docs/ast.md). Keys come in a fixed order and
 * optional members are written as `null`, so the shape of every node kind is always the same.
 */
import type { Span } from '../diagnostics/diagnostic.js';
import type {
  BindingDecl,
  CheckDecl,
  ExceptionDecl,
  ConnectionCheckDecl,
  ElementDecl,
  Expression,
  Identifier,
  ImportDecl,
  LanguageDecl,
  PatternDecl,
  Program,
  RefDecl,
  Requirement,
  RequirementComponent,
  ScopeDecl,
  UsesDecl,
} from './ast.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function programToJson(program: Program): Json {
  return {
    kind: 'Program',
    file: program.file,
    doc: program.doc ?? null,
    imports: program.imports.map(importToJson),
    languages: program.languages.map(languageToJson),
    patterns: program.patterns.map(patternToJson),
    elements: program.elements.map(elementToJson),
    span: spanToJson(program.span),
  };
}

export function spanToJson(span: Span): Json {
  return {
    start: { line: span.start.line, column: span.start.column, offset: span.start.offset },
    end: { line: span.end.line, column: span.end.column, offset: span.end.offset },
  };
}

function ident(id: Identifier): Json {
  return { name: id.name, span: spanToJson(id.span) };
}

function optIdent(id: Identifier | undefined): Json {
  return id ? ident(id) : null;
}

function optPath(p: Identifier[] | undefined): Json {
  return p ? p.map(ident) : null;
}

function optExpr(e: Expression | undefined): Json {
  return e ? expressionToJson(e) : null;
}

export function expressionToJson(e: Expression): Json {
  switch (e.kind) {
    case 'Identifier':
      return { kind: 'Identifier', name: e.name, span: spanToJson(e.span) };
    case 'Member':
      return { kind: 'Member', object: expressionToJson(e.object), member: ident(e.member), span: spanToJson(e.span) };
    case 'Call':
      return {
        kind: 'Call',
        callee: expressionToJson(e.callee),
        args: e.args.map(expressionToJson),
        span: spanToJson(e.span),
      };
    case 'String':
      return { kind: 'String', value: e.value, quote: e.quote, span: spanToJson(e.span) };
    case 'Number':
      return { kind: 'Number', raw: e.raw, isInteger: e.isInteger, span: spanToJson(e.span) };
    case 'Boolean':
      return { kind: 'Boolean', value: e.value, span: spanToJson(e.span) };
    case 'List':
      return { kind: 'List', items: e.items.map(expressionToJson), span: spanToJson(e.span) };
  }
}

function importToJson(d: ImportDecl): Json {
  const path: Json =
    d.path.kind === 'Name'
      ? { kind: 'Name', segments: d.path.segments.map(ident), value: null, span: null }
      : { kind: 'File', segments: null, value: d.path.value, span: spanToJson(d.path.span) };
  return {
    kind: 'Import',
    form: d.form,
    path,
    alias: optIdent(d.alias),
    names: d.names.map(ident),
    doc: d.doc ?? null,
    span: spanToJson(d.span),
  };
}

function languageToJson(d: LanguageDecl): Json {
  return {
    kind: 'Language',
    name: ident(d.name),
    connectionChecks: d.connectionChecks.map(connectionCheckToJson),
    doc: d.doc ?? null,
    span: spanToJson(d.span),
  };
}

function connectionCheckToJson(d: ConnectionCheckDecl): Json {
  return {
    kind: 'ConnectionCheck',
    name: ident(d.name),
    params: d.params.map(ident),
    body: expressionToJson(d.body),
    doc: d.doc ?? null,
    span: spanToJson(d.span),
  };
}

function patternToJson(d: PatternDecl): Json {
  return {
    kind: 'Pattern',
    keyword: d.keyword,
    name: ident(d.name),
    doc: d.doc ?? null,
    scopes: d.scopes.map(scopeToJson),
    refs: d.refs.map(refToJson),
    checks: d.checks.map(checkToJson),
    requirements: d.requirements.map(requirementToJson),
    elements: d.elements.map(elementToJson),
    blockStyle: d.blockStyle,
    span: spanToJson(d.span),
  };
}

function elementToJson(d: ElementDecl): Json {
  return {
    kind: 'Element',
    name: ident(d.name),
    doc: d.doc ?? null,
    implements: d.implements.map(ident),
    scopes: d.scopes.map(scopeToJson),
    refs: d.refs.map(refToJson),
    uses: d.uses.map(usesToJson),
    checks: d.checks.map(checkToJson),
    bindings: d.bindings.map(bindingToJson),
    requirements: d.requirements.map(requirementToJson),
    ...(d.exceptions ? { exceptions: d.exceptions.map(exceptionToJson) } : {}),
    children: d.children.map(elementToJson),
    inPattern: d.inPattern,
    blockStyle: d.blockStyle,
    span: spanToJson(d.span),
  };
}

function scopeToJson(d: ScopeDecl): Json {
  return {
    kind: 'Scope',
    name: ident(d.name),
    language: optIdent(d.language),
    binds: optPath(d.binds),
    expression: optExpr(d.expression),
    doc: d.doc ?? null,
    span: spanToJson(d.span),
  };
}

function refToJson(d: RefDecl): Json {
  return {
    kind: 'Ref',
    keyword: d.keyword,
    name: ident(d.name),
    type: ident(d.type),
    binds: optPath(d.binds),
    expression: optExpr(d.expression),
    doc: d.doc ?? null,
    span: spanToJson(d.span),
  };
}

function usesToJson(d: UsesDecl): Json {
  return {
    kind: 'Uses',
    source: ident(d.source),
    target: d.target.map(ident),
    doc: d.doc ?? null,
    span: spanToJson(d.span),
  };
}

function checkToJson(d: CheckDecl): Json {
  return {
    kind: 'Check',
    expression: expressionToJson(d.expression),
    text: d.text,
    ...(d.severity ? { severity: d.severity } : {}),
    doc: d.doc ?? null,
    span: spanToJson(d.span),
  };
}

function exceptionToJson(d: ExceptionDecl): Json {
  const side = (x: ExceptionDecl['source']): Json =>
    x.kind === 'element'
      ? { kind: 'element', path: x.path.map(ident), span: spanToJson(x.span) }
      : { kind: 'pattern', text: x.text, span: spanToJson(x.span) };
  return {
    kind: 'Exception',
    source: side(d.source),
    target: side(d.target),
    reason: d.reason,
    doc: d.doc ?? null,
    span: spanToJson(d.span),
  };
}

function bindingToJson(d: BindingDecl): Json {
  return {
    kind: 'Binding',
    path: d.path.map(ident),
    expression: expressionToJson(d.expression),
    doc: d.doc ?? null,
    span: spanToJson(d.span),
  };
}

function requirementToJson(d: Requirement): Json {
  return {
    kind: 'Requirement',
    action: d.action,
    descendant: d.descendant,
    component: componentToJson(d.component),
    ...(d.severity ? { severity: d.severity } : {}),
    doc: d.doc ?? null,
    span: spanToJson(d.span),
  };
}

/** Every component has the same keys; members that do not apply to its kind are `null`. */
function componentToJson(c: RequirementComponent): Json {
  const base: { [key: string]: Json } = {
    kind: c.kind,
    scope: null,
    check: null,
    name: null,
    type: null,
    implements: null,
    body: null,
    path: null,
    wildcard: null,
    expression: null,
    span: null,
  };
  switch (c.kind) {
    case 'scope':
      base.scope = scopeToJson(c.scope);
      break;
    case 'check':
      base.check = checkToJson(c.check);
      break;
    case 'element':
      base.name = optIdent(c.name);
      base.type = optIdent(c.type);
      base.implements = optIdent(c.implements);
      base.body = c.body ? elementToJson(c.body) : null;
      break;
    case 'connection':
      base.path = c.path.map(ident);
      base.wildcard = c.wildcard;
      base.span = spanToJson(c.span);
      break;
    case 'ref':
      base.name = ident(c.name);
      base.type = ident(c.type);
      base.expression = optExpr(c.expression);
      break;
    case 'language':
      base.name = ident(c.name);
      break;
  }
  return base;
}

/**
 * Statements of element and pattern bodies: scopes, refs, checks, uses, V1 bindings and
 * requirements (`requires`/`allows`/`forbids`).
 */
import type {
  BindingDecl,
  CheckDecl,
  ElementDecl,
  ExceptionDecl,
  ExceptionSide,
  Identifier,
  PatternDecl,
  RefDecl,
  Requirement,
  RequirementAction,
  RequirementComponent,
  ScopeDecl,
  UsesDecl,
} from './ast.js';
import { endStatement, parseBody, parsePath, type ParseContext } from './blocks.js';
import { SyntaxCodes } from './codes.js';
import { StatementAbort } from './cursor.js';
import { setDoc } from './docs.js';
import { parseExpression } from './expressions.js';
import { endOffset, startOffset } from './source.js';
import { describeToken } from './tokens.js';

/** Parses one statement of an element body: the declaration parser passes its element rules. */
export type ElementItem = (el: ElementDecl, docs: string[]) => void;

/** The one empty list the declarations share for each list they have nothing in (syntax trees are read-only). */
const NO_ITEMS: readonly never[] = Object.freeze([]);

/**
 * Once a declaration's body is parsed: each list it filled is replaced by a copy of the exact length
 * (an array grown by `push` keeps room for 17 entries), and each list left empty by the shared
 * empty list — a large spec's elements have tens of thousands of these lists, most of them empty.
 */
export function settleLists(decl: ElementDecl | PatternDecl): void {
  const fields = decl as unknown as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (Array.isArray(value)) fields[key] = value.length > 0 ? value.slice() : NO_ITEMS;
  }
}

export function newElement(ctx: ParseContext, name: Identifier, start: number, inPattern: boolean): ElementDecl {
  return {
    kind: 'Element',
    name,
    implements: [],
    scopes: [],
    refs: [],
    uses: [],
    checks: [],
    bindings: [],
    requirements: [],
    children: [],
    inPattern,
    blockStyle: 'indent',
    span: ctx.c.span(start, start),
  };
}

export function parseScope(ctx: ParseContext, docs: string[], end: boolean): ScopeDecl {
  const c = ctx.c;
  const kw = c.next();
  const decl: ScopeDecl = { kind: 'Scope', name: c.expectName('a scope name'), span: c.span(kw.start, kw.end) };
  setDoc(decl, docs);
  if (c.isPunct('<')) {
    c.next();
    decl.language = c.expectName('a language name');
    c.expectPunct('>', '`>` after the language name');
  } else if (c.isPunct(':')) {
    c.next();
    decl.language = c.expectName('a language name');
  }
  parseBindsAndValue(ctx, decl);
  decl.span = c.span(kw.start, c.prevEnd);
  if (end) endStatement(ctx, decl);
  return decl;
}

export function parseRef(ctx: ParseContext, docs: string[]): RefDecl {
  const c = ctx.c;
  const kw = c.next();
  const name = c.expectName('a ref name');
  if (!c.isPunct(':')) {
    c.fail(
      SyntaxCodes.EXPECTED,
      `\`:\` and a type after \`${kw.text} ${name.name}\``,
      `every ref has a type: \`${kw.text} ${name.name}: string = …\``,
    );
  }
  c.next();
  const type = c.expectName('a type name', true);
  const decl: RefDecl = {
    kind: 'Ref',
    keyword: kw.text === 'ref' ? 'ref' : 'connection_point',
    name,
    type,
    span: c.span(kw.start, kw.end),
  };
  setDoc(decl, docs);
  parseBindsAndValue(ctx, decl);
  decl.span = c.span(kw.start, c.prevEnd);
  endStatement(ctx, decl);
  return decl;
}

/** The optional `binds pattern.path` and `= expression` that end a scope or ref declaration. */
function parseBindsAndValue(ctx: ParseContext, decl: ScopeDecl | RefDecl): void {
  const c = ctx.c;
  if (c.isKw('binds')) {
    c.next();
    decl.binds = parsePath(ctx, 'the pattern path to bind', true);
  }
  if (c.isPunct('=')) {
    c.next();
    decl.expression = parseExpression(c);
  }
}

export function parseCheck(ctx: ParseContext, docs: string[], end: boolean): CheckDecl {
  const c = ctx.c;
  const kw = c.next();
  const expression = parseExpression(c);
  const decl: CheckDecl = {
    kind: 'Check',
    expression,
    text: c.src.text.slice(startOffset(expression.span), endOffset(expression.span)),
    span: c.span(kw.start, c.prevEnd),
  };
  setDoc(decl, docs);
  if (end) endStatement(ctx, decl);
  return decl;
}

/** `warning` (a contextual word, not reserved) followed by `check`, `requires`, `allows` or `forbids`. */
export function atWarning(ctx: ParseContext): boolean {
  const c = ctx.c;
  return c.is('identifier', 'warning') && ['check', 'requires', 'allows', 'forbids'].some((w) => c.isKw(w, 1));
}

/** `warning check …` / `warning forbids …`: the statement, marked as a warning. */
export function parseWarning(
  ctx: ParseContext,
  docs: string[],
  checks: CheckDecl[],
  requirements: Requirement[],
  elementItem: ElementItem,
): void {
  const c = ctx.c;
  const word = c.next();
  if (c.isKw('check')) {
    const decl = parseCheck(ctx, docs, true);
    decl.severity = 'warning';
    decl.span = c.span(word.start, endOffset(decl.span));
    checks.push(decl);
    return;
  }
  // The rule's span (and so its label) stays the rule itself: `warning` only changes its severity.
  const req = parseRequirement(ctx, docs, elementItem);
  req.severity = 'warning';
  requirements.push(req);
}

/** `except SOURCE to TARGET because 'reason'` (`except` is a contextual word, not reserved). */
export function parseException(ctx: ParseContext, docs: string[]): ExceptionDecl {
  const c = ctx.c;
  const kw = c.next();
  const source = parseExceptionSide(ctx, 'the importing file (a quoted glob) or element');
  if (!c.isKw('to')) {
    c.fail(
      SyntaxCodes.EXCEPTION_FORM,
      '`to` and the imported module or element after the source of `except`',
      "write `except 'src/db/legacy.py' to api because 'moves in #42'`",
    );
  }
  c.next();
  const target = parseExceptionSide(ctx, 'the imported module (a quoted string) or element');
  if (!c.is('identifier', 'because') || !c.is('string', undefined, 1)) {
    c.fail(
      SyntaxCodes.EXCEPTION_FORM,
      "`because '…'` with the reason for the exception",
      "every exception says why it is allowed: `because 'reason'`",
    );
  }
  c.next();
  const reason = c.next();
  const decl: ExceptionDecl = {
    kind: 'Exception',
    source,
    target,
    reason: reason.text,
    span: c.span(kw.start, c.prevEnd),
  };
  if (reason.text.trim() === '')
    c.error(SyntaxCodes.EXCEPTION_FORM, 'the reason of an exception cannot be empty', reason.start, reason.end);
  setDoc(decl, docs);
  endStatement(ctx, decl);
  return decl;
}

function parseExceptionSide(ctx: ParseContext, what: string): ExceptionSide {
  const c = ctx.c;
  const t = c.peek();
  if (t.kind === 'string') {
    c.next();
    return { kind: 'pattern', text: t.text, span: c.span(t.start, t.end) };
  }
  const path = parsePath(ctx, what, false);
  return { kind: 'element', path, span: c.span(t.start, c.prevEnd) };
}

export function parseUses(ctx: ParseContext, docs: string[]): UsesDecl {
  const c = ctx.c;
  const src = c.next();
  c.next(); // `uses`
  const target = parsePath(ctx, 'the element or scope used', false);
  const decl: UsesDecl = { kind: 'Uses', source: c.ident(src), target, span: c.span(src.start, c.prevEnd) };
  setDoc(decl, docs);
  endStatement(ctx, decl);
  return decl;
}

export function parseBinding(ctx: ParseContext, docs: string[]): BindingDecl {
  const c = ctx.c;
  const first = c.peek();
  const path = parsePath(ctx, 'a name', false);
  if (!c.isPunct('=')) {
    const t = c.peek();
    c.error(
      SyntaxCodes.EXPRESSION,
      `a dotted name on its own is not a statement (found ${describeToken(t)} after ` +
        `\`${path.map((p) => p.name).join('.')}\`)`,
      first.start,
      c.prevEnd,
      'to bind a pattern member write `pattern.element.scope = expression`; a check is written `check ' +
        'library.function(…)`',
    );
    throw new StatementAbort();
  }
  c.next();
  const expression = parseExpression(c);
  const decl: BindingDecl = { kind: 'Binding', path, expression, span: c.span(first.start, c.prevEnd) };
  setDoc(decl, docs);
  endStatement(ctx, decl);
  return decl;
}

export function parseRequirement(ctx: ParseContext, docs: string[], elementItem: ElementItem): Requirement {
  const c = ctx.c;
  const kw = c.next();
  const action = kw.text as RequirementAction;
  let descendant = false;
  if (c.isKw('descendant')) {
    c.next();
    descendant = true;
  }
  const req: Requirement = {
    kind: 'Requirement',
    action,
    descendant,
    component: { kind: 'language', name: { name: '', span: c.span(kw.start, kw.start) } },
    span: c.span(kw.start, kw.end),
  };
  setDoc(req, docs);
  const t = c.peek();
  let component: RequirementComponent | undefined;
  let ended = false;
  if (t.kind === 'keyword') {
    switch (t.text) {
      case 'scope':
        component = { kind: 'scope', scope: parseScope(ctx, [], false) };
        break;
      case 'check':
        component = { kind: 'check', check: parseCheck(ctx, [], false) };
        break;
      case 'element': {
        const r = c.nested('block', () => parseRequiredElement(ctx, req, elementItem));
        component = r.component;
        ended = r.ended;
        break;
      }
      case 'connection':
        component = parseConnection(ctx);
        break;
      case 'ref':
      case 'connection_point': {
        c.next();
        const name = c.expectName('a ref name');
        c.expectPunct(':', `\`:\` and a type after \`${t.text} ${name.name}\``);
        const type = c.expectName('a type name', true);
        const ref: RequirementComponent = { kind: 'ref', name, type };
        if (c.isPunct('=')) {
          c.next();
          ref.expression = parseExpression(c);
        }
        component = ref;
        break;
      }
      case 'implements':
        c.next();
        component = { kind: 'element', implements: c.expectName('a pattern name') };
        break;
      case 'language':
        c.next();
        component = { kind: 'language', name: c.expectName('a language name') };
        break;
    }
  }
  if (!component) {
    const words = `${kw.text}${descendant ? ' descendant' : ''}`;
    return c.fail(
      SyntaxCodes.REQUIREMENT_COMPONENT,
      `\`scope\`, \`check\`, \`element\`, \`connection\`, \`ref\`, \`implements\` or \`language\` after \`${words}\``,
    );
  }
  req.component = component;
  req.span = c.span(kw.start, c.prevEnd);
  if (!ended) endStatement(ctx, req);
  return req;
}

function parseConnection(ctx: ParseContext): RequirementComponent {
  const c = ctx.c;
  const kw = c.next();
  if (c.isKw('to')) c.next();
  const path = [c.expectName('the name of an element')];
  let wildcard = false;
  while (c.isPunct('.')) {
    c.next();
    if (c.isPunct('*')) {
      c.next();
      wildcard = true;
      break;
    }
    path.push(c.expectName('a name or `*` after `.`', true));
  }
  return { kind: 'connection', path, wildcard, span: c.span(kw.start, c.prevEnd) };
}

/** `element name [: Type] [implements P] [body]`; the body describes the required shape. */
function parseRequiredElement(
  ctx: ParseContext,
  req: Requirement,
  elementItem: ElementItem,
): { component: RequirementComponent; ended: boolean } {
  const c = ctx.c;
  const kw = c.next();
  const name = c.expectName('an element name');
  const component: RequirementComponent = { kind: 'element', name };
  // `: Type` when a name follows that is itself followed by `implements` or the end of the header.
  if (c.isPunct(':') && c.is('identifier', undefined, 1)) {
    const after = c.peek(2);
    const endsHeader =
      after.kind === 'newline' ||
      after.kind === 'eof' ||
      after.kind === 'dedent' ||
      (after.kind === 'doc' && after.trailing === true) ||
      (after.kind === 'keyword' && after.text === 'implements') ||
      (after.kind === 'punct' && [':', '{', ';', '}'].includes(after.text));
    if (endsHeader) {
      c.next();
      component.type = c.ident(c.next());
    }
  }
  if (c.isKw('implements')) {
    c.next();
    component.implements = c.expectName('a pattern name');
  }
  const k = c.is('doc', undefined, 1) && c.peek(1).trailing ? 2 : 1; // `requires element x: ## doc`
  const hasIndentedBody = c.isPunct(':') && c.is('newline', undefined, k) && c.is('indent', undefined, k + 1);
  if (c.isPunct('{') || hasIndentedBody) {
    const body = newElement(ctx, name, kw.start, true);
    body.blockStyle = parseBody(ctx, body, 'element', (d) => elementItem(body, d));
    body.span = c.span(kw.start, c.prevEnd);
    settleLists(body);
    component.body = body;
    return { component, ended: true };
  }
  if (c.isPunct(':')) c.next(); // `requires element x:` with no body
  req.span = c.span(startOffset(req.span), c.prevEnd);
  return { component, ended: false };
}

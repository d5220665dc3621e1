/**
 * Expression grammar: primary (name, string, number, boolean, list) followed by any chain of
 * `.member` and `(arguments)`. No operators and no grouping parentheses (docs/language.md §4).
 */
import type { Expression } from './ast.js';
import { MAX_NESTING, SyntaxCodes } from './codes.js';
import { StatementAbort, type Cursor } from './cursor.js';
import { startOffset } from './source.js';
import { describeToken, isPositionalKeyword } from './tokens.js';

export function parseExpression(c: Cursor): Expression {
  return c.nested('expression', () => parseChain(c));
}

function parseChain(c: Cursor): Expression {
  let expr = parsePrimary(c);
  for (let steps = 0; ; steps++) {
    if (steps > MAX_NESTING) {
      c.errorAt(
        c.peek(),
        SyntaxCodes.TOO_DEEP,
        `this expression chains more than ${MAX_NESTING} members and calls`,
        'split it up',
      );
      throw new StatementAbort();
    }
    if (c.isPunct('.')) {
      c.next();
      const t = c.peek();
      if (t.kind !== 'identifier' && t.kind !== 'keyword') {
        c.errorAt(t, SyntaxCodes.NAME, `expected a name after \`.\`, found ${describeToken(t)}`);
        throw new StatementAbort();
      }
      c.next();
      const member = c.ident(t);
      expr = { kind: 'Member', object: expr, member, span: c.span(startOffset(expr.span), t.end) };
    } else if (c.isPunct('(')) {
      const open = c.next();
      const args = parseItems(c, ')', 'argument list', open.start);
      expr = { kind: 'Call', callee: expr, args, span: c.span(startOffset(expr.span), c.prevEnd) };
    } else {
      return expr;
    }
  }
}

function parsePrimary(c: Cursor): Expression {
  const t = c.peek();
  switch (t.kind) {
    case 'identifier':
      c.next();
      return { kind: 'Identifier', name: t.text, span: c.span(t.start, t.end) };
    case 'string':
      c.next();
      return { kind: 'String', value: t.text, quote: t.quote ?? "'", span: c.span(t.start, t.end) };
    case 'number':
      c.next();
      return { kind: 'Number', raw: t.text, isInteger: !t.text.includes('.'), span: c.span(t.start, t.end) };
    case 'keyword':
      if (t.text === 'true' || t.text === 'false') {
        c.next();
        return { kind: 'Boolean', value: t.text === 'true', span: c.span(t.start, t.end) };
      }
      if (isPositionalKeyword(t.text)) {
        c.next();
        return { kind: 'Identifier', name: t.text, span: c.span(t.start, t.end) };
      }
      c.errorAt(
        t,
        SyntaxCodes.EXPRESSION,
        `expected an expression, found the reserved word \`${t.text}\``,
        `reserved words can only be used as names after a \`.\` (\`x.${t.text}\`)`,
      );
      throw new StatementAbort();
    case 'punct':
      if (t.text === '[') {
        const open = c.next();
        const items = parseItems(c, ']', 'list', open.start);
        return { kind: 'List', items, span: c.span(open.start, c.prevEnd) };
      }
      if (t.text === '(') {
        c.errorAt(
          t,
          SyntaxCodes.EXPRESSION,
          'expected an expression, found `(`',
          'parentheses do not group expressions; they only follow a function name in a call',
        );
        throw new StatementAbort();
      }
      break;
    default:
      break;
  }
  c.errorAt(t, SyntaxCodes.EXPRESSION, `expected an expression, found ${describeToken(t)}`);
  throw new StatementAbort();
}

/** Comma-separated expressions up to `close`; a trailing comma is allowed. Consumes `close`. */
function parseItems(c: Cursor, close: ')' | ']', what: string, openOffset: number): Expression[] {
  // The items go on the cursor's stack of open lists and are copied out at their exact length
  // (an array grown by `push` would keep room for 17 items, for each of thousands of calls).
  const stack = c.openItems;
  const base = stack.length;
  try {
    return parseItemsOnto(c, stack, base, close, what, openOffset);
  } finally {
    stack.length = base;
  }
}

function parseItemsOnto(
  c: Cursor,
  stack: Expression[],
  base: number,
  close: ')' | ']',
  what: string,
  openOffset: number,
): Expression[] {
  for (;;) {
    if (c.isPunct(close)) {
      c.next();
      return stack.slice(base);
    }
    if (!c.is('newline') && !c.is('eof') && !c.is('dedent')) stack.push(parseExpression(c));
    if (c.isPunct(',')) {
      c.next();
      continue;
    }
    if (c.isPunct(close)) continue;
    const t = c.peek();
    const opener = close === ')' ? '(' : '[';
    if (
      t.kind === 'newline' ||
      t.kind === 'eof' ||
      t.kind === 'dedent' ||
      (t.kind === 'punct' && (t.text === '{' || t.text === '}'))
    ) {
      // The lexer closed the bracket at the end of the statement: point at the bracket itself.
      c.error(
        SyntaxCodes.EXPECTED,
        `this \`${opener}\` is never closed`,
        openOffset,
        openOffset + 1,
        `add \`${close}\` after the last ${what === 'list' ? 'item' : 'argument'}`,
      );
      throw new StatementAbort();
    }
    const open = c.src.position(openOffset);
    c.errorAt(
      t,
      SyntaxCodes.EXPECTED,
      `expected \`,\` or \`${close}\` in the ${what}, found ${describeToken(t)}`,
      `the \`${close === ')' ? '(' : '['}\` at ${open.line}:${open.column} is not closed`,
    );
    throw new StatementAbort();
  }
}

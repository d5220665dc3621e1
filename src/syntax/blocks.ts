/**
 * Block structure shared by every declaration: statement ends, `{ … }` and `:` + indentation bodies,
 * dotted paths, and statement-level recovery. Like every parsing module of this folder, these are
 * functions over a `ParseContext` (the token cursor and the comment lines); the modules compose by
 * calling each other (a caller passes what a body item is), with no class hierarchy.
 */
import type { BlockStyle, Identifier } from './ast.js';
import { SyntaxCodes } from './codes.js';
import { StatementAbort, type Cursor } from './cursor.js';
import { appendDoc, joinDocs, type Documented } from './docs.js';
import { describeToken, type CommentLine, type Token } from './tokens.js';

/** What every parsing function works on: the token cursor (with its diagnostics) and the comment lines. */
export interface ParseContext {
  readonly c: Cursor;
  readonly commentLines: readonly CommentLine[];
}

export function misaligned(ctx: ParseContext, t: Token): void {
  ctx.c.errorAt(
    t,
    SyntaxCodes.MISALIGNED_INDENTATION,
    'the indentation of this line matches no enclosing block',
    'indent it exactly like the statements before it, or like the line that opened its block',
  );
}

/** `a.b.c`: the first segment is a plain name, later ones may be reserved words. */
export function parsePath(ctx: ParseContext, what: string, firstKeywordOk: boolean): Identifier[] {
  const c = ctx.c;
  const segments = [c.expectName(what, firstKeywordOk)];
  while (c.isPunct('.')) {
    c.next();
    segments.push(c.expectName('a name after `.`', true));
  }
  return segments;
}

/** A statement ends at a new line, `;`, `}`, the end of an indented block or the end of the file. */
export function endStatement(ctx: ParseContext, node?: Documented, help?: string): void {
  const c = ctx.c;
  let t = c.peek();
  if (t.kind === 'doc' && t.trailing) {
    c.next();
    if (node) appendDoc(node, t.text);
    t = c.peek();
  }
  if (t.kind === 'newline' || (t.kind === 'punct' && t.text === ';')) {
    c.next();
    return;
  }
  if (t.kind === 'dedent' || t.kind === 'eof' || (t.kind === 'punct' && t.text === '}')) return;
  c.errorAt(
    t,
    SyntaxCodes.STATEMENT_END,
    `expected the end of the statement (a new line, \`;\` or \`}\`), found ${describeToken(t)}`,
    help,
  );
  c.sync();
}

/**
 * The body of an element, pattern or language: `{ … }` or `:` + an indented block. `item` parses
 * one statement (it receives the doc comments written just before it).
 */
export function parseBody(
  ctx: ParseContext,
  owner: Documented & { name: Identifier },
  what: string,
  item: (docs: string[]) => void,
): BlockStyle {
  const c = ctx.c;
  if (!c.isPunct('{') && !c.isPunct(':')) {
    const t = c.peek();
    c.errorAt(
      t,
      SyntaxCodes.EXPECTED,
      `expected \`:\` or \`{\` after the ${what} name, found ${describeToken(t)}`,
      `write \`${what} ${owner.name.name}:\` followed by an indented body, or \`${what} ${owner.name.name} { … }\``,
    );
    // Recovery: an opener later on the same line, or an indented block on the next line (looked
    // for ahead; the tokens up to it are skipped only when it is found).
    let k = 0;
    while (
      !c.is('newline', undefined, k) &&
      !c.is('eof', undefined, k) &&
      !c.isPunct('{', k) &&
      !c.isPunct(':', k) &&
      !c.isPunct('}', k) &&
      !c.is('dedent', undefined, k)
    )
      k++;
    const skip = (count: number): void => {
      for (let j = 0; j < count; j++) c.next();
    };
    if (!c.isPunct('{', k) && !c.isPunct(':', k)) {
      if (c.is('newline', undefined, k) && c.is('indent', undefined, k + 1)) {
        skip(k + 2);
        indentLoop(ctx, owner, item);
        return 'indent';
      }
      if (c.is('newline', undefined, k) && c.isPunct('{', k + 1)) {
        skip(k + 1);
        braceBody(ctx, owner, item);
        return 'brace';
      }
      c.sync();
      return 'indent';
    }
    skip(k);
  }
  if (c.isPunct('{')) {
    braceBody(ctx, owner, item);
    return 'brace';
  }
  indentBody(ctx, owner, what, item);
  return 'indent';
}

function braceBody(ctx: ParseContext, owner: Documented, item: (docs: string[]) => void): void {
  const c = ctx.c;
  const open = c.next();
  c.braceDepth++;
  if (c.is('doc') && c.peek().trailing) appendDoc(owner, c.next().text);
  let pending: string[] = [];
  try {
    for (;;) {
      const t = c.peek();
      if (
        t.kind === 'newline' ||
        t.kind === 'indent' ||
        t.kind === 'dedent' ||
        (t.kind === 'punct' && t.text === ';')
      ) {
        c.next();
        continue;
      }
      if (t.kind === 'punct' && t.text === '}') {
        c.next();
        break;
      }
      if (t.kind === 'eof') {
        c.errorAt(
          open,
          SyntaxCodes.UNCLOSED_BRACE,
          'this `{` is never closed',
          'add the missing `}` at the end of the block',
        );
        break;
      }
      if (t.kind === 'doc') {
        c.next();
        pending.push(t.text);
        continue;
      }
      guarded(ctx, () => item(pending));
      pending = [];
    }
  } finally {
    c.braceDepth--;
  }
  if (pending.length > 0) appendDoc(owner, joinDocs(pending) ?? '');
  endStatement(ctx, owner);
}

function indentBody(ctx: ParseContext, owner: Documented, what: string, item: (docs: string[]) => void): void {
  const c = ctx.c;
  const colon = c.next();
  if (c.is('doc') && c.peek().trailing) appendDoc(owner, c.next().text);
  if (c.is('newline')) {
    c.next();
  } else if (!c.is('eof')) {
    const t = c.peek();
    c.errorAt(
      t,
      SyntaxCodes.EXPECTED,
      `expected a new line after \`:\`, found ${describeToken(t)}`,
      `the body of the ${what} goes on the following lines, indented; for a one-line body use \`{ … }\``,
    );
    c.sync();
    if (!c.is('indent')) return;
  }
  if (c.is('indent')) {
    const ind = c.next();
    if (ind.misaligned) misaligned(ctx, ind);
    indentLoop(ctx, owner, item);
    return;
  }
  // A body made only of comment lines is an empty body; its `##` lines document the owner.
  const next = c.peek();
  const commented = ctx.commentLines.some(
    (l) => l.offset > colon.end && l.offset <= next.start && l.indent > colon.lineIndent,
  );
  if (commented) {
    while (c.is('doc') && c.peek().lineIndent > colon.lineIndent) appendDoc(owner, c.next().text);
    return;
  }
  c.error(
    SyntaxCodes.EXPECTED,
    `expected an indented block after \`:\`, found ${describeToken(next)}`,
    colon.start,
    colon.end,
    'indent the statements of the body, or write an empty body as `{}`',
  );
}

/** Statements of an indented block, after its INDENT, up to and including the matching DEDENT. */
function indentLoop(ctx: ParseContext, owner: Documented, item: (docs: string[]) => void): void {
  const c = ctx.c;
  let extra = 0;
  let pending: string[] = [];
  for (;;) {
    const t = c.peek();
    if (t.kind === 'dedent') {
      c.next();
      const after = c.peek();
      if (extra === 0 && after.kind === 'indent' && after.misaligned) {
        // A line dedented to a column matching no block: report it and keep it in this block.
        c.next();
        misaligned(ctx, after);
        extra++;
        continue;
      }
      if (extra > 0) {
        extra--;
        continue;
      }
      break;
    }
    if (t.kind === 'eof') break;
    if (t.kind === 'newline' || (t.kind === 'punct' && t.text === ';')) {
      c.next();
      continue;
    }
    if (t.kind === 'indent') {
      c.next();
      extra++;
      if (t.misaligned) misaligned(ctx, t);
      else
        c.errorAt(
          t,
          SyntaxCodes.BODY_ITEM,
          'unexpected indentation',
          'statements of one block must be ' + 'indented alike',
        );
      continue;
    }
    if (t.kind === 'punct' && t.text === '}') {
      if (c.braceDepth > 0) break;
      c.next();
      c.errorAt(t, SyntaxCodes.BODY_ITEM, 'this `}` has no matching `{`', 'remove it');
      continue;
    }
    if (t.kind === 'doc') {
      c.next();
      pending.push(t.text);
      continue;
    }
    guarded(ctx, () => item(pending));
    pending = [];
  }
  if (pending.length > 0) appendDoc(owner, joinDocs(pending) ?? '');
}

function guarded(ctx: ParseContext, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof StatementAbort)) throw e;
    ctx.c.sync();
  }
}

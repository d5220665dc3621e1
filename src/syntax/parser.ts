/**
 * Parser: tokens → AST (src/syntax/ast.ts). This module holds the declarations (program, imports,
 * elements, patterns, languages); statements are in statements.ts and block structure in blocks.ts.
 * All three are functions over one `ParseContext`, composed by calling each other.
 * Parsing recovers at statement and block boundaries and reports
 * every error it finds (up to MAX_SYNTAX_ERRORS). Semantic rules (E012 requirements in elements,
 * E014/E015 unbounded scopes/refs) are left to the validator; the parser accepts those forms anywhere.
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type {
  ConnectionCheckDecl,
  ElementDecl,
  Identifier,
  ImportDecl,
  ImportPath,
  LanguageDecl,
  PatternDecl,
  Program,
} from './ast.js';
import { SyntaxCodes } from './codes.js';
import { Cursor, StatementAbort, suggestKeyword, TooManyErrors } from './cursor.js';
import { appendDoc, joinDocs, setDoc } from './docs.js';
import { parseExpression } from './expressions.js';
import { lex, tokenFeed, type LexResult, type TokenFeed } from './lexer.js';
import { SourceFile } from './source.js';
import {
  atWarning,
  newElement,
  parseBinding,
  parseCheck,
  parseException,
  parseRef,
  parseRequirement,
  parseScope,
  parseUses,
  parseWarning,
  settleLists,
} from './statements.js';
import { endStatement, misaligned, parseBody, parsePath, type ParseContext } from './blocks.js';
import { describeToken, isPositionalKeyword } from './tokens.js';

export interface ParseResult {
  program: Program;
  diagnostics: Diagnostic[];
}

/** Parses the text of a `.hie` file. `file` is used in spans' diagnostics and `Program.file`. */
export function parse(source: string, file: string): ParseResult {
  return parseSourceFile(new SourceFile(source, file));
}

/**
 * Files at least this long (UTF-16 units) are parsed from a token feed. Below it the whole token
 * list is made first: that is faster, and a small file's tokens take little memory.
 */
export const STREAMING_PARSE_CHARS = 256 * 1024;

/**
 * A large file is parsed as the lexer makes its tokens, so that its tokens never all live at once
 * (a 30,000-line spec has about 240,000). The error cap (MAX_SYNTAX_ERRORS) counts the lexer's
 * errors before the parser's, so a file that reaches it is parsed again with all its tokens lexed
 * first: which errors are reported, and how far the file is read, never depends on the order.
 */
export function parseSourceFile(
  src: SourceFile,
  opts: { stream?: boolean } = { stream: src.text.length >= STREAMING_PARSE_CHARS },
): ParseResult {
  if (!opts.stream) return parseLexedFirst(src);
  return parseAsLexed(src) ?? parseLexedFirst(src);
}

/** The parse of a file whose lexer and parser errors stay under the cap; undefined otherwise. */
function parseAsLexed(src: SourceFile): ParseResult | undefined {
  const feed = tokenFeed(src);
  const cursor = new Cursor(src, feed, true);
  const program = newProgram(src, cursor);
  try {
    parseProgram({ c: cursor, commentLines: feed.commentLines }, program);
  } catch (e) {
    if (!(e instanceof TooManyErrors)) throw e;
    return undefined;
  }
  program.span = src.span(0, src.text.length);
  return { program, diagnostics: sortDiagnostics([...feed.diagnostics, ...cursor.diagnostics]) };
}

function parseLexedFirst(src: SourceFile): ParseResult {
  const lexed = lex(src);
  const cursor = new Cursor(src, fedFrom(lexed));
  const ctx: ParseContext = { c: cursor, commentLines: lexed.commentLines };
  const program = newProgram(src, cursor);
  try {
    for (const d of lexed.diagnostics) cursor.report(d);
    parseProgram(ctx, program);
  } catch (e) {
    if (!(e instanceof TooManyErrors)) throw e;
  }
  program.span = src.span(0, src.text.length);
  return { program, diagnostics: sortDiagnostics(cursor.diagnostics) };
}

function newProgram(src: SourceFile, cursor: Cursor): Program {
  return {
    kind: 'Program',
    file: src.path,
    imports: [],
    languages: [],
    patterns: [],
    elements: [],
    span: cursor.span(0, 0),
  };
}

/** A feed over tokens lexed beforehand. */
function fedFrom(lexed: LexResult): TokenFeed {
  return {
    source: lexed.source,
    tokens: lexed.tokens,
    diagnostics: lexed.diagnostics,
    commentLines: lexed.commentLines,
    more: () => false,
    release: (count) => {
      lexed.tokens.copyWithin(0, count);
      lexed.tokens.length -= count;
    },
  };
}

const TOP_LEVEL_WORDS = ['element', 'pattern', 'template', 'language', 'import', 'from'];
const ELEMENT_WORDS = ['scope', 'ref', 'connection_point', 'uses', 'check', 'element', 'requires', 'allows', 'forbids'];

function parseProgram(ctx: ParseContext, program: Program): void {
  const c = ctx.c;
  let pending: string[] = [];
  // Leading `##` block: the file's own documentation when an import follows (docs/design-rulings.md#doc-comments).
  while (c.is('doc') || c.is('newline')) {
    const t = c.next();
    if (t.kind === 'doc') pending.push(t.text);
  }
  if (pending.length > 0 && (c.isKw('import') || c.isKw('from'))) {
    setDoc(program, pending);
    pending = [];
  }
  let seenDeclaration = false;
  for (;;) {
    const t = c.peek();
    if (t.kind === 'eof') break;
    if (t.kind === 'newline' || t.kind === 'dedent' || (t.kind === 'punct' && t.text === ';')) {
      c.next();
      continue;
    }
    if (t.kind === 'doc') {
      c.next();
      pending.push(t.text);
      continue;
    }
    try {
      if (t.kind === 'indent') {
        c.next();
        if (t.misaligned) misaligned(ctx, t);
        else
          c.errorAt(
            t,
            SyntaxCodes.TOP_LEVEL,
            'unexpected indentation at the top level',
            'top-level declarations start in the first column',
          );
        continue;
      }
      if (t.kind === 'punct' && t.text === '}') {
        c.next();
        c.errorAt(t, SyntaxCodes.TOP_LEVEL, 'this `}` has no matching `{`', 'remove it');
        continue;
      }
      if (t.kind === 'keyword') {
        switch (t.text) {
          case 'import':
          case 'from':
            if (seenDeclaration) {
              c.errorAt(
                t,
                SyntaxCodes.TOP_LEVEL,
                'imports must come before the first declaration',
                'move this import to the top of the file',
              );
            }
            program.imports.push(parseImport(ctx, pending));
            pending = [];
            continue;
          case 'element':
            seenDeclaration = true;
            program.elements.push(parseElement(ctx, false, pending));
            pending = [];
            continue;
          case 'pattern':
          case 'template':
            seenDeclaration = true;
            program.patterns.push(parsePattern(ctx, pending));
            pending = [];
            continue;
          case 'language':
            seenDeclaration = true;
            program.languages.push(parseLanguage(ctx, pending));
            pending = [];
            continue;
        }
      }
      const hint = t.kind === 'identifier' ? suggestKeyword(t.text, TOP_LEVEL_WORDS) : undefined;
      c.errorAt(
        t,
        SyntaxCodes.TOP_LEVEL,
        `expected \`element\`, \`pattern\`, \`language\` or \`import\` at the top level, found ${describeToken(t)}`,
        hint
          ? `did you mean \`${hint}\`?`
          : t.kind === 'keyword' && ELEMENT_WORDS.includes(t.text)
            ? `\`${t.text}\` statements belong inside an element or pattern`
            : undefined,
      );
      throw new StatementAbort();
    } catch (e) {
      if (!(e instanceof StatementAbort)) throw e;
      c.sync();
    }
  }
  if (pending.length > 0) appendDoc(program, joinDocs(pending) ?? '');
}

function parseImport(ctx: ParseContext, docs: string[]): ImportDecl {
  const c = ctx.c;
  const kw = c.next();
  const form = kw.text === 'from' ? 'from' : 'import';
  const decl: ImportDecl = {
    kind: 'Import',
    form,
    path: { kind: 'Name', segments: [] },
    names: [],
    span: c.span(kw.start, kw.end),
  };
  setDoc(decl, docs);
  decl.path = parseImportPath(ctx);
  if (form === 'import') {
    if (c.isKw('as')) {
      c.next();
      decl.alias = c.expectName('an import alias');
    }
  } else {
    if (!c.isKw('import')) c.fail(SyntaxCodes.EXPECTED, '`import` after the module name in `from … import …`');
    c.next();
    decl.names.push(c.expectName('an imported name'));
    while (c.isPunct(',')) {
      c.next();
      decl.names.push(c.expectName('an imported name'));
    }
  }
  decl.span = c.span(kw.start, c.prevEnd);
  endStatement(ctx, decl);
  return decl;
}

function parseImportPath(ctx: ParseContext): ImportPath {
  const c = ctx.c;
  const t = c.peek();
  if (t.kind === 'string') {
    c.next();
    return { kind: 'File', value: t.text, span: c.span(t.start, t.end) };
  }
  return { kind: 'Name', segments: parsePath(ctx, 'a library name', false) };
}

function parseElement(ctx: ParseContext, inPattern: boolean, docs: string[]): ElementDecl {
  return ctx.c.nested('block', () => parseElementAt(ctx, inPattern, docs));
}

function parseElementAt(ctx: ParseContext, inPattern: boolean, docs: string[]): ElementDecl {
  const c = ctx.c;
  const kw = c.next();
  const el = newElement(ctx, { name: '', span: c.span(kw.end, kw.end) }, kw.start, inPattern);
  setDoc(el, docs);
  try {
    // `element implements p:` lacks a name; `element implements:` is an element named `implements`
    if (c.isKw('implements') && c.is('identifier', undefined, 1)) c.fail(SyntaxCodes.NAME, 'an element name');
    el.name = c.expectName('an element name');
    if (c.isKw('implements')) {
      c.next();
      el.implements.push(c.expectName('a pattern name'));
      while (c.isPunct(',')) {
        c.next();
        el.implements.push(c.expectName('a pattern name'));
      }
      if (c.isPunct('.')) {
        c.errorAt(
          c.peek(),
          SyntaxCodes.EXPECTED,
          'expected `:` or `{` after the implemented patterns, found `.`',
          'pattern names are plain names; import the file that declares the pattern and use its name',
        );
        while (c.isPunct('.') || c.is('identifier') || c.is('keyword')) c.next();
      }
    }
  } catch (e) {
    if (!(e instanceof StatementAbort) || !skipToOpener(ctx)) throw e;
  }
  el.blockStyle = parseBody(ctx, el, 'element', (d) => elementItem(ctx, el, d));
  el.span = c.span(kw.start, c.prevEnd);
  settleLists(el);
  return el;
}

/**
 * After a broken declaration header: skips to a `{` or `:` later on the same line so that the body
 * is still parsed. Returns false (nothing skipped) when there is none.
 */
function skipToOpener(ctx: ParseContext): boolean {
  const c = ctx.c;
  for (let k = 0; ; k++) {
    const t = c.peek(k);
    if (t.kind === 'newline' || t.kind === 'eof' || t.kind === 'dedent' || t.kind === 'indent') return false;
    if (t.kind === 'punct' && t.text === '}') return false;
    if (t.kind === 'punct' && (t.text === '{' || t.text === ':')) {
      for (let j = 0; j < k; j++) c.next();
      return true;
    }
  }
}

function elementItem(ctx: ParseContext, el: ElementDecl, docs: string[]): void {
  const c = ctx.c;
  const t = c.peek();
  if (t.kind === 'keyword' && isPositionalKeyword(t.text) && c.isKw('uses', 1)) {
    el.uses.push(parseUses(ctx, docs)); // a scope named like a positional keyword: `to uses core.src`
    return;
  }
  if (t.kind === 'keyword') {
    switch (t.text) {
      case 'scope':
        el.scopes.push(parseScope(ctx, docs, true));
        return;
      case 'ref':
      case 'connection_point':
        el.refs.push(parseRef(ctx, docs));
        return;
      case 'check':
        el.checks.push(parseCheck(ctx, docs, true));
        return;
      case 'element':
        el.children.push(parseElement(ctx, el.inPattern, docs));
        return;
      case 'requires':
      case 'allows':
      case 'forbids':
        el.requirements.push(parseRequirement(ctx, docs, (el, d) => elementItem(ctx, el, d)));
        return;
      case 'uses':
        c.errorAt(
          t,
          SyntaxCodes.USES_SOURCE,
          'a `uses` statement must start with the name of the scope that has the dependency',
          'write `module uses core.lexer`',
        );
        throw new StatementAbort();
      case 'pattern':
      case 'template':
        c.errorAt(t, SyntaxCodes.BODY_ITEM, `a \`${t.text}\` can only be declared at the top level of a file`);
        throw new StatementAbort();
      case 'language':
        c.errorAt(t, SyntaxCodes.BODY_ITEM, '`language` declarations belong at the top level of a file');
        throw new StatementAbort();
      case 'import':
      case 'from':
        c.errorAt(t, SyntaxCodes.BODY_ITEM, 'imports belong at the top of the file, before any declaration');
        throw new StatementAbort();
    }
  }
  if (t.kind === 'identifier') {
    if (c.isKw('uses', 1)) {
      el.uses.push(parseUses(ctx, docs));
      return;
    }
    if (atWarning(ctx)) {
      parseWarning(ctx, docs, el.checks, el.requirements, (e, d) => elementItem(ctx, e, d));
      return;
    }
    if (t.text === 'except' && (c.is('string', undefined, 1) || c.is('identifier', undefined, 1))) {
      (el.exceptions ??= []).push(parseException(ctx, docs));
      return;
    }
    if (c.isPunct('.', 1)) {
      el.bindings.push(parseBinding(ctx, docs));
      return;
    }
  }
  const hint = t.kind === 'identifier' ? suggestKeyword(t.text, ELEMENT_WORDS) : undefined;
  c.errorAt(
    t,
    SyntaxCodes.BODY_ITEM,
    `expected \`scope\`, \`ref\`, \`uses\`, \`check\` or \`element\` in the body of \`${el.name.name}\`, found ` +
      `${describeToken(t)}`,
    hint ? `did you mean \`${hint}\`?` : undefined,
  );
  throw new StatementAbort();
}

function parsePattern(ctx: ParseContext, docs: string[]): PatternDecl {
  const c = ctx.c;
  const kw = c.next();
  let name: Identifier = { name: '', span: c.span(kw.end, kw.end) };
  try {
    name = c.expectName('a pattern name');
  } catch (e) {
    if (!(e instanceof StatementAbort) || !skipToOpener(ctx)) throw e;
  }
  const p: PatternDecl = {
    kind: 'Pattern',
    keyword: kw.text === 'template' ? 'template' : 'pattern',
    name,
    scopes: [],
    refs: [],
    checks: [],
    requirements: [],
    elements: [],
    blockStyle: 'indent',
    span: c.span(kw.start, kw.end),
  };
  setDoc(p, docs);
  if (c.isKw('implements')) {
    c.errorAt(
      c.peek(),
      SyntaxCodes.EXPECTED,
      'expected `:` or `{` after the pattern name, found `implements`',
      'patterns cannot implement other patterns; list the requirement with `requires implements other` instead',
    );
    c.next();
    while (c.is('identifier') || c.isPunct(',') || c.isPunct('.')) c.next();
  }
  p.blockStyle = parseBody(ctx, p, kw.text, (d) => patternItem(ctx, p, d));
  p.span = c.span(kw.start, c.prevEnd);
  settleLists(p);
  return p;
}

function patternItem(ctx: ParseContext, p: PatternDecl, docs: string[]): void {
  const c = ctx.c;
  const t = c.peek();
  if (t.kind === 'keyword') {
    switch (t.text) {
      case 'scope':
        p.scopes.push(parseScope(ctx, docs, true));
        return;
      case 'ref':
      case 'connection_point':
        p.refs.push(parseRef(ctx, docs));
        return;
      case 'check':
        p.checks.push(parseCheck(ctx, docs, true));
        return;
      case 'element':
        p.elements.push(parseElement(ctx, true, docs));
        return;
      case 'requires':
      case 'allows':
      case 'forbids':
        p.requirements.push(parseRequirement(ctx, docs, (el, d) => elementItem(ctx, el, d)));
        return;
    }
  }
  if (t.kind === 'identifier' && atWarning(ctx)) {
    parseWarning(ctx, docs, p.checks, p.requirements, (e, d) => elementItem(ctx, e, d));
    return;
  }
  let help: string | undefined;
  if (t.kind === 'identifier' && c.isKw('uses', 1))
    help = '`uses` belongs in the elements that implement ' + 'the pattern';
  else if (
    t.kind === 'identifier' &&
    t.text === 'except' &&
    (c.is('string', undefined, 1) || c.is('identifier', undefined, 1))
  )
    help = '`except` belongs in the element whose dependency it accepts';
  else if (t.kind === 'identifier' && c.isPunct('.', 1))
    help = 'bindings belong in the elements that implement the pattern';
  else if (t.kind === 'keyword' && (t.text === 'pattern' || t.text === 'template')) help = 'patterns cannot be nested';
  else if (t.kind === 'identifier') {
    const hint = suggestKeyword(t.text, ['scope', 'ref', 'check', 'element', 'requires', 'allows', 'forbids']);
    if (hint) help = `did you mean \`${hint}\`?`;
  }
  c.errorAt(
    t,
    SyntaxCodes.BODY_ITEM,
    'expected `scope`, `ref`, `check`, `element`, `requires`, `allows` or `forbids` in the body of ' +
      `pattern \`${p.name.name}\`, found ${describeToken(t)}`,
    help,
  );
  throw new StatementAbort();
}

function parseLanguage(ctx: ParseContext, docs: string[]): LanguageDecl {
  const c = ctx.c;
  const kw = c.next();
  const lang: LanguageDecl = {
    kind: 'Language',
    name: c.expectName('a language name'),
    connectionChecks: [],
    span: c.span(kw.start, kw.end),
  };
  setDoc(lang, docs);
  if (c.isPunct(':') || c.isPunct('{')) {
    parseBody(ctx, lang, 'language', (d) => languageItem(ctx, lang, d));
  } else {
    endStatement(ctx, lang);
  }
  lang.span = c.span(kw.start, c.prevEnd);
  return lang;
}

function languageItem(ctx: ParseContext, lang: LanguageDecl, docs: string[]): void {
  const c = ctx.c;
  if (!c.isKw('connection_check')) {
    c.fail(SyntaxCodes.LANGUAGE_BODY, `\`connection_check\` in the body of language \`${lang.name.name}\``);
  }
  const kw = c.next();
  const name = c.expectName('a connection check name');
  c.expectPunct('(', `\`(\` after \`connection_check ${name.name}\``);
  const params: Identifier[] = [];
  const paramHelp = 'connection check parameters are declared `name: scope[]`';
  while (!c.isPunct(')')) {
    params.push(c.expectName('a parameter name'));
    c.expectPunct(':', '`:` after the parameter name', paramHelp);
    if (!c.isKw('scope')) c.fail(SyntaxCodes.EXPECTED, '`scope[]` as the parameter type', paramHelp);
    c.next();
    c.expectPunct('[', '`[]` after `scope`', paramHelp);
    c.expectPunct(']', '`]` after `scope[`', paramHelp);
    if (c.isPunct(',')) c.next();
    else if (!c.isPunct(')')) c.fail(SyntaxCodes.EXPECTED, '`,` or `)` in the parameter list');
  }
  c.next();
  const cc: ConnectionCheckDecl = {
    kind: 'ConnectionCheck',
    name,
    params,
    body: { kind: 'Boolean', value: true, span: c.span(kw.start, kw.start) },
    span: c.span(kw.start, kw.end),
  };
  setDoc(cc, docs);
  lang.connectionChecks.push(cc);
  let found = false;
  const body = (d: string[]): void => {
    if (found) {
      c.fail(
        SyntaxCodes.LANGUAGE_BODY,
        'the end of the connection check',
        'the body of a connection check is a single expression',
      );
    }
    if (c.is('identifier', 'return') && !c.is('newline', undefined, 1) && !c.isPunct('.', 1) && !c.isPunct('(', 1)) {
      c.errorAt(
        c.peek(),
        SyntaxCodes.STATEMENT_END,
        '`return` is not used: the body of a connection check is a single expression',
        'remove `return`',
      );
      c.next();
    }
    cc.body = parseExpression(c);
    if (d.length > 0) appendDoc(cc, joinDocs(d) ?? '');
    found = true;
    endStatement(ctx, cc);
  };
  if (!c.isPunct(':') && !c.isPunct('{')) {
    c.fail(
      SyntaxCodes.EXPECTED,
      '`:` or `{` after the parameter list',
      'the body (one expression) goes on the next line, indented',
    );
  }
  const before = c.diagnostics.length;
  parseBody(ctx, cc, 'connection check', body);
  if (!found && c.diagnostics.length === before) {
    c.error(
      SyntaxCodes.EXPRESSION,
      `the connection check \`${name.name}\` has no body`,
      kw.start,
      c.prevEnd,
      'write one expression on the next line, indented',
    );
  }
  cc.span = c.span(kw.start, c.prevEnd);
}

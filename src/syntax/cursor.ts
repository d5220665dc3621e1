/**
 * Token cursor shared by the parser modules: look-ahead, spans, error reporting with the error
 * cap, and statement-level recovery.
 */
import { makeDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import type { Expression, Identifier } from './ast.js';
import { MAX_NESTING, MAX_SYNTAX_ERRORS, SyntaxCodes } from './codes.js';
import type { TokenFeed } from './lexer.js';
import type { SourceFile } from './source.js';
import { describeToken, isPositionalKeyword, KEYWORDS, type Token, type TokenKind } from './tokens.js';

/** Thrown to abandon the current statement; caught at statement level, followed by `sync()`. */
export class StatementAbort extends Error {
  constructor() {
    super('statement abandoned');
  }
}

/** Thrown when the error cap is reached; caught by `parse`. */
export class TooManyErrors extends Error {
  constructor() {
    super('too many syntax errors');
  }
}

/** Tokens already parsed that the cursor keeps before dropping them from the feed (one release per batch). */
const RELEASE_BATCH = 256;

export class Cursor {
  /** Index of the current token, counted from the file's first token. */
  private i = 0;
  /** Index (from the file's first token) of `feed.tokens[0]`: the tokens before it were released. */
  private base = 0;
  /** End offset of the last consumed non-layout token. */
  prevEnd = 0;
  /** Number of `{` blocks currently open. */
  braceDepth = 0;
  /** Current nesting of declarations (elements, patterns, requirement bodies) and of expressions. */
  private depth = { block: 0, expression: 0 };
  readonly diagnostics: Diagnostic[] = [];
  private errors = 0;
  /** Items of the argument lists and lists being parsed, inner lists above outer ones (expressions.ts). */
  readonly openItems: Expression[] = [];

  /**
   * `feed`: the tokens, lexed as the parser asks for them. `streaming`: the lexer's errors are not
   * reported through this cursor (the caller adds them), but count towards the error cap as they
   * are found, and reaching the cap throws TooManyErrors at once (see parseSourceFile).
   */
  constructor(
    readonly src: SourceFile,
    private readonly feed: TokenFeed,
    private readonly streaming = false,
  ) {}

  /** The token `k` after the current one (the end-of-file token past the end). */
  peek(k = 0): Token {
    const tokens = this.feed.tokens;
    const j = this.i + k - this.base;
    while (j >= tokens.length) {
      if (!this.feed.more()) return tokens[tokens.length - 1]!;
      if (this.streaming && this.errors + this.feed.diagnostics.length >= MAX_SYNTAX_ERRORS) throw new TooManyErrors();
    }
    return tokens[j]!;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') {
      this.i++;
      if (this.i - this.base >= RELEASE_BATCH) {
        this.feed.release(this.i - this.base);
        this.base = this.i;
      }
    }
    if (t.kind !== 'newline' && t.kind !== 'indent' && t.kind !== 'dedent' && t.kind !== 'eof') this.prevEnd = t.end;
    return t;
  }

  is(kind: TokenKind, text?: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === kind && (text === undefined || t.text === text);
  }

  isPunct(c: string, k = 0): boolean {
    return this.is('punct', c, k);
  }

  isKw(w: string, k = 0): boolean {
    return this.is('keyword', w, k);
  }

  span(start: number, end: number): Span {
    return this.src.span(start, end);
  }

  ident(t: Token): Identifier {
    return { name: t.text, span: this.span(t.start, t.end) };
  }

  /** Reports an error; throws TooManyErrors once the cap is reached. */
  error(code: string, message: string, start: number, end: number, help?: string): void {
    this.report(makeDiagnostic('error', code, message, this.src.path, this.span(start, end), help ? { help } : {}));
  }

  errorAt(t: Token, code: string, message: string, help?: string): void {
    this.error(code, message, t.start, t.end, help);
  }

  report(d: Diagnostic): void {
    if (d.severity === 'error') {
      if (this.streaming && this.errors + this.feed.diagnostics.length + 1 >= MAX_SYNTAX_ERRORS)
        throw new TooManyErrors();
      if (this.errors >= MAX_SYNTAX_ERRORS) throw new TooManyErrors();
      this.errors++;
    }
    this.diagnostics.push(d);
    if (d.severity === 'error' && this.errors >= MAX_SYNTAX_ERRORS) {
      this.diagnostics.push(
        makeDiagnostic(
          'error',
          SyntaxCodes.TOO_MANY_ERRORS,
          `too many syntax errors (${MAX_SYNTAX_ERRORS}); the rest of the file was not checked`,
          this.src.path,
          d.span,
        ),
      );
      throw new TooManyErrors();
    }
  }

  /**
   * Runs `fn` one nesting level deeper; past MAX_NESTING reports E023 at the current token and
   * abandons the statement instead of recursing further.
   */
  nested<T>(kind: 'block' | 'expression', fn: () => T): T {
    if (this.depth[kind] >= MAX_NESTING) {
      const what = kind === 'block' ? 'elements are' : 'this expression is';
      this.errorAt(
        this.peek(),
        SyntaxCodes.TOO_DEEP,
        `${what} nested more than ${MAX_NESTING} levels deep`,
        'flatten the structure',
      );
      throw new StatementAbort();
    }
    this.depth[kind]++;
    try {
      return fn();
    } finally {
      this.depth[kind]--;
    }
  }

  /** Reports "expected …, found <token>" at the current token and abandons the statement. */
  fail(code: string, expected: string, help?: string): never {
    const t = this.peek();
    this.errorAt(t, code, `expected ${expected}, found ${describeToken(t)}`, help);
    throw new StatementAbort();
  }

  expectPunct(c: string, expected: string, help?: string): Token {
    if (this.isPunct(c)) return this.next();
    return this.fail(SyntaxCodes.EXPECTED, expected, help);
  }

  /**
   * A name. Reserved words are reported (E022) but accepted so that parsing goes on, unless
   * `keywordOk` (after `.`, ref types, …) accepts them silently.
   */
  expectName(what: string, keywordOk = false): Identifier {
    const t = this.peek();
    if (t.kind === 'identifier') return this.ident(this.next());
    if (t.kind === 'keyword') {
      if (!keywordOk && !isPositionalKeyword(t.text)) {
        this.errorAt(
          t,
          SyntaxCodes.RESERVED_WORD,
          `\`${t.text}\` is a reserved word and cannot be used as ${what}`,
          `choose another name, e.g. \`${t.text}_\`; reserved words are allowed as names only after a \`.\``,
        );
      }
      return this.ident(this.next());
    }
    return this.fail(SyntaxCodes.NAME, what);
  }

  /** Skips the rest of a broken statement (and a block hanging off it). */
  sync(): void {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || t.kind === 'dedent') return;
      if (t.kind === 'punct' && t.text === '}') return;
      if (t.kind === 'newline' || (t.kind === 'punct' && t.text === ';')) {
        this.next();
        break;
      }
      if (t.kind === 'punct' && t.text === '{') {
        this.skipBraces();
        continue;
      }
      if (t.kind === 'indent') break;
      this.next();
    }
    if (this.is('indent')) this.skipIndentedBlock();
  }

  skipBraces(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      this.next();
      if (t.kind === 'punct' && t.text === '{') depth++;
      else if (t.kind === 'punct' && t.text === '}' && --depth <= 0) return;
    }
  }

  skipIndentedBlock(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      this.next();
      if (t.kind === 'indent') depth++;
      else if (t.kind === 'dedent' && --depth <= 0) return;
    }
  }
}

/** `did you mean …?` for a misspelt keyword, or undefined. */
export function suggestKeyword(word: string, candidates: readonly string[] = KEYWORDS): string | undefined {
  if (word.length < 3) return undefined;
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= 2 ? best : undefined;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

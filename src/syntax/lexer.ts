/**
 * Lexer: source text → tokens, including the layout tokens NEWLINE / INDENT / DEDENT.
 *
 * Layout rules (docs/language.md, "Lines and indentation"):
 * - Only lines holding code take part in layout. Blank lines and comment lines (`#`, `##`, `###`)
 *   never open or close an indentation block (docs/design-rulings.md#layout-and-indentation).
 * - No layout tokens are produced inside `( )` and `[ ]`, so calls and lists may span lines.
 * - Inside `{ … }` indentation is free: lines less indented than the line holding the `{` are taken
 *   as being at that line's level, and every block opened inside the braces is closed by the `}`.
 * - Tabs count as 4 columns, but a block whose lines mix tabs and spaces differently is an error.
 * - `##` doc comments on their own lines are held back and emitted just before the next code token
 *   (after its layout tokens) so that they land in the block of the declaration they document.
 */
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { SyntaxCodes } from './codes.js';
import { SourceFile } from './source.js';
import { isKeyword, type CommentLine, type Token, type TokenKind } from './tokens.js';

export interface LexResult {
  source: SourceFile;
  tokens: Token[];
  diagnostics: Diagnostic[];
  /** Lines holding only a comment, in order (used to accept bodies made only of comments). */
  commentLines: CommentLine[];
}

interface Level {
  width: number;
  ws: string;
  /** 1-based line that opened the level. */
  line: number;
}

/** Size of the lexer's table of recent texts (a power of two). */
const RECENT_TEXTS = 1024;

const PUNCT = new Set([':', '=', '.', ',', ';', '(', ')', '[', ']', '{', '}', '<', '>', '*']);
const OPERATOR_CHARS = new Set(['!', '&', '|', '+', '/', '%', '^', '~', '?', '@', '$', '`', '\\']);

export function lex(source: SourceFile): LexResult {
  return new Lexer(source).run();
}

/**
 * Tokens lexed on demand, for the parser: `more()` lexes until at least one more token is in
 * `tokens`, `release(n)` drops the first `n` (already parsed). A large spec is thus never held as
 * one array of all its tokens (hundreds of thousands of objects that would outlive many
 * collections and then all die at once); `lex` still gives the whole list to those who need it.
 */
export interface TokenFeed {
  readonly source: SourceFile;
  /** Tokens lexed and not yet released, in order. */
  readonly tokens: Token[];
  /** Errors found so far (every one is an error). */
  readonly diagnostics: readonly Diagnostic[];
  /** Comment-only lines found so far. */
  readonly commentLines: readonly CommentLine[];
  /** Lexes until one more token is in `tokens`; false once the end-of-file token was given. */
  more(): boolean;
  /** Drops the first `count` tokens of `tokens`. */
  release(count: number): void;
}

export function tokenFeed(source: SourceFile): TokenFeed {
  return new Lexer(source);
}

/** Convenience: lex a string. */
export function tokenize(text: string, file = '<input>'): LexResult {
  return lex(new SourceFile(text, file));
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
function indentWidth(ws: string, tab = 4): number {
  let w = 0;
  for (const c of ws) w += c === '\t' ? tab : 1;
  return w;
}

/** The character most indented code lines start with: `'\t'` or `' '` (spaces on a tie). */
function dominantIndent(text: string): '\t' | ' ' {
  if (!text.includes('\t')) return ' '; // the common case: no line to count
  let tabs = 0;
  let spaces = 0;
  for (const m of text.matchAll(/^([ \t])[ \t]*[^ \t\r\n#]/gm)) {
    if (m[1] === '\t') tabs++;
    else spaces++;
  }
  return tabs > spaces ? '\t' : ' ';
}

class Lexer implements TokenFeed {
  private readonly text: string;
  private pos = 0;
  readonly tokens: Token[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly commentLines: CommentLine[] = [];
  /** The end-of-file token was given. */
  private finished = false;
  /** The last code token (not layout, not a doc comment). */
  private lastCode: Token | undefined;
  private readonly stack: Level[] = [{ width: 0, ws: '', line: 1 }];
  /** Stack length at each open `{`: levels below it belong to enclosing blocks. */
  private readonly braceMarks: number[] = [];
  private parenDepth = 0;
  private newlineInParens = false;
  private atLineStart = true;
  private lineWs = '';
  private lineWidth = 0;
  private lineStart = 0;
  private lineHasCode = false;
  private pendingDocs: Token[] = [];
  /** Start of the last string that spanned lines (to explain a later unterminated string). */
  private lastMultilineString: number | undefined;
  /** End offset of the last code token emitted. */
  private lastCodeEnd = -1;
  /** What most code lines are indented with; a line indented otherwise is reported once and read in it. */
  private readonly indentChar: '\t' | ' ';
  /**
   * Words and string values read recently, by a hash of their text (direct-mapped): a large spec
   * writes the same names (`files`, `src`, `check`…) tens of thousands of times, and its syntax
   * tree then holds each once. A fixed table rather than a map of every distinct text: texts
   * written once (paths, element names) are not kept, and nothing grows while a file is lexed.
   */
  private readonly recentTexts: (string | undefined)[] = new Array(RECENT_TEXTS);

  constructor(readonly source: SourceFile) {
    this.text = source.text;
    this.indentChar = dominantIndent(this.text);
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1; // a byte-order mark is not content
  }

  run(): LexResult {
    while (this.more()) {
      // every token stays in `tokens`
    }
    return {
      source: this.source,
      tokens: this.tokens,
      diagnostics: this.diagnostics,
      commentLines: this.commentLines,
    };
  }

  more(): boolean {
    if (this.finished) return false;
    const before = this.tokens.length;
    while (this.tokens.length === before) {
      if (!this.step()) {
        this.finish();
        break;
      }
    }
    return true;
  }

  release(count: number): void {
    const tokens = this.tokens;
    tokens.copyWithin(0, count);
    tokens.length -= count;
  }

  /** Reads the next line start, blank, line break, comment or token; false at the end of the text. */
  private step(): boolean {
    const text = this.text;
    if (this.atLineStart) this.readIndent();
    while (this.pos < text.length && (text[this.pos] === ' ' || text[this.pos] === '\t')) this.pos++;
    if (this.pos >= text.length) return false;
    const c = text[this.pos]!;
    if (c === '\n' || (c === '\r' && text[this.pos + 1] === '\n')) {
      this.endPhysicalLine();
      this.pos += c === '\n' ? 1 : 2;
      this.atLineStart = true;
      return true;
    }
    if (c === '#') {
      this.comment();
      return true;
    }
    const tok = this.scanToken();
    if (tok) this.emitCode(tok);
    return true;
  }

  /** The end of the text: the last line's end, held-back doc comments, the open blocks' ends, the end of file. */
  private finish(): void {
    const end = this.text.length;
    if (this.lineHasCode && this.parenDepth === 0) this.push(this.layoutToken('newline', end));
    for (const d of this.pendingDocs) this.tokens.push(d);
    this.pendingDocs = [];
    while (this.stack.length > 1) {
      this.stack.pop();
      this.push(this.layoutToken('dedent', end));
    }
    this.push(this.layoutToken('eof', end));
    this.finished = true;
  }

  // ------------------------------------------------------------------ lines and layout

  private readIndent(): void {
    this.atLineStart = false;
    this.lineStart = this.pos;
    let p = this.pos;
    while (p < this.text.length && (this.text[p] === ' ' || this.text[p] === '\t')) p++;
    this.lineWs = this.text.slice(this.pos, p);
    this.lineWidth = indentWidth(this.lineWs);
    const next = this.text[p];
    if (next === '#' && this.parenDepth === 0 && !this.lineHasCode) {
      this.commentLines.push({ offset: p, indent: this.lineWidth });
    }
    const code = next !== undefined && next !== '#' && next !== '\n' && next !== '\r';
    const other = this.indentChar === ' ' ? '\t' : ' ';
    if (code && this.parenDepth === 0 && this.lineWs.includes(other)) this.oddIndent(p);
    this.pos = p;
  }

  /**
   * A code line indented with the other character than the file's (a tab among spaces, or the
   * reverse): one error, then the line is read as its neighbours most plausibly intend — with the
   * tab width (4, 8 or 2) that lines it up with the next code line or an open block — and in the
   * file's own character, so that it causes no further error (no cascade of bogus blocks).
   */
  private oddIndent(codeStart: number): void {
    const ws = this.lineWs;
    const candidates = [...new Set([4, 8, 2].map((t) => indentWidth(ws, t)))];
    const nextWidth = this.nextCodeLineWidth(codeStart);
    const top = (this.stack[this.stack.length - 1] as Level).width;
    const last = this.lastCode;
    // after `name:` a deeper line opens the block: the reading that indents, like the next line if it can
    const opens = last?.kind === 'punct' && last.text === ':';
    const deeper = candidates.filter((w) => w > top);
    const levels = new Set(this.stack.map((l) => l.width));
    const width =
      (opens ? (deeper.find((w) => w === nextWidth) ?? deeper[0]) : undefined) ??
      candidates.find((w) => levels.has(w) && w === nextWidth) ??
      candidates.find((w) => levels.has(w)) ??
      candidates.find((w) => w === nextWidth) ??
      (candidates[0] as number);
    const line = this.source.lineIndex(this.lineStart) + 1;
    const what = this.indentChar === ' ' ? 'a tab' : 'spaces';
    const file = this.indentChar === ' ' ? 'spaces' : 'tabs';
    this.error(
      SyntaxCodes.MIXED_INDENTATION,
      `line ${line} is indented with ${what}, but this file indents with ${file} (read as ${width} columns)`,
      this.lineStart,
      this.lineStart + ws.length,
      `indent with ${file} only, like the rest of the file`,
    );
    this.lineWidth = width;
    this.lineWs =
      this.indentChar === ' ' ? ' '.repeat(width) : '\t'.repeat(Math.floor(width / 4)) + ' '.repeat(width % 4);
  }

  /** Indentation width of the next line holding code after the line of `from`, when it is indented the file's way. */
  private nextCodeLineWidth(from: number): number | undefined {
    const text = this.text;
    let nl = text.indexOf('\n', from);
    while (nl >= 0) {
      let p = nl + 1;
      while (p < text.length && (text[p] === ' ' || text[p] === '\t')) p++;
      const c = text[p];
      if (c === undefined) return undefined;
      if (c !== '\n' && c !== '\r' && c !== '#') {
        const ws = text.slice(nl + 1, p);
        return ws.includes(this.indentChar === ' ' ? '\t' : ' ') ? undefined : indentWidth(ws);
      }
      nl = text.indexOf('\n', p);
    }
    return undefined;
  }

  private endPhysicalLine(): void {
    if (this.parenDepth > 0) {
      this.newlineInParens = true;
      return;
    }
    if (this.lineHasCode) {
      this.push(this.layoutToken('newline', this.pos));
      this.lineHasCode = false;
    }
  }

  private layoutToken(kind: TokenKind, offset: number): Token {
    return { kind, text: '', start: offset, end: offset, lineIndent: this.lineWidth };
  }

  private push(t: Token): void {
    this.tokens.push(t);
  }

  /** Emits a code token, first producing the layout tokens of its line when it is the line's first. */
  private emitCode(tok: Token): void {
    const isBrace = tok.kind === 'punct' && (tok.text === '{' || tok.text === '}');
    if (this.parenDepth > 0) {
      const startsStatement = tok.kind === 'keyword' && tok.text !== 'true' && tok.text !== 'false';
      // A bracket left open: braces never occur in expressions, and a reserved word at the start of
      // a new line starts a new statement. Close the brackets here; the parser reports the missing `)`/`]`.
      if (isBrace || (this.newlineInParens && startsStatement && this.firstOnLine(tok))) {
        this.parenDepth = 0;
        this.newlineInParens = false;
        if (this.lineHasCode && !this.firstOnLine(tok)) {
          // same line: the logical line simply continues
        } else if (this.lineHasCode) {
          this.push(this.layoutToken('newline', tok.start));
          this.lineHasCode = false;
        }
      }
    }
    if (this.parenDepth === 0 && !this.lineHasCode) {
      this.layout(tok.start);
      for (const d of this.pendingDocs) this.tokens.push(d);
      this.pendingDocs = [];
      this.lineHasCode = true;
    }
    tok.lineIndent = this.lineWidth;
    this.lastCodeEnd = tok.end;
    this.lastCode = tok;
    if (tok.kind === 'punct') {
      switch (tok.text) {
        case '{':
          this.push(tok);
          this.braceMarks.push(this.stack.length);
          return;
        case '}': {
          const mark = this.braceMarks.pop();
          if (mark !== undefined) {
            while (this.stack.length > mark) {
              this.stack.pop();
              this.push(this.layoutToken('dedent', tok.start));
            }
          }
          this.push(tok);
          return;
        }
        case '(':
        case '[':
          this.parenDepth++;
          break;
        case ')':
        case ']':
          if (this.parenDepth > 0) this.parenDepth--;
          if (this.parenDepth === 0) this.newlineInParens = false;
          break;
      }
    }
    this.push(tok);
  }

  /** True when no code token was emitted yet on the physical line of `tok`. */
  private firstOnLine(tok: Token): boolean {
    return this.lastCodeEnd <= this.lineStart && tok.start >= this.lineStart;
  }

  private layout(offset: number): void {
    const width = this.lineWidth;
    const ws = this.lineWs;
    const line = this.source.lineIndex(offset) + 1;
    const floor = this.braceMarks.length > 0 ? this.braceMarks[this.braceMarks.length - 1]! : 1;
    let top = this.stack[this.stack.length - 1]!;
    if (width > top.width) {
      if (!ws.startsWith(top.ws)) this.mixed(line, top);
      this.stack.push({ width, ws, line });
      this.push(this.layoutToken('indent', offset));
      return;
    }
    if (width === top.width) {
      if (ws !== top.ws) this.mixed(line, top);
      return;
    }
    let popped = 0;
    while (this.stack.length > floor && this.stack[this.stack.length - 1]!.width > width) {
      this.stack.pop();
      this.push(this.layoutToken('dedent', offset));
      popped++;
    }
    top = this.stack[this.stack.length - 1]!;
    if (top.width === width) {
      if (ws !== top.ws) this.mixed(line, top);
    } else if (top.width < width && popped > 0) {
      // Dedented to a column that matches no enclosing block: open a misaligned block so the
      // parser can say so where indentation matters (inside braces it is ignored).
      this.stack.push({ width, ws, line });
      const t = this.layoutToken('indent', offset);
      t.misaligned = true;
      this.push(t);
    }
  }

  private mixed(line: number, level: Level): void {
    const start = this.lineStart;
    this.error(
      SyntaxCodes.MIXED_INDENTATION,
      `line ${line} mixes tabs and spaces in its indentation inconsistently with line ${level.line} of the ` +
        'same block',
      start,
      start + this.lineWs.length,
      'indent every line of a block with the same characters (preferably spaces only)',
    );
  }

  // ------------------------------------------------------------------ comments

  private comment(): void {
    const text = this.text;
    const start = this.pos;
    let n = 0;
    while (text[start + n] === '#') n++;
    const eol = this.endOfLine(start);
    if (n === 1) {
      this.pos = eol;
      return;
    }
    if (n === 3) {
      const close = text.indexOf('###', start + 3);
      if (close >= 0) {
        const inner = text.slice(start, close);
        if (inner.includes('\n') && this.parenDepth > 0) this.newlineInParens = true;
        this.pos = close + 3;
        return;
      }
      // Never closed: like the original, the line is a doc comment.
    }
    this.pos = eol;
    if (this.parenDepth > 0) return; // inside brackets `##` is an ordinary comment
    const body = text.slice(start, eol).replace(/^#+/, '').trim();
    const tok: Token = { kind: 'doc', text: body, start, end: eol, lineIndent: this.lineWidth };
    if (this.lineHasCode) {
      tok.trailing = true;
      this.push(tok);
    } else {
      this.pendingDocs.push(tok);
    }
  }

  /** Offset of the line terminator (`\n` or `\r\n`) at or after `from`, or the end of the text. */
  private endOfLine(from: number): number {
    let e = this.text.indexOf('\n', from);
    if (e < 0) return this.text.length;
    if (e > from && this.text[e - 1] === '\r') e--;
    return e;
  }

  // ------------------------------------------------------------------ tokens

  private scanToken(): Token | undefined {
    const text = this.text;
    const start = this.pos;
    const c = text[start]!;
    if (isIdentStart(c)) {
      let p = start + 1;
      while (p < text.length && isIdentPart(text[p]!)) p++;
      const word = this.intern(text.slice(start, p));
      this.pos = p;
      return this.token(isKeyword(word) ? 'keyword' : 'identifier', word, start, p);
    }
    if (isDigit(c) || (c === '-' && isDigit(text[start + 1]))) {
      let p = start + 1;
      while (isDigit(text[p])) p++;
      if (text[p] === '.' && isDigit(text[p + 1])) {
        p++;
        while (isDigit(text[p])) p++;
      }
      this.pos = p;
      return this.token('number', this.intern(text.slice(start, p)), start, p);
    }
    if (c === "'" || c === '"') return this.string(c);
    if (PUNCT.has(c)) {
      this.pos = start + 1;
      return this.token('punct', c, start, start + 1);
    }
    this.unknown();
    return undefined;
  }

  private token(kind: TokenKind, text: string, start: number, end: number): Token {
    return { kind, text, start, end, lineIndent: this.lineWidth };
  }

  private intern(s: string): string {
    let h = s.length;
    for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
    const slot = h & (RECENT_TEXTS - 1);
    const known = this.recentTexts[slot];
    if (known === s) return known;
    this.recentTexts[slot] = s;
    return s;
  }

  private string(q: "'" | '"'): Token {
    const text = this.text;
    const start = this.pos;
    let value = '';
    let i = start + 1;
    /** Start of the run of plain characters not yet added to `value` (added as one slice). */
    let run = i;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === q) {
        value = this.intern(value + text.slice(run, i));
        if (value.includes('\n')) this.lastMultilineString = start;
        this.pos = i + 1;
        const t = this.token('string', value, start, i + 1);
        t.quote = q;
        return t;
      }
      if (ch === '\\' && i + 1 < text.length) {
        const e = text[i + 1]!;
        value +=
          text.slice(run, i) +
          (e === 'n'
            ? '\n'
            : e === 't'
              ? '\t'
              : e === 'r'
                ? '\r'
                : e === '\\' || e === "'" || e === '"'
                  ? e
                  : `\\${e}`);
        i += 2;
        run = i;
        continue;
      }
      i++;
    }
    // Unterminated: report at the opening quote and end the string at the end of its line.
    const eol = this.endOfLine(start);
    const spanning = this.lastMultilineString;
    let help = `add \`${q}\` where the string should end`;
    if (spanning !== undefined) {
      const p = this.source.position(spanning);
      help +=
        `; note that the string opened at ${p.line}:${p.column} runs over several lines — if it was meant to ` +
        'end on its first line, its closing quote is missing there';
    }
    this.error(
      SyntaxCodes.UNTERMINATED_STRING,
      `this string is never closed: the closing \`${q}\` is missing`,
      start,
      start + 1,
      help,
    );
    const raw = text.slice(start + 1, eol);
    this.pos = eol;
    const t = this.token('string', raw, start, eol);
    t.quote = q;
    return t;
  }

  private unknown(): void {
    const text = this.text;
    const start = this.pos;
    let p = start;
    while (p < text.length) {
      const ch = text[p]!;
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '#' || ch === "'" || ch === '"') break;
      if (ch === '\r' && text[p + 1] === '\n') break;
      if (isIdentPart(ch) || PUNCT.has(ch)) break;
      if (ch === '-' && isDigit(text[p + 1])) break;
      p += (text.codePointAt(p) ?? 0) > 0xffff ? 2 : 1;
    }
    this.pos = p;
    const chars = text.slice(start, p);
    const shown = chars.replace(/\r/g, '\\r');
    const first = chars[0]!;
    let help: string;
    if (first === '-') help = 'a `-` is only allowed directly before a number (`-5`); names use `_` (`my_service`)';
    else if (first === '\r') help = 'line breaks must be `\\n` or `\\r\\n`';
    else if (OPERATOR_CHARS.has(first)) help = 'expressions have no operators; call a library function instead';
    else if ((first.codePointAt(0) ?? 0) > 127)
      help = 'names may only use ASCII letters, digits and `_`; other text belongs in strings or comments';
    else help = 'remove it, or put it inside a string or a comment';
    this.error(
      SyntaxCodes.UNKNOWN_CHARACTER,
      [...chars].length === 1 ? `unexpected character \`${shown}\`` : `unexpected characters \`${shown}\``,
      start,
      p,
      help,
    );
  }

  private error(code: string, message: string, start: number, end: number, help?: string): void {
    this.diagnostics.push(
      makeDiagnostic('error', code, message, this.source.path, this.source.span(start, end), help ? { help } : {}),
    );
  }
}

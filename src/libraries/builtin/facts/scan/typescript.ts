/**
 * Outline facts of a TypeScript / JavaScript file without a syntax tree: a tokenizer-level scanner
 * (strings, template literals nested to any depth, comments, regular expressions told from
 * division by the parse position, decorators, generics, type annotations) that walks statements,
 * class bodies and object literals just deeply enough to find what the outline needs — imports,
 * re-exports, `require(…)` and `import(…)` with positions, `import type` / `export type`,
 * exported names, declarations with their exported / documented flags and return types, test
 * calls, the module's JSDoc. It yields exactly what the tree-sitter extraction yields for outline
 * facts (calls and type references omitted), or `undefined` whenever the file holds anything it
 * is not sure about (JSX, syntax it does not model, unterminated literals, unbalanced brackets):
 * the caller then parses the file with tree-sitter.
 *
 * The scanner reads the text with `charCodeAt`, keeps the current token in fields (no token
 * objects), and slices strings only for the names and texts that facts carry.
 */
import type { FileFacts, Grammar, ImportFact, SymbolFact } from '../types.js';
import { firstLine } from '../text.js';
import { emptyFacts } from '../types.js';

// token kinds
const EOF: number = 0;
const NAME: number = 1;
const NUM: number = 2;
const STR: number = 3;
/** Template literal without substitutions. */
const TPL: number = 4;
/** `` `…${ `` */
const TPL_HEAD: number = 5;
/** `` }…${ `` */
const TPL_MID: number = 6;
/** `` }…` `` */
const TPL_TAIL: number = 7;
const REGEX: number = 8;
/** One-character punctuator; its code is in `ch`. */
const PUNCT: number = 9;
const ARROW: number = 10;
const DOTS: number = 11;
/** `?.` */
const QDOT: number = 12;
/** `++` / `--` */
const INCDEC: number = 13;
/** `#name` */
const PRIV: number = 14;
/** Multi-character binary or assignment operator (`&&`, `===`, `+=`, `??`, …). */
const OP: number = 15;

// character codes
const C_LPAREN: number = 40;
const C_RPAREN: number = 41;
const C_LBRACK: number = 91;
const C_RBRACK: number = 93;
const C_LBRACE: number = 123;
const C_RBRACE: number = 125;
const C_SEMI: number = 59;
const C_COMMA: number = 44;
const C_COLON: number = 58;
const C_QUEST: number = 63;
const C_EQ: number = 61;
const C_LT: number = 60;
const C_GT: number = 62;
const C_DOT: number = 46;
const C_AT: number = 64;
const C_STAR: number = 42;
const C_BANG: number = 33;
const C_PIPE: number = 124;
const C_AMP: number = 38;
const C_MINUS: number = 45;
const C_PLUS: number = 43;
const C_TILDE: number = 126;

/** Thrown when the scanner is not sure: the caller falls back to tree-sitter. */
class Unsure extends Error {}
const UNSURE = new Unsure('unsure');
/** Set while diagnosing (`scanTypeScriptUnsureAt`): the stack of the last `unsure()`. */
let trace: string | undefined;
let tracing = false;
function unsure(): never {
  if (tracing) trace = new Error('unsure').stack;
  throw UNSURE;
}

const TEST_FNS = new Set(['describe', 'it', 'test', 'suite']);
/** Type names tree-sitter reads as `predefined_type` (not type identifiers). */
const PREDEFINED = new Set(['any', 'number', 'boolean', 'string', 'symbol', 'void', 'unknown', 'never', 'object']);
/** Names that are literal / special types, never type identifiers. */
const LITERAL_TYPES = new Set(['undefined', 'null', 'true', 'false', 'this']);
/** Reserved words that never name a value (an identifier operand is anything else). */
const RESERVED = new Set([
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'return',
  'switch',
  'throw',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
]);
const CLASS_MODIFIERS = new Set([
  'public',
  'private',
  'protected',
  'static',
  'readonly',
  'abstract',
  'override',
  'declare',
  'async',
  'accessor',
  'get',
  'set',
]);
const PARAM_MODIFIERS = new Set(['public', 'private', 'protected', 'readonly', 'override']);

function isSpaceCode(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** ASCII character classes: 1 starts a name, 2 continues one. */
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
  ASCII[c] = (letter ? 1 : 0) | (letter || (c >= 48 && c <= 57) ? 2 : 0);
}

/** Index after the name characters from `pos`. */
function nameEnd(s: string, pos: number, n: number): number {
  while (pos < n) {
    const c = s.charCodeAt(pos);
    if (c < 128 ? (ASCII[c]! & 2) === 0 : !isIdentChar(c)) break;
    pos++;
  }
  return pos;
}

function isIdentChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 36 ||
    (c > 127 && !isSpaceCode(c) && c !== 0x2028 && c !== 0x2029)
  );
}

function isIdentStart(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    c === 95 ||
    c === 36 ||
    (c > 127 && !isSpaceCode(c) && c !== 0x2028 && c !== 0x2029)
  );
}

/** An open captured declaration (for `topLevel` and `container`). */
interface Open {
  cls: boolean;
  name: string;
}

/** Tokenizer state saved for a lookahead that may be undone. */
interface Mark {
  pos: number;
  line: number;
  ls: number;
  bd: number;
  tpl: number[];
  tok: number;
  ts: number;
  te: number;
  tl: number;
  tc: number;
  ch: number;
  nl: boolean;
  cmt: boolean;
  pEnd: number;
  pLine: number;
  pTok: number;
  pCh: number;
  tel: number;
}

/** A variable whose value may be a function (then a declaration). */
interface Declared {
  name: string;
  line: number;
  column: number;
  doc: boolean;
  exported: boolean;
  addName: boolean;
}

/** What `returnType` learned about a return type. */
interface ReturnType {
  text: string;
  ids: string[];
}

class Scanner {
  private readonly s: string;
  private readonly n: number;
  private readonly ts_: boolean;
  private readonly jsx: boolean;

  // tokenizer position
  private pos = 0;
  private line = 1;
  /** Index where the current line starts. */
  private ls = 0;
  /** Open `{` count (template substitutions excluded). */
  private bd = 0;
  /** `bd` at each open `${`. */
  private tpl: number[] = [];

  // current token
  private tok = -1;
  private ts = 0;
  private te = 0;
  /** Line / column (1-based) of the token's start; line at its end. */
  private tl = 1;
  private tc = 1;
  private tel = 1;
  private ch = 0;
  /** A line break between the previous token and this one. */
  private nl = false;
  // comments between the previous token and this one
  private cmt = false;
  private cmtFirstLine = 0;
  private cmtJs = false;
  private cmtStartLine = 0;
  private cmtEndLine = 0;
  // previous token
  private pEnd = 0;
  private pLine = 0;
  private pTok = -1;
  private pCh = 0;

  /** While > 0 the parse is a lookahead: facts must not be recorded (seeing one makes it unsure). */
  private silent = 0;

  // facts
  readonly imports: ImportFact[] = [];
  readonly symbols: SymbolFact[] = [];
  private readonly open: Open[] = [];
  readonly exportedNames = new Set<string>();
  readonly localExports = new Set<string>();
  rootDefault = false;
  hasTests = false;
  /** Per symbol: how many declarations were open around it. */
  private readonly depths: number[] = [];
  /** Statement-list nesting (0: the program). */
  private depth = 0;

  constructor(text: string, grammar: Grammar) {
    this.s = text;
    this.n = text.length;
    this.ts_ = grammar !== 'javascript';
    this.jsx = grammar !== 'typescript';
    // a hash-bang line (after a byte order mark, if any)
    const b = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (text.charCodeAt(b) === 35 && text.charCodeAt(b + 1) === 33) {
      const nl = text.indexOf('\n');
      this.pos = nl < 0 ? this.n : nl;
    }
  }

  // ───────────────────────────── tokenizer ─────────────────────────────

  /** Moves to the next token; `regexOK`: a `/` here starts a regular expression (an operand is expected). */
  private next(regexOK: boolean): void {
    const s = this.s;
    const n = this.n;
    this.pEnd = this.te;
    this.pLine = this.tel;
    this.pTok = this.tok;
    this.pCh = this.ch;
    this.nl = false;
    this.cmt = false;
    let pos = this.pos;
    for (;;) {
      if (pos >= n) break;
      const c = s.charCodeAt(pos);
      if (c === 10) {
        this.line++;
        pos++;
        this.ls = pos;
        this.nl = true;
        continue;
      }
      if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) {
        pos++;
        continue;
      }
      if (c === 47) {
        const c2 = s.charCodeAt(pos + 1);
        if (c2 === 47) {
          let end = s.indexOf('\n', pos);
          if (end < 0) end = n;
          this.comment(pos, this.line, false);
          pos = end;
          continue;
        }
        if (c2 === 42) {
          const end = s.indexOf('*/', pos + 2);
          if (end < 0) unsure();
          const startLine = this.line;
          let k = s.indexOf('\n', pos);
          while (k >= 0 && k < end) {
            this.line++;
            this.ls = k + 1;
            k = s.indexOf('\n', k + 1);
          }
          this.comment(pos, startLine, s.charCodeAt(pos + 2) === 42);
          pos = end + 2;
          continue;
        }
        break;
      }
      if (c > 127) {
        if (isSpaceCode(c)) {
          pos++;
          continue;
        }
        if (c === 0x2028 || c === 0x2029) unsure();
      }
      break;
    }
    this.ts = pos;
    this.tl = this.line;
    this.tc = pos - this.ls + 1;
    if (pos >= n) {
      this.tok = EOF;
      this.te = this.pos = pos;
      this.tel = this.line;
      return;
    }
    const c = s.charCodeAt(pos);
    this.ch = c;
    if (c < 128 ? (ASCII[c]! & 1) !== 0 : isIdentStart(c)) {
      pos = nameEnd(s, pos + 1, n);
      if (s.charCodeAt(pos) === 92) unsure(); // unicode escape in a name
      this.tok = NAME;
    } else if (c >= 48 && c <= 57) {
      pos = this.number(pos);
    } else {
      switch (c) {
        case 34:
        case 39:
          pos = this.string(pos, c);
          break;
        case 96:
          pos = this.template(pos + 1, true);
          break;
        case 35:
          pos++;
          if (!isIdentStart(s.charCodeAt(pos))) unsure();
          pos = nameEnd(s, pos, n);
          this.tok = PRIV;
          break;
        case 46:
          if (s.charCodeAt(pos + 1) >= 48 && s.charCodeAt(pos + 1) <= 57) pos = this.number(pos);
          else if (s.charCodeAt(pos + 1) === 46 && s.charCodeAt(pos + 2) === 46) {
            this.tok = DOTS;
            pos += 3;
          } else {
            this.tok = PUNCT;
            pos++;
          }
          break;
        case 47:
          if (regexOK) pos = this.regex(pos);
          else if (s.charCodeAt(pos + 1) === 61) {
            this.tok = OP;
            pos += 2;
          } else {
            this.tok = PUNCT;
            pos++;
          }
          break;
        case 125:
          if (this.tpl.length > 0 && this.tpl[this.tpl.length - 1] === this.bd) {
            this.tpl.pop();
            pos = this.template(pos + 1, false);
          } else {
            this.bd--;
            this.tok = PUNCT;
            pos++;
          }
          break;
        case 123:
          this.bd++;
          this.tok = PUNCT;
          pos++;
          break;
        case 61: {
          const c2 = s.charCodeAt(pos + 1);
          if (c2 === 62) {
            this.tok = ARROW;
            pos += 2;
          } else if (c2 === 61) {
            this.tok = OP;
            pos += s.charCodeAt(pos + 2) === 61 ? 3 : 2;
          } else {
            this.tok = PUNCT;
            pos++;
          }
          break;
        }
        case 33:
          if (s.charCodeAt(pos + 1) === 61) {
            this.tok = OP;
            pos += s.charCodeAt(pos + 2) === 61 ? 3 : 2;
          } else {
            this.tok = PUNCT;
            pos++;
          }
          break;
        case 63: {
          const c2 = s.charCodeAt(pos + 1);
          if (c2 === 46 && !(s.charCodeAt(pos + 2) >= 48 && s.charCodeAt(pos + 2) <= 57)) {
            this.tok = QDOT;
            pos += 2;
          } else if (c2 === 63) {
            this.tok = OP;
            pos += s.charCodeAt(pos + 2) === 61 ? 3 : 2;
          } else {
            this.tok = PUNCT;
            pos++;
          }
          break;
        }
        case 38:
        case 124: {
          const c2 = s.charCodeAt(pos + 1);
          if (c2 === c) {
            this.tok = OP;
            pos += s.charCodeAt(pos + 2) === 61 ? 3 : 2;
          } else if (c2 === 61) {
            this.tok = OP;
            pos += 2;
          } else {
            this.tok = PUNCT;
            pos++;
          }
          break;
        }
        case 42: {
          const c2 = s.charCodeAt(pos + 1);
          if (c2 === 42) {
            this.tok = OP;
            pos += s.charCodeAt(pos + 2) === 61 ? 3 : 2;
          } else if (c2 === 61) {
            this.tok = OP;
            pos += 2;
          } else {
            this.tok = PUNCT;
            pos++;
          }
          break;
        }
        case 43:
        case 45: {
          const c2 = s.charCodeAt(pos + 1);
          if (c2 === c) {
            this.tok = INCDEC;
            pos += 2;
          } else if (c2 === 61) {
            this.tok = OP;
            pos += 2;
          } else {
            this.tok = PUNCT;
            pos++;
          }
          break;
        }
        case 37:
        case 94:
          if (s.charCodeAt(pos + 1) === 61) {
            this.tok = OP;
            pos += 2;
          } else {
            this.tok = PUNCT;
            pos++;
          }
          break;
        case 40:
        case 41:
        case 91:
        case 93:
        case 59:
        case 44:
        case 58:
        case 126:
        case 64:
        case 60:
        case 62:
          this.tok = PUNCT;
          pos++;
          break;
        default:
          unsure();
      }
    }
    this.te = this.pos = pos;
    this.tel = this.line;
  }

  private comment(start: number, startLine: number, js: boolean): void {
    if (!this.cmt) this.cmtFirstLine = startLine;
    this.cmt = true;
    this.cmtJs = js;
    this.cmtStartLine = startLine;
    this.cmtEndLine = this.line;
    void start;
  }

  private number(pos: number): number {
    const s = this.s;
    const n = this.n;
    const c1 = s.charCodeAt(pos + 1) | 32;
    if (s.charCodeAt(pos) === 48 && (c1 === 120 || c1 === 98 || c1 === 111)) {
      pos += 2;
      while (pos < n && isIdentChar(s.charCodeAt(pos))) pos++;
    } else {
      let c = s.charCodeAt(pos);
      while ((c >= 48 && c <= 57) || c === 95) c = s.charCodeAt(++pos);
      if (c === 46) {
        c = s.charCodeAt(++pos);
        while ((c >= 48 && c <= 57) || c === 95) c = s.charCodeAt(++pos);
      }
      if ((c | 32) === 101) {
        c = s.charCodeAt(++pos);
        if (c === 43 || c === 45) c = s.charCodeAt(++pos);
        while ((c >= 48 && c <= 57) || c === 95) c = s.charCodeAt(++pos);
      }
      if (c === 110) pos++;
      if (pos < n && isIdentChar(s.charCodeAt(pos))) unsure();
    }
    this.tok = NUM;
    return pos;
  }

  private string(pos: number, q: number): number {
    const s = this.s;
    const n = this.n;
    pos++;
    for (;;) {
      if (pos >= n) unsure();
      const c = s.charCodeAt(pos);
      if (c === q) {
        pos++;
        break;
      }
      if (c === 92) {
        const c2 = s.charCodeAt(pos + 1);
        if (c2 === 13 && s.charCodeAt(pos + 2) === 10) {
          pos += 3;
          this.line++;
          this.ls = pos;
        } else if (c2 === 10) {
          pos += 2;
          this.line++;
          this.ls = pos;
        } else pos += 2;
        continue;
      }
      if (c === 10 || c === 13) unsure();
      pos++;
    }
    this.tok = STR;
    return pos;
  }

  /** Template characters from `pos` (after `` ` `` or `}`) to the closing `` ` `` or the next `${`. */
  private template(pos: number, head: boolean): number {
    const s = this.s;
    const n = this.n;
    for (;;) {
      if (pos >= n) unsure();
      const c = s.charCodeAt(pos);
      if (c === 96) {
        this.tok = head ? TPL : TPL_TAIL;
        return pos + 1;
      }
      if (c === 92) {
        if (s.charCodeAt(pos + 1) === 10) {
          this.line++;
          this.ls = pos + 2;
        }
        pos += 2;
        continue;
      }
      if (c === 36 && s.charCodeAt(pos + 1) === 123) {
        this.tpl.push(this.bd);
        this.tok = head ? TPL_HEAD : TPL_MID;
        return pos + 2;
      }
      if (c === 10) {
        this.line++;
        this.ls = pos + 1;
      }
      pos++;
    }
  }

  private regex(pos: number): number {
    const s = this.s;
    const n = this.n;
    let inClass = false;
    pos++;
    for (;;) {
      if (pos >= n) unsure();
      const c = s.charCodeAt(pos);
      if (c === 10 || c === 13) unsure();
      if (c === 92) {
        pos += 2;
        continue;
      }
      if (inClass) {
        if (c === 93) inClass = false;
      } else if (c === 91) inClass = true;
      else if (c === 47) {
        pos++;
        break;
      }
      pos++;
    }
    while (pos < n && isIdentChar(s.charCodeAt(pos))) pos++;
    this.tok = REGEX;
    return pos;
  }

  private mark(): Mark {
    return {
      pos: this.pos,
      line: this.line,
      ls: this.ls,
      bd: this.bd,
      tpl: this.tpl.slice(),
      tok: this.tok,
      ts: this.ts,
      te: this.te,
      tl: this.tl,
      tc: this.tc,
      ch: this.ch,
      nl: this.nl,
      cmt: this.cmt,
      pEnd: this.pEnd,
      pLine: this.pLine,
      pTok: this.pTok,
      pCh: this.pCh,
      tel: this.tel,
    };
  }

  private reset(m: Mark): void {
    this.pos = m.pos;
    this.line = m.line;
    this.ls = m.ls;
    this.bd = m.bd;
    this.tpl = m.tpl;
    this.tok = m.tok;
    this.ts = m.ts;
    this.te = m.te;
    this.tl = m.tl;
    this.tc = m.tc;
    this.ch = m.ch;
    this.nl = m.nl;
    this.cmt = m.cmt;
    this.pEnd = m.pEnd;
    this.pLine = m.pLine;
    this.pTok = m.pTok;
    this.pCh = m.pCh;
    this.tel = m.tel;
  }

  // ───────────────────────────── token tests ─────────────────────────────

  private is(c: number): boolean {
    return this.tok === PUNCT && this.ch === c;
  }

  private word(): string {
    return this.s.slice(this.ts, this.te);
  }

  private isWord(w: string): boolean {
    return this.tok === NAME && this.te - this.ts === w.length && this.s.startsWith(w, this.ts);
  }

  /** A reserved word other than `default` (the JavaScript grammar refuses them as export names). */
  private reservedName(): boolean {
    if (this.tok !== NAME || this.isWord('default')) return false;
    const w = this.word();
    return RESERVED.has(w) || w === 'null' || w === 'true' || w === 'false' || w === 'this' || w === 'super';
  }

  private expect(c: number, regexNext: boolean): void {
    if (!this.is(c)) unsure();
    this.next(regexNext);
  }

  /** Index of the next significant character after the current token (whitespace and comments skipped); `peekNl` tells a line break on the way. */
  private peekNl = false;
  private peekAt(): number {
    const s = this.s;
    const n = this.n;
    let p = this.te;
    this.peekNl = false;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === 10) {
        this.peekNl = true;
        p++;
      } else if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || (c > 127 && isSpaceCode(c))) p++;
      else if (c === 47 && s.charCodeAt(p + 1) === 47) {
        const e = s.indexOf('\n', p);
        p = e < 0 ? n : e;
      } else if (c === 47 && s.charCodeAt(p + 1) === 42) {
        const e = s.indexOf('*/', p + 2);
        if (e < 0) return n;
        if (s.lastIndexOf('\n', e) > p) this.peekNl = true;
        p = e + 2;
      } else break;
    }
    return p;
  }

  /** Is there a line break before the next token? */
  private peekNewline(): boolean {
    this.peekAt();
    return this.peekNl;
  }

  private peekChar(): number {
    const p = this.peekAt();
    return p < this.n ? this.s.charCodeAt(p) : -1;
  }

  /** Does the next token read `w` (a whole word)? */
  private peekWord(w: string): boolean {
    const p = this.peekAt();
    return this.s.startsWith(w, p) && !isIdentChar(this.s.charCodeAt(p + w.length));
  }

  /** Does a name (or string / `[` / `#` / `*` / number) follow, i.e. is the current word a modifier? */
  private peekNameLike(): boolean {
    const c = this.peekChar();
    return (
      isIdentStart(c) || c === 34 || c === 39 || c === C_LBRACK || c === 35 || c === C_STAR || (c >= 48 && c <= 57)
    );
  }

  // ───────────────────────────── facts ─────────────────────────────

  /** The current token is preceded by a JSDoc comment ending on its line or the line before. */
  private docHere(): boolean {
    if (!this.cmt || !this.cmtJs) return false;
    // a comment on the line where the previous construct ended may belong to that construct
    if (
      this.cmtStartLine === this.pLine &&
      this.pTok !== -1 &&
      !(this.pTok === PUNCT && (this.pCh === C_SEMI || this.pCh === C_LBRACE || this.pCh === C_COMMA))
    )
      unsure();
    return this.cmtEndLine >= this.tl - 1;
  }

  private addSymbol(
    kind: SymbolFact['kind'],
    name: string,
    line: number,
    column: number,
    exported: boolean,
    addName: boolean,
    documented: boolean,
    cls: boolean,
    rt?: ReturnType,
  ): void {
    if (this.silent > 0) unsure();
    if (exported && addName) this.exportedNames.add(name);
    const open = this.open;
    const topLevel = open.length === 0;
    let container: string | undefined;
    for (let i = open.length - 1; i >= 0; i--) {
      if (open[i]!.cls) {
        container = open[i]!.name;
        break;
      }
    }
    const sym: SymbolFact = { kind, name, line, column, exported, documented, topLevel };
    if (container !== undefined) sym.container = container;
    if (rt) {
      sym.returnText = rt.text;
      sym.returnTypes = rt.ids;
    }
    this.symbols.push(sym);
    this.depths.push(open.length);
    open.push({ cls, name });
  }

  private close(): void {
    this.open.pop();
  }

  /**
   * Takes back the declaration recorded at `index` (a function expression turned out to be only
   * the start of a variable's value, as in `var x = function () { … }()`): declarations inside it
   * are then directly inside what encloses it.
   */
  private retract(index: number): void {
    this.symbols.splice(index, 1);
    this.depths.splice(index, 1);
    for (let k = index; k < this.symbols.length; k++) {
      const d = --this.depths[k]!;
      if (d === 0) this.symbols[k]!.topLevel = true;
    }
  }

  private importFact(
    specTok: number,
    specEnd: number,
    form: ImportFact['form'],
    line: number,
    column: number,
    start: number,
    end: number,
    typeOnly: boolean,
  ): ImportFact {
    if (this.silent > 0) unsure();
    const specifier = this.s.slice(specTok + 1, specEnd - 1);
    let stop = this.s.indexOf('\n', start);
    if (stop < 0 || stop > end) stop = end;
    const f: ImportFact = { specifier, form, line, column, text: firstLine(this.s.slice(start, stop)) };
    if (typeOnly) f.typeOnly = true;
    this.imports.push(f);
    return f;
  }

  /**
   * Where a statement ending with the current token's predecessor ends, for its text: a `;` right
   * after it (comments on the line included), or trailing comments on its last line.
   */
  private statementEnd(lastEnd: number, lastLine: number): number {
    if (this.is(C_SEMI)) {
      if (this.cmt && this.tl !== lastLine) unsure();
      return this.te;
    }
    if (this.cmt && this.cmtFirstLine === lastLine) {
      const e = this.s.indexOf('\n', lastEnd);
      return e < 0 ? this.n : e;
    }
    return lastEnd;
  }

  // ───────────────────────────── statements ─────────────────────────────

  /** Line and column of the current token. */
  where(): string {
    return `${this.tl}:${this.tc}`;
  }

  run(): void {
    this.next(true);
    this.statementList(false);
  }

  private statementList(inBlock: boolean): void {
    this.depth++;
    for (;;) {
      if (this.tok === EOF) {
        if (inBlock) unsure();
        break;
      }
      if (this.is(C_RBRACE)) {
        if (!inBlock) unsure();
        break;
      }
      this.statement();
    }
    this.depth--;
  }

  /** A `{ … }` block of statements; the current token is `{`. Leaves the token after `}` (read with `regexAfter`). */
  private block(regexAfter: boolean): void {
    this.expect(C_LBRACE, true);
    this.statementList(true);
    this.next(regexAfter);
  }

  private endStatement(): void {
    if (this.is(C_SEMI)) this.next(true);
    else if (!(this.tok === EOF || this.is(C_RBRACE) || this.nl)) unsure();
  }

  private statement(): void {
    if (this.tok === PUNCT) {
      switch (this.ch) {
        case C_SEMI:
          this.next(true);
          return;
        case C_LBRACE:
          this.block(true);
          return;
        case C_AT: {
          const doc = this.docHere();
          const start = { line: this.tl, col: this.tc };
          this.decorators();
          void start;
          if (this.isWord('export')) {
            this.exportStatement(doc);
            return;
          }
          if ((this.isWord('class') || this.isWord('abstract')) && this.declaration(doc, false, true)) return;
          unsure();
        }
      }
      this.expressionStatement();
      return;
    }
    if (this.tok !== NAME) {
      this.expressionStatement();
      return;
    }
    const w = this.word();
    switch (w) {
      case 'import': {
        const c = this.peekChar();
        if (c === C_LPAREN || c === C_DOT) {
          this.expressionStatement();
          return;
        }
        this.importStatement();
        return;
      }
      case 'export':
        this.exportStatement(this.docHere());
        return;
      case 'if':
      case 'while':
      case 'with':
      case 'switch': {
        this.next(false);
        // a statement follows the condition: a `/` there starts a regular expression
        this.parens(true);
        this.statement();
        if (w === 'if' && this.isWord('else')) {
          this.next(true);
          this.statement();
        }
        return;
      }
      case 'for': {
        this.next(false);
        if (this.isWord('await')) this.next(false);
        if (!this.is(C_LPAREN)) unsure();
        this.next(true);
        while (!this.is(C_RPAREN)) {
          if (
            (this.isWord('const') || this.isWord('let') || this.isWord('var')) &&
            !this.peekWord('of') &&
            !this.peekWord('in')
          ) {
            // declarations: a function-valued one is a declaration like any other
            this.next(false);
            for (;;) {
              if (this.tok === NAME && this.peekChar() === C_EQ && this.s.charCodeAt(this.peekAt() + 1) !== C_EQ) {
                const name = this.word();
                const line = this.tl;
                const column = this.tc;
                this.next(false);
                this.next(true);
                this.variableValue(name, line, column, false, false, true);
              } else this.expression(false, false, true);
              if (!this.is(C_COMMA)) break;
              this.next(true);
            }
          }
          this.expression(true, false, true);
          if (this.is(C_SEMI)) this.next(true);
          else if (!this.is(C_RPAREN)) unsure();
        }
        this.next(true);
        this.statement();
        return;
      }
      case 'do': {
        this.next(true);
        this.statement();
        if (!this.isWord('while')) unsure();
        this.next(false);
        this.parens(true);
        if (this.is(C_SEMI)) this.next(true);
        return;
      }
      case 'try': {
        this.next(false);
        this.block(true);
        if (this.isWord('catch')) {
          this.next(false);
          if (this.is(C_LPAREN)) this.parens(false, true);
          this.block(true);
        }
        if (this.isWord('finally')) {
          this.next(false);
          this.block(true);
        }
        return;
      }
      case 'else':
      case 'catch':
      case 'finally':
        unsure();
        break;
      case 'return':
      case 'throw': {
        this.next(true);
        if (this.tok === EOF || this.is(C_SEMI) || this.is(C_RBRACE) || (this.nl && w === 'return')) {
          this.endStatement();
          return;
        }
        this.expression(true, true, true);
        this.endStatement();
        return;
      }
      case 'break':
      case 'continue': {
        this.next(false);
        if (this.tok === NAME && !this.nl) this.next(false);
        this.endStatement();
        return;
      }
      case 'debugger':
        this.next(true);
        this.endStatement();
        return;
      case 'case': {
        this.next(true);
        this.expression(true, false, true);
        this.expect(C_COLON, true);
        return;
      }
      case 'default': {
        this.next(false);
        this.expect(C_COLON, true);
        return;
      }
    }
    if ((w === 'using' || (w === 'await' && this.peekWord('using'))) && !this.peekNewline()) {
      // `using x = …` (explicit resource management): the grammar reads an assignment, no declaration
      if (w === 'await') {
        this.next(false);
        if (this.peekNewline()) unsure();
      }
      if (isIdentStart(this.peekChar()) && !this.peekWord('in') && !this.peekWord('instanceof')) {
        this.next(false);
        this.expressionStatement();
        return;
      }
      if (w === 'await') unsure();
    }
    if (TEST_FNS.has(w) && this.peekChar() === C_LPAREN) {
      this.testStatement();
      return;
    }
    if (this.isDeclarationStart(w)) {
      if (this.declaration(this.docHere(), false, true)) return;
    }
    // a label
    if (!RESERVED.has(w) && this.peekChar() === C_COLON) {
      this.next(false);
      this.next(true);
      this.statement();
      return;
    }
    this.expressionStatement();
  }

  private expressionStatement(): void {
    this.expression(true, true, true);
    this.endStatement();
  }

  /** `describe(…)`, `it(…)`, `test(…)`, `suite(…)` as a whole expression statement. */
  private testStatement(): void {
    this.next(false);
    this.parens(false);
    if (this.is(C_SEMI) || this.is(C_RBRACE) || this.tok === EOF || (this.nl && !this.continues())) {
      this.hasTests = true;
      this.endStatement();
      return;
    }
    this.expressionFrom(false, true, true);
    this.endStatement();
  }

  /** Could the current word start a declaration this scanner handles? */
  private isDeclarationStart(w: string): boolean {
    switch (w) {
      case 'function':
      case 'class':
      case 'const':
      case 'let':
      case 'var':
        return true;
      case 'async':
        return this.peekWord('function') && !this.peekNl;
      case 'abstract':
      case 'interface':
      case 'type':
      case 'enum':
      case 'namespace':
      case 'module':
      case 'declare':
      case 'global':
        return true;
    }
    return false;
  }

  /**
   * A declaration at the current token (`function`, `class`, `const`, TypeScript declarations).
   * Returns false when the word turned out not to start one (nothing consumed).
   * `direct`: the declaration's statement is the one `doc` and `exported` describe (not wrapped in `declare`).
   */
  private declaration(doc: boolean, exported: boolean, addName: boolean, direct = true): boolean {
    const w = this.word();
    const ts = this.ts_;
    switch (w) {
      case 'function':
        this.functionDeclaration(doc, exported, addName);
        return true;
      case 'async':
        if (!this.peekWord('function') || this.peekNl) return false;
        this.next(false);
        this.functionDeclaration(doc, exported, addName);
        return true;
      case 'class': {
        const c = this.peekChar();
        if (!isIdentStart(c) || this.peekWord('extends') || this.peekWord('implements')) return false;
        this.classDeclaration(doc, exported, addName);
        return true;
      }
      case 'abstract':
        if (!ts) return false;
        if (!this.peekWord('class')) return false;
        if (this.peekNl) unsure();
        this.next(false);
        this.classDeclaration(doc, exported, addName);
        return true;
      case 'const':
        if (this.peekWord('enum')) {
          if (!ts) unsure();
          this.next(false);
          this.enumDeclaration(doc, exported, addName);
          return true;
        }
        this.variables(doc, exported, addName);
        return true;
      case 'let':
      case 'var': {
        const c = this.peekChar();
        if (w === 'let' && this.peekNl) unsure();
        if (!(isIdentStart(c) || c === C_LBRACE || c === C_LBRACK)) return false;
        if (w === 'let' && (this.peekWord('in') || this.peekWord('instanceof') || this.peekWord('of'))) return false;
        this.variables(doc, exported, addName);
        return true;
      }
    }
    // contextual TypeScript keywords: a declaration only when a name follows on the same line
    const c = this.peekChar();
    const named =
      isIdentStart(c) &&
      !this.peekWord('in') &&
      !this.peekWord('instanceof') &&
      !this.peekWord('as') &&
      !this.peekWord('satisfies');
    switch (w) {
      case 'interface':
        if (!named) return false;
        if (!ts || this.peekNl) unsure();
        this.interfaceDeclaration(doc, exported, addName);
        return true;
      case 'type':
        if (!named) return false;
        if (!ts || this.peekNl) unsure();
        this.typeAlias(doc, exported, addName);
        return true;
      case 'enum':
        if (!named) return false;
        if (!ts || this.peekNl) unsure();
        this.enumDeclaration(doc, exported, addName);
        return true;
      case 'namespace':
      case 'module':
        if (!(named || (w === 'module' && (c === 34 || c === 39)))) return false;
        if (!ts || this.peekNl) unsure();
        this.namespace();
        return true;
      case 'global':
        if (c !== C_LBRACE) return false;
        // `global { … }` without `declare` is not in the grammar
        if (!ts || this.peekNl || direct) unsure();
        this.next(false);
        this.block(true);
        return true;
      case 'declare':
        if (!named) return false;
        if (!ts || this.peekNl) unsure();
        this.next(false);
        // the declaration sits in an ambient declaration: not the statement an export or a comment describes
        if (!this.declaration(false, false, false, false)) unsure();
        return true;
    }
    return false;
  }

  private functionDeclaration(doc: boolean, exported: boolean, addName: boolean): void {
    // current token: `function`
    this.next(false);
    if (this.is(C_STAR)) this.next(false);
    if (this.tok !== NAME) {
      // `export default function () {}`: an expression
      unsure();
    }
    const name = this.word();
    const line = this.tl;
    const column = this.tc;
    this.next(false);
    const before = this.symbols.length;
    if (this.is(C_LT)) this.typeParameters();
    this.parens(false, true);
    const rt = this.is(C_COLON) ? this.returnType() : undefined;
    if (this.symbols.length !== before) unsure();
    if (this.is(C_LBRACE)) {
      this.addSymbol('function', name, line, column, exported, addName, doc, false, rt);
      this.block(true);
      this.close();
      return;
    }
    // an overload signature / ambient function: no body
    this.endStatement();
  }

  private classDeclaration(doc: boolean, exported: boolean, addName: boolean): void {
    // current token: `class`
    this.next(false);
    const name = this.word();
    const line = this.tl;
    const column = this.tc;
    this.next(false);
    this.addSymbol('class', name, line, column, exported, addName, doc, true);
    this.classRest();
    this.close();
  }

  /** Type parameters, heritage and body of a class; the current token follows its name (if any). */
  private classRest(): void {
    if (this.is(C_LT)) this.typeParameters();
    if (this.isWord('extends')) {
      this.next(true);
      this.heritage();
    }
    if (this.isWord('implements')) {
      this.next(false);
      this.typeList();
    }
    this.classBody();
  }

  /** The `extends` expression of a class, up to its body or `implements`. */
  private heritage(): void {
    for (;;) {
      if (this.tok === NAME) {
        if (this.isWord('implements')) return;
        this.next(false);
      } else if (this.is(C_DOT) || this.tok === QDOT) this.next(false);
      else if (this.is(C_LPAREN)) this.parens(false);
      else if (this.is(C_LT)) this.typeArguments();
      else if (this.is(C_LBRACE)) return;
      else unsure();
    }
  }

  private interfaceDeclaration(doc: boolean, exported: boolean, addName: boolean): void {
    this.next(false);
    const name = this.word();
    const line = this.tl;
    const column = this.tc;
    this.next(false);
    this.addSymbol('interface', name, line, column, exported, addName, doc, false);
    if (this.is(C_LT)) this.typeParameters();
    if (this.isWord('extends')) {
      this.next(false);
      this.typeList();
    }
    if (!this.is(C_LBRACE)) unsure();
    this.objectType(undefined);
    this.close();
  }

  private typeAlias(doc: boolean, exported: boolean, addName: boolean): void {
    this.next(false);
    const name = this.word();
    const line = this.tl;
    const column = this.tc;
    this.next(false);
    this.addSymbol('type', name, line, column, exported, addName, doc, false);
    if (this.is(C_LT)) this.typeParameters();
    this.expect(C_EQ, false);
    this.type(undefined);
    this.close();
    this.endStatement();
  }

  private enumDeclaration(doc: boolean, exported: boolean, addName: boolean): void {
    this.next(false);
    const name = this.word();
    const line = this.tl;
    const column = this.tc;
    this.next(false);
    this.addSymbol('enum', name, line, column, exported, addName, doc, false);
    this.expect(C_LBRACE, false);
    while (!this.is(C_RBRACE)) {
      if (this.tok === NAME || this.tok === STR) this.next(false);
      else if (this.is(C_LBRACK)) this.brackets(false);
      else unsure();
      if (this.is(C_EQ)) {
        this.next(true);
        this.expression(false, false, true);
      }
      if (this.is(C_COMMA)) this.next(false);
      else if (!this.is(C_RBRACE)) unsure();
    }
    this.next(true);
    this.close();
  }

  /** `namespace A.B { … }`, `module 'x' { … }`, `module 'x';` */
  private namespace(): void {
    this.next(false);
    if (this.tok === STR) this.next(false);
    else {
      for (;;) {
        if (this.tok !== NAME) unsure();
        this.next(false);
        if (!this.is(C_DOT)) break;
        this.next(false);
      }
    }
    if (this.is(C_LBRACE)) this.block(true);
    else this.endStatement();
  }

  /** `const` / `let` / `var` declarations; functions assigned to plain names are declarations too. */
  private variables(doc: boolean, exported: boolean, addName: boolean): void {
    this.next(false);
    for (;;) {
      let name: string | undefined;
      let line = 0;
      let column = 0;
      if (this.tok === NAME) {
        name = this.word();
        line = this.tl;
        column = this.tc;
        this.next(false);
      } else if (this.is(C_LBRACE)) {
        this.objectLiteral();
      } else if (this.is(C_LBRACK)) {
        this.brackets(false);
      } else unsure();
      if (this.is(C_BANG)) this.next(false);
      if (this.is(C_COLON)) {
        this.next(false);
        this.type(undefined);
      }
      if (this.is(C_EQ)) {
        this.next(true);
        if (name === undefined) this.expression(false, true, true);
        else this.variableValue(name, line, column, doc, exported, addName);
      }
      if (this.is(C_COMMA)) {
        this.next(false);
        continue;
      }
      break;
    }
    this.endStatement();
  }

  /**
   * A variable's value (the current token follows `=`): an arrow function or a function
   * expression declares `name`. Reads the whole value either way.
   */
  private variableValue(
    name: string,
    line: number,
    column: number,
    doc: boolean,
    exported: boolean,
    addName: boolean,
  ): void {
    const decl = { name, line, column, doc, exported, addName };
    if (this.tok === NAME) {
      const w = this.word();
      if (w === 'function' || (w === 'async' && this.peekWord('function') && !this.peekNl)) {
        if (w === 'async') this.next(false);
        if (this.peekChar() !== C_STAR) {
          // a generator function expression is not a function declaration's equivalent
          const index = this.symbols.length;
          this.functionExpression(decl);
          if (this.valueEnds()) return;
          // `function () { … }()`, `function () { … }.call(this)`: the value is not the function
          if (decl.exported && decl.addName) unsure();
          this.retract(index);
          this.expressionFrom(true, false, true);
          return;
        }
      } else if (
        w === 'async' &&
        !this.peekNl &&
        (this.peekChar() === C_LPAREN || this.peekChar() === C_LT || isIdentStart(this.peekChar()))
      ) {
        this.next(false);
        if (this.tok === NAME && !this.isArrowNext()) unsure();
        if (!this.arrowOrParens(true, true, decl)) this.expressionFrom(true, false, true);
        return;
      } else if (this.isArrowNext()) {
        this.arrowOrParens(true, true, decl);
        return;
      }
    } else if (this.is(C_LPAREN) || this.is(C_LT)) {
      if (this.is(C_LT)) {
        if (this.jsx) unsure();
        const m = this.mark();
        this.typeParameters();
        if (!this.is(C_LPAREN)) {
          // `<T>expr`: a type assertion
          this.reset(m);
          this.expression(false, true, true);
          return;
        }
      }
      if (!this.arrowOrParens(true, true, decl)) this.expressionFrom(true, false, true);
      return;
    }
    this.expression(false, true, true);
  }

  /** Is the current name followed by `=>` (a single-parameter arrow function)? */
  private isArrowNext(): boolean {
    const p = this.peekAt();
    return !this.peekNl && this.s.charCodeAt(p) === C_EQ && this.s.charCodeAt(p + 1) === C_GT;
  }

  /**
   * A parenthesized expression or an arrow function (parameters in parentheses, or a single name
   * followed by `=>`); the current token: `(` or that name. Returns whether it was an arrow
   * function (the whole function is then read), else the token follows the `)`. `decl`: the
   * variable an arrow function declares. `typed`: a `:` after the `)` may start a return type.
   */
  private arrowOrParens(asi: boolean, typed: boolean, decl?: Declared): boolean {
    const before = this.symbols.length;
    if (this.tok === NAME) this.next(false);
    else {
      if (this.is(C_LT)) {
        // `<T>(x) => …` (in TSX and JavaScript a `<` here opens an element)
        if (this.jsx) unsure();
        this.typeParameters();
      }
      this.parens(false, true);
    }
    let rt: ReturnType | undefined;
    if (this.is(C_COLON) && this.ts_ && typed) {
      rt = this.tryArrowReturn();
      if (!rt) return false;
    }
    if (this.tok !== ARROW) return false;
    if (this.nl) unsure();
    if (decl) {
      // the declaration precedes whatever its parameters hold
      if (this.symbols.length !== before) unsure();
      this.addSymbol('function', decl.name, decl.line, decl.column, decl.exported, decl.addName, decl.doc, false, rt);
    }
    this.next(true);
    if (this.is(C_LBRACE)) {
      this.block(false);
      if (decl) {
        this.close();
        this.afterFunctionValue();
      }
    } else {
      this.expression(false, asi, true);
      if (decl) this.close();
    }
    return true;
  }

  /** Does a variable's value end here (after a function's body)? */
  private valueEnds(): boolean {
    if (this.is(C_COMMA) || this.is(C_SEMI) || this.is(C_RBRACE) || this.is(C_RPAREN) || this.tok === EOF) return true;
    return this.nl && !this.continues();
  }

  /** After a function-valued variable's body: the declarator must end here. */
  private afterFunctionValue(): void {
    if (!this.valueEnds()) unsure();
  }

  /** `function [*] [name] [<T>] (…) [: T] { … }`; the current token: `function`. `decl`: the variable it declares. */
  private functionExpression(decl?: Declared): void {
    this.next(false);
    if (this.is(C_STAR)) this.next(false);
    if (this.tok === NAME) this.next(false);
    const before = this.symbols.length;
    if (this.is(C_LT)) this.typeParameters();
    this.parens(false, true);
    const rt = this.is(C_COLON) ? this.returnType() : undefined;
    if (decl) {
      if (this.symbols.length !== before) unsure();
      this.addSymbol('function', decl.name, decl.line, decl.column, decl.exported, decl.addName, decl.doc, false, rt);
    }
    this.block(false);
    if (decl) this.close();
  }

  // ───────────────────────────── import / export ─────────────────────────────

  private importStatement(): void {
    const start = this.ts;
    const line = this.tl;
    const column = this.tc;
    this.next(false);
    let typeKw = false;
    if (this.isWord('type') && this.peekWord('from')) {
      // `import type from 'x'`: a default import named `type`
      const m = this.mark();
      this.next(false);
      const named = this.peekChar() === 34 || this.peekChar() === 39;
      this.reset(m);
      if (!named) unsure();
    } else if (this.isWord('type')) {
      if (this.peekChar() === C_COMMA || this.peekChar() === C_EQ) unsure();
      if (!this.ts_) unsure();
      typeKw = true;
      this.next(false);
    }
    if (this.tok === STR) {
      const st = this.ts;
      const se = this.te;
      const lastLine = this.tel;
      this.next(false);
      this.attributes();
      const end = this.statementEnd(se, lastLine);
      this.importFact(st, se, 'import', line, column, start, end, typeKw);
      this.endStatement();
      return;
    }
    let onlyNamed = true;
    let named = 0;
    let allType = true;
    if (this.tok === NAME && !this.isWord('from')) {
      onlyNamed = false;
      this.next(false);
      if (this.is(C_EQ)) {
        // `import x = require('y')` / `import x = A.B`
        if (!this.ts_) unsure();
        this.next(false);
        if (this.isWord('require') && this.peekChar() === C_LPAREN) {
          this.next(false);
          this.next(false);
          if (this.tok !== STR || this.cmt) unsure();
          const st = this.ts;
          const se = this.te;
          this.next(false);
          if (!this.is(C_RPAREN)) unsure();
          const lastEnd = this.te;
          const lastLine = this.tel;
          this.next(false);
          const end = this.statementEnd(lastEnd, lastLine);
          this.importFact(st, se, 'require', line, column, start, end, typeKw);
          this.endStatement();
          return;
        }
        for (;;) {
          if (this.tok !== NAME) unsure();
          this.next(false);
          if (!this.is(C_DOT)) break;
          this.next(false);
        }
        this.endStatement();
        return;
      }
      if (this.is(C_COMMA)) this.next(false);
      else if (!this.isWord('from')) unsure();
    } else if (this.isWord('from') && this.peekWord('from')) {
      // `import from from 'x'`
      onlyNamed = false;
      this.next(false);
    }
    if (this.is(C_STAR)) {
      onlyNamed = false;
      this.next(false);
      if (!this.isWord('as')) unsure();
      this.next(false);
      if (this.tok !== NAME) unsure();
      this.next(false);
    } else if (this.is(C_LBRACE)) {
      const r = this.specifiers(false);
      named = r.count;
      allType = r.allType;
    } else if (onlyNamed) unsure();
    if (!this.isWord('from')) unsure();
    this.next(false);
    if (this.tok !== STR) unsure();
    const st = this.ts;
    const se = this.te;
    const lastLine = this.tel;
    this.next(false);
    const lastEnd = this.attributes() ?? se;
    const end = this.statementEnd(lastEnd, lastLine === this.pLine ? lastLine : this.pLine);
    this.importFact(st, se, 'import', line, column, start, end, typeKw || (onlyNamed && named > 0 && allType));
    this.endStatement();
  }

  /** `with { … }` / `assert { … }` after a module specifier (same line); returns the end of `}` when present. */
  private attributes(): number | undefined {
    if ((this.isWord('with') || this.isWord('assert')) && !this.nl && this.peekChar() === C_LBRACE) {
      this.next(false);
      this.objectLiteral();
      return this.pEnd;
    }
    return undefined;
  }

  /**
   * `{ a, type b, c as d, "e" as f }` of an import or export; the current token: `{`. For
   * exports, records the exported and local names.
   */
  private specifiers(exporting: boolean): { count: number; allType: boolean } {
    this.next(false);
    let count = 0;
    let allType = true;
    while (!this.is(C_RBRACE)) {
      let typed = false;
      if (this.isWord('type')) {
        const c = this.peekChar();
        if (c !== C_COMMA && c !== C_RBRACE) {
          if (this.peekWord('as')) unsure();
          if (!this.ts_) unsure();
          typed = true;
          this.next(false);
        }
      }
      if (this.tok !== NAME && this.tok !== STR) unsure();
      if (!this.ts_ && this.reservedName()) unsure();
      const local = this.word();
      this.next(false);
      let alias: string | undefined;
      if (this.isWord('as')) {
        this.next(false);
        if (this.tok !== NAME && this.tok !== STR) unsure();
        if (!this.ts_ && this.reservedName()) unsure();
        alias = this.word();
        this.next(false);
      }
      if (exporting) {
        this.localExports.add(local);
        this.exportedNames.add(alias ?? local);
      }
      count++;
      if (!typed) allType = false;
      if (this.is(C_COMMA)) this.next(false);
      else if (!this.is(C_RBRACE)) unsure();
    }
    this.next(false);
    return { count, allType };
  }

  private exportStatement(doc: boolean): void {
    // decorators before `export` were read by the caller
    const start = this.ts;
    const line = this.tl;
    const column = this.tc;
    this.next(false);
    if (this.isWord('type')) {
      const c = this.peekChar();
      if (c === C_STAR) unsure(); // `export type *`: not in the grammar
      if (c === C_LBRACE) {
        if (!this.ts_) unsure();
        this.next(false);
        this.exportList(start, line, column, true);
        return;
      }
    }
    if (this.is(C_LBRACE)) {
      this.exportList(start, line, column, false);
      return;
    }
    if (this.is(C_STAR)) {
      this.next(false);
      if (this.isWord('as')) {
        this.next(false);
        if (this.tok !== NAME && this.tok !== STR) unsure();
        this.next(false);
      }
      if (!this.isWord('from')) unsure();
      this.next(false);
      if (this.tok !== STR) unsure();
      const st = this.ts;
      const se = this.te;
      const lastLine = this.tel;
      this.next(false);
      const lastEnd = this.attributes() ?? se;
      const end = this.statementEnd(lastEnd, lastLine === this.pLine ? lastLine : this.pLine);
      this.importFact(st, se, 'export-from', line, column, start, end, false);
      this.endStatement();
      return;
    }
    if (this.is(C_EQ)) {
      if (!this.ts_) unsure();
      this.next(true);
      this.expression(true, true, true);
      this.endStatement();
      return;
    }
    if (this.is(C_AT)) this.decorators();
    if (this.tok !== NAME) unsure();
    const w = this.word();
    if (w === 'default') {
      if (this.depth === 1) this.rootDefault = true;
      this.next(true);
      if (this.tok === NAME) {
        const v = this.word();
        if (v === 'function' || (v === 'async' && this.peekWord('function') && !this.peekNl)) {
          const m = this.mark();
          if (v === 'async') this.next(false);
          this.next(false);
          if (this.is(C_STAR)) this.next(false);
          const anonymous = this.tok !== NAME;
          this.reset(m);
          if (!anonymous) {
            if (!this.declaration(doc, true, false)) unsure();
            return;
          }
        } else if (v === 'class' || v === 'abstract') {
          if (this.declaration(doc, true, false)) return;
          if (v === 'abstract') unsure();
        } else if (v === 'interface' || v === 'enum' || v === 'type' || v === 'namespace' || v === 'declare') {
          unsure();
        } else if (!RESERVED.has(v)) {
          // `export default name`
          const m = this.mark();
          this.next(false);
          const ends = this.is(C_SEMI) || this.is(C_RBRACE) || this.tok === EOF || (this.nl && !this.continues());
          this.reset(m);
          if (ends && this.depth === 1) this.localExports.add(v);
        }
      }
      this.expression(true, true, true);
      this.endStatement();
      return;
    }
    if (w === 'as') {
      // `export as namespace X`
      this.next(false);
      this.next(false);
      this.next(false);
      this.endStatement();
      return;
    }
    if (w === 'import') unsure();
    if (w === 'declare') {
      if (!this.declaration(false, false, false)) unsure();
      return;
    }
    if (!this.isDeclarationStart(w) || !this.declaration(doc, true, true)) unsure();
  }

  /** `export [type] { … } [from '…']`; the current token: `{`. */
  private exportList(start: number, line: number, column: number, typeKw: boolean): void {
    const { count, allType } = this.specifiers(true);
    if (this.isWord('from')) {
      this.next(false);
      if (this.tok !== STR) unsure();
      const st = this.ts;
      const se = this.te;
      const lastLine = this.tel;
      this.next(false);
      const lastEnd = this.attributes() ?? se;
      const end = this.statementEnd(lastEnd, lastLine === this.pLine ? lastLine : this.pLine);
      this.importFact(st, se, 'export-from', line, column, start, end, typeKw || (count > 0 && allType));
    }
    this.endStatement();
  }

  // ───────────────────────────── expressions ─────────────────────────────

  /**
   * After an operand, at a line break: would the current token continue the expression (no
   * automatic semicolon)?
   */
  private continues(): boolean {
    switch (this.tok) {
      case NAME: {
        const w = this.word();
        return w === 'in' || w === 'instanceof' || w === 'as' || w === 'satisfies' || w === 'of';
      }
      case PUNCT:
        switch (this.ch) {
          case C_BANG:
          case C_TILDE:
          case C_AT:
          case C_LBRACE:
            return false;
          case C_SEMI:
          case C_RBRACE:
          case C_RPAREN:
          case C_RBRACK:
            return true;
        }
        return true;
      case ARROW:
      case QDOT:
      case OP:
      case TPL:
      case TPL_HEAD:
      case TPL_MID:
      case TPL_TAIL:
        return true;
    }
    // names, numbers, strings, `++`, `#x`, `...`, regular expressions: a new statement
    return false;
  }

  /**
   * Skips an expression (with `commas`, a comma-separated sequence), stopping before what ends
   * it: `;`, `)`, `]`, `}`, a template continuation, EOF, a `:` it does not own, or — with `asi` —
   * a line break where an automatic semicolon goes.
   */
  private expression(commas: boolean, asi: boolean, operand: boolean): void {
    this.expressionFrom(!operand, commas, asi);
  }

  private expressionFrom(afterOperand: boolean, commas: boolean, asi: boolean): void {
    let expectOperand = !afterOperand;
    let pendingQ = 0;
    for (;;) {
      const tok = this.tok;
      if (tok === EOF) return;
      if (expectOperand) {
        switch (tok) {
          case NAME:
            this.operandName(asi, pendingQ === 0);
            expectOperand = false;
            continue;
          case NUM:
          case STR:
          case REGEX:
          case TPL:
          case PRIV:
            this.next(false);
            expectOperand = false;
            continue;
          case TPL_HEAD:
            this.templateRest();
            expectOperand = false;
            continue;
          case INCDEC:
          case DOTS:
            this.next(true);
            continue;
          case PUNCT:
            switch (this.ch) {
              case C_LPAREN:
                this.arrowOrParens(asi, pendingQ === 0);
                expectOperand = false;
                continue;
              case C_LBRACK:
                this.brackets(false);
                expectOperand = false;
                continue;
              case C_LBRACE:
                this.objectLiteral();
                expectOperand = false;
                continue;
              case C_BANG:
              case C_TILDE:
              case C_PLUS:
              case C_MINUS:
                this.next(true);
                continue;
              case C_LT:
                if (this.pTok === PUNCT && (this.pCh === C_LT || this.pCh === C_GT) && this.pEnd === this.ts) {
                  this.next(true);
                  continue;
                }
                if (this.jsx) unsure();
                // `<T>expr` or `<T>(x) => …`
                this.typeArguments(true);
                if (this.is(C_LPAREN)) {
                  this.arrowOrParens(asi, pendingQ === 0);
                  expectOperand = false;
                }
                continue;
              case C_GT:
              case C_EQ:
                if (this.pTok === PUNCT && (this.pCh === C_LT || this.pCh === C_GT) && this.pEnd === this.ts) {
                  this.next(true);
                  continue;
                }
                unsure();
                break;
              case C_AT:
                this.decorators();
                continue;
            }
            break;
        }
        // a closing bracket or `;` where an operand was expected (`()` handled by parens, `a,)`)
        if (
          tok === PUNCT &&
          (this.ch === C_RPAREN ||
            this.ch === C_RBRACK ||
            this.ch === C_RBRACE ||
            this.ch === C_SEMI ||
            this.ch === C_COMMA)
        )
          return;
        if (tok === TPL_MID || tok === TPL_TAIL) return;
        unsure();
      }
      // after an operand
      if (asi && this.nl && !this.continues()) return;
      switch (tok) {
        case NAME: {
          const w = this.word();
          if (w === 'as' || w === 'satisfies') {
            if (!this.ts_) unsure();
            this.next(false);
            this.type(undefined);
            continue;
          }
          if (w === 'in' || w === 'instanceof' || w === 'of') {
            this.next(true);
            expectOperand = true;
            continue;
          }
          if (this.nl) return; // a new statement (the caller decides)
          unsure();
          break;
        }
        case ARROW:
          unsure(); // `=>` after something other than parameters
          break;
        case QDOT:
          this.next(false);
          if (this.is(C_LPAREN)) this.parens(false);
          else if (this.is(C_LBRACK)) this.brackets(false);
          else if (this.tok === NAME || this.tok === PRIV) this.next(false);
          else unsure();
          continue;
        case INCDEC:
          this.next(false);
          continue;
        case TPL:
          this.next(false);
          continue;
        case TPL_HEAD:
          this.templateRest();
          continue;
        case OP:
          this.next(true);
          expectOperand = true;
          continue;
        case PUNCT:
          switch (this.ch) {
            case C_DOT:
              this.next(false);
              if (this.tok !== NAME && this.tok !== PRIV) unsure();
              this.next(false);
              continue;
            case C_LPAREN:
              this.parens(false);
              continue;
            case C_LBRACK:
              this.brackets(false);
              continue;
            case C_BANG:
              this.next(false); // non-null assertion
              continue;
            case C_QUEST: {
              this.next(true);
              if (this.ts_ && (this.is(C_COLON) || this.is(C_COMMA) || this.is(C_RPAREN) || this.is(C_EQ))) continue; // optional parameter
              pendingQ++;
              expectOperand = true;
              continue;
            }
            case C_COLON:
              if (pendingQ === 0) return;
              pendingQ--;
              this.next(true);
              expectOperand = true;
              continue;
            case C_COMMA:
              if (!commas) return;
              this.next(true);
              expectOperand = true;
              continue;
            case C_LT:
              // type arguments of a call (`f<T>(x)`, `new Map<K, V>()`) or a comparison
              if (this.ts_ && this.tryTypeArguments()) continue;
              this.next(true);
              expectOperand = true;
              continue;
            case C_EQ:
            case C_GT:
            case C_PLUS:
            case C_MINUS:
            case C_STAR:
            case C_PIPE:
            case C_AMP:
            case 47:
            case 37:
            case 94:
              this.next(true);
              expectOperand = true;
              continue;
            case C_RPAREN:
            case C_RBRACK:
            case C_RBRACE:
            case C_SEMI:
              return;
          }
          break;
        case TPL_MID:
        case TPL_TAIL:
          return;
      }
      if (asi && this.nl) return;
      unsure();
    }
  }

  /** At `<` after an operand: reads type arguments when a call (or tagged template) follows them, else nothing. */
  private tryTypeArguments(): boolean {
    const m = this.mark();
    const imports = this.imports.length;
    let ok = false;
    try {
      this.typeArguments();
      ok = this.is(C_LPAREN) || this.tok === TPL || this.tok === TPL_HEAD;
    } catch (e) {
      if (e !== UNSURE) throw e;
    }
    if (!ok) {
      this.imports.length = imports;
      this.reset(m);
    }
    return ok;
  }

  /** At `:` after arrow-function parameters: the return type when an arrow follows, else nothing read. */
  private tryArrowReturn(): ReturnType | undefined {
    const m = this.mark();
    const imports = this.imports.length;
    let rt: ReturnType | undefined;
    try {
      rt = this.returnType(true);
      if (this.tok !== ARROW) rt = undefined;
    } catch (e) {
      if (e !== UNSURE) throw e;
    }
    if (!rt) {
      // not a return type: a `:` of the enclosing construct
      this.imports.length = imports;
      this.reset(m);
    }
    return rt;
  }

  /**
   * A name where an operand is expected: keywords that start expressions, arrow functions, calls
   * of `require` / `import`. `typed`: a `:` after parentheses may start an arrow's return type.
   */
  private operandName(asi: boolean, typed: boolean): void {
    const w = this.word();
    switch (w) {
      case 'function':
        this.functionExpression();
        return;
      case 'class': {
        this.next(false);
        if (this.tok === NAME && !this.isWord('extends') && !this.isWord('implements')) this.next(false);
        this.classRest();
        return;
      }
      case 'async': {
        if (this.peekNewline()) break;
        if (this.peekWord('function')) {
          this.next(false);
          this.functionExpression();
          return;
        }
        const c = this.peekChar();
        if (isIdentStart(c)) {
          // `async x => …`
          this.next(false);
          if (!this.isArrowNext()) unsure();
          this.arrowOrParens(asi, typed);
          return;
        }
        if (c === C_LPAREN) {
          // `async (…) => …` or a call of something named async
          this.next(false);
          this.arrowOrParens(asi, typed);
          return;
        }
        if (c === C_LT) unsure();
        break;
      }
      case 'new':
        this.next(true);
        if (this.is(C_DOT)) {
          // `new.target`
          this.next(false);
          this.next(false);
          return;
        }
        // the constructor: `new require('x')` is no call of `require`
        if (this.isWord('require') || this.isWord('import')) {
          this.next(false);
          return;
        }
        this.prefixOperand(asi, typed);
        return;
      case 'typeof':
      case 'void':
      case 'delete':
      case 'await':
      case 'yield': {
        if (w === 'yield' || w === 'await') {
          // without an operand
          const c = this.peekChar();
          if (
            c === C_RPAREN ||
            c === C_RBRACK ||
            c === C_RBRACE ||
            c === C_SEMI ||
            c === C_COMMA ||
            c === C_COLON ||
            c === -1 ||
            (w === 'yield' && this.peekNl)
          ) {
            this.next(false);
            return;
          }
          if (w === 'yield' && c === C_STAR) this.next(false);
        }
        this.next(true);
        this.prefixOperand(asi, typed);
        return;
      }
      case 'require':
      case 'import':
        if (this.callFact(w === 'import' ? 'dynamic' : 'require')) return;
        break;
    }
    if (this.isArrowNext()) {
      this.arrowOrParens(asi, typed);
      return;
    }
    this.next(false);
    if (this.tok === ARROW) unsure();
  }

  /** The operand of a prefix keyword (`new`, `typeof`, `await` …); its postfix parts are left to the caller. */
  private prefixOperand(asi: boolean, typed: boolean): void {
    switch (this.tok) {
      case NAME:
        this.operandName(asi, typed);
        return;
      case NUM:
      case STR:
      case REGEX:
      case TPL:
      case PRIV:
        this.next(false);
        return;
      case TPL_HEAD:
        this.templateRest();
        return;
      case INCDEC:
      case DOTS:
        this.next(true);
        this.prefixOperand(asi, typed);
        return;
      case PUNCT:
        switch (this.ch) {
          case C_LPAREN:
            this.arrowOrParens(asi, typed);
            return;
          case C_LBRACK:
            this.brackets(false);
            return;
          case C_LBRACE:
            this.objectLiteral();
            return;
          case C_BANG:
          case C_TILDE:
          case C_PLUS:
          case C_MINUS:
            this.next(true);
            this.prefixOperand(asi, typed);
            return;
          case C_LT:
            if (this.jsx) unsure();
            this.typeArguments(true);
            this.prefixOperand(asi, typed);
            return;
        }
    }
    unsure();
  }

  /**
   * `require('x')` / `import('x')` (first argument a plain string); the current token is the name.
   * Returns false (nothing consumed) when the name is not called.
   */
  private callFact(form: 'require' | 'dynamic'): boolean {
    const c = this.peekChar();
    const start = this.ts;
    const line = this.tl;
    const column = this.tc;
    if (c === C_LT && this.ts_ && form === 'require') {
      // `require<T>('x')`: a call with type arguments
      const m = this.mark();
      this.next(false);
      if (!this.tryTypeArguments()) {
        this.reset(m);
        return false;
      }
    } else if (c !== C_LPAREN && !(c === C_QUEST && this.s.charCodeAt(this.peekAt() + 1) === C_DOT)) {
      if (form === 'dynamic' && c !== C_DOT) unsure();
      return false;
    } else this.next(false);
    if (this.tok === QDOT) {
      this.next(false);
      if (!this.is(C_LPAREN)) unsure();
    }
    this.next(true);
    if (this.tok === STR && !this.cmt) {
      const st = this.ts;
      const se = this.te;
      this.next(false);
      if (this.is(C_COMMA) || this.is(C_RPAREN)) {
        const f = this.importFact(st, se, form, line, column, start, this.te, false);
        if (this.is(C_COMMA)) {
          this.next(true);
          this.listRest(C_RPAREN, false);
        }
        const end = this.te;
        this.next(false);
        let stop = this.s.indexOf('\n', start);
        if (stop < 0 || stop > end) stop = end;
        f.text = firstLine(this.s.slice(start, stop));
        return true;
      }
      this.expressionFrom(true, false, false);
      if (this.is(C_COMMA)) this.next(true);
    }
    this.listRest(C_RPAREN, false);
    this.next(false);
    return true;
  }

  /** `${…}…` parts of a template; the current token: the head. Leaves the token after the tail. */
  private templateRest(): void {
    for (;;) {
      this.next(true);
      this.expression(true, false, true);
      if (this.tok === TPL_TAIL) {
        this.next(false);
        return;
      }
      if (this.tok !== TPL_MID) unsure();
    }
  }

  /** `( … )`: expressions, or parameters (`params`: modifiers, decorators, type annotations). Leaves the token after `)`. */
  private parens(regexAfter: boolean, params = false): void {
    this.expect(C_LPAREN, true);
    this.listRest(C_RPAREN, params);
    this.next(regexAfter);
  }

  /** `[ … ]`; leaves the token after `]`. */
  private brackets(regexAfter: boolean): void {
    this.expect(C_LBRACK, true);
    this.listRest(C_RBRACK, false);
    this.next(regexAfter);
  }

  /** Comma-separated items up to the closing bracket `close` (left as the current token). */
  private listRest(close: number, params: boolean): void {
    while (!this.is(close)) {
      if (this.tok === EOF) unsure();
      if (params) {
        while (this.is(C_AT)) this.decorators();
        while (this.tok === NAME && PARAM_MODIFIERS.has(this.word()) && this.peekNameLike() && !this.peekNl)
          this.next(false);
      }
      if (this.is(C_COMMA)) {
        this.next(true);
        continue;
      }
      this.expression(false, false, true);
      if (this.is(C_COLON)) {
        if (!this.ts_) unsure();
        this.next(false);
        this.type(undefined);
        if (this.is(C_EQ)) {
          this.next(true);
          this.expression(false, false, true);
        }
      }
      if (this.is(C_COMMA)) this.next(true);
      else if (!this.is(close)) unsure();
    }
  }

  /** `@a.b(…)` decorators (one or more); leaves the token after them. */
  private decorators(): void {
    while (this.is(C_AT)) {
      this.next(false);
      if (this.is(C_LPAREN)) {
        this.parens(false);
        continue;
      }
      if (this.tok !== NAME) unsure();
      this.next(false);
      while (this.is(C_DOT)) {
        this.next(false);
        if (this.tok !== NAME) unsure();
        this.next(false);
      }
      if (this.is(C_LT)) this.typeArguments();
      if (this.is(C_LPAREN)) this.parens(false);
    }
  }

  /** `{ … }` object literal (or destructuring pattern); methods in it are declarations. Leaves the token after `}`. */
  private objectLiteral(): void {
    this.expect(C_LBRACE, false);
    while (!this.is(C_RBRACE)) {
      if (this.tok === EOF) unsure();
      if (this.is(C_COMMA)) {
        this.next(false);
        continue;
      }
      if (this.tok === DOTS) {
        this.next(true);
        this.expression(false, false, true);
        continue;
      }
      const doc = this.docHere();
      const mline = this.tl;
      // modifiers
      let modifiers = false;
      while (
        this.tok === NAME &&
        (this.isWord('async') || this.isWord('get') || this.isWord('set')) &&
        this.peekNameLike()
      ) {
        if (this.peekNl) unsure();
        modifiers = true;
        this.next(false);
      }
      if (this.is(C_STAR)) {
        modifiers = true;
        this.next(false);
      }
      const nameStart = this.ts;
      const line = this.tl;
      const column = this.tc;
      if (this.tok === NAME || this.tok === STR || this.tok === NUM || this.tok === PRIV) this.next(false);
      else if (this.is(C_LBRACK)) this.brackets(false);
      else unsure();
      const name = this.s.slice(nameStart, this.pEnd);
      if (this.is(C_LPAREN) || this.is(C_LT)) {
        this.method(name, line, column, doc && this.docRow(mline), false);
      } else if (modifiers) unsure();
      else if (this.is(C_COLON) || this.is(C_EQ)) {
        this.next(true);
        this.expression(false, false, true);
      }
      if (this.is(C_COMMA)) this.next(false);
      else if (!this.is(C_RBRACE)) unsure();
    }
    this.next(false);
  }

  private docRow(startLine: number): boolean {
    void startLine;
    return true;
  }

  /**
   * A method from its type parameters / parameters (the name was read): a declaration when it has
   * a body; an overload or abstract signature otherwise.
   */
  private method(name: string, line: number, column: number, doc: boolean, inClass: boolean): void {
    const before = this.symbols.length;
    if (this.is(C_LT)) this.typeParameters();
    this.parens(false, true);
    const rt = this.is(C_COLON) ? this.returnType() : undefined;
    if (this.symbols.length !== before) unsure();
    if (this.is(C_LBRACE)) {
      this.addSymbol('method', name, line, column, false, false, doc, false, rt);
      this.block(false);
      this.close();
      return;
    }
    if (!inClass) unsure();
  }

  /** A class body; the current token: `{`. Leaves the token after `}`. */
  private classBody(): void {
    this.expect(C_LBRACE, false);
    const js = !this.ts_;
    while (!this.is(C_RBRACE)) {
      if (this.tok === EOF) unsure();
      if (this.is(C_SEMI)) {
        this.next(false);
        continue;
      }
      // in the JavaScript grammar decorators belong to the member (and so does a comment before them)
      let doc = js ? this.docHere() : false;
      if (this.is(C_AT)) this.decorators();
      if (!js) doc = this.docHere();
      if (this.isWord('static') && this.peekChar() === C_LBRACE) {
        this.next(false);
        this.block(false);
        continue;
      }
      let modifiers = false;
      while (this.tok === NAME && CLASS_MODIFIERS.has(this.word()) && this.peekNameLike()) {
        if (this.peekNl) unsure();
        modifiers = true;
        this.next(false);
      }
      void modifiers;
      if (this.is(C_STAR)) this.next(false);
      const nameStart = this.ts;
      const line = this.tl;
      const column = this.tc;
      if (this.tok === NAME || this.tok === STR || this.tok === NUM || this.tok === PRIV) this.next(false);
      else if (this.is(C_LBRACK)) {
        // computed name or index signature `[key: string]: T`
        this.brackets(false);
      } else unsure();
      const name = this.s.slice(nameStart, this.pEnd);
      if (this.is(C_QUEST) || this.is(C_BANG)) this.next(false);
      if (this.is(C_LPAREN) || this.is(C_LT)) {
        this.method(name, line, column, doc, true);
        if (this.is(C_SEMI)) this.next(false);
        continue;
      }
      if (this.is(C_COLON)) {
        if (!this.ts_) unsure();
        this.next(false);
        this.type(undefined);
      }
      if (this.is(C_EQ)) {
        this.next(true);
        this.expression(false, true, true);
      }
      if (this.is(C_SEMI)) this.next(false);
      else if (!(this.is(C_RBRACE) || this.nl)) unsure();
    }
    this.next(false);
  }

  // ───────────────────────────── types ─────────────────────────────

  /** `<T extends U = V, …>` type parameters; leaves the token after `>`. */
  private typeParameters(): void {
    this.typeArguments();
  }

  /** `<…>` type arguments / parameters; leaves the token after `>` (`regexAfter` for `<T>expr`). */
  private typeArguments(regexAfter = false, ids?: string[]): void {
    this.expect(C_LT, false);
    while (!this.is(C_GT)) {
      if (this.tok === EOF) unsure();
      while (
        this.tok === NAME &&
        (this.isWord('in') || this.isWord('out') || this.isWord('const')) &&
        isIdentStart(this.peekChar())
      ) {
        // variance annotations are not in the grammar tree-sitter uses
        if (!this.isWord('const')) unsure();
        this.next(false);
      }
      this.type(ids);
      if (this.is(C_EQ)) {
        this.next(false);
        this.type(ids);
      }
      if (this.is(C_COMMA)) this.next(false);
      else if (!this.is(C_GT)) unsure();
    }
    this.next(regexAfter);
  }

  /** Comma-separated types (`implements A, B`, `extends A, B`). */
  private typeList(): void {
    for (;;) {
      this.type(undefined);
      if (!this.is(C_COMMA)) return;
      this.next(false);
    }
  }

  /**
   * A return type after `:` (the current token): its text as tree-sitter's annotation node holds
   * it and the type identifiers in it. `arrow`: a `=>` after the type belongs to an arrow function.
   */
  private returnType(arrow = false): ReturnType {
    const colon = this.ts;
    this.next(false);
    const ids: string[] = [];
    this.type(ids, arrow);
    const text = this.s.slice(colon, this.pEnd).replace(/^:\s*/, '');
    const out = [...new Set(ids)].filter(Boolean);
    return { text, ids: out };
  }

  /**
   * Skips a type. With `ids`, collects the names tree-sitter reads as type identifiers (in order).
   * `arrow`: stop before a `=>` that follows a complete type.
   */
  private type(ids: string[] | undefined, arrow = false): void {
    this.unionType(ids, arrow);
    if (this.isWord('extends') && !this.nl) {
      // a constraint (`T extends U`) or a conditional type
      this.next(false);
      this.unionType(ids, arrow);
      if (this.is(C_QUEST)) {
        this.next(false);
        this.type(ids, arrow);
        this.expect(C_COLON, false);
        this.type(ids, arrow);
      }
    }
  }

  /** `A | B & C` (a leading `|` / `&` allowed). */
  private unionType(ids: string[] | undefined, arrow: boolean): void {
    if (this.is(C_PIPE) || this.is(C_AMP)) this.next(false);
    this.typeOperand(ids, arrow);
    while (this.is(C_PIPE) || this.is(C_AMP)) {
      this.next(false);
      this.typeOperand(ids, arrow);
    }
  }

  private typeOperand(ids: string[] | undefined, arrow: boolean): void {
    const tok = this.tok;
    if (tok === NAME) {
      const w = this.word();
      switch (w) {
        case 'keyof':
        case 'readonly':
        case 'unique':
          if (w === 'keyof' && this.peekWord('readonly')) unsure();
          if (
            isIdentStart(this.peekChar()) ||
            this.peekChar() === C_LBRACK ||
            this.peekChar() === C_LPAREN ||
            this.peekChar() === C_LBRACE
          ) {
            this.next(false);
            this.typeOperand(ids, arrow);
            return;
          }
          break;
        case 'infer': {
          if (isIdentStart(this.peekChar())) {
            this.next(false);
            if (ids) ids.push(this.word());
            this.next(false);
            if (this.isWord('extends')) unsure();
            this.typePostfix(ids);
            return;
          }
          break;
        }
        case 'typeof': {
          this.next(false);
          if (this.isWord('import')) {
            this.importType();
          } else {
            if (this.tok !== NAME) unsure();
            this.next(false);
            while (this.is(C_DOT)) {
              this.next(false);
              if (this.tok !== NAME && this.tok !== PRIV) unsure();
              this.next(false);
            }
          }
          if (this.is(C_LT) && !this.nl) this.typeArguments(false, ids);
          this.typePostfix(ids);
          return;
        }
        case 'new':
        case 'abstract': {
          if (w === 'abstract') {
            if (!this.peekWord('new')) break;
            this.next(false);
          }
          this.next(false);
          if (this.is(C_LT)) this.typeArguments(false, ids);
          this.typeParams(ids);
          if (this.tok !== ARROW) unsure();
          this.next(false);
          this.type(ids, arrow);
          return;
        }
        case 'asserts': {
          const c = this.peekChar();
          if (isIdentStart(c) && !this.peekWord('is')) {
            this.next(false);
            this.next(false); // the asserted name (or `this`)
            if (this.isWord('is')) {
              this.next(false);
              this.type(ids, arrow);
            }
            return;
          }
          break;
        }
        case 'import':
          this.importType();
          this.typePostfix(ids);
          return;
      }
      // a type reference `A.B.C<T>` (only the last name is a type identifier) or a predefined / literal type
      let last = w;
      this.next(false);
      let qualified = false;
      while (this.is(C_DOT)) {
        qualified = true;
        this.next(false);
        if (this.tok !== NAME) unsure();
        last = this.word();
        this.next(false);
      }
      if (this.isWord('is') && !qualified && !this.nl) {
        // a type predicate `x is T`
        this.next(false);
        this.type(ids, arrow);
        return;
      }
      if (ids && (qualified || !(PREDEFINED.has(last) || LITERAL_TYPES.has(last)))) ids.push(last);
      if (this.is(C_LT) && !this.nl) this.typeArguments(false, ids);
      this.typePostfix(ids);
      return;
    }
    switch (tok) {
      case STR:
      case NUM:
      case TPL:
        this.next(false);
        this.typePostfix(ids);
        return;
      case TPL_HEAD:
        for (;;) {
          // escapes in template literal types are not in the grammar
          if (this.s.lastIndexOf('\\', this.te) >= this.ts) unsure();
          this.next(false);
          this.type(ids);
          if (this.tok !== TPL_TAIL && this.tok !== TPL_MID) unsure();
          if (this.s.lastIndexOf('\\', this.te) >= this.ts) unsure();
          if (this.tok === TPL_TAIL) break;
        }
        this.next(false);
        this.typePostfix(ids);
        return;
      case PUNCT:
        switch (this.ch) {
          case C_MINUS:
            this.next(false);
            if (this.tok !== NUM) unsure();
            this.next(false);
            this.typePostfix(ids);
            return;
          case C_LBRACE:
            this.objectType(ids);
            this.typePostfix(ids);
            return;
          case C_LBRACK:
            this.tupleType(ids);
            this.typePostfix(ids);
            return;
          case C_LT:
            this.typeArguments(false, ids);
            this.typeParams(ids);
            if (this.tok !== ARROW) unsure();
            this.next(false);
            this.type(ids, arrow);
            return;
          case C_LPAREN: {
            const kind = this.parenIsParams();
            if (kind === 2) {
              // `({ … }` / `([ … ]`: a destructured parameter or a parenthesized object / tuple type
              const m = this.mark();
              const imports = this.imports.length;
              const n = ids?.length ?? 0;
              let params = false;
              try {
                this.typeParams(ids);
                params = this.tok === ARROW;
              } catch (e) {
                if (e !== UNSURE) throw e;
              }
              if (!params) {
                this.reset(m);
                this.imports.length = imports;
                if (ids) ids.length = n;
              }
            }
            if (kind === 1 || (kind === 2 && this.tok === ARROW)) {
              if (kind === 1) this.typeParams(ids);
              if (this.tok !== ARROW) unsure();
              this.next(false);
              this.type(ids, arrow);
              return;
            }
            this.next(false);
            this.type(ids);
            this.expect(C_RPAREN, false);
            if (this.tok === ARROW) unsure();
            this.typePostfix(ids);
            return;
          }
        }
    }
    unsure();
  }

  /** `import('x')` in a type (tree-sitter reads it as a call: a dynamic import) with its `.a.b` members. */
  private importType(): void {
    if (!this.callFact('dynamic')) unsure();
    while (this.is(C_DOT)) {
      this.next(false);
      if (this.tok !== NAME) unsure();
      this.next(false);
    }
    if (this.is(C_LT)) unsure();
  }

  /** Does the `(` at the current token open function-type parameters (rather than a parenthesized type)? */
  private parenIsParams(): 0 | 1 | 2 {
    const p = this.peekAt();
    const s = this.s;
    const c = s.charCodeAt(p);
    if (c === C_RPAREN || c === 46) return 1;
    if (c === C_LBRACE || c === C_LBRACK) return 2;
    if (!isIdentStart(c)) return 0;
    let q = p + 1;
    while (q < this.n && isIdentChar(s.charCodeAt(q))) q++;
    const word = s.slice(p, q);
    if (PARAM_MODIFIERS.has(word)) return 1;
    while (
      q < this.n &&
      (s.charCodeAt(q) === 32 || s.charCodeAt(q) === 9 || s.charCodeAt(q) === 10 || s.charCodeAt(q) === 13)
    )
      q++;
    const d = s.charCodeAt(q);
    if (d === C_COLON || d === C_COMMA || (d === C_QUEST && s.charCodeAt(q + 1) !== 46)) return 1;
    if (d === C_RPAREN) {
      // `(A)` a type, `(a) => …` a parameter: decide by what follows
      let r = q + 1;
      while (
        r < this.n &&
        (s.charCodeAt(r) === 32 || s.charCodeAt(r) === 9 || s.charCodeAt(r) === 10 || s.charCodeAt(r) === 13)
      )
        r++;
      return s.charCodeAt(r) === C_EQ && s.charCodeAt(r + 1) === C_GT ? 1 : 0;
    }
    if (d === 47) unsure();
    return 0;
  }

  /** Function-type parameters `(a: A, b?: B, ...c: C[])`; leaves the token after `)`. */
  private typeParams(ids: string[] | undefined): void {
    this.expect(C_LPAREN, false);
    while (!this.is(C_RPAREN)) {
      if (this.tok === EOF) unsure();
      while (this.tok === NAME && PARAM_MODIFIERS.has(this.word()) && this.peekNameLike()) this.next(false);
      if (this.tok === DOTS) this.next(false);
      if (this.tok === NAME) {
        if (this.isWord('await') || this.isWord('yield')) unsure();
        this.next(false);
      } else if (this.is(C_LBRACE)) this.objectLiteral();
      else if (this.is(C_LBRACK)) this.brackets(false);
      else unsure();
      if (this.is(C_QUEST)) this.next(false);
      if (this.is(C_COLON)) {
        this.next(false);
        this.type(ids);
      }
      if (this.is(C_EQ)) {
        this.next(true);
        this.expression(false, false, true);
      }
      if (this.is(C_COMMA)) this.next(false);
      else if (!this.is(C_RPAREN)) unsure();
    }
    this.next(false);
  }

  /** `T[]`, `T[K]` after a type operand. */
  private typePostfix(ids: string[] | undefined): void {
    while (this.is(C_LBRACK) && !this.nl) {
      this.next(false);
      if (this.is(C_RBRACK)) {
        this.next(false);
        continue;
      }
      this.type(ids);
      this.expect(C_RBRACK, false);
    }
  }

  /** `[A, b?: B, ...C]`; leaves the token after `]`. */
  private tupleType(ids: string[] | undefined): void {
    this.next(false);
    while (!this.is(C_RBRACK)) {
      if (this.tok === EOF) unsure();
      if (this.tok === DOTS) this.next(false);
      if (this.tok === NAME) {
        const c = this.peekChar();
        if (c === C_COLON || (c === C_QUEST && this.s.charCodeAt(this.peekAt() + 1) === C_COLON)) {
          this.next(false);
          if (this.is(C_QUEST)) this.next(false);
          this.next(false);
        }
      }
      this.type(ids);
      if (this.is(C_QUEST)) this.next(false);
      if (this.is(C_COMMA)) this.next(false);
      else if (!this.is(C_RBRACK)) unsure();
    }
    this.next(false);
  }

  /** `{ a: A; m(x: X): Y; [k: string]: V; [K in T]: U; new (): C }`; leaves the token after `}`. */
  private objectType(ids: string[] | undefined): void {
    this.next(false);
    while (!this.is(C_RBRACE)) {
      if (this.tok === EOF) unsure();
      if (this.is(C_SEMI) || this.is(C_COMMA)) {
        this.next(false);
        continue;
      }
      if ((this.is(C_PLUS) || this.is(C_MINUS)) && this.peekWord('readonly')) this.next(false);
      while (
        this.tok === NAME &&
        (this.isWord('readonly') || this.isWord('get') || this.isWord('set')) &&
        this.peekNameLike()
      )
        this.next(false);
      if (this.is(C_LBRACK)) {
        this.next(false);
        if (this.tok === NAME && this.peekWord('in')) {
          // mapped type `[K in T as U]` (a key named `type` is not in the grammar)
          if (this.isWord('type')) unsure();
          if (ids) ids.push(this.word());
          this.next(false);
          this.next(false);
          this.type(ids);
          if (this.isWord('as')) {
            this.next(false);
            this.type(ids);
          }
          this.expect(C_RBRACK, false);
        } else if (this.tok === NAME && this.peekChar() === C_COLON) {
          // index signature `[k: string]: T`
          this.next(false);
          this.next(false);
          this.type(ids);
          this.expect(C_RBRACK, false);
        } else {
          if (ids) unsure();
          this.expression(false, false, true);
          this.expect(C_RBRACK, false);
        }
      } else if (this.is(C_LPAREN) || this.is(C_LT)) {
        // a call signature; after a member ended by a line break the grammar may read it as part of that member
        if (this.nl && !(this.pTok === PUNCT && (this.pCh === C_SEMI || this.pCh === C_COMMA || this.pCh === C_LBRACE)))
          unsure();
      } else if (this.isWord('new') && (this.peekChar() === C_LPAREN || this.peekChar() === C_LT)) {
        this.next(false);
      } else if (this.tok === NAME || this.tok === STR || this.tok === NUM || this.tok === PRIV) {
        // a member named `abstract` is not in the grammar
        if (this.isWord('abstract')) unsure();
        this.next(false);
      } else unsure();
      if ((this.is(C_PLUS) || this.is(C_MINUS)) && this.peekChar() === C_QUEST) this.next(false);
      if (this.is(C_QUEST)) {
        this.next(false);
        // the grammar reads `?:` as one token
        if (this.is(C_COLON) && this.ts !== this.pEnd) unsure();
      }
      if (this.is(C_LT)) this.typeArguments(false, ids);
      if (this.is(C_LPAREN)) this.typeParams(ids);
      if (this.is(C_COLON)) {
        this.next(false);
        this.type(ids);
      }
      if (this.is(C_SEMI) || this.is(C_COMMA)) this.next(false);
      else if (!(this.is(C_RBRACE) || this.nl)) unsure();
    }
    this.next(false);
  }
}

/**
 * Outline facts of a TypeScript / JavaScript file (no calls, no type references: see
 * `FileFacts.callsOmitted`), or undefined when the scanner is not sure of them (the caller then
 * parses the file with tree-sitter).
 */
export function scanTypeScriptOutline(
  text: string,
  grammar: 'typescript' | 'tsx' | 'javascript',
): FileFacts | undefined {
  // tree-sitter reads a NUL character as the end of the input
  if (text.indexOf('\0') >= 0) return undefined;
  const sc = new Scanner(text, grammar);
  try {
    sc.run();
  } catch (e) {
    if (e === UNSURE) return undefined;
    // a bug in the scanner must never lose facts: the tree-sitter pass answers instead
    return undefined;
  }
  return finish(sc, text, grammar);
}

/**
 * Where and why the scanner gave up on a file (for the verification script): `line:column` of the
 * token it stopped at and the scanner's call stack there; undefined when it is sure.
 */
export function scanTypeScriptUnsureAt(text: string, grammar: 'typescript' | 'tsx' | 'javascript'): string | undefined {
  const sc = new Scanner(text, grammar);
  tracing = true;
  trace = undefined;
  try {
    sc.run();
    return undefined;
  } catch (e) {
    if (e !== UNSURE) return `${sc.where()}: ${e instanceof Error ? e.stack : String(e)}`;
    return `${sc.where()}: ${trace ?? ''}`;
  } finally {
    tracing = false;
  }
}

function finish(sc: Scanner, text: string, grammar: Grammar): FileFacts {
  const facts = emptyFacts(grammar);
  facts.imports = sc.imports;
  facts.symbols = sc.symbols;
  facts.moduleDoc = moduleDoc(text);
  for (const s of facts.symbols) if (!s.exported && s.topLevel && sc.localExports.has(s.name)) s.exported = true;
  if (sc.rootDefault) sc.exportedNames.add('default');
  facts.exports = [...sc.exportedNames];
  facts.anyDoc = facts.moduleDoc || facts.symbols.some((s) => s.documented);
  facts.hasTests = sc.hasTests;
  facts.callsOmitted = true;
  facts.typeRefsOmitted = true;
  return facts;
}

/** The file starts (after whitespace) with a `/** … *\/` comment. */
function moduleDoc(text: string): boolean {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || (c > 127 && isSpaceCode(c))) i++;
    else break;
  }
  return text.startsWith('/**', i);
}

void C_TILDE;

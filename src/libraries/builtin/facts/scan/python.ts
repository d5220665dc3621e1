/**
 * Python outline facts (imports, definitions, docstrings, `__all__`, `if TYPE_CHECKING:` imports)
 * without a parser: a tokenizer that reads the text once with `charCodeAt`, one logical line at a
 * time, and a statement layer that knows exactly the statements facts come from. It yields the
 * same facts as the tree-sitter outline pass (`pythonFacts(tree, text, false)`), and gives up
 * (returns undefined) on anything it does not fully understand, so that the caller parses the
 * file with tree-sitter instead.
 *
 * Giving up is the scanner's answer to syntax errors: tree-sitter repairs a broken file and the
 * facts of the repaired tree are its own, so a file the scanner finds suspicious is never answered
 * by the scanner. It checks what a tokenizer can: every token is valid Python, strings and
 * f-strings (3.12 rules, nested quotes and fields) end, brackets match, indentation is consistent,
 * blocks follow their headers, `elif`/`else`/`except`/`finally` follow what they belong to,
 * decorators precede definitions, import statements and definition headers are well formed, and
 * no two tokens stand next to each other that never can (`x y`, `a + * b`, a trailing operator,
 * a statement keyword inside an expression). It gives up on Python 2 statements, on a lone
 * carriage return, on whitespace Python does not know, and on a line inside brackets indented
 * less than its block (where tree-sitter's indentation scanner can stop the expression). The
 * facts it returns therefore say `syntaxErrors: 0`. An error these checks cannot see (one that
 * needs the full expression grammar, such as `f(a.b=1)` or `x = (1 if 2)`)
 * is reported by tree-sitter's count only when the file is parsed by tree-sitter (`calls` facts,
 * or the scanner switched off).
 *
 * Positions are those tree-sitter gives: 1-based lines counted at `\n`, 1-based columns in UTF-16
 * code units from the line start.
 */
import { firstLine, squash, stringLiteralValue } from '../text.js';
import { emptyFacts, type FileFacts, type ImportFact, type SymbolFact } from '../types.js';

/** Thrown (one shared value) when the scanner cannot be sure; caught by `scanPythonOutline`. */
const UNSURE = { unsure: true };
function unsure(): never {
  throw UNSURE;
}

// token kinds
const T_NAME = 1;
const T_NUMBER = 2;
const T_STRING = 3;
const T_OP = 4;
const T_ELLIPSIS = 5;

// operators (value of a T_OP token)
const O_LPAR = 1;
const O_LSQB = 2;
const O_LBRACE = 3;
const O_RPAR = 4;
const O_RSQB = 5;
const O_RBRACE = 6;
const O_COMMA = 7;
const O_COLON = 8;
const O_SEMI = 9;
const O_DOT = 10;
const O_AT = 11;
const O_ASSIGN = 12;
const O_ARROW = 13;
const O_WALRUS = 14;
const O_STAR = 15;
const O_DSTAR = 16;
const O_SLASH = 17;
const O_MINUS = 18;
const O_PLUS = 19;
const O_TILDE = 20;
/** Any other binary operator, comparison or augmented assignment. */
const O_BIN = 21;

// keywords (value of a T_NAME token; 0 = identifier)
const K_FALSE = 1;
const K_NONE = 2;
const K_TRUE = 3;
const K_AND = 4;
const K_AS = 5;
const K_ASSERT = 6;
const K_ASYNC = 7;
const K_AWAIT = 8;
const K_BREAK = 9;
const K_CLASS = 10;
const K_CONTINUE = 11;
const K_DEF = 12;
const K_DEL = 13;
const K_ELIF = 14;
const K_ELSE = 15;
const K_EXCEPT = 16;
const K_FINALLY = 17;
const K_FOR = 18;
const K_FROM = 19;
const K_GLOBAL = 20;
const K_IF = 21;
const K_IMPORT = 22;
const K_IN = 23;
const K_IS = 24;
const K_LAMBDA = 25;
const K_NONLOCAL = 26;
const K_NOT = 27;
const K_OR = 28;
const K_PASS = 29;
const K_RAISE = 30;
const K_RETURN = 31;
const K_TRY = 32;
const K_WHILE = 33;
const K_WITH = 34;
const K_YIELD = 35;
/** Soft keywords: identifiers everywhere but at the start of their statements. */
const K_MATCH = 40;
const K_CASE = 41;
const K_TYPE = 42;
const K_PRINT = 43;
const K_EXEC = 44;
const HARD_LAST = K_YIELD;

/** Keyword id of the name `t[s, s + len)`, 0 for an identifier (first letter, then the word). */
function keywordAt(t: string, s: number, len: number): number {
  const c = t.charCodeAt(s);
  switch (len) {
    case 2: {
      const d = t.charCodeAt(s + 1);
      if (c === 105 /* i */) return d === 102 ? K_IF : d === 110 ? K_IN : d === 115 ? K_IS : 0;
      if (c === 97 /* a */) return d === 115 ? K_AS : 0;
      return c === 111 /* o */ && d === 114 ? K_OR : 0;
    }
    case 3:
      switch (c) {
        case 100 /* d */:
          return t.startsWith('def', s) ? K_DEF : t.startsWith('del', s) ? K_DEL : 0;
        case 102 /* f */:
          return t.startsWith('for', s) ? K_FOR : 0;
        case 110 /* n */:
          return t.startsWith('not', s) ? K_NOT : 0;
        case 97 /* a */:
          return t.startsWith('and', s) ? K_AND : 0;
        case 116 /* t */:
          return t.startsWith('try', s) ? K_TRY : 0;
        default:
          return 0;
      }
    case 4:
      switch (c) {
        case 78 /* N */:
          return t.startsWith('None', s) ? K_NONE : 0;
        case 84 /* T */:
          return t.startsWith('True', s) ? K_TRUE : 0;
        case 101 /* e */:
          return t.startsWith('elif', s)
            ? K_ELIF
            : t.startsWith('else', s)
              ? K_ELSE
              : t.startsWith('exec', s)
                ? K_EXEC
                : 0;
        case 102 /* f */:
          return t.startsWith('from', s) ? K_FROM : 0;
        case 112 /* p */:
          return t.startsWith('pass', s) ? K_PASS : 0;
        case 119 /* w */:
          return t.startsWith('with', s) ? K_WITH : 0;
        case 116 /* t */:
          return t.startsWith('type', s) ? K_TYPE : 0;
        case 99 /* c */:
          return t.startsWith('case', s) ? K_CASE : 0;
        default:
          return 0;
      }
    case 5:
      switch (c) {
        case 70 /* F */:
          return t.startsWith('False', s) ? K_FALSE : 0;
        case 97 /* a */:
          return t.startsWith('async', s) ? K_ASYNC : t.startsWith('await', s) ? K_AWAIT : 0;
        case 98 /* b */:
          return t.startsWith('break', s) ? K_BREAK : 0;
        case 99 /* c */:
          return t.startsWith('class', s) ? K_CLASS : 0;
        case 114 /* r */:
          return t.startsWith('raise', s) ? K_RAISE : 0;
        case 119 /* w */:
          return t.startsWith('while', s) ? K_WHILE : 0;
        case 121 /* y */:
          return t.startsWith('yield', s) ? K_YIELD : 0;
        case 109 /* m */:
          return t.startsWith('match', s) ? K_MATCH : 0;
        case 112 /* p */:
          return t.startsWith('print', s) ? K_PRINT : 0;
        default:
          return 0;
      }
    case 6:
      switch (c) {
        case 114 /* r */:
          return t.startsWith('return', s) ? K_RETURN : 0;
        case 105 /* i */:
          return t.startsWith('import', s) ? K_IMPORT : 0;
        case 108 /* l */:
          return t.startsWith('lambda', s) ? K_LAMBDA : 0;
        case 101 /* e */:
          return t.startsWith('except', s) ? K_EXCEPT : 0;
        case 97 /* a */:
          return t.startsWith('assert', s) ? K_ASSERT : 0;
        case 103 /* g */:
          return t.startsWith('global', s) ? K_GLOBAL : 0;
        default:
          return 0;
      }
    case 7:
      return c === 102 && t.startsWith('finally', s) ? K_FINALLY : 0;
    case 8:
      return c === 99 && t.startsWith('continue', s)
        ? K_CONTINUE
        : c === 110 && t.startsWith('nonlocal', s)
          ? K_NONLOCAL
          : 0;
    default:
      return 0;
  }
}

// character classes
const isAsciiIdStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isAsciiIdPart = (c: number) => isAsciiIdStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;
const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}]/u;
/** Code points in ID_Start/ID_Continue but not in XID_Start/XID_Continue (Python uses the latter). */
const NOT_XID =
  /[\u037a\u0e33\u0eb3\u309b\u309c\ufc5e-\ufc63\ufdfa\ufdfb\ufe70\ufe72\ufe74\ufe76\ufe78\ufe7a\ufe7c\ufe7e\uff9e\uff9f]/;

// token classes (for the adjacency checks)
const C_OPD = 1;
const C_OPEN = 2;
const C_CLOSE = 3;
const C_COMMA = 4;
const C_COLON = 5;
const C_BIN = 6;
const C_UN = 7;
const C_STAR = 8;
const C_DOT = 9;
const C_KWB = 10;
const C_KWU = 11;
const C_START = 12;

// what the statements before a line at the same indentation leave open
const CH_NONE = 0;
const CH_IF = 1;
const CH_LOOP = 2;
const CH_TRY = 3;
const CH_EXCEPT = 4;
const CH_TRY_ELSE = 5;

/** A block: the module, or the indented body of a compound statement. */
interface Level {
  indent: number;
  /** 0: other block; 1: class body; 2: function body. */
  kind: number;
  /** The class/function whose body this is (nearest definition for other blocks). */
  container: string | undefined;
  containerKind: number;
  /** Imports inside are type-only (`if TYPE_CHECKING:` and the `else` of `if not TYPE_CHECKING:`). */
  typeOnly: boolean;
  /** What the last statement at this level leaves open for the next (CH_*). */
  chain: number;
  /** The `if` of the open chain was `if not TYPE_CHECKING:`. */
  negatedTypeChecking: boolean;
  /** A decorator line waits for its definition. */
  decorated: boolean;
}

/** The block a header opens, pushed when its first line arrives. */
interface PendingBlock {
  kind: number;
  container: string | undefined;
  containerKind: number;
  typeOnly: boolean;
  /** The definition whose docstring the block's first statement may be. */
  symbol: SymbolFact | undefined;
}

const TYPE_CHECKING = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)*TYPE_CHECKING$/;

/** Open brackets of the range `check` is reading (shared: one check runs at a time). */
const openBrackets: number[] = [];

const newBuffers = (size: number) => ({
  kind: new Uint8Array(size),
  val: new Int16Array(size),
  start: new Int32Array(size),
  end: new Int32Array(size),
  depth: new Int32Array(size),
});
let buffers = newBuffers(1024);

class PythonScanner {
  private i = 0;
  private readonly n: number;
  // the current logical line's tokens
  private count = 0;
  // token buffers, shared by every scan of this thread (a scan never runs inside another)
  private kind = buffers.kind;
  private val = buffers.val;
  private start = buffers.start;
  private end = buffers.end;
  private depth = buffers.depth;
  /** Next backslash / line feed at or after the index they were looked for from (`n`: none). */
  private backslash = -1;
  private lineFeed = -1;
  /** Open brackets (their closing operator ids). */
  private brackets: number[] = [];
  private lineIndent = 0;
  /** Indentation of the logical line being read (the block tree-sitter's scanner is in). */
  private logicalIndent = 0;
  private levels: Level[] = [];
  private pending: PendingBlock | undefined;
  /** Line (1-based) and its start index, of the last position asked for. */
  private posLine = 1;
  private posLineStart = 0;
  private readonly facts: FileFacts;
  private readonly hasTypeChecking: boolean;
  /** Nothing but whitespace seen yet (the first statement is the module's docstring candidate). */
  private atModuleStart = true;
  /** A comment came before the first statement: the module's first child is not a docstring. */
  private commentFirst = false;

  constructor(private readonly t: string) {
    this.n = t.length;
    this.facts = emptyFacts('python');
    this.hasTypeChecking = t.includes('TYPE_CHECKING');
  }

  run(): FileFacts {
    const t = this.t;
    if (t.charCodeAt(0) === 0xfeff) this.i = 1;
    this.levels.push({
      indent: 0,
      kind: 0,
      container: undefined,
      containerKind: 0,
      typeOnly: false,
      chain: CH_NONE,
      negatedTypeChecking: false,
      decorated: false,
    });
    while (this.lexLine()) this.line();
    if (this.pending) unsure(); // a header without its block
    while (this.levels.length > 0) this.closeLevel(this.levels.pop()!);
    const f = this.facts;
    f.callsOmitted = true;
    if (f.moduleDoc) f.anyDoc = true;
    return f;
  }

  // ---------------------------------------------------------------- tokenizer

  private push(kind: number, val: number, s: number, e: number): void {
    const k = this.count;
    if (k === this.kind.length) this.grow();
    this.kind[k] = kind;
    this.val[k] = val;
    this.start[k] = s;
    this.end[k] = e;
    this.depth[k] = this.brackets.length;
    this.count = k + 1;
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const k = new Uint8Array(size);
    k.set(this.kind);
    this.kind = k;
    const v = new Int16Array(size);
    v.set(this.val);
    this.val = v;
    const s = new Int32Array(size);
    s.set(this.start);
    this.start = s;
    const e = new Int32Array(size);
    e.set(this.end);
    this.end = e;
    const d = new Int32Array(size);
    d.set(this.depth);
    this.depth = d;
    buffers = { kind: k, val: v, start: s, end: e, depth: d };
  }

  /** Index of the first backslash at or after `i` (`n` when none); looked up once per stretch. */
  private nextBackslash(i: number): number {
    if (this.backslash < i) {
      const p = this.t.indexOf('\\', i);
      this.backslash = p < 0 ? this.n : p;
    }
    return this.backslash;
  }

  /** Index of the first line feed at or after `i` (`n` when none). */
  private nextLineFeed(i: number): number {
    if (this.lineFeed < i) {
      const p = this.t.indexOf('\n', i);
      this.lineFeed = p < 0 ? this.n : p;
    }
    return this.lineFeed;
  }

  /**
   * Indentation of the physical line starting at `i`, counted as tree-sitter's scanner does
   * (space 1, tab 8, form feed resets); skips blank and comment lines. Returns the index of the
   * line's first token (or `n`), the indentation in `lineIndent`.
   */
  private skipToToken(i: number): number {
    const t = this.t;
    const n = this.n;
    let ind = 0;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 32) {
        ind++;
        i++;
      } else if (c === 9) {
        ind += 8;
        i++;
      } else if (c === 12) {
        ind = 0;
        i++;
      } else if (c === 10) {
        ind = 0;
        i++;
      } else if (c === 13) {
        if (t.charCodeAt(i + 1) !== 10) unsure(); // a lone carriage return
        ind = 0;
        i += 2;
      } else if (c === 35 /* # */) {
        if (this.atModuleStart) this.commentFirst = true;
        i = this.commentEnd(i);
      } else break;
    }
    this.lineIndent = ind;
    return i;
  }

  /** Index of the line break (or end) that ends the comment starting at `i`. */
  private commentEnd(i: number): number {
    // tree-sitter's comment runs to the line feed (a carriage return before it is part of it)
    const nl = this.t.indexOf('\n', i);
    return nl < 0 ? this.n : nl;
  }

  /** Reads the next logical line's tokens; false at the end of the text. */
  private lexLine(): boolean {
    const t = this.t;
    const n = this.n;
    this.count = 0;
    let i = this.skipToToken(this.i);
    if (i >= n) {
      this.i = n;
      return false;
    }
    this.logicalIndent = this.lineIndent;
    const brackets = this.brackets;
    for (;;) {
      if (i >= n) {
        if (brackets.length > 0) unsure(); // unclosed bracket
        break;
      }
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 12) {
        i++;
        continue;
      }
      if (c === 10 || c === 13) {
        if (c === 13 && t.charCodeAt(i + 1) !== 10) unsure();
        const after = c === 13 ? i + 2 : i + 1;
        if (brackets.length === 0) {
          i = after;
          break;
        }
        i = this.insideBrackets(after);
        continue;
      }
      if (c === 35 /* # */) {
        i = this.commentEnd(i);
        continue;
      }
      if (c === 92 /* \ */) {
        // line continuation: a backslash right before the line break
        const d = t.charCodeAt(i + 1);
        if (d === 10) i += 2;
        else if (d === 13 && t.charCodeAt(i + 2) === 10) i += 3;
        else unsure();
        // a continuation into a blank line, a comment or the end is an error
        const e = t.charCodeAt(this.skipBlank(i));
        if (Number.isNaN(e) || e === 10 || e === 13 || e === 35) unsure();
        continue;
      }
      if (isAsciiIdStart(c) || c >= 128) {
        i = this.name(i);
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(t.charCodeAt(i + 1)))) {
        i = this.number(i);
        continue;
      }
      if (c === 34 || c === 39) {
        const e = this.string(i, i, 0);
        this.push(T_STRING, 0, i, e);
        i = e;
        continue;
      }
      i = this.operator(i, c);
    }
    this.i = i;
    this.atModuleStart = false;
    return true;
  }

  /** Skips spaces, tabs and form feeds. */
  private skipBlank(i: number): number {
    const t = this.t;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 12) i++;
      else return i;
    }
  }

  /**
   * A line break inside brackets. tree-sitter's indentation scanner runs there too: a next line
   * indented less than the current block can end the expression for it (a dedent), unless the
   * line closes the bracket right after an operand, an opening bracket or a comma. Unsure then.
   */
  private insideBrackets(i: number): number {
    const next = this.skipToToken(i);
    if (next < this.n && this.lineIndent < this.logicalIndent) {
      const c = this.t.charCodeAt(next);
      const k = this.count - 1;
      const prevOk =
        k >= 0 &&
        (this.kind[k] === T_STRING ||
          this.kind[k] === T_NUMBER ||
          this.kind[k] === T_ELLIPSIS ||
          (this.kind[k] === T_NAME && (this.val[k] === 0 || this.val[k] > HARD_LAST || this.val[k] <= K_TRUE)) ||
          (this.kind[k] === T_OP && this.val[k] >= O_LPAR && this.val[k] <= O_COMMA));
      if (!(prevOk && (c === 41 || c === 93 || c === 125))) unsure();
    }
    return next;
  }

  /** An identifier, a keyword, or a prefixed string. */
  private name(i: number): number {
    const t = this.t;
    const s = i;
    let ascii = true;
    for (; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (isAsciiIdPart(c)) continue;
      if (c < 128) break;
      // non-ASCII: a whole code point, which must continue an identifier
      const cp = t.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (!(i === s ? ID_START : ID_CONTINUE).test(ch) || NOT_XID.test(ch)) {
        if (i === s) unsure(); // a character Python does not accept outside strings
        break;
      }
      ascii = false;
      if (cp > 0xffff) i++;
    }
    if (i === s) unsure();
    if (ascii && i < this.n) {
      const q = t.charCodeAt(i);
      if (q === 34 || q === 39) {
        const flags = stringPrefix(t, s, i);
        if (flags < 0) unsure(); // letters before a quote that are no string prefix
        const e = this.string(i, s, flags);
        this.push(T_STRING, 0, s, e);
        return e;
      }
    }
    if (!ascii && !ID_START.test(String.fromCodePoint(t.codePointAt(s)!))) unsure();
    this.push(T_NAME, ascii ? keywordAt(t, s, i - s) : 0, s, i);
    return i;
  }

  private number(i: number): number {
    const t = this.t;
    const s = i;
    const hex = t.charCodeAt(i) === 48 && (t.charCodeAt(i + 1) | 32) === 120;
    for (; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (isAsciiIdPart(c) || c === 46) continue;
      if ((c === 43 || c === 45) && !hex && (t.charCodeAt(i - 1) | 32) === 101) continue;
      break;
    }
    this.push(T_NUMBER, 0, s, i);
    return i;
  }

  private operator(i: number, c: number): number {
    const t = this.t;
    const d = t.charCodeAt(i + 1);
    let op = O_BIN;
    let len = 1;
    switch (c) {
      case 40:
        op = O_LPAR;
        break;
      case 91:
        op = O_LSQB;
        break;
      case 123:
        op = O_LBRACE;
        break;
      case 41:
      case 93:
      case 125:
        op = c === 41 ? O_RPAR : c === 93 ? O_RSQB : O_RBRACE;
        if (this.brackets.pop() !== op) unsure(); // mismatched or unopened bracket
        break;
      case 44:
        op = O_COMMA;
        break;
      case 58:
        if (d === 61) {
          op = O_WALRUS;
          len = 2;
        } else op = O_COLON;
        break;
      case 59:
        op = O_SEMI;
        break;
      case 46:
        if (d === 46 && t.charCodeAt(i + 2) === 46) {
          this.push(T_ELLIPSIS, 0, i, i + 3);
          return i + 3;
        }
        op = O_DOT;
        break;
      case 64:
        if (d === 61) len = 2;
        else op = O_AT;
        break;
      case 61:
        if (d === 61) len = 2;
        else op = O_ASSIGN;
        break;
      case 33:
        if (d !== 61) unsure(); // `!` alone
        len = 2;
        break;
      case 60:
        if (d === 62) unsure(); // Python 2 `<>`
        if (d === 60) len = t.charCodeAt(i + 2) === 61 ? 3 : 2;
        else if (d === 61) len = 2;
        break;
      case 62:
        if (d === 62) len = t.charCodeAt(i + 2) === 61 ? 3 : 2;
        else if (d === 61) len = 2;
        break;
      case 45:
        if (d === 62) {
          op = O_ARROW;
          len = 2;
        } else if (d === 61) len = 2;
        else op = O_MINUS;
        break;
      case 43:
        if (d === 61) len = 2;
        else op = O_PLUS;
        break;
      case 126:
        op = O_TILDE;
        break;
      case 42:
        if (d === 42) {
          if (t.charCodeAt(i + 2) === 61) len = 3;
          else {
            op = O_DSTAR;
            len = 2;
          }
        } else if (d === 61) len = 2;
        else op = O_STAR;
        break;
      case 47:
        if (d === 47) len = t.charCodeAt(i + 2) === 61 ? 3 : 2;
        else if (d === 61) len = 2;
        else op = O_SLASH;
        break;
      case 37:
      case 38:
      case 124:
      case 94:
        if (d === 61) len = 2;
        break;
      default:
        unsure(); // `$`, `?`, a backtick, a control character…
    }
    this.push(T_OP, op, i, i + len);
    // an opening bracket stands at the depth outside it, like its closing bracket
    if (op === O_LPAR) this.brackets.push(O_RPAR);
    else if (op === O_LSQB) this.brackets.push(O_RSQB);
    else if (op === O_LBRACE) this.brackets.push(O_RBRACE);
    return i + len;
  }

  /**
   * The string whose quote is at `q` (prefix from `s`); returns its end. `flags`: 1 raw, 2 f-string,
   * 4 bytes. Inside f-string fields, nested strings and fields follow Python 3.12's rules.
   */
  private string(q: number, s: number, flags: number): number {
    const t = this.t;
    const quote = t.charCodeAt(q);
    const triple = t.charCodeAt(q + 1) === quote && t.charCodeAt(q + 2) === quote;
    let i = triple ? q + 3 : q + 1;
    const raw = (flags & 1) !== 0;
    const f = (flags & 2) !== 0;
    const n = this.n;
    void s;
    if (!f) return this.plainString(i, quote, triple);
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === quote) {
        if (!triple) return i + 1;
        if (t.charCodeAt(i + 1) === quote && t.charCodeAt(i + 2) === quote) {
          // a run of more quotes ends the string at its last three
          let e = i + 3;
          while (t.charCodeAt(e) === quote) e++;
          return e;
        }
        i++;
      } else if (c === 92 /* \ */) {
        const d = t.charCodeAt(i + 1);
        if (d === 13 && t.charCodeAt(i + 2) !== 10) unsure();
        if (f && (d === 123 || d === 125)) {
          // a backslash never escapes a brace of an f-string
          i++;
        } else if (f && !raw && d === 78 /* N */ && t.charCodeAt(i + 2) === 123) {
          // `\N{NAME}` in an f-string is no field
          const close = t.indexOf('}', i + 3);
          if (close < 0) unsure();
          i = close + 1;
        } else i += d === 13 ? 3 : 2;
      } else if (c === 10 || c === 13) {
        if (!triple) unsure(); // unterminated string
        if (c === 13 && t.charCodeAt(i + 1) !== 10) unsure();
        i++;
      } else if (f && c === 123 /* { */) {
        if (t.charCodeAt(i + 1) === 123) i += 2;
        else i = this.field(i + 1, triple);
      } else if (f && c === 125 /* } */) {
        if (t.charCodeAt(i + 1) !== 125) unsure(); // a single `}` in an f-string
        i += 2;
      } else i++;
    }
    return unsure(); // unterminated string
  }

  /**
   * The rest of a string without fields from `i` (after its opening quote): jumps from quote to
   * quote with `indexOf`, stepping over escapes; returns its end.
   */
  private plainString(i: number, quote: number, triple: boolean): number {
    const t = this.t;
    const q = quote === 34 ? '"' : "'";
    for (;;) {
      const j = t.indexOf(q, i);
      if (j < 0) unsure(); // unterminated string
      const b = this.nextBackslash(i);
      if (b < j) {
        // an escape: the backslash and the character after it (a CRLF as one)
        const d = t.charCodeAt(b + 1);
        if (!triple && this.nextLineFeed(i) < b) unsure();
        if (d === 13 && t.charCodeAt(b + 2) !== 10) unsure();
        i = d === 13 ? b + 3 : b + 2;
        continue;
      }
      if (!triple) {
        if (this.nextLineFeed(i) < j) unsure(); // unterminated string
        return j + 1;
      }
      if (t.charCodeAt(j + 1) === quote && t.charCodeAt(j + 2) === quote) {
        // a run of more quotes ends the string at its last three
        let e = j + 3;
        while (t.charCodeAt(e) === quote) e++;
        return e;
      }
      i = j + 1;
    }
  }

  /**
   * An f-string replacement field from just after its `{`; returns the index after its `}`.
   * Expressions are only skipped over (brackets, nested strings); the format spec may hold fields.
   */
  private field(i: number, triple: boolean): number {
    const t = this.t;
    const n = this.n;
    let depth = 0;
    let empty = true;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 10 || c === 13) {
        if (!triple) unsure();
        i++;
        continue;
      }
      if (c === 32 || c === 9 || c === 12) {
        i++;
        continue;
      }
      if (c === 35 || c === 92) unsure(); // comments and backslashes in fields
      if (c === 34 || c === 39) {
        i = this.string(i, i, 0);
        empty = false;
        continue;
      }
      if (isAsciiIdStart(c) || c >= 128) {
        const s = i;
        while (i < n && (isAsciiIdPart(t.charCodeAt(i)) || t.charCodeAt(i) >= 128)) i++;
        const q = t.charCodeAt(i);
        if (q === 34 || q === 39) {
          const flags = stringPrefix(t, s, i);
          if (flags < 0) unsure();
          i = this.string(i, s, flags);
        }
        empty = false;
        continue;
      }
      if (c === 40 || c === 91 || c === 123) {
        depth++;
        i++;
        empty = false;
        continue;
      }
      if (c === 41 || c === 93) {
        if (depth === 0) unsure();
        depth--;
        i++;
        continue;
      }
      if (c === 125 /* } */) {
        if (depth > 0) {
          depth--;
          i++;
          continue;
        }
        if (empty) unsure();
        return i + 1;
      }
      if (depth === 0 && c === 33 /* ! */ && t.charCodeAt(i + 1) !== 61) {
        // conversion: `!r`, `!s`, `!a`, then `:` or `}`
        if (empty) unsure();
        i += 2;
        const d = t.charCodeAt(i);
        if (d === 125) return i + 1;
        if (d !== 58) unsure();
        return this.formatSpec(i + 1, triple);
      }
      if (depth === 0 && c === 58 /* : */ && t.charCodeAt(i + 1) !== 61) {
        if (empty) unsure();
        return this.formatSpec(i + 1, triple);
      }
      if (c === 33 || c === 61 || c === 58) {
        i += t.charCodeAt(i + 1) === 61 ? 2 : 1;
        continue;
      }
      empty = false;
      i++;
    }
    return unsure();
  }

  /** A format spec after `:` in a field: literal text and nested fields, up to the field's `}`. */
  private formatSpec(i: number, triple: boolean): number {
    const t = this.t;
    while (i < this.n) {
      const c = t.charCodeAt(i);
      if (c === 125) return i + 1;
      if (c === 123) i = this.field(i + 1, triple);
      else if (c === 10 || c === 13 || c === 34 || c === 39 || c === 92) unsure();
      else i++;
    }
    return unsure();
  }

  // ---------------------------------------------------------------- statements

  private get level(): Level {
    return this.levels[this.levels.length - 1]!;
  }

  /** A level ends (its block dedented, or the file ended). */
  private closeLevel(l: Level): void {
    if (l.chain === CH_TRY || l.decorated) unsure(); // `try` without `except`/`finally`, decorator without definition
  }

  /** Processes the logical line just read. */
  private line(): void {
    const ind = this.logicalIndent;
    let docFor: SymbolFact | undefined;
    if (this.pending) {
      const p = this.pending;
      this.pending = undefined;
      if (ind <= this.level.indent) unsure(); // expected an indented block
      this.levels.push({
        indent: ind,
        kind: p.kind,
        container: p.container,
        containerKind: p.containerKind,
        typeOnly: p.typeOnly,
        chain: CH_NONE,
        negatedTypeChecking: false,
        decorated: false,
      });
      docFor = p.symbol;
    } else {
      if (ind > this.level.indent) unsure(); // unexpected indent
      while (ind < this.level.indent) this.closeLevel(this.levels.pop()!);
      if (ind !== this.level.indent) unsure(); // dedent to no enclosing level
    }
    const moduleFirst = this.levels.length === 1 && this.atFirstStatement;
    this.atFirstStatement = false;
    const level = this.level;
    const k0 = this.kind[0]!;
    const v0 = this.val[0]!;
    if (k0 === T_OP && v0 === O_AT) {
      // a decorator
      if (level.chain === CH_TRY) unsure();
      if (this.count < 2) unsure();
      this.check(1, this.count, true);
      level.chain = CH_NONE;
      level.decorated = true;
      return;
    }
    if (k0 === T_NAME && v0 !== 0) {
      const kw = v0 === K_ASYNC && this.count > 1 && this.kind[1] === T_NAME ? this.val[1]! : v0;
      if (v0 === K_ASYNC && kw !== K_DEF && kw !== K_FOR && kw !== K_WITH) unsure();
      const first = v0 === K_ASYNC ? 1 : 0;
      if (level.decorated && kw !== K_DEF && kw !== K_CLASS) unsure();
      switch (kw) {
        case K_DEF:
        case K_CLASS:
          level.decorated = false;
          this.definition(first, kw === K_CLASS);
          return;
        case K_IF:
        case K_ELIF:
        case K_WHILE:
        case K_FOR:
        case K_WITH:
        case K_TRY:
        case K_ELSE:
        case K_EXCEPT:
        case K_FINALLY:
          this.compound(first, kw);
          return;
        case K_MATCH:
        case K_CASE:
          if (this.softHeader()) {
            if (level.chain === CH_TRY) unsure();
            level.chain = CH_NONE;
            this.compoundBody(this.headerColon(1), false, undefined);
            return;
          }
          break;
      }
    }
    if (level.decorated || level.chain === CH_TRY) unsure();
    level.chain = CH_NONE;
    const doc = this.simpleStatements(0, this.count, level.typeOnly, this.levels.length === 1);
    if (doc) {
      if (docFor) {
        docFor.documented = true;
        this.facts.anyDoc = true;
      }
      if (moduleFirst && !this.commentFirst) this.facts.moduleDoc = true;
    }
  }

  private atFirstStatement = true;

  /** `match subject:` / `case pattern [if guard]:` (soft keywords at a statement start). */
  private softHeader(): boolean {
    if (this.count < 3) return false;
    const k = this.kind[1]!;
    const v = this.val[1]!;
    if (
      k === T_OP &&
      v !== O_LPAR &&
      v !== O_LSQB &&
      v !== O_LBRACE &&
      v !== O_MINUS &&
      v !== O_STAR &&
      v !== O_TILDE &&
      v !== O_PLUS
    )
      return false;
    if (
      k === T_NAME &&
      v !== 0 &&
      v !== K_NONE &&
      v !== K_TRUE &&
      v !== K_FALSE &&
      v !== K_NOT &&
      v !== K_AWAIT &&
      v !== K_LAMBDA &&
      v <= HARD_LAST
    )
      return false;
    // `match x:` ends its line with the colon; `case p: stmt` may continue after it
    if (this.val[0] === K_MATCH)
      return (
        this.kind[this.count - 1] === T_OP && this.val[this.count - 1] === O_COLON && this.depth[this.count - 1] === 0
      );
    return this.headerColon(1, true) > 1;
  }

  /** Index of the first colon outside brackets from `from`; -1 (or unsure) when none. */
  private headerColon(from: number, soft = false): number {
    for (let k = from; k < this.count; k++) {
      if (this.depth[k] !== 0) continue;
      if (this.kind[k] === T_OP && this.val[k] === O_COLON) return k;
      if (this.kind[k] === T_NAME && this.val[k] === K_LAMBDA) unsure(); // a lambda's colon in a header
    }
    if (soft) return -1;
    return unsure(); // a compound statement without its colon
  }

  /** The block after a header's colon at `colon`: an indented block next, or statements on this line. */
  private compoundBody(
    colon: number,
    typeOnly: boolean,
    def: { kind: number; name: string; symbol: SymbolFact } | undefined,
  ): void {
    const level = this.level;
    const inherited = level.typeOnly || typeOnly;
    const container = def ? def.name : level.container;
    const containerKind = def ? def.kind : level.containerKind;
    if (colon === this.count - 1) {
      this.pending = { kind: def ? def.kind : 0, container, containerKind, typeOnly: inherited, symbol: def?.symbol };
      return;
    }
    // statements on the header's line form the block
    const saved = { container: level.container, containerKind: level.containerKind };
    level.container = container;
    level.containerKind = containerKind;
    const doc = this.simpleStatements(colon + 1, this.count, inherited, false);
    level.container = saved.container;
    level.containerKind = saved.containerKind;
    if (doc && def) {
      def.symbol.documented = true;
      this.facts.anyDoc = true;
    }
  }

  /** if / elif / else / while / for / with / try / except / finally (`first`: index of the keyword). */
  private compound(first: number, kw: number): void {
    const level = this.level;
    const chain = level.chain;
    let colon: number;
    let typeChecking = false;
    switch (kw) {
      case K_IF:
      case K_ELIF: {
        if (kw === K_ELIF && chain !== CH_IF) unsure();
        if (kw === K_IF && chain === CH_TRY) unsure();
        colon = this.headerColon(first + 1);
        if (colon === first + 1) unsure();
        this.check(first + 1, colon);
        if (this.hasTypeChecking) {
          const cond = this.t.slice(this.start[first + 1]!, this.end[colon - 1]!);
          const negated =
            kw === K_IF &&
            this.kind[first + 1] === T_NAME &&
            this.val[first + 1] === K_NOT &&
            this.notOperator(first + 2, colon);
          if (negated) {
            const arg = squash(this.t.slice(this.start[first + 2]!, this.end[colon - 1]!));
            level.negatedTypeChecking = TYPE_CHECKING.test(arg);
          } else {
            if (kw === K_IF) level.negatedTypeChecking = false;
            typeChecking = TYPE_CHECKING.test(squash(cond).replace(/^\((.*)\)$/, '$1'));
          }
        } else level.negatedTypeChecking = false;
        level.chain = CH_IF;
        break;
      }
      case K_WHILE:
      case K_FOR:
      case K_WITH:
        if (chain === CH_TRY) unsure();
        colon = this.headerColon(first + 1);
        if (colon === first + 1) unsure();
        this.check(first + 1, colon);
        level.chain = kw === K_WITH ? CH_NONE : CH_LOOP;
        break;
      case K_TRY:
        if (chain === CH_TRY) unsure();
        colon = first + 1;
        level.chain = CH_TRY;
        break;
      case K_ELSE:
        if (chain !== CH_IF && chain !== CH_LOOP && chain !== CH_EXCEPT) unsure();
        colon = first + 1;
        typeChecking = chain === CH_IF && level.negatedTypeChecking;
        level.chain = chain === CH_EXCEPT ? CH_TRY_ELSE : CH_NONE;
        break;
      case K_EXCEPT: {
        if (chain !== CH_TRY && chain !== CH_EXCEPT) unsure();
        let k = first + 1;
        if (this.kind[k] === T_OP && this.val[k] === O_STAR) k++; // except*
        colon = this.headerColon(k);
        if (colon > k) this.check(k, colon);
        else if (k > first + 1) unsure();
        level.chain = CH_EXCEPT;
        break;
      }
      default: // finally
        if (chain !== CH_TRY && chain !== CH_EXCEPT && chain !== CH_TRY_ELSE) unsure();
        colon = first + 1;
        level.chain = CH_NONE;
    }
    if (!(this.kind[colon] === T_OP && this.val[colon] === O_COLON)) unsure();
    this.compoundBody(colon, typeChecking, undefined);
  }

  /** Is `not` + tokens [a, b) a `not` expression (no `and`/`or`/conditional outside brackets)? */
  private notOperator(a: number, b: number): boolean {
    for (let k = a; k < b; k++) {
      if (this.depth[k] !== 0 || this.kind[k] !== T_NAME) continue;
      const v = this.val[k];
      if (v === K_AND || v === K_OR || v === K_IF) return false;
    }
    return true;
  }

  /** `[async] def name[…](…) [-> annotation]:` / `class Name[…][(…)]:`. */
  private definition(first: number, isClass: boolean): void {
    const level = this.level;
    if (level.chain === CH_TRY) unsure();
    level.chain = CH_NONE;
    let k = first + 1;
    if (k >= this.count || this.kind[k] !== T_NAME || (this.val[k] !== 0 && this.val[k]! <= HARD_LAST)) unsure();
    const nameTok = k;
    k++;
    if (this.isOp(k, O_LSQB)) k = this.group(k); // type parameters
    if (isClass) {
      if (this.isOp(k, O_LPAR)) k = this.group(k);
    } else {
      if (!this.isOp(k, O_LPAR)) unsure();
      k = this.group(k);
    }
    let arrow = -1;
    if (!isClass && this.isOp(k, O_ARROW)) {
      arrow = k;
      k = this.headerColon(k + 1);
      if (k === arrow + 1) unsure();
    }
    if (!this.isOp(k, O_COLON)) unsure();
    const colon = k;
    const t = this.t;
    const name = t.slice(this.start[nameTok]!, this.end[nameTok]!);
    const container = level.container;
    const kind = isClass ? 'class' : container !== undefined && level.containerKind === 1 ? 'method' : 'function';
    const [line, column] = this.position(this.start[nameTok]!);
    const s: SymbolFact = {
      kind,
      name,
      line,
      column,
      exported: !name.startsWith('_') && container === undefined,
      documented: false,
      topLevel: container === undefined,
    };
    if (container !== undefined) s.container = container;
    if (arrow >= 0) {
      s.returnText = squash(t.slice(this.start[arrow + 1]!, this.end[colon - 1]!));
      s.returnTypes = this.annotationNames(arrow + 1, colon);
    }
    if ((!isClass && name.startsWith('test')) || (isClass && name.startsWith('Test'))) {
      s.test = true;
      this.facts.hasTests = true;
    }
    this.facts.symbols.push(s);
    this.compoundBody(colon, false, { kind: isClass ? 1 : 2, name, symbol: s });
  }

  /** Identifiers of a return annotation, first occurrence first. */
  private annotationNames(a: number, b: number): string[] {
    this.check(a, b, true);
    const out: string[] = [];
    for (let k = a; k < b; k++) {
      const kind = this.kind[k];
      if (kind === T_STRING) {
        // identifiers in an f-string's fields would count too
        if (/^[a-zA-Z]?[fF]/.test(this.t.slice(this.start[k]!, this.start[k]! + 2))) unsure();
        continue;
      }
      if (kind !== T_NAME) continue;
      const v = this.val[k]!;
      if (v === K_NONE || v === K_TRUE || v === K_FALSE) continue;
      if (v !== 0 && v <= HARD_LAST) unsure();
      const id = this.t.slice(this.start[k]!, this.end[k]!);
      if (!out.includes(id)) out.push(id);
    }
    return out;
  }

  private isOp(k: number, op: number): boolean {
    return k < this.count && this.kind[k] === T_OP && this.val[k] === op;
  }

  /** Checks the bracketed group opening at `k`; returns the index after its closing bracket. */
  private group(k: number): number {
    const d = this.depth[k]!;
    let e = k + 1;
    while (e < this.count && this.depth[e]! > d) e++;
    if (e >= this.count) unsure();
    this.check(k, e + 1);
    return e + 1;
  }

  /**
   * Simple statements in tokens [a, b) separated by `;`. Returns whether the first is a lone
   * string (a docstring when it opens a block).
   */
  private simpleStatements(a: number, b: number, typeOnly: boolean, module: boolean): boolean {
    let doc = false;
    let s = a;
    for (let k = a; k <= b; k++) {
      if (k < b && !(this.kind[k] === T_OP && this.val[k] === O_SEMI)) continue;
      if (k < b && this.depth[k] !== 0) unsure(); // `;` inside brackets
      if (k === s) {
        // nothing between two separators (a trailing `;` ends the line)
        if (k === b && k > a) break;
        unsure();
      }
      const lone = this.simple(s, k, typeOnly, module);
      if (s === a) doc = lone;
      s = k + 1;
    }
    return doc;
  }

  /** One simple statement in tokens [a, b); true when it starts with a string literal that is a docstring. */
  private simple(a: number, b: number, typeOnly: boolean, module: boolean): boolean {
    const kind = this.kind[a];
    const v = this.val[a]!;
    if (kind === T_STRING && b === a + 1) return true;
    // tree-sitter's docstring test sees the first expression of the statement: `"doc",` counts too
    const docLike = kind === T_STRING && this.isOp(a + 1, O_COMMA);
    if (kind === T_NAME && v !== 0) {
      switch (v) {
        case K_IMPORT:
          this.importStatement(a, b, typeOnly);
          return false;
        case K_FROM:
          this.fromStatement(a, b, typeOnly);
          return false;
        case K_PASS:
        case K_BREAK:
        case K_CONTINUE:
          if (b !== a + 1) unsure();
          return false;
        case K_RETURN:
        case K_RAISE:
          if (b > a + 1) this.check(a + 1, b, true);
          return false;
        case K_DEL:
        case K_ASSERT:
          if (b === a + 1) unsure();
          this.check(a + 1, b, true);
          return false;
        case K_GLOBAL:
        case K_NONLOCAL:
          for (let k = a + 1; k < b; k += 2) {
            if (this.kind[k] !== T_NAME || (this.val[k] !== 0 && this.val[k]! <= HARD_LAST)) unsure();
            if (k + 1 < b && !this.isOp(k + 1, O_COMMA)) unsure();
            if (k + 1 === b - 1) unsure();
          }
          if (b === a + 1) unsure();
          return false;
        case K_PRINT:
        case K_EXEC:
          // Python 2 statements (`print x`) are parsed differently by tree-sitter
          if (b > a + 1 && this.startsOperand(a + 1)) unsure();
          break;
        case K_TYPE:
          // `type X = …` (3.12)
          if (b > a + 1 && this.kind[a + 1] === T_NAME) {
            this.check(a + 1, b);
            return false;
          }
          break;
        case K_YIELD:
        case K_AWAIT:
        case K_NOT:
        case K_LAMBDA:
        case K_NONE:
        case K_TRUE:
        case K_FALSE:
        case K_MATCH:
        case K_CASE:
          break;
        default:
          unsure(); // a compound keyword where only simple statements may stand
      }
    }
    this.check(a, b);
    if (
      module &&
      kind === T_NAME &&
      this.end[a]! - this.start[a]! === 7 &&
      this.t.startsWith('__all__', this.start[a]!)
    )
      this.dunderAll(a, b);
    return docLike;
  }

  /** Can the token at `k` start an operand (an expression after a Python 2 `print`)? */
  private startsOperand(k: number): boolean {
    const kind = this.kind[k];
    if (kind === T_STRING || kind === T_NUMBER || kind === T_ELLIPSIS) return true;
    if (kind === T_NAME)
      return (
        this.val[k] === 0 ||
        this.val[k]! > HARD_LAST ||
        this.val[k] === K_NOT ||
        this.val[k]! <= K_TRUE ||
        this.val[k] === K_LAMBDA
      );
    const v = this.val[k];
    return v === O_MINUS || v === O_PLUS || v === O_TILDE || v === O_LBRACE;
  }

  /** `__all__ = [...]` / `(...)` (optionally annotated) at module level: its string elements. */
  private dunderAll(a: number, b: number): void {
    let k = a + 1;
    if (this.isOp(k, O_COLON)) {
      while (k < b && !(this.depth[k] === 0 && this.isOp(k, O_ASSIGN))) k++;
      if (k >= b) return;
    }
    if (!this.isOp(k, O_ASSIGN)) return;
    const open = k + 1;
    if (!(this.isOp(open, O_LSQB) || this.isOp(open, O_LPAR))) return;
    const close = b - 1;
    // the bracket must span the rest of the statement
    for (let j = open + 1; j < close; j++) if (this.depth[j] === 0) return;
    if (this.depth[close] !== 0) return;
    const items: string[] = [];
    let comma = false;
    let s = open + 1;
    for (let j = open + 1; j <= close; j++) {
      if (j < close && this.depth[j] !== 1) continue;
      if (j < close && this.kind[j] === T_NAME && this.val[j] === K_FOR) return; // a comprehension
      if (j < close && !this.isOp(j, O_COMMA)) continue;
      if (j < close) comma = true;
      if (j === s + 1 && this.kind[s] === T_STRING)
        items.push(stringLiteralValue(this.t.slice(this.start[s]!, this.end[s]!)));
      s = j + 1;
    }
    // `("a")` is a parenthesized string, not a tuple
    if (this.isOp(open, O_LPAR) && close > open + 1 && !comma) return;
    this.facts.dunderAll = items;
  }

  /** `import a.b as c, d`. */
  private importStatement(a: number, b: number, typeOnly: boolean): void {
    const text = firstLine(this.t.slice(this.start[a]!, this.end[b - 1]!));
    let k = a + 1;
    if (k >= b) unsure();
    for (;;) {
      const s = k;
      k = this.dottedName(k, b);
      const name = squash(this.t.slice(this.start[s]!, this.end[k - 1]!));
      let alias: string | undefined;
      if (k < b && this.kind[k] === T_NAME && this.val[k] === K_AS) {
        if (!this.plainName(k + 1, b)) unsure();
        alias = this.t.slice(this.start[k + 1]!, this.end[k + 1]!);
        k += 2;
      }
      const [line, column] = this.position(this.start[s]!);
      const f: ImportFact = { specifier: name, form: 'import', line, column, text };
      if (alias) f.alias = alias;
      if (typeOnly) f.typeOnly = true;
      this.facts.imports.push(f);
      if (k === b) return;
      if (!this.isOp(k, O_COMMA) || k + 1 === b) unsure();
      k++;
    }
  }

  /** An identifier (soft keywords are identifiers there) at `k`? */
  private plainName(k: number, b: number): boolean {
    return k < b && this.kind[k] === T_NAME && (this.val[k] === 0 || this.val[k]! > HARD_LAST);
  }

  /** `a.b.c` from `k`; returns the index after it. */
  private dottedName(k: number, b: number): number {
    if (!this.plainName(k, b)) unsure();
    k++;
    while (k < b && this.isOp(k, O_DOT)) {
      if (!this.plainName(k + 1, b)) unsure();
      k += 2;
    }
    return k;
  }

  /** `from .m import a as b, c` / `from m import (…)` / `from m import *`. */
  private fromStatement(a: number, b: number, typeOnly: boolean): void {
    const t = this.t;
    let k = a + 1;
    const modStart = k;
    while (k < b && (this.isOp(k, O_DOT) || this.kind[k] === T_ELLIPSIS)) k++;
    const dots = k > modStart;
    if (k < b && this.kind[k] === T_NAME && this.val[k] !== K_IMPORT) k = this.dottedName(k, b);
    else if (!dots) unsure();
    if (!(k < b && this.kind[k] === T_NAME && this.val[k] === K_IMPORT)) unsure();
    const modEnd = k;
    const specifier = squash(t.slice(this.start[modStart]!, this.end[modEnd - 1]!));
    const future = specifier === '__future__' || specifier.startsWith('__future__.');
    if (future && specifier !== '__future__') unsure();
    k++;
    const names: string[] = [];
    const aliased: [name: string, alias: string, at: number][] = [];
    if (k < b && this.isOp(k, O_STAR)) {
      if (k + 1 !== b || future) unsure();
      names.push('*');
    } else {
      let end = b;
      if (this.isOp(k, O_LPAR)) {
        if (!this.isOp(b - 1, O_RPAR)) unsure();
        k++;
        end = b - 1;
      }
      if (k >= end) unsure();
      for (;;) {
        if (!this.plainName(k, end)) unsure();
        const name = t.slice(this.start[k]!, this.end[k]!);
        const at = k;
        k++;
        if (k < end && this.kind[k] === T_NAME && this.val[k] === K_AS) {
          if (!this.plainName(k + 1, end)) unsure();
          aliased.push([name, t.slice(this.start[k + 1]!, this.end[k + 1]!), at]);
          k += 2;
        }
        names.push(name);
        if (k === end) break;
        if (!this.isOp(k, O_COMMA)) unsure();
        k++;
        if (k === end) {
          if (end === b) unsure(); // a trailing comma needs parentheses
          break;
        }
      }
    }
    if (future) return; // `from __future__ import …` is a compiler directive
    const text = firstLine(t.slice(this.start[a]!, this.end[b - 1]!));
    const [line, column] = this.position(this.start[a]!);
    const f: ImportFact = { specifier, names, form: 'from', line, column, text };
    if (typeOnly) f.typeOnly = true;
    this.facts.imports.push(f);
    for (const [name, alias, at] of aliased) {
      const [l, c] = this.position(this.start[at]!);
      const g: ImportFact = { specifier, names: [name], alias, form: 'from', line: l, column: c, text };
      if (typeOnly) g.typeOnly = true;
      this.facts.imports.push(g);
    }
  }

  /**
   * Adjacency checks over tokens [a, b) of one statement or expression: flags pairs of tokens
   * that never stand next to each other in Python.
   */
  private check(a: number, b: number, noAnnotation = false): void {
    const open = openBrackets;
    open.length = 0;
    let prev = C_START;
    let prevVal = 0;
    /** The class before `prev`. */
    let prev2 = C_START;
    /** Outside brackets: an `=` was seen; `lambda`s whose colon is still to come. */
    let assigned = false;
    let lambdas = 0;
    for (let k = a; k < b; k++) {
      const kind = this.kind[k];
      const v = this.val[k]!;
      let c: number;
      if (kind === T_NAME) {
        if (v === 0 || v > HARD_LAST || v <= K_TRUE) c = C_OPD;
        else if (
          v === K_AND ||
          v === K_OR ||
          v === K_IN ||
          v === K_IS ||
          v === K_IF ||
          v === K_ELSE ||
          v === K_AS ||
          v === K_FROM ||
          v === K_FOR
        )
          c = C_KWB;
        else if (v === K_NOT || v === K_AWAIT || v === K_LAMBDA || v === K_YIELD) c = C_KWU;
        else if (v === K_ASYNC) {
          // `async for` in a comprehension
          if (!(k + 1 < b && this.kind[k + 1] === T_NAME && this.val[k + 1] === K_FOR)) unsure();
          continue;
        } else unsure(); // a statement keyword inside an expression
      } else if (kind === T_OP) {
        switch (v) {
          case O_LPAR:
          case O_LSQB:
          case O_LBRACE:
            c = C_OPEN;
            break;
          case O_RPAR:
          case O_RSQB:
          case O_RBRACE:
            c = C_CLOSE;
            break;
          case O_COMMA:
            c = C_COMMA;
            break;
          case O_COLON:
            c = C_COLON;
            break;
          case O_DOT:
            c = C_DOT;
            break;
          case O_STAR:
          case O_DSTAR:
            c = C_STAR;
            break;
          case O_MINUS:
          case O_PLUS:
          case O_TILDE:
            c = C_UN;
            break;
          case O_ARROW:
          case O_SEMI:
            unsure(); // `->` outside a definition; `;` inside brackets
            break;
          default:
            c = C_BIN;
        }
      } else c = C_OPD;
      switch (c!) {
        case C_OPD:
          if (prev === C_OPD || prev === C_CLOSE) {
            if (!(kind === T_STRING && this.kind[k - 1] === T_STRING)) unsure();
          } else if (prev === C_DOT && (kind !== T_NAME || (v !== 0 && v <= HARD_LAST))) unsure();
          break;
        case C_OPEN:
          if (prev === C_DOT) unsure();
          // a call or a subscript, never a brace, right after an operand
          if (v === O_LBRACE && (prev === C_OPD || prev === C_CLOSE)) unsure();
          break;
        case C_CLOSE:
          if (
            prev === C_BIN
              ? prevVal !== O_SLASH
              : prev === C_UN || prev === C_KWB || prev === C_DOT || (prev === C_KWU && prevVal !== K_YIELD)
          )
            unsure();
          // `x[1:]` only; a bare `*` only as a marker (`(a, *)`, never `(a *)`)
          if (prev === C_COLON && v !== O_RSQB) unsure();
          if (prev === C_STAR && prev2 !== C_COMMA && prev2 !== C_OPEN) unsure();
          break;
        case C_COLON:
          if (prev === C_START) unsure();
          if (this.depth[k] === 0) {
            // outside brackets a colon annotates a target (before any `=`) or ends a lambda's parameters
            if (lambdas > 0) lambdas--;
            else if (assigned || noAnnotation) unsure();
          }
          break;
        case C_COMMA:
          if (
            prev === C_START ||
            prev === C_OPEN ||
            prev === C_COMMA ||
            prev === C_UN ||
            prev === C_KWB ||
            prev === C_KWU ||
            prev === C_DOT
          )
            unsure();
          if (prev === C_BIN && prevVal !== O_SLASH) unsure();
          if (prev === C_STAR && prev2 !== C_COMMA && prev2 !== C_OPEN && prev2 !== C_KWU) unsure();
          // `x[1:, 2]` only
          if (prev === C_COLON && open[open.length - 1] !== O_LSQB) unsure();
          break;
        case C_BIN:
          if (v === O_ASSIGN && this.depth[k] === 0) assigned = true;
          if (
            prev === C_START ||
            prev === C_OPEN ||
            prev === C_BIN ||
            prev === C_UN ||
            prev === C_STAR ||
            prev === C_KWB ||
            prev === C_KWU ||
            prev === C_DOT
          )
            unsure();
          if (prev === C_COMMA && v !== O_ASSIGN && v !== O_SLASH) unsure();
          break;
        case C_UN:
          if (prev === C_DOT) unsure();
          break;
        case C_STAR:
          if (prev === C_DOT || prev === C_STAR || prev === C_UN) unsure();
          if (prev === C_BIN && prevVal !== O_ASSIGN) unsure();
          break;
        case C_DOT:
          if (prev !== C_OPD && prev !== C_CLOSE) unsure();
          break;
        case C_KWB:
          if (
            prev === C_START ||
            prev === C_OPEN ||
            prev === C_COMMA ||
            prev === C_BIN ||
            prev === C_UN ||
            prev === C_STAR ||
            prev === C_KWB ||
            prev === C_DOT
          )
            unsure();
          if (prev === C_KWU && !((prevVal === K_NOT && v === K_IN) || (prevVal === K_YIELD && v === K_FROM))) unsure();
          break;
        case C_KWU:
          if (prev === C_DOT) unsure();
          if (prev === C_OPD || prev === C_CLOSE) {
            if (!(v === K_NOT && k + 1 < b && this.kind[k + 1] === T_NAME && this.val[k + 1] === K_IN)) unsure();
          }
          break;
      }
      if (c! === C_KWU && v === K_LAMBDA && this.depth[k] === 0) lambdas++;
      else if (c! === C_OPEN) open.push(v);
      else if (c! === C_CLOSE) open.pop();
      prev2 = prev;
      prev = c!;
      prevVal = kind === T_NAME || kind === T_OP ? v : 0;
    }
    // the end
    if (
      prev === C_BIN ||
      prev === C_UN ||
      prev === C_STAR ||
      prev === C_KWB ||
      prev === C_DOT ||
      prev === C_COLON ||
      prev === C_OPEN
    ) {
      if (!(prev === C_BIN && prevVal === O_SLASH && b < this.count && this.isOp(b, O_COLON))) unsure();
    }
    if (prev === C_KWU && prevVal !== K_YIELD) unsure();
  }

  /**
   * 1-based line and column (UTF-16 units) of index `i`. Facts come in document order, so the line
   * is found by moving a cursor forward from the previous fact (from the start when `i` is before it).
   */
  private position(i: number): [number, number] {
    const t = this.t;
    if (i < this.posLineStart) {
      this.posLine = 1;
      this.posLineStart = 0;
    }
    for (let p = t.indexOf('\n', this.posLineStart); p >= 0 && p < i; p = t.indexOf('\n', p + 1)) {
      this.posLine++;
      this.posLineStart = p + 1;
    }
    return [this.posLine, i - this.posLineStart + 1];
  }
}

/**
 * Flags of the string prefix `t[s, e)` (1 raw, 2 f-string, 4 bytes), or -1 when the letters are no
 * Python string prefix.
 */
function stringPrefix(t: string, s: number, e: number): number {
  let flags = 0;
  if (e - s > 2) return -1;
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i) | 32;
    const bit = c === 114 ? 1 : c === 102 ? 2 : c === 98 ? 4 : c === 117 ? 8 : 0;
    if (bit === 0 || (flags & bit) !== 0) return -1;
    flags |= bit;
  }
  // u only alone; f and b never together
  if ((flags & 8) !== 0 && flags !== 8) return -1;
  if ((flags & 6) === 6) return -1;
  return flags & 7;
}

/**
 * Outline facts of a Python file (see the module comment), or undefined when the scanner is not
 * sure they equal tree-sitter's.
 */
export function scanPythonOutline(text: string): FileFacts | undefined {
  try {
    return new PythonScanner(text).run();
  } catch (e) {
    if (e === UNSURE) return undefined;
    throw e;
  }
}

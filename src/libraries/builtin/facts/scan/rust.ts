/**
 * Outline facts of a Rust file from a tokenizer-level scan, without a syntax tree: the same
 * imports (`use` leaves, `mod`, `mod` inside item macros, `extern crate`, qualified paths) and
 * symbols (items with their attributes, doc comments and enclosing items) that the tree-sitter
 * extraction (`../rust.ts`) gives, minus the type references (`typeRefsOmitted`).
 *
 * The scan is two passes over the text: a tokenizer (strings, raw strings with any number of `#`,
 * byte and C strings, char literals versus lifetimes, nested block comments, doc comments) that
 * fills typed arrays, then a recursive walk over the tokens that knows items, attributes, `use`
 * trees, macro invocations (their token trees are skipped) and paths.
 *
 * Whenever the text holds something the scan does not model exactly (unbalanced brackets, an
 * unterminated string or comment, a non-ASCII identifier, a generic type followed by `::`,
 * comments inside a `use` tree, …), it gives up and returns `undefined`: the caller then parses
 * the file with tree-sitter. The verification script `scripts/truth/verify-scanners.mjs` compares
 * both on whole corpora.
 */
import { type AttrInfo, CFG_ATTR_PATH, lastSegment, MACRO_MOD, TEST_ATTRIBUTES } from '../rust-text.js';
import { firstLine, squash, stringLiteralValue } from '../text.js';
import { emptyFacts, type FileFacts, type ImportFact, type SymbolFact } from '../types.js';

// ---- tokens ---------------------------------------------------------------------------------

const IDENT = 0;
/** One punctuation character (its code in `val`). */
const PUNCT = 1;
/** `::` */
const PATHSEP = 2;
/** `->` or `=>` (never an angle bracket). */
const ARROW = 3;
/** String, char or number literal. */
const LIT = 4;
const LIFETIME = 5;
/** `..`, `...`, `..=` (a range, never a field access). */
const DOTS = 6;
/** Comment; `val`: 0 plain, 1 outer doc, 2 inner doc. */
const COMMENT = 7;
/** `(`, `[`, `{` (code in `val`); `match` gives the closing token. */
const OPEN = 8;
const CLOSE = 9;

const C_LPAREN = 40;
const C_RPAREN = 41;
const C_LBRACK = 91;
const C_RBRACK = 93;
const C_LBRACE = 123;
const C_RBRACE = 125;
const C_LT = 60;
const C_GT = 62;
const C_HASH = 35;
const C_BANG = 33;
const C_SEMI = 59;
const C_COMMA = 44;
const C_EQ = 61;
const C_DOT = 46;
const C_COLON = 58;
const C_STAR = 42;
const C_QUOTE = 39;
const C_DQUOTE = 34;
const C_SLASH = 47;
const C_BACKSLASH = 92;
const C_NL = 10;
const C_MINUS = 45;

/** Thrown inside the scan when the text holds something it does not model exactly. */
class Unsure extends Error {}
const UNSURE = new Unsure('unsure');

/** Character classes of ASCII codes: 1 starts an identifier, 2 continues one, 4 white space. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) CLASS[c] = 3;
  else if (c >= 48 && c <= 57) CLASS[c] = 2;
  else if (c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11) CLASS[c] = 4;
}
function isIdentStart(c: number): boolean {
  return c < 128 && (CLASS[c]! & 1) !== 0;
}
function isIdentPart(c: number): boolean {
  return c < 128 && (CLASS[c]! & 2) !== 0;
}

interface Tokens {
  n: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** PUNCT/OPEN/CLOSE: char code; COMMENT: doc kind. */
  val: Int32Array;
  /** OPEN: index of its CLOSE; CLOSE: index of its OPEN. */
  match: Int32Array;
  anyDoc: boolean;
}

/**
 * The token arrays, kept from one file to the next (a scan is synchronous and its facts hold no
 * reference to them), so that scanning many files allocates them only while they grow.
 */
let scratch = {
  kind: new Uint8Array(4096),
  start: new Int32Array(4096),
  end: new Int32Array(4096),
  val: new Int32Array(4096),
  match: new Int32Array(4096),
};

/** Tokenizes `s`; throws `UNSURE` on anything it cannot tokenize exactly. */
function tokenize(s: string): Tokens {
  const len = s.length;
  let { kind, start, end, val, match } = scratch;
  let cap = kind.length;
  let n = 0;
  let anyDoc = false;
  const stack: number[] = [];
  const push = (k: number, a: number, b: number, v: number) => {
    if (n === cap) {
      cap *= 2;
      const k2 = new Uint8Array(cap);
      k2.set(kind);
      kind = k2;
      const s2 = new Int32Array(cap);
      s2.set(start);
      start = s2;
      const e2 = new Int32Array(cap);
      e2.set(end);
      end = e2;
      const v2 = new Int32Array(cap);
      v2.set(val);
      val = v2;
      const m2 = new Int32Array(cap);
      m2.set(match);
      match = m2;
      scratch = { kind, start, end, val, match };
    }
    kind[n] = k;
    start[n] = a;
    end[n] = b;
    val[n] = v;
    n++;
  };
  /** End (exclusive) of a quoted string whose opening quote is at `q`. */
  const stringEnd = (q: number): number => {
    let j = q + 1;
    for (;;) {
      const k = s.indexOf('"', j);
      if (k < 0) throw UNSURE;
      let b = k - 1;
      while (s.charCodeAt(b) === C_BACKSLASH) b--;
      if ((k - 1 - b) % 2 === 0) return k + 1;
      j = k + 1;
    }
  };
  /** End of a raw string: `p` is at the first `#` or `"` after the `r`. */
  const rawEnd = (p: number): number => {
    let hashes = 0;
    while (s.charCodeAt(p) === C_HASH) {
      hashes++;
      p++;
    }
    if (s.charCodeAt(p) !== C_DQUOTE) throw UNSURE;
    let j = p + 1;
    for (;;) {
      const k = s.indexOf('"', j);
      if (k < 0) throw UNSURE;
      let h = 0;
      while (h < hashes && s.charCodeAt(k + 1 + h) === C_HASH) h++;
      if (h === hashes) return k + 1 + hashes;
      j = k + 1;
    }
  };
  /** `r#"`, `r"` after position `p` (the `r`)? */
  const rawAt = (p: number): boolean => {
    let q = p + 1;
    while (s.charCodeAt(q) === C_HASH) q++;
    return s.charCodeAt(q) === C_DQUOTE;
  };
  let i = 0;
  if (s.charCodeAt(0) === C_HASH && s.charCodeAt(1) === C_BANG && s.charCodeAt(2) !== C_LBRACK) throw UNSURE; // shebang
  while (i < len) {
    const c = s.charCodeAt(i);
    if (c < 128 && CLASS[c] === 4) {
      i++;
      while (i < len) {
        const d = s.charCodeAt(i);
        if (d >= 128 || CLASS[d] !== 4) break;
        i++;
      }
      continue;
    }
    if (isIdentStart(c)) {
      // string prefixes: r"…", r#"…"#, b"…", b'…', br"…", c"…", cr"…"
      const c1 = s.charCodeAt(i + 1);
      if (c === 114 /* r */) {
        if (c1 === C_DQUOTE || (c1 === C_HASH && rawAt(i))) {
          const e = rawEnd(i + 1);
          push(LIT, i, e, 0);
          i = e;
          continue;
        }
        if (c1 === C_HASH && isIdentStart(s.charCodeAt(i + 2))) {
          let j = i + 3;
          while (j < len && isIdentPart(s.charCodeAt(j))) j++;
          if (j < len && s.charCodeAt(j) >= 128) throw UNSURE;
          push(IDENT, i, j, 0);
          i = j;
          continue;
        }
      } else if (c === 98 /* b */ || c === 99 /* c */) {
        if (c1 === C_DQUOTE) {
          const e = stringEnd(i + 1);
          push(LIT, i, e, 0);
          i = e;
          continue;
        }
        if (c === 98 && c1 === C_QUOTE) {
          const e = charEnd(s, i + 1);
          if (e < 0) throw UNSURE;
          push(LIT, i, e, 0);
          i = e;
          continue;
        }
        if (c1 === 114 /* r */ && rawAt(i + 1)) {
          const e = rawEnd(i + 2);
          push(LIT, i, e, 0);
          i = e;
          continue;
        }
      }
      let j = i + 1;
      while (j < len && isIdentPart(s.charCodeAt(j))) j++;
      if (j < len && s.charCodeAt(j) >= 128) throw UNSURE;
      push(IDENT, i, j, 0);
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      for (;;) {
        const d = s.charCodeAt(j);
        if (isIdentPart(d)) j++;
        else if (d === C_DOT && s.charCodeAt(j + 1) >= 48 && s.charCodeAt(j + 1) <= 57) j += 2;
        else if (d === C_DOT && s.charCodeAt(j + 1) !== C_DOT && !isIdentStart(s.charCodeAt(j + 1))) {
          j++;
          break;
        } else if (
          (d === 43 || d === C_MINUS) &&
          (s.charCodeAt(j - 1) === 101 || s.charCodeAt(j - 1) === 69) &&
          s.charCodeAt(i + 1) !== 120
        )
          j++;
        else break;
      }
      push(LIT, i, j, 0);
      i = j;
      continue;
    }
    switch (c) {
      case C_DQUOTE: {
        const e = stringEnd(i);
        push(LIT, i, e, 0);
        i = e;
        continue;
      }
      case C_QUOTE: {
        const e = charEnd(s, i);
        if (e >= 0) {
          push(LIT, i, e, 0);
          i = e;
          continue;
        }
        if (!isIdentStart(s.charCodeAt(i + 1))) throw UNSURE;
        let j = i + 2;
        while (j < len && isIdentPart(s.charCodeAt(j))) j++;
        if (j < len && s.charCodeAt(j) >= 128) throw UNSURE;
        push(LIFETIME, i, j, 0);
        i = j;
        continue;
      }
      case C_SLASH: {
        const c1 = s.charCodeAt(i + 1);
        if (c1 === C_SLASH) {
          let e = s.indexOf('\n', i);
          if (e < 0) e = len;
          const c2 = s.charCodeAt(i + 2);
          const doc = c2 === C_BANG ? 2 : c2 === C_SLASH && s.charCodeAt(i + 3) !== C_SLASH ? 1 : 0;
          if (doc) anyDoc = true;
          push(COMMENT, i, e, doc);
          i = e;
          continue;
        }
        if (c1 === C_STAR) {
          let depth = 1;
          let j = i + 2;
          while (depth > 0) {
            const a = s.indexOf('*/', j);
            if (a < 0) throw UNSURE;
            const b = s.indexOf('/*', j);
            if (b >= 0 && b < a) {
              depth++;
              j = b + 2;
            } else {
              depth--;
              j = a + 2;
            }
          }
          const c2 = s.charCodeAt(i + 2);
          const doc = c2 === C_BANG ? 2 : c2 === C_STAR && s.charCodeAt(i + 3) !== C_STAR && j - i !== 4 ? 1 : 0;
          if (doc) anyDoc = true;
          push(COMMENT, i, j, doc);
          i = j;
          continue;
        }
        push(PUNCT, i, i + 1, c);
        i++;
        continue;
      }
      case C_COLON:
        if (s.charCodeAt(i + 1) === C_COLON) {
          push(PATHSEP, i, i + 2, 0);
          i += 2;
        } else {
          push(PUNCT, i, i + 1, c);
          i++;
        }
        continue;
      case C_MINUS:
      case C_EQ:
        if (s.charCodeAt(i + 1) === C_GT) {
          push(ARROW, i, i + 2, 0);
          i += 2;
        } else {
          push(PUNCT, i, i + 1, c);
          i++;
        }
        continue;
      case C_DOT:
        if (s.charCodeAt(i + 1) === C_DOT) {
          let j = i + 2;
          if (s.charCodeAt(j) === C_DOT || s.charCodeAt(j) === C_EQ) j++;
          push(DOTS, i, j, 0);
          i = j;
        } else {
          push(PUNCT, i, i + 1, c);
          i++;
        }
        continue;
      case C_LPAREN:
      case C_LBRACK:
      case C_LBRACE:
        stack.push(n);
        push(OPEN, i, i + 1, c);
        i++;
        continue;
      case C_RPAREN:
      case C_RBRACK:
      case C_RBRACE: {
        const o = stack.pop();
        if (o === undefined) throw UNSURE;
        const oc = val[o]!;
        if (
          (oc === C_LPAREN && c !== C_RPAREN) ||
          (oc === C_LBRACK && c !== C_RBRACK) ||
          (oc === C_LBRACE && c !== C_RBRACE)
        )
          throw UNSURE;
        match[o] = n;
        match[n] = o;
        push(CLOSE, i, i + 1, c);
        i++;
        continue;
      }
      default:
        // printable ASCII punctuation; anything else (control characters, non-ASCII) is not
        // modelled, nor `~` (tree-sitter's grammar has no such token, even in a macro's tokens)
        if (c > 32 && c < 127 && c !== C_BACKSLASH && c !== 126) {
          push(PUNCT, i, i + 1, c);
          i++;
          continue;
        }
        throw UNSURE;
    }
  }
  if (stack.length > 0) throw UNSURE;
  return { n, kind, start, end, val, match, anyDoc };
}

/** End of a char literal whose quote is at `q` (`'a'`, `'\''`, `'\u{1F600}'`), or -1 (a lifetime). */
function charEnd(s: string, q: number): number {
  const c1 = s.charCodeAt(q + 1);
  if (c1 === C_BACKSLASH) {
    const k = s.indexOf("'", q + 3);
    if (k < 0 || s.lastIndexOf('\n', k) > q) throw UNSURE;
    return k + 1;
  }
  if (c1 === C_NL || Number.isNaN(c1)) throw UNSURE;
  if (s.charCodeAt(q + 2) === C_QUOTE) return q + 3;
  if (c1 >= 0xd800 && c1 <= 0xdbff && s.charCodeAt(q + 3) === C_QUOTE) return q + 4;
  return -1;
}

// ---- the walk over tokens -------------------------------------------------------------------

/** Where a statement list is: what items it may hold. */
enum Ctx {
  File,
  /** Body of an inline module. */
  Mod,
  Impl,
  Trait,
  /** `extern "C" { … }` */
  Extern,
  /** A block (function body, any other `{ … }`). */
  Block,
}

/** Keywords that never start a path or a macro name. */
const KEYWORDS = new Set([
  'as',
  'async',
  'await',
  'break',
  'const',
  'continue',
  'dyn',
  'else',
  'enum',
  'extern',
  'false',
  'fn',
  'for',
  'if',
  'impl',
  'in',
  'let',
  'loop',
  'match',
  'mod',
  'move',
  'mut',
  'pub',
  'ref',
  'return',
  'static',
  'struct',
  'trait',
  'true',
  'type',
  'unsafe',
  'use',
  'where',
  'while',
  'yield',
]);

/** Words the tree-sitter grammar does not report as `identifier` inside a token tree. */
const NOT_IDENTIFIER = new Set([
  ...KEYWORDS,
  'crate',
  'self',
  'super',
  'Self',
  'default',
  'union',
  'macro_rules',
  'gen',
  'raw',
  'u8',
  'i8',
  'u16',
  'i16',
  'u32',
  'i32',
  'u64',
  'i64',
  'u128',
  'i128',
  'isize',
  'usize',
  'f32',
  'f64',
  'bool',
  'str',
  'char',
]);

const PRIMITIVES = new Set([
  'u8',
  'i8',
  'u16',
  'i16',
  'u32',
  'i32',
  'u64',
  'i64',
  'u128',
  'i128',
  'isize',
  'usize',
  'f32',
  'f64',
  'bool',
  'str',
  'char',
]);

interface Open {
  type: 'mod' | 'impl' | 'trait' | 'function';
  name: string;
}

/** An outer attribute or comment directly before an item. */
interface Leading {
  /** Token index of `#` (attribute) or of the comment. */
  at: number;
  attr: boolean;
}

class Scan {
  private readonly t: Tokens;
  private readonly kind: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly val: Int32Array;
  private readonly match: Int32Array;
  readonly facts: FileFacts;
  private readonly opens: Open[] = [];
  private lineStarts: number[] | undefined;

  constructor(
    private readonly s: string,
    t: Tokens,
  ) {
    this.t = t;
    this.kind = t.kind;
    this.start = t.start;
    this.end = t.end;
    this.val = t.val;
    this.match = t.match;
    this.facts = emptyFacts('rust');
    this.facts.anyDoc = t.anyDoc;
    this.facts.typeRefsOmitted = true;
  }

  // -- helpers --

  private text(i: number): string {
    return this.s.slice(this.start[i]!, this.end[i]!);
  }
  private isWord(i: number, w: string): boolean {
    if (i >= this.t.n || this.kind[i] !== IDENT) return false;
    const a = this.start[i]!;
    return this.end[i]! - a === w.length && this.s.startsWith(w, a);
  }
  private isPunct(i: number, c: number): boolean {
    return i < this.t.n && this.kind[i] === PUNCT && this.val[i] === c;
  }
  private isOpen(i: number, c?: number): boolean {
    return i < this.t.n && this.kind[i] === OPEN && (c === undefined || this.val[i] === c);
  }
  /** Next token at or after `i` that is not a comment. */
  private nx(i: number): number {
    const n = this.t.n;
    while (i < n && this.kind[i] === COMMENT) i++;
    return i;
  }
  /** Previous token before `i` that is not a comment, or -1. */
  private pv(i: number): number {
    i--;
    while (i >= 0 && this.kind[i] === COMMENT) i--;
    return i;
  }
  private pos(offset: number): { line: number; column: number } {
    let ls = this.lineStarts;
    if (!ls) {
      ls = [0];
      const s = this.s;
      for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) ls.push(k + 1);
      this.lineStarts = ls;
    }
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - ls[lo]! + 1 };
  }
  private slice(a: number, b: number): string {
    return this.s.slice(this.start[a]!, this.end[b]!);
  }
  private inlineModule(): string | undefined {
    let m: string | undefined;
    for (const o of this.opens) if (o.type === 'mod') m = m === undefined ? o.name : `${m}::${o.name}`;
    return m;
  }
  /** Matching `>` of the `<` at `i` in the same bracket level, or -1. */
  private angleEnd(i: number, limit: number): number {
    let depth = 0;
    for (let k = i; k < limit; k++) {
      const kd = this.kind[k];
      if (kd === OPEN) {
        k = this.match[k]!;
        continue;
      }
      if (kd === CLOSE) return -1;
      if (kd === PUNCT) {
        const v = this.val[k];
        if (v === C_LT) depth++;
        else if (v === C_GT) {
          depth--;
          if (depth === 0) return k;
        } else if (v === C_SEMI) return -1;
      }
    }
    return -1;
  }

  // -- facts --

  private addPath(a: number, b: number): void {
    const raw = this.slice(a, b);
    const text = squash(raw);
    const segs = text.split('::');
    const first = (segs[0] === '' ? segs[1] : segs[0]) ?? '';
    if (first === '' || /^[A-Z]/.test(first) || first === 'std' || first === 'core' || first === 'alloc') return;
    const f: ImportFact = { specifier: text, form: 'path', ...this.pos(this.start[a]!), text: firstLine(raw) };
    if (text.startsWith('::')) f.global = true;
    const im = this.inlineModule();
    if (im) f.inlineModule = im;
    this.facts.imports.push(f);
  }

  private addSymbol(
    kind: SymbolFact['kind'],
    nameTok: number,
    name: string,
    exported: boolean,
    attrs: AttrInfo,
    extra: Partial<SymbolFact>,
  ): SymbolFact {
    let mods: string[] | undefined;
    let container: string | undefined;
    let inFunction = false;
    for (let k = this.opens.length - 1; k >= 0; k--) {
      const o = this.opens[k]!;
      if (o.type === 'mod') (mods ??= []).unshift(o.name);
      else if (o.type === 'function') inFunction = true;
      else container ??= o.name;
    }
    const s: SymbolFact = {
      kind,
      name,
      ...this.pos(this.start[nameTok]!),
      exported,
      documented: attrs.documented,
      topLevel: !inFunction && container === undefined && mods === undefined,
      ...extra,
    };
    if (container !== undefined) s.container = container;
    if (mods !== undefined) s.inlineModule = mods.join('::');
    if (attrs.derives.length > 0) s.derives = attrs.derives;
    if (attrs.test) {
      s.test = true;
      this.facts.hasTests = true;
    }
    if (attrs.documented) this.facts.anyDoc = true;
    if (kind === 'function' && container !== undefined) s.kind = 'method';
    this.facts.symbols.push(s);
    return s;
  }

  // -- attributes --

  /** `#` at `i` starts an attribute? Returns the index of its `[`, or -1. */
  private attrOpen(i: number): number {
    if (!this.isPunct(i, C_HASH)) return -1;
    let j = this.nx(i + 1);
    if (this.isPunct(j, C_BANG)) j = this.nx(j + 1);
    return this.isOpen(j, C_LBRACK) ? j : -1;
  }

  /** Records what any attribute says about the file; returns the index after it. */
  private attribute(i: number, open: number): number {
    const close = this.match[open]!;
    const inner = !this.isPunct(this.nx(i + 1), C_HASH) && this.isPunct(this.nx(i + 1), C_BANG);
    const t = squash(this.slice(i, close));
    if (inner) {
      if (t.startsWith('#![doc')) {
        this.facts.anyDoc = true;
        this.facts.moduleDoc = true;
      }
    } else {
      if (t === '#[cfg(test)]' || t.startsWith('#[cfg(all(test') || t.startsWith('#[cfg(any(test'))
        this.facts.hasTests = true;
      if (t.startsWith('#[doc')) this.facts.anyDoc = true;
    }
    // a value written as an expression (`#[x = a::b()]`) holds paths the tree-sitter walk sees
    for (let k = open + 1; k < close; k++) {
      const kd = this.kind[k];
      if (kd === OPEN) {
        k = this.match[k]!;
        continue;
      }
      if (kd === PUNCT && this.val[k] === C_EQ) {
        for (let m = k + 1; m < close; m++) {
          if (this.kind[m] === OPEN) m = this.match[m]!;
          else if (this.kind[m] === PATHSEP) throw UNSURE;
        }
        break;
      }
    }
    return close + 1;
  }

  /** What the outer attributes and comments before an item say (nearest first, as the tree walk reads them). */
  private leading(list: Leading[]): AttrInfo {
    const info: AttrInfo = { documented: false, test: false, derives: [], cfgPaths: [] };
    for (let k = list.length - 1; k >= 0; k--) {
      const l = list[k]!;
      if (!l.attr) {
        if (this.val[l.at] === 1) info.documented = true;
        continue;
      }
      const open = this.attrOpen(l.at);
      const close = this.match[open]!;
      // path: tokens up to the arguments or the value
      let p = this.nx(open + 1);
      const pathStart = p;
      let pathEnd = -1;
      while (p < close && (this.kind[p] === IDENT || this.kind[p] === PATHSEP || this.kind[p] === COMMENT)) {
        if (this.kind[p] !== COMMENT) pathEnd = p;
        p++;
      }
      p = this.nx(p);
      if (pathEnd < 0) continue;
      const path = squash(this.slice(pathStart, pathEnd));
      const last = lastSegment(path);
      if (last === 'test' || TEST_ATTRIBUTES.test(last)) info.test = true;
      if (path === 'doc') info.documented = true;
      const args = p < close && this.kind[p] === OPEN ? p : -1;
      if (path === 'derive' && args >= 0) this.derives(args, info.derives);
      if (path === 'path' && this.isPunct(p, C_EQ)) {
        const a = this.nx(p + 1);
        const b = this.pv(close);
        if (a < close && b >= a) info.pathAttr = stringLiteralValue(this.slice(a, b));
      }
      if (path === 'cfg_attr' && args >= 0) {
        const m = CFG_ATTR_PATH.exec(this.slice(args, this.match[args]!));
        if (m) info.cfgPaths.push(m[1]!);
      }
    }
    return info;
  }

  /** Derive names as the tree walk collects them: the token tree's own identifiers, then deeper ones not followed by `::`. */
  private derives(open: number, out: string[]): void {
    const close = this.match[open]!;
    const isId = (k: number) => this.kind[k] === IDENT && !NOT_IDENTIFIER.has(this.text(k));
    for (let k = open + 1; k < close; k++) {
      if (this.kind[k] === OPEN) {
        k = this.match[k]!;
        continue;
      }
      if (isId(k)) out.push(this.text(k));
    }
    const deep = (a: number, b: number, depth: number) => {
      for (let k = a; k < b; k++) {
        if (this.kind[k] === OPEN) {
          deep(k + 1, this.match[k]!, depth + 1);
          k = this.match[k]!;
          continue;
        }
        if (!isId(k)) continue;
        const name = this.text(k);
        if (depth > 0 && this.kind[k + 1] !== PATHSEP && !out.includes(name)) out.push(name);
      }
    };
    deep(open + 1, close, 0);
  }

  // -- statements --

  /** The statements between `from` and `to` (exclusive) in a context. */
  body(ctx: Ctx, from: number, to: number): void {
    let stmtStart = true;
    let leading: Leading[] = [];
    let prev = -1;
    let i = from;
    while (i < to) {
      const k = this.kind[i]!;
      if (k === COMMENT) {
        if (stmtStart) {
          leading.push({ at: i, attr: false });
          if (ctx === Ctx.File && this.val[i] === 2) this.facts.moduleDoc = true;
        }
        i++;
        continue;
      }
      const open = this.attrOpen(i);
      if (open >= 0) {
        if (!stmtStart && this.isPunct(prev, C_EQ)) throw UNSURE; // see `unit`
        const inner = this.isPunct(this.nx(i + 1), C_BANG);
        const after = this.attribute(i, open);
        if (stmtStart) {
          if (inner) leading = [];
          else leading.push({ at: i, attr: true });
        }
        i = after;
        continue;
      }
      if (stmtStart) {
        // only items belong outside blocks: anything else is tree-sitter's error recovery
        if (ctx !== Ctx.Block && k !== IDENT && !(k === PUNCT && this.val[i] === C_SEMI)) throw UNSURE;
        const e = this.item(ctx, i, to, leading);
        if (e >= 0) {
          i = e;
          prev = e - 1;
          leading = [];
          continue;
        }
        leading = [];
      }
      stmtStart = false;
      const e = this.unit(i, to, prev);
      prev = this.pv(e);
      if (k === PUNCT && this.val[i] === C_SEMI) stmtStart = true;
      else if (k === OPEN && this.val[i] === C_LBRACE) stmtStart = true;
      i = e;
    }
  }

  /** Plain tokens (no statements) in `from`..`to`. */
  private units(from: number, to: number): void {
    let prev = from - 1;
    let i = from;
    while (i < to) {
      if (this.kind[i] === COMMENT) {
        i++;
        continue;
      }
      const e = this.unit(i, to, prev);
      prev = this.pv(e);
      i = e;
    }
  }

  /**
   * One unit of an expression, type or pattern at `i`: a path (with its turbofish), a macro call
   * (its tokens skipped), a bracketed group, an attribute, or one token. Returns the index after it.
   */
  private unit(i: number, to: number, prev: number): number {
    const k = this.kind[i]!;
    switch (k) {
      case IDENT: {
        // words the tree-sitter grammar reads as keywords where Rust 2015 code may use them as
        // names (`try!(…)`, `&raw::x`): its error recovery decides those facts
        const w = this.end[i]! - this.start[i]!;
        if (w === 3 && (this.isWord(i, 'try') || (this.isWord(i, 'raw') && this.isPunct(prev, 38)))) throw UNSURE;
        if (prev >= 0 && this.kind[prev] === PUNCT && this.val[prev] === C_DOT) {
          // a field or method name: `x.f::<T>()`
          const j = this.nx(i + 1);
          if (this.kind[j] === PATHSEP && this.isPunct(this.nx(j + 1), C_LT)) {
            const lt = this.nx(j + 1);
            const gt = this.angleEnd(lt, to);
            if (gt < 0) throw UNSURE;
            this.units(lt + 1, gt);
            if (this.kind[this.nx(gt + 1)] === PATHSEP) throw UNSURE;
            return gt + 1;
          }
          return i + 1;
        }
        const j = this.nx(i + 1);
        if (this.isPunct(j, C_BANG) && !KEYWORDS.has(this.text(i))) {
          const g = this.nx(j + 1);
          if (this.isOpen(g)) return this.match[g]! + 1;
        }
        if (this.kind[j] !== PATHSEP) return i + 1;
        if (KEYWORDS.has(this.text(i))) {
          if (this.isWord(i, 'extern')) throw UNSURE; // `extern::x`, a name in Rust 2015
          return i + 1;
        }
        return this.path(i, to, false);
      }
      case PATHSEP: {
        if (prev >= 0 && this.kind[prev] === PUNCT && this.val[prev] === C_GT && !this.closesHeaderGenerics(prev))
          throw UNSURE;
        if (this.kind[this.nx(i + 1)] !== IDENT) throw UNSURE;
        return this.path(i, to, false);
      }
      case PUNCT: {
        const v = this.val[i];
        // an empty bound (`C: ,`), a closure whose body starts with `..`: tree-sitter's grammar fails there
        if (v === C_COLON && (this.isPunct(this.nx(i + 1), C_COMMA) || this.isPunct(this.nx(i + 1), C_GT)))
          throw UNSURE;
        if (v === 124 && this.kind[this.nx(i + 1)] === DOTS) throw UNSURE;
        // `$crate`, `$x` outside a macro's tokens (a `macro` 2.0 body): not modelled
        if (v === 36) throw UNSURE;
        if (v === C_LT && this.qualifiedOpener(prev)) {
          const gt = this.angleEnd(i, to);
          if (gt >= 0 && this.kind[this.nx(gt + 1)] === PATHSEP) return this.path(i, to, false);
        }
        if (v === C_HASH) {
          const open = this.attrOpen(i);
          // an attribute on an expression after `=` (`= #[inline] |x| …`): tree-sitter's grammar fails there
          if (open >= 0 && this.isPunct(prev, C_EQ)) throw UNSURE;
          if (open >= 0) return this.attribute(i, open);
        }
        return i + 1;
      }
      case OPEN: {
        const close = this.match[i]!;
        if (this.val[i] === C_LBRACE) this.body(Ctx.Block, i + 1, close);
        else this.units(i + 1, close);
        return close + 1;
      }
      default:
        return i + 1;
    }
  }

  /**
   * Is the `>` at `gt` not the end of a generic type (`impl<R> ::std::x`, `for<'a> ::core::x`,
   * `a > ::b`), so that a `::` after it starts a global path? A generic type followed by `::`
   * (`Vec<T>::new` outside a turbofish) is left to tree-sitter.
   */
  private closesHeaderGenerics(gt: number): boolean {
    let depth = 0;
    for (let k = gt; k >= 0; k--) {
      const kd = this.kind[k];
      if (kd === CLOSE) {
        k = this.match[k]!;
        continue;
      }
      if (kd === OPEN) return true; // no matching `<`: a comparison
      if (kd !== PUNCT) continue;
      const v = this.val[k];
      if (v === C_SEMI) return true;
      if (v === C_GT) depth++;
      else if (v === C_LT && --depth === 0) {
        // `Name<…>` or `::<…>` is a generic type; after `impl`, `for`, `)` or a literal the
        // `<` opened generic parameters or was a comparison
        const p = this.pv(k);
        if (p < 0 || this.kind[p] === PATHSEP) return false;
        return this.kind[p] !== IDENT || KEYWORDS.has(this.text(p));
      }
    }
    return true;
  }

  /** Can a `<` after token `prev` start a qualified path (`<T as Trait>::x`)? */
  private qualifiedOpener(prev: number): boolean {
    if (prev < 0) return true;
    const k = this.kind[prev];
    if (k === LIT || k === CLOSE) return k === CLOSE && this.val[prev] === C_RBRACE;
    if (k === IDENT) {
      const w = this.text(prev);
      return (
        w === 'as' ||
        // `Trait for <T as X>::Y`, but not `for<'a>` (higher-ranked bounds)
        (w === 'for' && this.kind[this.nx(this.nx(prev + 1) + 1)] !== LIFETIME) ||
        w === 'return' ||
        w === 'in' ||
        w === 'where' ||
        w === 'else' ||
        w === 'match' ||
        w === 'if' ||
        w === 'while' ||
        w === 'break' ||
        w === 'mut' ||
        w === 'const' ||
        w === 'dyn' ||
        w === 'let'
      );
    }
    if (k === PUNCT) return this.val[prev] !== C_QUOTE && this.val[prev] !== 63; /* ? */
    return true;
  }

  /**
   * A path starting at `i` (an identifier, `::`, or the `<` of a qualified path). Records it the
   * way the tree walk does: the whole path, then each prefix before a mid-path turbofish that is a
   * path itself, then the paths inside its angle brackets. With `collect`, the facts of the name
   * are returned instead of recorded (macro names, recorded after the macro's own facts).
   */
  private path(i: number, to: number, collect: true): { end: number; facts: ImportFact[] };
  private path(i: number, to: number, collect: false): number;
  private path(i: number, to: number, collect: boolean): number | { end: number; facts: ImportFact[] } {
    const first = i;
    /** Ranges of angle-bracket contents, visited after the path. */
    const inner: [number, number][] = [];
    /** Last token of each prefix that ends before a mid-path turbofish and is a path. */
    const prefixes: number[] = [];
    let seps = 0;
    let last: number;
    if (this.kind[i] === PATHSEP) {
      seps = 1;
      last = this.nx(i + 1);
    } else if (this.kind[i] === PUNCT) {
      const gt = this.angleEnd(i, to);
      inner.push([i + 1, gt]);
      last = gt;
    } else last = i;
    for (;;) {
      const j = this.nx(last + 1);
      if (j >= to || this.kind[j] !== PATHSEP) break;
      const a = this.nx(j + 1);
      if (this.isPunct(a, C_LT)) {
        const gt = this.angleEnd(a, to);
        if (gt < 0) throw UNSURE;
        const after = this.nx(gt + 1);
        if (after < to && this.kind[after] === PATHSEP && this.kind[this.nx(after + 1)] === IDENT) {
          if (seps > 0) prefixes.unshift(last);
          inner.push([a + 1, gt]);
          last = this.nx(after + 1);
          seps++;
          continue;
        }
        // a turbofish at the end: not part of the path
        inner.push([a + 1, gt]);
        const end = gt + 1;
        return this.finishPath(first, last, seps, prefixes, inner, end, collect);
      }
      if (this.kind[a] !== IDENT) throw UNSURE;
      last = a;
      seps++;
    }
    const after = this.nx(last + 1);
    if (this.isPunct(after, C_BANG) && this.isOpen(this.nx(after + 1))) {
      // a macro call: its tokens are not parsed
      const g = this.nx(after + 1);
      return this.finishPath(first, last, seps, prefixes, inner, this.match[g]! + 1, collect);
    }
    return this.finishPath(first, last, seps, prefixes, inner, last + 1, collect);
  }

  private finishPath(
    first: number,
    last: number,
    seps: number,
    prefixes: number[],
    inner: [number, number][],
    end: number,
    collect: boolean,
  ): number | { end: number; facts: ImportFact[] } {
    const before = this.facts.imports.length;
    if (seps > 0) {
      this.addPath(first, last);
      for (let k = prefixes.length - 1; k >= 0; k--) this.addPath(first, prefixes[k]!);
    }
    let collected: ImportFact[] = [];
    if (collect) collected = this.facts.imports.splice(before);
    for (const [a, b] of inner) this.units(a, b);
    return collect ? { end, facts: collected } : end;
  }

  /**
   * An item at statement start `i`, with the attributes and comments before it. Returns the index
   * after it, or -1 when `i` does not start an item this scan handles (the caller walks it as tokens).
   */
  private item(ctx: Ctx, i: number, to: number, leading: Leading[]): number {
    let j = i;
    let vis = -1;
    if (this.isWord(j, 'pub')) {
      vis = j;
      j = this.nx(j + 1);
      if (this.isOpen(j, C_LPAREN)) j = this.nx(this.match[j]! + 1);
    }
    const visEnd = j;
    // qualifiers
    for (;;) {
      if (this.isWord(j, 'auto') && this.isWord(this.nx(j + 1), 'trait')) throw UNSURE; // not in tree-sitter's grammar
      if (this.isWord(j, 'unsafe') || this.isWord(j, 'async') || this.isWord(j, 'default') || this.isWord(j, 'safe')) {
        const n2 = this.nx(j + 1);
        if (this.kind[n2] !== IDENT) break; // `unsafe { … }`, `default!(…)`: not an item
        j = n2;
        continue;
      }
      if (this.isWord(j, 'const')) {
        const n2 = this.nx(j + 1);
        if (
          this.isWord(n2, 'fn') ||
          this.isWord(n2, 'unsafe') ||
          this.isWord(n2, 'async') ||
          this.isWord(n2, 'extern')
        ) {
          j = n2;
          continue;
        }
        return -1;
      }
      if (this.isWord(j, 'extern')) {
        let n2 = this.nx(j + 1);
        if (this.isWord(n2, 'crate')) return this.externCrate(i, n2, to, vis);
        if (this.kind[n2] === LIT) n2 = this.nx(n2 + 1);
        if (this.isOpen(n2, C_LBRACE)) {
          this.visGroup(vis, visEnd);
          const close = this.match[n2]!;
          this.body(Ctx.Extern, n2 + 1, close);
          return close + 1;
        }
        if (this.isWord(n2, 'fn')) {
          j = n2;
          continue;
        }
        return -1;
      }
      break;
    }
    if (this.kind[j] !== IDENT) return -1;
    const name = this.nx(j + 1);
    const exported = vis >= 0;
    if (this.isWord(j, 'fn')) {
      if (this.kind[name] !== IDENT) return -1;
      return this.fnItem(name, to, exported, leading, vis, visEnd);
    }
    if (this.isWord(j, 'use')) {
      return this.useItem(i, j, to, vis);
    }
    if (this.isWord(j, 'mod')) {
      if (this.kind[name] !== IDENT) return -1;
      return this.modItem(i, name, exported, leading, vis, visEnd);
    }
    if (
      this.isWord(j, 'struct') ||
      this.isWord(j, 'enum') ||
      (this.isWord(j, 'union') && this.kind[name] === IDENT && !this.isWord(name, 'as'))
    ) {
      if (this.kind[name] !== IDENT) return -1;
      const kind = this.isWord(j, 'struct') ? 'struct' : this.isWord(j, 'enum') ? 'enum' : 'union';
      // `struct A where …;` (a unit struct with a where clause): tree-sitter's grammar fails there
      if (kind === 'struct' && this.isWord(this.nx(name + 1), 'where')) throw UNSURE;
      this.addSymbol(kind, name, this.text(name), exported, this.leading(leading), {});
      this.visGroup(vis, visEnd);
      return this.rest(this.nx(name + 1), to, false);
    }
    if (this.isWord(j, 'type')) {
      if (this.kind[name] !== IDENT) return -1;
      // `type X;` / `type X: Bound;` declares an associated type (no symbol); with `= …` it is a
      // type alias, in a trait or impl as anywhere else
      if (this.assigns(this.nx(name + 1), to))
        this.addSymbol('type', name, this.text(name), exported, this.leading(leading), {});
      this.visGroup(vis, visEnd);
      return this.rest(this.nx(name + 1), to, false);
    }
    if (this.isWord(j, 'trait')) {
      if (this.kind[name] !== IDENT) return -1;
      if (this.assigns(this.nx(name + 1), to)) throw UNSURE; // a trait alias: not in tree-sitter's grammar
      this.addSymbol('trait', name, this.text(name), exported, this.leading(leading), {});
      this.opens.push({ type: 'trait', name: this.text(name) });
      this.visGroup(vis, visEnd);
      const e = this.rest(this.nx(name + 1), to, true, Ctx.Trait);
      this.opens.pop();
      return e;
    }
    if (this.isWord(j, 'impl')) {
      return this.implItem(j, to, leading);
    }
    if (this.isWord(j, 'macro_rules') && this.isPunct(name, C_BANG)) {
      // a macro definition: its rules are not parsed
      let g = this.nx(name + 1);
      if (this.kind[g] === IDENT) g = this.nx(g + 1);
      if (!this.isOpen(g)) throw UNSURE;
      return this.match[g]! + 1;
    }
    if (j === i && this.macroShape(i) >= 0) return this.macroStatement(ctx, i, to);
    return -1;
  }

  /** Walks the rest of an item from `j`: until `;` or the end of its `{ … }` (a body in `ctx` when given). */
  private rest(j: number, to: number, isBody: boolean, ctx?: Ctx): number {
    let angle = 0;
    let prev = this.pv(j);
    let i = j;
    while (i < to) {
      const k = this.kind[i]!;
      if (k === COMMENT) {
        i++;
        continue;
      }
      if (k === PUNCT) {
        const v = this.val[i];
        if (v === C_SEMI && angle === 0) return i + 1;
        if (v === C_LT && !this.qualifiedOpener(prev)) {
          angle++;
          prev = i;
          i++;
          continue;
        }
        if (v === C_GT && angle > 0) {
          angle--;
          prev = i;
          i++;
          continue;
        }
      }
      if (k === OPEN && this.val[i] === C_LBRACE && angle === 0) {
        const close = this.match[i]!;
        if (isBody || ctx !== undefined) this.body(ctx ?? Ctx.Block, i + 1, close);
        else this.body(Ctx.Block, i + 1, close);
        return close + 1;
      }
      const e = this.unit(i, to, prev);
      prev = this.pv(e);
      i = e;
    }
    throw UNSURE;
  }

  /** Is there a `=` outside angle brackets between `i` and the item's `;` or body? */
  private assigns(i: number, to: number): boolean {
    let angle = 0;
    for (let k = i; k < to; k++) {
      const kd = this.kind[k];
      if (kd === OPEN) {
        if (angle === 0 && this.val[k] === C_LBRACE) return false;
        k = this.match[k]!;
        continue;
      }
      if (kd !== PUNCT) continue;
      const v = this.val[k];
      if (v === C_SEMI) return false;
      if (v === C_LT) angle++;
      else if (v === C_GT) angle--;
      else if (v === C_EQ && angle === 0) return true;
    }
    return false;
  }

  /** Visibility `pub(in path)`: its path is seen inside the item. */
  private visGroup(vis: number, visEnd: number): void {
    if (vis < 0) return;
    const g = this.nx(vis + 1);
    if (g < visEnd && this.isOpen(g, C_LPAREN)) this.units(g + 1, this.match[g]!);
  }

  private externCrate(i: number, crateTok: number, to: number, vis: number): number {
    const name = this.nx(crateTok + 1);
    if (this.kind[name] !== IDENT) throw UNSURE;
    let e = this.nx(name + 1);
    while (e < to && !this.isPunct(e, C_SEMI)) {
      if (this.kind[e] === OPEN) throw UNSURE;
      e = this.nx(e + 1);
    }
    if (e >= to) throw UNSURE;
    this.facts.imports.push({
      specifier: this.text(name),
      form: 'extern-crate',
      ...this.pos(this.start[i]!),
      text: firstLine(this.slice(i, e)),
    });
    this.visGroup(vis, crateTok);
    return e + 1;
  }

  private fnItem(name: number, to: number, exported: boolean, leading: Leading[], vis: number, visEnd: number): number {
    // header: generics, parameters, return type, where clause; then `{ body }` or `;`
    let j = this.nx(name + 1);
    let genericsEnd = -1;
    if (this.isPunct(j, C_LT)) {
      genericsEnd = this.angleEnd(j, to);
      if (genericsEnd < 0) throw UNSURE;
      j = this.nx(genericsEnd + 1);
    }
    if (!this.isOpen(j, C_LPAREN)) throw UNSURE;
    const params = j;
    j = this.nx(this.match[j]! + 1);
    const extra: Partial<SymbolFact> = {};
    let rtStart = -1;
    let rtEnd = -1;
    if (this.kind[j] === ARROW && this.val[j] === 0 && this.s.charCodeAt(this.start[j]!) === C_MINUS) {
      rtStart = this.nx(j + 1);
      // the return type ends at `where`, `{` or `;` outside angle brackets
      let angle = 0;
      let k = rtStart;
      let lastTok = -1;
      while (k < to) {
        const kd = this.kind[k]!;
        if (kd === COMMENT) {
          k++;
          continue;
        }
        if (kd === PUNCT) {
          if (this.val[k] === C_LT) angle++;
          else if (this.val[k] === C_GT) angle--;
          else if (this.val[k] === C_SEMI && angle === 0) break;
        }
        if (angle === 0 && ((kd === OPEN && this.val[k] === C_LBRACE) || this.isWord(k, 'where'))) break;
        lastTok = kd === OPEN ? this.match[k]! : k;
        k = lastTok + 1;
      }
      if (lastTok < 0 || k >= to) throw UNSURE;
      rtEnd = lastTok;
      extra.returnText = squash(this.slice(rtStart, rtEnd));
      extra.returnTypes = this.typeIdentifiers(rtStart, rtEnd);
      j = k;
    }
    this.addSymbol('function', name, this.text(name), exported, this.leading(leading), extra);
    this.opens.push({ type: 'function', name: this.text(name) });
    this.visGroup(vis, visEnd);
    if (genericsEnd >= 0) this.units(this.nx(name + 1) + 1, genericsEnd);
    this.units(params + 1, this.match[params]!);
    if (rtStart >= 0) this.units(rtStart, rtEnd + 1);
    const e = this.rest(j, to, true);
    this.opens.pop();
    return e;
  }

  /** `type_identifier` names in a type (`Result<Vec<a::B>, E>` → Result, Vec, B, E), first occurrence order. */
  private typeIdentifiers(a: number, b: number): string[] {
    const out: string[] = [];
    const walk = (from: number, to: number, group: number) => {
      let afterSemi = false;
      for (let k = from; k <= to; k++) {
        const kd = this.kind[k];
        if (kd === OPEN) {
          const close = this.match[k]!;
          const v = this.val[k];
          // a macro's tokens, or a const block, hold no types
          const p = this.pv(k);
          if (v === C_LBRACE || this.isPunct(p, C_BANG)) {
            k = close;
            continue;
          }
          walk(k + 1, close - 1, v);
          k = close;
          continue;
        }
        if (group === C_LBRACK && kd === PUNCT && this.val[k] === C_SEMI) {
          // an array length other than one literal or name is an expression: not modelled here
          const len = this.nx(k + 1);
          if (this.nx(len + 1) <= to || (this.kind[len] !== LIT && this.kind[len] !== IDENT)) throw UNSURE;
          afterSemi = true;
        }
        if (afterSemi || kd !== IDENT) continue;
        const w = this.text(k);
        if (KEYWORDS.has(w) || PRIMITIVES.has(w) || w === 'crate' || w === 'self' || w === 'super') continue;
        const n2 = this.nx(k + 1);
        if (n2 <= to + 1 && this.kind[n2] === PATHSEP) continue;
        if (this.isPunct(n2, C_BANG)) continue; // a macro
        // `fn(name: T)`: a parameter's name (but `Iterator<Item: Copy>` names an associated type)
        if (group === C_LPAREN && this.isPunct(n2, C_COLON)) continue;
        if (!out.includes(w)) out.push(w);
      }
    };
    walk(a, b, 0);
    return out;
  }

  private modItem(i: number, name: number, exported: boolean, leading: Leading[], vis: number, visEnd: number): number {
    const attrs = this.leading(leading);
    const im = this.inlineModule();
    const after = this.nx(name + 1);
    const hasBody = this.isOpen(after, C_LBRACE);
    if (!hasBody && !this.isPunct(after, C_SEMI)) throw UNSURE;
    const sym = this.addSymbol('module', name, this.text(name), exported, attrs, {});
    if (hasBody) sym.hasBody = true;
    else {
      const f: ImportFact = {
        specifier: this.text(name),
        form: 'mod',
        ...this.pos(this.start[i]!),
        text: firstLine(this.slice(i, after)),
      };
      if (attrs.pathAttr) f.pathAttr = attrs.pathAttr;
      if (attrs.cfgPaths.length > 0) f.cfgPaths = attrs.cfgPaths;
      if (im) f.inlineModule = im;
      this.facts.imports.push(f);
    }
    this.opens.push({ type: 'mod', name: this.text(name) });
    this.visGroup(vis, visEnd);
    let e: number;
    if (hasBody) {
      const close = this.match[after]!;
      this.body(Ctx.Mod, after + 1, close);
      e = close + 1;
    } else e = after + 1;
    this.opens.pop();
    return e;
  }

  private implItem(implTok: number, to: number, leading: Leading[]): number {
    let j = this.nx(implTok + 1);
    let genericsEnd = -1;
    if (this.isPunct(j, C_LT)) {
      genericsEnd = this.angleEnd(j, to);
      if (genericsEnd < 0) throw UNSURE;
      j = this.nx(genericsEnd + 1);
    }
    const headStart = j;
    // trait `for` type, up to `where` or `{`
    let angle = 0;
    let forAt = -1;
    let k = j;
    let lastBeforeFor = -1;
    let lastTok = -1;
    while (k < to) {
      const kd = this.kind[k]!;
      if (kd === COMMENT) {
        k++;
        continue;
      }
      if (kd === PUNCT) {
        if (this.val[k] === C_LT) angle++;
        else if (this.val[k] === C_GT) angle--;
        else if (this.val[k] === C_SEMI) throw UNSURE;
      }
      if (angle === 0) {
        if (kd === OPEN && this.val[k] === C_LBRACE) break;
        if (this.isWord(k, 'where')) break;
        if (this.isWord(k, 'for')) {
          // `for<'a>` (higher-ranked bounds) is not the `for` of `Trait for Type`
          const lt = this.nx(k + 1);
          if (this.isPunct(lt, C_LT) && this.kind[this.nx(lt + 1)] === LIFETIME) throw UNSURE;
          if (forAt >= 0) throw UNSURE;
          forAt = k;
          lastBeforeFor = lastTok;
          k++;
          continue;
        }
      }
      lastTok = kd === OPEN ? this.match[k]! : k;
      k = lastTok + 1;
    }
    if (k >= to || lastTok < 0) throw UNSURE;
    let typeStart = headStart;
    const extra: Partial<SymbolFact> = {};
    if (forAt >= 0) {
      let traitStart = headStart;
      if (this.isPunct(traitStart, C_BANG)) traitStart = this.nx(traitStart + 1);
      else if (this.isWord(traitStart, 'const')) traitStart = this.nx(traitStart + 1); // `impl const Trait for T`
      if (this.isPunct(traitStart, C_BANG)) throw UNSURE;
      if (lastBeforeFor < traitStart) throw UNSURE;
      const traitText = this.slice(traitStart, lastBeforeFor);
      extra.trait = lastSegment(traitText);
      extra.traitPath = squash(traitText).replace(/<.*$/s, '');
      typeStart = this.nx(forAt + 1);
    }
    if (lastTok < typeStart || this.isPunct(typeStart, C_BANG)) throw UNSURE;
    const typeText = this.slice(typeStart, lastTok);
    const name = lastSegment(typeText);
    this.addSymbol('impl', typeStart, name, false, this.leading(leading), extra);
    this.opens.push({ type: 'impl', name });
    if (genericsEnd >= 0) this.units(this.nx(implTok + 1) + 1, genericsEnd);
    const e = this.rest(headStart, to, true, Ctx.Impl);
    this.opens.pop();
    return e;
  }

  private useItem(i: number, useTok: number, to: number, vis: number): number {
    // the tree, up to `;`
    let semi = this.nx(useTok + 1);
    while (semi < to && !this.isPunct(semi, C_SEMI)) semi = this.kind[semi] === OPEN ? this.match[semi]! + 1 : semi + 1;
    if (semi >= to) throw UNSURE;
    const text = firstLine(this.slice(i, semi));
    const reexport = vis >= 0;
    const im = this.inlineModule();
    const a = this.nx(useTok + 1);
    const leaves: { path: string; alias?: string; at: number }[] = [];
    const e = this.useTree(a, '', leaves);
    if (e !== semi) throw UNSURE;
    for (const l of leaves) {
      const f: ImportFact = { specifier: l.path, form: 'use', ...this.pos(this.start[l.at]!), text };
      if (l.alias) f.alias = l.alias;
      if (reexport) f.reexport = true;
      if (l.path.startsWith('::')) f.global = true;
      if (im) f.inlineModule = im;
      this.facts.imports.push(f);
    }
    this.visGroup(vis, useTok);
    return semi + 1;
  }

  /** One use tree at `i` (ends before `,`, `}` or `;`); pushes its leaves; returns the index after it. */
  private useTree(i: number, prefix: string, out: { path: string; alias?: string; at: number }[]): number {
    const join = (a: string, b: string) => (a === '' ? b : b === 'self' ? a : `${a}::${b}`);
    const start = i;
    let j = i;
    let lastSeg = -1;
    // a path: `::`? seg (:: seg)*
    if (this.kind[j] === PATHSEP) j++;
    for (;;) {
      if (this.kind[j] === COMMENT) throw UNSURE;
      if (this.kind[j] === IDENT) {
        lastSeg = j;
        j++;
        if (this.kind[j] === PATHSEP) {
          j++;
          continue;
        }
        break;
      }
      break;
    }
    if (this.kind[j] === COMMENT) throw UNSURE;
    if (this.isPunct(j, C_STAR)) {
      // `a::*` (or a lone `*` in a list)
      out.push({ path: join(prefix, this.s.slice(this.start[start]!, this.end[j]!).replace(/\s+/g, '')), at: start });
      return j + 1;
    }
    if (this.isOpen(j, C_LBRACE)) {
      // `a::{…}`, `{…}`
      const close = this.match[j]!;
      let p = prefix;
      if (j > start) {
        const pathEnd = j - 1; // the `::` before `{`
        if (this.kind[pathEnd] !== PATHSEP) throw UNSURE;
        if (lastSeg < 0) throw UNSURE; // `::{…}`
        p = join(prefix, squash(this.s.slice(this.start[start]!, this.end[lastSeg]!)));
      }
      let k = j + 1;
      while (k < close) {
        if (this.kind[k] === COMMENT || this.isPunct(k, C_COMMA)) {
          k++;
          continue;
        }
        k = this.useTree(k, p, out);
        if (k < close && !this.isPunct(k, C_COMMA)) throw UNSURE;
      }
      return close + 1;
    }
    if (lastSeg < 0 || this.kind[j - 1] === PATHSEP) throw UNSURE;
    const path = join(prefix, squash(this.s.slice(this.start[start]!, this.end[lastSeg]!)));
    if (this.isWord(j, 'as')) {
      const alias = j + 1;
      if (this.kind[alias] !== IDENT) throw UNSURE;
      out.push({ path, alias: this.text(alias), at: start });
      return alias + 1;
    }
    out.push({ path, at: start });
    return j;
  }

  /** `name! (…)` or `a::b! {…}` at `i`: returns the index of the token tree's opening bracket, or -1. */
  private macroShape(i: number): number {
    let j = i;
    if (this.kind[j] !== IDENT || KEYWORDS.has(this.text(j))) return -1;
    if (this.isWord(j, 'try')) throw UNSURE; // a keyword for tree-sitter's grammar
    for (;;) {
      const n2 = this.nx(j + 1);
      if (this.kind[n2] === PATHSEP) {
        j = this.nx(n2 + 1);
        if (this.kind[j] !== IDENT) return -1;
        continue;
      }
      if (!this.isPunct(n2, C_BANG)) return -1;
      const g = this.nx(n2 + 1);
      return this.isOpen(g) ? g : -1;
    }
  }

  /** A macro call at statement start: `name! (…)`, `a::b! {…}`. */
  private macroStatement(ctx: Ctx, i: number, to: number): number {
    const g = this.macroShape(i);
    // `name!(…)` at file level without `;`: tree-sitter's grammar wants one
    if (ctx === Ctx.File && this.val[g] !== C_LBRACE && !this.isPunct(this.nx(this.match[g]! + 1), C_SEMI))
      throw UNSURE;
    if (this.kind[this.nx(i + 1)] === PATHSEP) {
      const name = this.path(i, to, true);
      this.macroMods(ctx, g, to);
      this.facts.imports.push(...name.facts);
      return name.end;
    }
    this.macroMods(ctx, g, to);
    return this.match[g]! + 1;
  }

  /** `mod x;` items written in an item macro's tokens (file level without `;` after, or in a module, impl, trait or extern body). */
  private macroMods(ctx: Ctx, open: number, to: number): void {
    if (ctx === Ctx.Block) return;
    const close = this.match[open]!;
    if (ctx === Ctx.File) {
      const after = this.nx(close + 1);
      if (after < to && this.isPunct(after, C_SEMI)) return;
    }
    const text = this.slice(open, close);
    if (!/\bmod\b/.test(text)) return;
    const base = this.pos(this.start[open]!);
    const im = this.inlineModule();
    for (const m of text.matchAll(MACRO_MOD)) {
      const at = m.index + m[0].lastIndexOf('mod');
      const before = text.slice(0, at);
      const nl = before.lastIndexOf('\n');
      const line = base.line + (before.match(/\n/g)?.length ?? 0);
      const column = nl < 0 ? base.column + at : at - nl;
      const f: ImportFact = { specifier: m[2]!, form: 'mod', line, column, text: firstLine(m[0]), inMacro: true };
      if (m[1] !== undefined) f.pathAttr = m[1];
      if (im) f.inlineModule = im;
      this.facts.imports.push(f);
    }
  }
}

/**
 * Outline facts of a Rust file (see the module comment), or `undefined` when the scan is unsure
 * and the file must be parsed with tree-sitter.
 */
export function scanRustOutline(text: string): FileFacts | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    const t = tokenize(text);
    const scan = new Scan(text, t);
    scan.body(Ctx.File, 0, t.n);
    return scan.facts;
  } catch (e) {
    if (e instanceof Unsure) return undefined;
    throw e;
  }
}

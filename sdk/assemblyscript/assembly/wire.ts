// Fast paths for the wire format: the request is parsed straight from the UTF-8 bytes into
// Values (no intermediate JSON tree, no UTF-16 copy of the whole request), and responses are
// written straight into the buffer handed to the host.
import { Value, Scope, CheckResult, Status } from "./value";
import { JsonParser } from "./json";

// ---------------------------------------------------------------- writer

/** Growable UTF-8 buffer outside the GC heap; `finish()` hands it to the host (packed ptr/len). */
export class ByteWriter {
  ptr: usize;
  len: usize = 0;
  cap: usize;

  constructor(cap: usize = 256) {
    this.cap = cap;
    this.ptr = heap.alloc(cap);
  }

  @inline private ensure(n: usize): void {
    if (this.len + n > this.cap) {
      let cap = this.cap << 1;
      if (cap < this.len + n) cap = this.len + n;
      this.ptr = heap.realloc(this.ptr, cap);
      this.cap = cap;
    }
  }

  byte(b: u32): void {
    this.ensure(1);
    store<u8>(this.ptr + this.len, <u8>b);
    this.len++;
  }

  /** ASCII text as is (JSON punctuation, numbers, keys). */
  ascii(s: string): void {
    const n = <usize>s.length;
    this.ensure(n);
    const src = changetype<usize>(s);
    const dst = this.ptr + this.len;
    for (let k: usize = 0; k < n; k++) store<u8>(dst + k, <u8>load<u16>(src + (k << 1)));
    this.len += n;
  }

  /** A JSON string literal: escaped, UTF-8 encoded (lone surrogates become U+FFFD). */
  str(s: string): void {
    const n = s.length;
    const src = changetype<usize>(s);
    this.ensure(<usize>n * 3 + 2);
    let p = this.ptr + this.len;
    store<u8>(p++, 0x22);
    for (let k = 0; k < n; k++) {
      const c = <u32>load<u16>(src + (<usize>k << 1));
      if (c < 0x80) {
        if (c == 0x22 || c == 0x5c) {
          store<u8>(p++, 0x5c);
          store<u8>(p++, <u8>c);
        } else if (c < 0x20) {
          // \u00XX needs 6 bytes where 3 were reserved
          this.len = p - this.ptr;
          this.ensure(<usize>(n - k) * 3 + 8);
          p = this.ptr + this.len;
          store<u8>(p++, 0x5c);
          if (c == 0x0a) store<u8>(p++, 0x6e);
          else if (c == 0x0d) store<u8>(p++, 0x72);
          else if (c == 0x09) store<u8>(p++, 0x74);
          else {
            store<u8>(p++, 0x75);
            store<u8>(p++, 0x30);
            store<u8>(p++, 0x30);
            store<u8>(p++, <u8>(0x30 + (c >> 4)));
            const lo = c & 15;
            store<u8>(p++, <u8>(lo < 10 ? 0x30 + lo : 0x57 + lo));
          }
        } else store<u8>(p++, <u8>c);
      } else if (c < 0x800) {
        store<u8>(p++, <u8>(0xc0 | (c >> 6)));
        store<u8>(p++, <u8>(0x80 | (c & 0x3f)));
      } else if (c >= 0xd800 && c < 0xdc00 && k + 1 < n && (<u32>load<u16>(src + (<usize>(k + 1) << 1)) & 0xfc00) == 0xdc00) {
        const lo = <u32>load<u16>(src + (<usize>(k + 1) << 1));
        const cp = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        k++;
        store<u8>(p++, <u8>(0xf0 | (cp >> 18)));
        store<u8>(p++, <u8>(0x80 | ((cp >> 12) & 0x3f)));
        store<u8>(p++, <u8>(0x80 | ((cp >> 6) & 0x3f)));
        store<u8>(p++, <u8>(0x80 | (cp & 0x3f)));
      } else {
        const cp = c >= 0xd800 && c < 0xe000 ? 0xfffd : c;
        store<u8>(p++, <u8>(0xe0 | (cp >> 12)));
        store<u8>(p++, <u8>(0x80 | ((cp >> 6) & 0x3f)));
        store<u8>(p++, <u8>(0x80 | (cp & 0x3f)));
      }
    }
    store<u8>(p++, 0x22);
    this.len = p - this.ptr;
  }

  /** Packed `ptr << 32 | len` for the host; the writer must not be used afterwards. */
  finish(): i64 {
    return (<i64>this.ptr << 32) | <i64>this.len;
  }
}

export function writeValue(w: ByteWriter, v: Value): void {
  switch (v.type) {
    case 1: // Bool
      w.ascii(v.b ? "true" : "false");
      break;
    case 2: // Int
      w.ascii("{\"Int\":");
      w.ascii(v.i.toString());
      w.byte(0x7d);
      break;
    case 3: // Float
      w.ascii("{\"Float\":");
      w.ascii(isFinite(v.f) ? v.f.toString() : "null");
      w.byte(0x7d);
      break;
    case 4: // String
      w.ascii("{\"String\":");
      w.str(v.s);
      w.byte(0x7d);
      break;
    case 5: {
      // List
      w.ascii("{\"List\":[");
      for (let k = 0; k < v.items.length; k++) {
        if (k > 0) w.byte(0x2c);
        writeValue(w, v.items[k]);
      }
      w.ascii("]}");
      break;
    }
    case 6: {
      // Scope
      w.ascii("{\"Scope\":");
      writeScope(w, v.scope as Scope);
      w.byte(0x7d);
      break;
    }
    default:
      w.ascii("null");
  }
}

export function writeScope(w: ByteWriter, s: Scope): void {
  w.ascii("{\"kind\":{");
  w.str(s.kindTag);
  w.byte(0x3a);
  w.str(s.kindValue);
  w.ascii("},\"paths\":[");
  for (let k = 0; k < s.paths.length; k++) {
    if (k > 0) w.byte(0x2c);
    w.str(s.paths[k]);
  }
  w.ascii("],\"resolved\":");
  w.ascii(s.resolved ? "true" : "false");
  const lang = s.language;
  if (lang !== null) {
    w.ascii(",\"language\":");
    w.str(lang);
  }
  w.byte(0x7d);
}

export function writeCheckResult(w: ByteWriter, r: CheckResult): void {
  if (r.status == Status.Pass) {
    w.ascii("{\"Pass\":null}");
    return;
  }
  if (r.status == Status.Error) {
    w.ascii("{\"Error\":");
    w.str(r.message);
    w.byte(0x7d);
    return;
  }
  w.ascii("{\"Fail\":");
  w.str(r.message);
  if (r.locations.length > 0) {
    w.ascii(",\"locations\":[");
    for (let k = 0; k < r.locations.length; k++) {
      const l = r.locations[k];
      if (k > 0) w.byte(0x2c);
      w.ascii("{\"file\":");
      w.str(l.file);
      if (l.line > 0) {
        w.ascii(",\"line\":");
        w.ascii(l.line.toString());
      }
      if (l.column > 0) {
        w.ascii(",\"column\":");
        w.ascii(l.column.toString());
      }
      if (l.message.length > 0) {
        w.ascii(",\"message\":");
        w.str(l.message);
      }
      w.byte(0x7d);
    }
    w.byte(0x5d);
  }
  w.byte(0x7d);
}

// ---------------------------------------------------------------- reader

/**
 * Strings of recent requests (paths, the workspace, function names), by hash of their bytes.
 * A library is typically called many times with the same scopes, and AssemblyScript strings are
 * immutable, so handing out the same string again is safe and saves an allocation per path.
 * Direct-mapped: a collision replaces the older entry. Holds at most INTERN_SLOTS strings of at
 * most INTERN_MAX_LEN characters.
 */
const INTERN_SLOTS: u32 = 4096;
const INTERN_MAX_LEN: usize = 256;
const interned = new StaticArray<string | null>(<i32>INTERN_SLOTS);

/**
 * Slot of a string in the intern table. Paths of one scope share their beginning (the workspace),
 * so the hash mixes the length with the last 16 bytes; a collision only costs a miss.
 */
@inline function internSlot(s: usize, len: usize): i32 {
  let h: u64 = <u64>len * 0x9e3779b97f4a7c15;
  if (len >= 16) {
    h ^= load<u64>(s + len - 8);
    h = (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9;
    h ^= load<u64>(s + len - 16);
  } else {
    for (let k: usize = 0; k < len; k++) h = (h ^ <u64>load<u8>(s + k)) * 0x100000001b3;
  }
  h = (h ^ (h >> 32)) * 0x94d049bb133111eb;
  return <i32>((h >> 32) & <u64>(INTERN_SLOTS - 1));
}

/** The ASCII bytes at `s` as a string, reusing an identical interned one when present. */
function internAscii(s: usize, len: usize): string {
  const slot = internSlot(s, len);
  if (len <= INTERN_MAX_LEN) {
    const cand = unchecked(interned[slot]);
    if (cand !== null && <usize>cand.length == len) {
      const c = changetype<usize>(cand);
      let k: usize = 0;
      while (k < len && <u32>load<u16>(c + (k << 1)) == <u32>load<u8>(s + k)) k++;
      if (k == len) return cand;
    }
  }
  // Widen each byte to a UTF-16 code unit.
  const out = changetype<usize>(__new(len << 1, idof<String>()));
  for (let k: usize = 0; k < len; k++) store<u16>(out + (k << 1), load<u8>(s + k));
  const str = changetype<string>(out);
  if (len <= INTERN_MAX_LEN) unchecked((interned[slot] = str));
  return str;
}

export class Request {
  fn: string = "";
  workspace: string = "";
  args: Value[] = [];
}

/**
 * The scopes of recent requests, by their exact JSON bytes. A library is usually called with the
 * same scope several times in a row (one call per check using it); when the request holds the
 * same bytes again, the scope is rebuilt from the remembered one instead of being parsed. This is
 * exact: a JSON object ends with its own closing brace, so if the request continues with exactly
 * the remembered bytes, parsing them would give exactly the remembered scope. Callers get a fresh
 * Scope with its own copy of the paths array, so changing it cannot alter the remembered one.
 */
const RECENT_SCOPES: i32 = 8;
const RECENT_SCOPE_MAX_BYTES: usize = 1 << 20;

class RecentScope {
  bytes: usize = 0;
  len: usize = 0;
  kindTag: string = "";
  kindValue: string = "";
  paths: string[] = [];
  resolved: bool = false;
  language: string | null = null;

  copy(): Scope {
    const s = new Scope();
    s.kindTag = this.kindTag;
    s.kindValue = this.kindValue;
    s.paths = this.paths.slice(0);
    s.resolved = this.resolved;
    s.language = this.language;
    return s;
  }
}

const recentScopes = new Array<RecentScope>();
let nextRecent: i32 = 0;

/** Are the `len` bytes at `a` and at `b` equal? Eight bytes at a time. */
function bytesEqual(a: usize, b: usize, len: usize): bool {
  let k: usize = 0;
  for (; k + 8 <= len; k += 8) if (load<u64>(a + k) != load<u64>(b + k)) return false;
  for (; k < len; k++) if (load<u8>(a + k) != load<u8>(b + k)) return false;
  return true;
}

function recentScopeAt(pos: usize, end: usize): RecentScope | null {
  for (let k = 0; k < recentScopes.length; k++) {
    const r = unchecked(recentScopes[k]);
    if (r.len <= end - pos && load<u8>(pos) == load<u8>(r.bytes) && bytesEqual(pos, r.bytes, r.len)) return r;
  }
  return null;
}

function rememberScope(start: usize, len: usize, s: Scope): void {
  if (len == 0 || len > RECENT_SCOPE_MAX_BYTES) return;
  let r: RecentScope;
  if (recentScopes.length < RECENT_SCOPES) {
    r = new RecentScope();
    recentScopes.push(r);
  } else {
    r = unchecked(recentScopes[nextRecent]);
    nextRecent = (nextRecent + 1) % RECENT_SCOPES;
    heap.free(r.bytes);
  }
  r.bytes = heap.alloc(len);
  memory.copy(r.bytes, start, len);
  r.len = len;
  r.kindTag = s.kindTag;
  r.kindValue = s.kindValue;
  r.paths = s.paths.slice(0);
  r.resolved = s.resolved;
  r.language = s.language;
}

/** Parses a request straight from UTF-8 bytes. `error` is non-empty after a failure. */
export class RequestReader {
  pos: usize;
  end: usize;
  error: string = "";

  constructor(
    public start: usize,
    len: usize,
  ) {
    this.pos = start;
    this.end = start + len;
  }

  private fail(msg: string): void {
    if (this.error.length == 0) this.error = msg + " at byte " + (this.pos - this.start).toString();
    this.pos = this.end;
  }

  @inline private peek(): u32 {
    return this.pos < this.end ? <u32>load<u8>(this.pos) : 0;
  }

  /** Position of the first non-whitespace byte at or after `p`. */
  @inline private skipWs(p: usize): usize {
    const end = this.end;
    while (p < end) {
      const c = load<u8>(p);
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
      p++;
    }
    return p;
  }

  private ws(): void {
    this.pos = this.skipWs(this.pos);
  }

  private expect(c: u32): bool {
    this.ws();
    if (this.peek() != c) {
      this.fail("expected '" + String.fromCharCode(c) + "'");
      return false;
    }
    this.pos++;
    return true;
  }

  /** After a member: true when another follows, false at the closing bracket. */
  private more(close: u32): bool {
    this.ws();
    const c = this.peek();
    if (c == 0x2c) {
      this.pos++;
      return true;
    }
    if (c == close) {
      this.pos++;
      return false;
    }
    this.fail("expected ',' or '" + String.fromCharCode(close) + "'");
    return false;
  }

  /** Empty container check right after the opening bracket. */
  private closes(close: u32): bool {
    this.ws();
    if (this.peek() == close) {
      this.pos++;
      return true;
    }
    return false;
  }

  string(): string {
    // Locals instead of `this.pos` in the loops: the hot path of every request (paths).
    let p = this.skipWs(this.pos);
    const end = this.end;
    if (p >= end || load<u8>(p) != 0x22) {
      this.pos = p;
      this.fail("expected a string");
      return "";
    }
    const s = ++p;
    let plain = true; // no escapes, ASCII only
    let escaped = false;
    while (p < end) {
      const c = <u32>load<u8>(p);
      if (c == 0x22) break;
      if (c == 0x5c) {
        escaped = true;
        p++;
      } else if (c >= 0x80) plain = false;
      p++;
    }
    if (p >= end) {
      this.pos = p;
      this.fail("unterminated string");
      return "";
    }
    const len = p - s;
    this.pos = p + 1;
    if (escaped) {
      // Rare: let the general parser handle the escapes.
      const parser = new JsonParser(String.UTF8.decodeUnsafe(s - 1, len + 2));
      const j = parser.parse();
      if (j === null) {
        this.fail("bad string");
        return "";
      }
      return j.s;
    }
    if (!plain) return String.UTF8.decodeUnsafe(s, len);
    return internAscii(s, len);
  }

  /** Compare the next key with a literal without allocating. */
  private keyIs(lit: string): bool {
    const n = <usize>lit.length;
    if (this.pos + n + 2 > this.end || load<u8>(this.pos) != 0x22 || load<u8>(this.pos + n + 1) != 0x22) return false;
    const src = changetype<usize>(lit);
    for (let k: usize = 0; k < n; k++) if (<u32>load<u8>(this.pos + 1 + k) != <u32>load<u16>(src + (k << 1))) return false;
    this.pos += n + 2;
    return true;
  }

  private number(): Value {
    const s = this.pos;
    let isFloat = false;
    if (this.peek() == 0x2d) this.pos++;
    while (this.pos < this.end) {
      const c = load<u8>(this.pos);
      if (c >= 0x30 && c <= 0x39) this.pos++;
      else if (c == 0x2e || c == 0x65 || c == 0x45 || c == 0x2b || c == 0x2d) {
        isFloat = true;
        this.pos++;
      } else break;
    }
    if (this.pos == s) {
      this.fail("unexpected character");
      return Value.null();
    }
    if (!isFloat && this.pos - s < 19) {
      // fits i64 for sure
      let neg = load<u8>(s) == 0x2d;
      let acc: i64 = 0;
      for (let p = neg ? s + 1 : s; p < this.pos; p++) acc = acc * 10 + <i64>(load<u8>(p) - 0x30);
      return Value.int(neg ? -acc : acc);
    }
    const text = String.UTF8.decodeUnsafe(s, this.pos - s);
    if (!isFloat) {
      const p = new JsonParser(text);
      const j = p.parse();
      if (j !== null && j.kind == 2) return Value.int(j.i);
    }
    return Value.float(F64.parseFloat(text));
  }

  skip(depth: i32): void {
    this.value(depth);
  }

  value(depth: i32): Value {
    if (depth > 256) {
      this.fail("nested too deeply");
      return Value.null();
    }
    this.ws();
    const c = this.peek();
    if (c == 0x7b) return this.tagged(depth);
    if (c == 0x5b) {
      this.pos++;
      const items = new Array<Value>();
      if (!this.closes(0x5d))
        do items.push(this.value(depth + 1));
        while (this.more(0x5d));
      return Value.list(items);
    }
    if (c == 0x22) return Value.string(this.string());
    if (c == 0x74 && this.pos + 4 <= this.end) {
      this.pos += 4;
      return Value.bool(true);
    }
    if (c == 0x66 && this.pos + 5 <= this.end) {
      this.pos += 5;
      return Value.bool(false);
    }
    if (c == 0x6e && this.pos + 4 <= this.end) {
      this.pos += 4;
      return Value.null();
    }
    return this.number();
  }

  /** `{"Tag": payload, ...}`: the first member decides the value; others are skipped. */
  private tagged(depth: i32): Value {
    this.pos++;
    if (this.closes(0x7d)) return Value.null();
    this.ws();
    let v: Value;
    if (this.keyIs("String")) {
      this.expect(0x3a);
      v = Value.string(this.string());
    } else if (this.keyIs("Int")) {
      this.expect(0x3a);
      this.ws();
      if (this.peek() == 0x22) {
        v = Value.int(I64.parseInt(this.string(), 10));
      } else {
        v = this.value(depth + 1);
        if (v.type == 3) v = Value.int(<i64>v.f);
      }
    } else if (this.keyIs("Float")) {
      this.expect(0x3a);
      v = this.value(depth + 1);
      if (v.type == 2) v = Value.float(<f64>v.i);
    } else if (this.keyIs("Bool")) {
      this.expect(0x3a);
      v = this.value(depth + 1);
    } else if (this.keyIs("List")) {
      this.expect(0x3a);
      v = this.value(depth + 1);
      if (v.type != 5) v = Value.list([]);
    } else if (this.keyIs("Scope")) {
      this.expect(0x3a);
      v = Value.scope(this.scope(depth + 1));
    } else {
      this.string();
      this.expect(0x3a);
      this.skip(depth + 1);
      v = Value.null();
    }
    while (this.more(0x7d)) {
      this.string();
      this.expect(0x3a);
      this.skip(depth + 1);
    }
    return v;
  }

  private scope(depth: i32): Scope {
    const start = this.skipWs(this.pos);
    this.pos = start;
    const hit = recentScopeAt(start, this.end);
    if (hit !== null) {
      this.pos = start + hit.len;
      return hit.copy();
    }
    const s = this.parseScope(depth);
    if (this.error.length == 0) rememberScope(start, this.pos - start, s);
    return s;
  }

  private parseScope(depth: i32): Scope {
    const s = new Scope();
    s.resolved = false;
    if (!this.expect(0x7b) || this.closes(0x7d)) return s;
    do {
      this.ws();
      if (this.keyIs("paths")) {
        this.expect(0x3a);
        if (this.expect(0x5b) && !this.closes(0x5d))
          do {
            this.ws();
            if (this.peek() == 0x22) s.paths.push(this.string());
            else this.skip(depth + 1);
          } while (this.more(0x5d));
      } else if (this.keyIs("kind")) {
        this.expect(0x3a);
        this.ws();
        if (this.peek() == 0x7b) {
          this.pos++;
          if (!this.closes(0x7d)) {
            s.kindTag = this.string();
            this.expect(0x3a);
            this.ws();
            if (this.peek() == 0x22) s.kindValue = this.string();
            else this.skip(depth + 1);
            while (this.more(0x7d)) {
              this.string();
              this.expect(0x3a);
              this.skip(depth + 1);
            }
          }
        } else this.skip(depth + 1);
      } else if (this.keyIs("resolved")) {
        this.expect(0x3a);
        const v = this.value(depth + 1);
        s.resolved = v.type == 1 && v.b;
      } else if (this.keyIs("language")) {
        this.expect(0x3a);
        this.ws();
        if (this.peek() == 0x22) s.language = this.string();
        else this.skip(depth + 1);
      } else {
        this.string();
        this.expect(0x3a);
        this.skip(depth + 1);
      }
    } while (this.more(0x7d));
    return s;
  }

  request(): Request {
    const r = new Request();
    if (!this.expect(0x7b) || this.closes(0x7d)) return r;
    do {
      this.ws();
      if (this.keyIs("function")) {
        this.expect(0x3a);
        r.fn = this.string();
      } else if (this.keyIs("workspace")) {
        this.expect(0x3a);
        r.workspace = this.string();
      } else if (this.keyIs("args")) {
        this.expect(0x3a);
        if (this.expect(0x5b) && !this.closes(0x5d))
          do r.args.push(this.value(1));
          while (this.more(0x5d));
      } else {
        this.string();
        this.expect(0x3a);
        this.skip(1);
      }
    } while (this.more(0x7d));
    return r;
  }
}
